"""A second person approves a parent's copy before it leaves; the approval outlives a restart."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from chairdesk.domain import AgendaKind, Heading, UserRole
from chairdesk.export import DocumentKind
from chairdesk.services import audit
from chairdesk.services.accounts import AccountService
from chairdesk.services.base import ServiceContext
from chairdesk.services.entries import EntryService
from chairdesk.services.settings import SettingsService
from chairdesk.storage import open_database
from chairdesk.ui.approval_dialog import ApprovalDialog
from chairdesk.ui.issue_page import IssuePage
from chairdesk.ui.main_window import MainWindow
from chairdesk.ui.services import UiServices
from tests.security.test_accounts import CHAIR, CHAIR_PASSPHRASE, MANAGER, MANAGER_PASSPHRASE
from tests.ui.issue.support import (
    MOTHER,
    drive_check_list,
    exports,
    when_open,
)
from tests.ui.run_support import show_active


def test_issue_page_second_approval_blocks_a_parents_copy(
    page: IssuePage, out: Path, services: Any
) -> None:
    SettingsService(services.context).update(require_second_approval=True)
    asked: list[Path] = []

    def choose(suggested: Path, fmt: str) -> Path:
        asked.append(suggested)
        return out / f"copy.{fmt}"

    page.choose_path = choose
    page.confirm_copy = lambda *args: pytest.fail("the check list must not open")
    page.choose(DocumentKind.PLAN, MOTHER)

    # The buttons say why they are off, and the page offers to ask for an approval.
    assert not page.save_pdf_button.isEnabled() and not page.save_word_button.isEnabled()
    assert page.save_reason.isVisible()
    assert "approval" in page.save_reason.text()
    assert page.approval_bar.isVisible() and page.approval_bar.ask_button.isEnabled()
    assert "second person" in page.approval_bar.status.text()
    assert page.save("pdf") is None
    assert "second person" in page.message.text()
    assert asked == [] and list(out.iterdir()) == []

    # The professionals' copy does not need it.
    page.choose(DocumentKind.PLAN, None)
    assert not page.approval_bar.isVisible() and page.save_pdf_button.isEnabled()
    assert page.save("pdf") == out / "copy.pdf"


def chair_needing_approval(services: Any) -> ServiceContext:
    """The chair's context, where the council asks for a second approval and a manager can."""
    chair = replace(services.context, user=CHAIR, role=UserRole.CHAIR)
    AccountService(chair).create_account(CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE)
    AccountService(chair).create_account(MANAGER, UserRole.MANAGER, MANAGER_PASSPHRASE)
    SettingsService(chair).update(require_second_approval=True)
    return chair


def approve_as_the_manager(qtbot: Any, page: IssuePage) -> dict[str, Any]:
    """Ask for approval…, then the manager reads the copy and approves it with their passphrase."""
    seen: dict[str, Any] = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ApprovalDialog)
        seen["content"] = dialog.content.toPlainText()
        seen["read_only"] = dialog.content.isReadOnly()
        qtbot.keyClicks(dialog.name, MANAGER)
        qtbot.keyClicks(dialog.passphrase, MANAGER_PASSPHRASE)
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)

    when_open(answer)
    qtbot.mouseClick(page.approval_bar.ask_button, Qt.MouseButton.LeftButton)
    return seen


