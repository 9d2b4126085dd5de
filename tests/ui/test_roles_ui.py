"""Roles on screen: a minute-taker records but is told plainly what only a chair can do."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QStyle, QTextEdit

from chairdesk.domain import AgendaKind, Heading, Origin, Outcome, UserRole, Visibility
from chairdesk.export import DocumentKind
from chairdesk.services.accounts import AccountService
from chairdesk.services.demo import load_demo
from chairdesk.services.entries import EntryService
from chairdesk.services.issuing import IssueService
from chairdesk.services.settings import SettingsService
from chairdesk.ui.approval_dialog import ApprovalDialog
from chairdesk.ui.issue_page import IssuePage
from chairdesk.ui.plan_page import PlanPage
from chairdesk.ui.prepare_page import PreparePage
from chairdesk.ui.run_page import RunPage
from chairdesk.ui.services import UiServices
from chairdesk.ui.widgets.actions_model import VISIBILITY_COLUMN
from chairdesk.ui.widgets.entry_editor import EntryEditor
from tests.security.test_accounts import (
    CHAIR,
    CHAIR_PASSPHRASE,
    MANAGER,
    MANAGER_PASSPHRASE,
    MINUTES,
    MINUTES_PASSPHRASE,
)
from tests.ui.run_support import OFFSCREEN_LIMITS, section, show_active
from tests.ui.test_accessibility import _unnamed

SHARE_REFUSAL = "only a chair can make something visible to parents"
PASTED = "From the strategy minutes: a neighbour's child was also seen."


def minute_taker(services: Any) -> UiServices:
    return UiServices.create(replace(services.context, user=MINUTES, role=UserRole.MINUTE_TAKER))


def item_of(services: Any, conference_id: int, kind: AgendaKind) -> Any:
    return next(i for i in services.agenda.items(conference_id) if i.kind == kind)


def run_page(qtbot: Any, services: UiServices, conference_id: int, kind: AgendaKind) -> RunPage:
    page = RunPage(services)
    page.load_conference(conference_id)
    show_active(qtbot, page)
    page.show_item(item_of(services, conference_id, kind).id)
    return page


def test_roles_ui_a_minute_taker_cannot_share_pasted_text_and_is_told_why(
    qtbot: Any, services: Any, family: Any
) -> None:
    parents = item_of(services, family.conference_id, AgendaKind.PARENTS_VIEWS)
    pasted = EntryService(services.context).add_entry(
        parents.id,
        Heading.VIEW,
        PASTED,
        origin=Origin.PASTED,
        speaker_participant_id=family.mother_participant_id,
    )
    minutes = minute_taker(services)
    page = run_page(qtbot, minutes, family.conference_id, AgendaKind.PARENTS_VIEWS)
    editor = next(e for e in page.findChildren(EntryEditor) if e.entry and e.entry.id == pasted.id)
    assert editor.badge.text() == "Pasted: Professionals only"
    shared_choice = editor.badge.menu().actions()[0]
    assert not shared_choice.isEnabled() and SHARE_REFUSAL in shared_choice.text()

    qtbot.mouseClick(editor.badge, Qt.MouseButton.LeftButton)

    assert page.problem.isVisible()
    assert page.problem.text().startswith("Only a chair can make something visible to parents")
    assert page.save_state.text().startswith(f"Not saved: {SHARE_REFUSAL}")
    assert "Traceback" not in page.problem.text()
    stored = EntryService(services.context).entries_for_item(parents.id)
    assert [e.visibility for e in stored] == [Visibility.PROFESSIONALS]
    assert editor.badge.text() == "Pasted: Professionals only"

    # Keeping typed words from parents is still theirs to do, by keyboard too.
    typed = section(page, "Lee Brookfield's views")
    field = typed.editors[0].field
    field.setFocus()
    qtbot.keyClicks(field, "Dad says the school run works now")
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # leaving the field saves it
    field.setFocus()
    qtbot.keyClick(
        field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    note = typed.editors[0].entry
    assert note is not None and note.visibility == Visibility.PROFESSIONALS
    assert note.author == MINUTES
    # The refusal belongs to the item it happened on.
    page.show_item(item_of(minutes, family.conference_id, AgendaKind.DECISION).id)
    assert not page.problem.isVisible()


@OFFSCREEN_LIMITS
def test_roles_ui_a_minute_takers_pasted_words_are_still_saved_after_a_refused_share(
    qtbot: Any, services: Any, family: Any
) -> None:
    minutes = minute_taker(services)
    page = run_page(qtbot, minutes, family.conference_id, AgendaKind.PARENTS_VIEWS)
    editor = section(page, "Lee Brookfield's views").editors[0]
    QApplication.clipboard().setText(PASTED)
    editor.field.setFocus()
    qtbot.keyClick(editor.field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.badge.text() == "Pasted: Professionals only"

    editor.badge.click()  # before the words are even saved
    assert page.problem.text().startswith("Only a chair can make something visible")
    editor.flush()

    assert editor.entry is not None and not editor.field.is_dirty()
    assert (editor.entry.origin, editor.entry.visibility) == (
        Origin.PASTED,
        Visibility.PROFESSIONALS,
    )


def test_roles_ui_a_minute_taker_sees_the_decision_but_cannot_record_it(
    qtbot: Any, services: Any, family: Any
) -> None:
    minutes = minute_taker(services)
    page = run_page(qtbot, minutes, family.conference_id, AgendaKind.DECISION)
    assert page.content is not None
    box = page.content.decision_boxes[0]
    assert box.read_only_reason.isVisible()
    assert box.read_only_reason.text() == "Only a chair can record recommendations and decisions"
    for control in (box.decide_button, box.recommend_button, box.outcome, box.harm):
        assert not control.isEnabled()
    assert box.reasons.isReadOnly()

    # Were the request made all the same, the refusal is shown in plain words.
    box.decision_requested.emit(
        box.child.id, True, Outcome.PLAN, None, "Repeated missed appointments", False
    )
    assert page.problem.isVisible()
    assert page.problem.text() == (
        "Only a chair can record recommendations and decisions: nothing was changed"
    )
    assert page.save_state.text().startswith("Not saved: only a chair")
    assert services.sharing.view(family.conference_id).decisions == ()


def test_roles_ui_a_chair_keeps_every_control(qtbot: Any, services: Any, family: Any) -> None:
    page = run_page(qtbot, services, family.conference_id, AgendaKind.DECISION)
    assert page.content is not None
    box = page.content.decision_boxes[0]
    assert not box.read_only_reason.isVisible() and box.decide_button.isEnabled()
    assert _unnamed(page) == []


@pytest.fixture
def demo(services: Any) -> int:
    initial_id, _review_id = load_demo(services.context)
    return initial_id


def issue_page(qtbot: Any, services: UiServices, conference_id: int) -> IssuePage:
    page = IssuePage(services)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.load_conference(conference_id)
    return page


def test_roles_ui_a_minute_taker_cannot_save_a_parents_copy(
    qtbot: Any, services: Any, demo: int, tmp_path: Path
) -> None:
    page = issue_page(qtbot, minute_taker(services), demo)
    page.choose_path = lambda suggested, fmt: tmp_path / f"copy.{fmt}"
    page.choose(DocumentKind.PLAN, "Jodie Fernlow")

    assert not page.save_pdf_button.isEnabled() and not page.save_word_button.isEnabled()
    assert page.save_reason.isVisible()
    assert page.save_reason.text() == "Only a chair can save a parent's copy"
    assert page.save("pdf") is None
    assert "only a chair can save a parent's copy" in page.message.text()
    assert not (tmp_path / "copy.pdf").exists()

    # The professionals' copy is theirs to save.
    page.choose(DocumentKind.PLAN, None)
    assert page.save_pdf_button.isEnabled() and not page.save_reason.isVisible()
    assert page.save("pdf") == tmp_path / "copy.pdf"


@pytest.fixture
def approving(services: Any, demo: int) -> ApprovalDialog:
    """The approval dialog for the mother's plan, opened by the chair who will save it."""
    chair = replace(services.context, user=CHAIR, role=UserRole.CHAIR)
    accounts = AccountService(chair)
    accounts.create_account(CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE)
    accounts.create_account(MINUTES, UserRole.MINUTE_TAKER, MINUTES_PASSPHRASE)
    accounts.create_account(MANAGER, UserRole.MANAGER, MANAGER_PASSPHRASE)
    SettingsService(chair).update(require_second_approval=True)
    issuing = IssueService(chair)
    mother = next(a for a in issuing.audiences(demo) if a.recipient_name == "Jodie Fernlow")
    document = issuing.preview(demo, DocumentKind.PLAN, mother)
    return ApprovalDialog(
        "Jodie Fernlow",
        "Child protection plan",
        document,
        lambda name, passphrase: issuing.approve(demo, DocumentKind.PLAN, mother, name, passphrase),
    )


