"""The Plan page's previews are made off the GUI thread and arrive whole: "Updating the
previews…" meanwhile, only the newest plan shown, and drawn a few blocks at a time with the
same words, line for line, as the issued plan's document drawn at once."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QTextBrowser

from chairdesk.export import DocumentKind
from chairdesk.services.issuing import IssueService
from chairdesk.ui.plan_page import PlanPage
from chairdesk.ui.widgets.background import LatestOnly
from chairdesk.ui.widgets.document_view import document_html
from chairdesk.ui.widgets.plan_preview import split_plan
from tests.export.readers import docx_body_text, normal
from tests.ui import run_support
from tests.ui.run_support import show_active

ui_services = run_support.ui_services
conference_id = run_support.conference_id


def _open(qtbot: Any, services: Any, conference: int) -> PlanPage:
    page = PlanPage(services)
    page.load_conference(conference)
    show_active(qtbot, page)
    qtbot.waitUntil(lambda: page.settled, timeout=20000)
    return page


def test_plan_previews_arrive_from_the_worker_with_updating_shown_meanwhile(
    qtbot: Any, ui_services: Any, conference_id: int
) -> None:
    for number in range(12):
        ui_services.actions.add_action(
            conference_id, what=f"Step {number}: walk Lily to school", who="Mary Ashdown"
        )
    page = _open(qtbot, ui_services, conference_id)
    assert not page.updating.isVisible()
    assert "Step 11: walk Lily to school" in page.part_two.toPlainText()

    first = ui_services.actions.actions(conference_id)[0]
    ui_services.actions.update_action(first.id, what="Book Sam's health review")
    page.refresh_previews()
    # Nothing is built on the GUI thread: until the event loop turns, the old words stay.
    assert page.updating.isVisible() and not page.settled
    assert "Book Sam's health review" not in page.part_two.toPlainText()
    qtbot.waitUntil(lambda: page.settled, timeout=20000)
    assert "Book Sam's health review" in page.part_two.toPlainText()
    assert not page.updating.isVisible()
    qtbot.waitUntil(lambda: page.plain_language.settled, timeout=20000)
    assert "Book Sam's health review" in page.plain_language.preview.toPlainText()


def test_plan_previews_a_later_request_replaces_one_still_being_built(
    qtbot: Any, ui_services: Any, conference_id: int
) -> None:
    page = _open(qtbot, ui_services, conference_id)
    action = ui_services.actions.add_action(conference_id, what="Plan written first")
    page.refresh_previews()
    ui_services.actions.update_action(action.id, what="Plan as it is now")
    page.refresh_previews()
    qtbot.waitUntil(lambda: page.settled, timeout=20000)
    shown = page.part_two.toPlainText()
    assert "Plan as it is now" in shown and "Plan written first" not in shown

    # The worker itself: a result made stale by a later request is never delivered.
    delivered: list[str] = []
    worker = LatestOnly("test-previews", delivered.append)
    release = threading.Event()

    def slow() -> str:
        release.wait(10)
        return "stale"

    worker.request(slow)
    worker.request(lambda: "also stale")
    worker.request(lambda: "newest")
    release.set()
    qtbot.waitUntil(lambda: worker.settled, timeout=10000)
    assert delivered == ["newest"]


def test_plan_previews_drawn_in_pieces_hold_the_issued_plans_words_line_for_line(
    qtbot: Any, ui_services: Any, conference_id: int, tmp_path: Path
) -> None:
    for number in range(30):
        ui_services.actions.add_action(
            conference_id, what=f"Action {number} for the family", who="Tom Ashdown"
        )
    page = _open(qtbot, ui_services, conference_id)
    first, second = split_plan(ui_services.sharing.view(conference_id))
    for shown, document in ((page.part_one, first), (page.part_two, second)):
        whole = QTextBrowser()
        whole.setHtml(document_html(document))  # the issued plan's document, drawn at once
        assert shown.toPlainText() == whole.toPlainText()
    # And the Word file issued now holds every line of it (the header aside; a card's title
    # and status, one line on screen, are two in the Word file).
    out = tmp_path / "plan.docx"
    audience = ui_services.sharing.audience_for(conference_id, None)
    IssueService(ui_services.context).export(
        conference_id, DocumentKind.PLAN, audience, "docx", out
    )
    issued = normal(docx_body_text(out.read_bytes()))
    lines = [
        normal(line)
        for view in (page.part_one, page.part_two)
        for line in view.toPlainText().splitlines()[1:]
    ]
    assert "Action 29 for the family" in " ".join(lines)
    missing = [
        line
        for line in lines
        if line
        and line not in issued
        and not all(part in issued for part in line.rstrip(")").split(" ("))
    ]
    assert missing == []


def test_plan_previews_a_page_closed_while_they_are_built_is_let_go(
    qtbot: Any, ui_services: Any, conference_id: int
) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    page = PlanPage(ui_services)
    page.load_conference(conference_id)  # the previews are now being built on the worker
    assert not page.settled
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.waitUntil(
        lambda: not any(t.name == "plan-previews" for t in threading.enumerate()), timeout=20000
    )
    qtbot.wait(50)  # the result arrives for a page that has gone: dropped, nothing breaks


def test_plan_previews_opening_a_conference_again_shows_the_plan_as_it_is_now(
    qtbot: Any, ui_services: Any, conference_id: int
) -> None:
    page = _open(qtbot, ui_services, conference_id)
    ui_services.actions.add_action(conference_id, what="Added while the page was away")
    page.load_conference(conference_id)
    # The previews are built once the page has been drawn; the chair is told meanwhile.
    assert page.updating.isVisible() and not page.settled
    qtbot.waitUntil(lambda: page.settled, timeout=20000)
    assert "Added while the page was away" in page.part_two.toPlainText()
    assert not page.updating.isVisible()
