"""Prepare's "Conference details": the timescales' checks a chair sees as the dates go in, and
a change of social worker kept as history with the new worker invited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt

from chairdesk.ui.style import tone

LEFT = Qt.MouseButton.LeftButton


def _pick(qtbot: Any, field: Any, day: Any) -> None:
    field.setFocus()
    field.setDate(QDate(day.year, day.month, day.day))
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_prepare_details_warn_of_a_late_initial_conference_and_a_late_review(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    window.open_conference(family.conference_id)
    details = window.prepare.details
    held = services.conferences.summary(family.conference_id).scheduled_at.date()
    _pick(qtbot, details.strategy, held - timedelta(days=40))
    assert window.save_state.text() == "Saved"
    assert details.strategy_note.text().startswith("Late: the initial conference was due by")
    assert tone("warning") in details.strategy_note.styleSheet()
    _pick(qtbot, details.strategy, held - timedelta(days=7))
    assert details.strategy_note.text().startswith("In time")

    qtbot.mouseClick(details.propose_button, LEFT)
    view = services.sharing.view(family.conference_id)
    assert view.core_group_on is not None and view.review_on is not None
    assert not details.propose_button.isVisibleTo(details)  # both booked
    assert "Booked later" not in details.proposal.text()
    _pick(qtbot, details.review, view.review_on + timedelta(days=14))
    assert "Booked later than that: the review." in details.proposal.text()
    _pick(qtbot, details.review, held - timedelta(days=1))  # before the conference: refused
    assert window.save_state.text() == "Not saved: the review must be after the conference"
    after = services.sharing.view(family.conference_id).review_on
    assert after == view.review_on + timedelta(days=14)


def test_prepare_details_change_of_worker_keeps_the_history_and_invites_them(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    window.open_conference(family.conference_id)
    details = window.prepare.details
    held = services.conferences.summary(family.conference_id).scheduled_at.date()
    qtbot.keyClicks(details.new_worker, "Kai Mensah")
    qtbot.mouseClick(details.worker_button, LEFT)  # no date yet: refused, nothing saved
    assert window.save_state.text() == "Not saved: give the date the worker starts"
    _pick(qtbot, details.new_worker_from, held - timedelta(days=2))
    qtbot.mouseClick(details.worker_button, LEFT)
    assert window.save_state.text() == "Saved"
    view = services.sharing.view(family.conference_id)
    assert view.lead_social_worker == "Kai Mensah"
    assert [w.name for w in view.social_workers][-1] == "Kai Mensah"
    invited = {(p.name, p.agency) for p in view.participants}
    assert ("Kai Mensah", "Children's Social Care") in invited
    assert details.lead_worker.text().startswith("Kai Mensah (since")