def attempt(qtbot: Any, dialog: ApprovalDialog, name: str, passphrase: str) -> str:
    dialog.name.clear()
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.passphrase, passphrase)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    return dialog.message.text()


def test_roles_ui_the_approval_dialog_explains_each_refusal(
    qtbot: Any, approving: ApprovalDialog
) -> None:
    dialog = approving
    qtbot.addWidget(dialog)
    dialog.show()
    assert isinstance(dialog.content, QTextEdit) and dialog.content.isReadOnly()
    assert "Jodie Fernlow" in dialog.content.toPlainText()
    assert _unnamed(dialog) == []

    assert attempt(qtbot, dialog, CHAIR, CHAIR_PASSPHRASE).startswith(
        "You are the person saving this copy"
    )
    assert attempt(qtbot, dialog, MINUTES, MINUTES_PASSPHRASE).startswith(
        "A minute-taker cannot approve a parent's copy"
    )
    assert attempt(qtbot, dialog, MANAGER, "not the manager's").startswith(
        "That name or passphrase is not right"
    )
    # A few wrong guesses in a row, and the account has to wait (the clock here stands still).
    for _ in range(2):
        attempt(qtbot, dialog, MANAGER, "still not the manager's")
    delayed = attempt(qtbot, dialog, MANAGER, MANAGER_PASSPHRASE)
    assert delayed.startswith("Too many wrong passphrases for this account: wait 5 seconds")
    assert dialog.approval is None and dialog.isVisible()