def test_issue_page_walk_a_manager_approves_a_parents_copy_then_it_is_saved(
    qtbot: Any, services: Any, demo: int, out: Path
) -> None:
    chair = chair_needing_approval(services)
    page = IssuePage(UiServices.create(chair))
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.load_conference(demo)
    page.choose(DocumentKind.RECORD, MOTHER)
    assert not page.save_pdf_button.isEnabled()  # blocked until a second person approves

    seen = approve_as_the_manager(qtbot, page)

    # The manager read exactly what the page previews, and could not edit it.
    assert seen["content"] == page.preview.toPlainText() and seen["read_only"]
    assert page.approval_bar.status.text() == (
        f"Approved by {MANAGER} on 2 March 2026 at 09:00. This copy can be saved."
    )
    assert page.save_pdf_button.isEnabled() and not page.save_reason.isVisible()

    # The chair's own check list still comes first.
    copy = out / "approved.pdf"
    page.choose_path = lambda suggested, fmt: copy
    check: dict[str, Any] = {}
    drive_check_list(qtbot, confirm=True, seen=check)
    qtbot.mouseClick(page.save_pdf_button, Qt.MouseButton.LeftButton)
    assert check["rows"] and copy.exists()
    assert "Saved approved.pdf" in page.message.text()
    [exported] = exports(services)
    assert exported.user == CHAIR and exported.detail["approval_event_id"]
    assert audit.verify(chair).ok

    # New words in the copy: the approval no longer covers it, and the page says so.
    view = services.sharing.view(demo)
    parents = next(item for item in view.agenda if item.kind == AgendaKind.PARENTS_VIEWS)
    # (An entry added now would not change the record, built as the meeting closed: a
    # correction of what was said does.)
    said = next(e for e in view.entries if e.agenda_item_id == parents.id)
    EntryService(chair).update_text(said.id, said.text + " The children are settled now.")
    page.hide()
    page.show()
    assert page.approval_bar.status.text().startswith("Changed since approval")
    assert "no longer covers" in page.approval_bar.status.text()
    assert MANAGER in page.approval_bar.status.text()
    assert not page.save_pdf_button.isEnabled()


def open_window(qtbot: Any, services: Any) -> MainWindow:
    main = MainWindow(services)
    qtbot.addWidget(main)
    qtbot.addWidget(main.parent_screen)
    show_active(qtbot, main)
    qtbot.waitUntil(lambda: main.started)
    return main


def test_issue_page_approval_is_still_shown_after_a_restart(
    qtbot: Any, services: Any, demo: int, ui_database: Any, database_path: Path
) -> None:
    chair = chair_needing_approval(services)
    window = open_window(qtbot, UiServices.create(chair))
    window.open_conference(demo)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    window.issue.choose(DocumentKind.PLAN, MOTHER)
    assert window.issue.approval_bar.status.text().startswith("Needs approval: your council")
    approve_as_the_manager(qtbot, window.issue)
    approved = f"Approved by {MANAGER} on 2 March 2026 at 09:00. This copy can be saved."
    assert window.issue.approval_bar.status.text() == approved
    window.close()
    ui_database.close()

    # ChairDesk opened again: a new connection, new services, a new window.
    database = open_database(str(database_path), CHAIR_PASSPHRASE, user=CHAIR)
    try:
        restarted = UiServices.create(replace(chair, database=database))
        window = open_window(qtbot, restarted)
        window.open_conference(demo)
        qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
        assert window.current_page() == "issue"
        page, bar = window.issue, window.issue.approval_bar
        page.choose(DocumentKind.PLAN, MOTHER)
        assert bar.status.text() == approved
        assert not bar.ask_button.isVisible() and page.save_pdf_button.isEnabled()
        # The state is reached with Tab after the preview, and says itself to a screen reader.
        page.preview.setFocus()
        qtbot.keyClick(page.preview, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is bar.status
        name = f"Approval: approved by {MANAGER} on 2 March 2026 at 09:00"
        assert bar.status.accessibleName() == name

        # The chair adds to the parents' views on another page, then comes back to Issue.
        window.show_page("prepare")
        view = restarted.sharing.view(demo)
        parents = next(item for item in view.agenda if item.kind == AgendaKind.PARENTS_VIEWS)
        EntryService(restarted.context).add_entry(parents.id, Heading.VIEW, "We want to help")
        qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
        assert bar.status.text().startswith(f"Changed since approval: {MANAGER} approved")
        assert bar.status.accessibleName() == "Approval: changed since approval"
        assert bar.ask_button.isVisible() and bar.ask_button.text() == "Ask for appro&val again…"
        assert not page.save_pdf_button.isEnabled() and not page.save_word_button.isEnabled()
    finally:
        window.close()
        database.close()