def _click_tick_box(qtbot: Any, table: Any, index: Any) -> None:
    """A click where the cell's tick box is drawn (at its left, half-way down)."""
    table.scrollTo(index)
    rect = table.visualRect(index)
    spot = QPoint(
        rect.left() + table.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth),
        rect.center().y(),
    )
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=spot)


def test_roles_ui_a_minute_taker_sees_the_share_choice_off_with_the_reason(
    qtbot: Any, services: Any, family: Any
) -> None:
    conference_id = family.conference_id
    walk = services.actions.add_action(conference_id, what="Walk Leo to school", who="Dad")
    refuge = services.actions.add_action(conference_id, what="Stay at the refuge", who="Mum")
    services.actions.update_action(refuge.id, visibility=Visibility.PROFESSIONALS)
    services.prepare.add_report(conference_id, "Police", visibility=Visibility.PROFESSIONALS)
    minutes = minute_taker(services)

    plan = PlanPage(minutes)
    plan.load_conference(conference_id)
    show_active(qtbot, plan)
    model = plan.model
    walk_tick, refuge_tick = (model.index(row, VISIBILITY_COLUMN) for row in (0, 1))
    assert not model.flags(refuge_tick) & Qt.ItemFlag.ItemIsEnabled
    for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
        assert refuge_tick.data(role) == "Only a chair can make something visible to parents"
    assert refuge_tick.data() == "Professionals only"

    # Keeping an action from parents is theirs to do; a click on the off choice changes nothing.
    assert model.flags(walk_tick) & Qt.ItemFlag.ItemIsUserCheckable
    _click_tick_box(qtbot, plan.table, walk_tick)
    _click_tick_box(qtbot, plan.table, refuge_tick)
    stored = {a.id: a.visibility for a in services.actions.actions(conference_id)}
    assert stored == {walk.id: Visibility.PROFESSIONALS, refuge.id: Visibility.PROFESSIONALS}
    assert not model.flags(walk_tick) & Qt.ItemFlag.ItemIsEnabled
    assert not model.setData(walk_tick, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert plan.save_state.text() == f"Not saved: {SHARE_REFUSAL}"

    # The report form says the same; a chair's own table keeps the choice.
    prepare = PreparePage(minutes)
    qtbot.addWidget(prepare)
    prepare.load_conference(conference_id)
    reports = prepare.reports.model
    column = [
        reports.headerData(c, Qt.Orientation.Horizontal) for c in range(reports.columnCount())
    ]
    tick = reports.index(0, column.index("Parents may see it"))
    assert not reports.flags(tick) & Qt.ItemFlag.ItemIsEnabled
    assert (
        tick.data(Qt.ItemDataRole.ToolTipRole)
        == "Only a chair can make something visible to parents"
    )
    chairs = PreparePage(services)
    qtbot.addWidget(chairs)
    chairs.load_conference(conference_id)
    own = chairs.reports.model
    assert own.flags(own.index(0, tick.column())) & Qt.ItemFlag.ItemIsUserCheckable
