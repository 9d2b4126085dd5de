"""The Issue page: each copy previewed, the parent's-copy check list, saving, audit, approval."""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTextEdit,
    QWidget,
)
from sqlalchemy import select

from chairdesk.domain import AgendaKind, Heading, Origin, UserRole, Visibility
from chairdesk.export import DocumentKind
from chairdesk.models import AuditEvent
from chairdesk.services import audit
from chairdesk.services.accounts import AccountService
from chairdesk.services.base import ServiceContext
from chairdesk.services.demo import load_demo
from chairdesk.services.entries import EntryService
from chairdesk.services.issuing import IssueService
from chairdesk.services.settings import SettingsService
from chairdesk.storage import open_database
from chairdesk.ui.approval_dialog import ApprovalDialog
from chairdesk.ui.issue_checklist_dialog import IssueChecklistDialog
from chairdesk.ui.issue_page import IssuePage
from chairdesk.ui.main_window import MainWindow
from chairdesk.ui.services import UiServices
from tests.security.test_accounts import CHAIR, CHAIR_PASSPHRASE, MANAGER, MANAGER_PASSPHRASE
from tests.ui.run_support import show_active

MOTHER, FATHER = "Jodie Fernlow", "Dean Kestrell"


def squeeze(text: str) -> str:
    """Letters and digits only: robust to wrapping, hyphenation-free layout and markup."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def pdf_text(path: Path) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return [page.extract_text() or "" for page in reader.pages]


def docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".xml")
        )


def exports(services: Any) -> list[AuditEvent]:
    with services.context.database.transaction() as session:
        return list(
            session.scalars(select(AuditEvent).where(AuditEvent.action == "document.export"))
        )


@pytest.fixture
def demo(services: Any) -> int:
    """The fictional Fernlow family's initial conference, with one pasted passage shared."""
    initial_id, _review_id = load_demo(services.context)
    entries = EntryService(services.context)
    pasted = [
        e
        for e in entries.entries(initial_id)
        if e.origin == Origin.PASTED and e.visibility == Visibility.PROFESSIONALS
    ]
    # The chair has read this one and marked it shared; the others stay professionals-only.
    entries.set_visibility(pasted[0].id, Visibility.SHARED)
    return initial_id


@pytest.fixture
def restricted(services: Any, demo: int) -> list[str]:
    """Every professionals-only passage of the demo conference."""
    view = services.sharing.view(demo)
    texts = [e.text for e in view.entries if e.visibility == Visibility.PROFESSIONALS]
    assert texts
    return texts


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for saved copies (the database lives beside it)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def page(qtbot: Any, services: Any, demo: int) -> IssuePage:
    issue = IssuePage(services)
    qtbot.addWidget(issue)
    issue.resize(1100, 760)
    issue.show()
    issue.load_conference(demo)
    return issue


def drive_check_list(qtbot: Any, *, confirm: bool, seen: dict[str, Any]) -> None:
    """Answers the check list when it opens, as a chair would: read, tick, save or cancel."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, IssueChecklistDialog)
        seen["rows"] = [
            (dialog.table.item(row, 0).text(), dialog.table.item(row, 2).text())
            for row in range(dialog.table.rowCount())
        ]
        seen["pasted_rows"] = dialog.pasted_rows()
        seen["save_enabled_before_tick"] = dialog.save_button.isEnabled()
        if confirm:
            dialog.confirm.setChecked(True)
            dialog.save_button.click()
        else:
            dialog.cancel_button.click()

    QTimer.singleShot(0, answer)


def test_issue_page_parents_preview_leaves_out_professionals_only_text(
    page: IssuePage, restricted: list[str]
) -> None:
    page.choose(DocumentKind.RECORD, MOTHER)
    parent_text = squeeze(page.preview.toPlainText())
    assert squeeze(MOTHER) in parent_text
    for text in restricted:
        assert squeeze(text)[:80] not in parent_text

    page.choose(DocumentKind.RECORD, None)
    professional_text = squeeze(page.preview.toPlainText())
    for text in restricted:
        assert squeeze(text)[:80] in professional_text
    assert "Never send it to a parent" in page.audience_note.text()


def test_issue_page_preview_is_exactly_what_is_saved_with_its_outline(
    page: IssuePage, services: Any, demo: int
) -> None:
    page.choose(DocumentKind.PLAN, FATHER, large_print=True)
    built = IssueService(services.context).preview(
        demo, DocumentKind.PLAN, page.audience(), large_print=True
    )
    assert page.document == built
    outline = [page.outline.item(i).text().strip() for i in range(page.outline.count())]
    assert outline == built.outline()
    assert squeeze(built.plain_text()) in squeeze(page.document.plain_text())
    assert page.suggested_name("pdf") == (f"{built.reference} plan - {FATHER} (large print).pdf")


def test_issue_page_saving_a_parents_pdf_shows_the_check_list_first(
    page: IssuePage, qtbot: Any, out: Path, restricted: list[str]
) -> None:
    copy = out / "copy.pdf"
    page.choose_path = lambda suggested, fmt: copy
    page.choose(DocumentKind.PLAN, MOTHER)
    seen: dict[str, Any] = {}
    drive_check_list(qtbot, confirm=True, seen=seen)

    assert page.save("pdf") == copy

    # Pasted text first and highlighted; ticking is needed before saving.
    assert seen["rows"], "the check list was empty"
    assert "pasted text" in seen["rows"][0][0]
    assert seen["pasted_rows"] == [0]
    assert seen["save_enabled_before_tick"] is False
    pages = pdf_text(copy)
    assert all("OFFICIAL-SENSITIVE" in text for text in pages)
    written = squeeze("".join(pages))
    assert squeeze(MOTHER) in written
    assert squeeze(seen["rows"][0][1].rstrip("…"))[:60] in written
    for text in restricted:
        assert squeeze(text)[:60] not in written
    assert "Saved copy.pdf" in page.message.text()


def test_issue_page_cancelling_the_check_list_writes_nothing(
    page: IssuePage, qtbot: Any, out: Path, services: Any
) -> None:
    page.choose_path = lambda suggested, fmt: out / "copy.docx"
    page.choose(DocumentKind.RECORD, FATHER)
    seen: dict[str, Any] = {}
    drive_check_list(qtbot, confirm=False, seen=seen)

    assert page.save("docx") is None

    assert seen["rows"]
    assert list(out.iterdir()) == []
    assert exports(services) == []
    assert "Not saved" in page.message.text()


def test_issue_page_export_is_audited_with_the_file_hash(
    page: IssuePage, out: Path, services: Any
) -> None:
    page.choose_path = lambda suggested, fmt: out / "professionals"
    page.choose(DocumentKind.LETTER, None)

    written = page.save("docx")

    assert written == out / "professionals.docx"
    events = exports(services)
    assert len(events) == 1
    detail = events[0].detail
    assert detail["sha256"] == hashlib.sha256(written.read_bytes()).hexdigest()
    assert detail["document"] == "letter"
    assert detail["audience"] == "professionals"
    assert detail["format"] == "docx"
    assert not any(name in str(detail) for name in (MOTHER, FATHER, "Fernlow"))
    assert audit.verify(services.context).ok


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

    QTimer.singleShot(0, answer)
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
    EntryService(chair).add_entry(parents.id, Heading.STRENGTH, "The children are settled now")
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


def test_issue_page_a_write_error_is_shown_plainly_and_leaves_nothing(
    page: IssuePage, out: Path, services: Any
) -> None:
    page.choose_path = lambda suggested, fmt: out / "no such folder" / "copy.pdf"
    page.choose(DocumentKind.PLAN, None)

    assert page.save("pdf") is None

    assert page.message.text().startswith("Not saved: could not write copy.pdf")
    assert list(out.iterdir()) == []
    assert exports(services) == []


def test_issue_service_parents_docx_holds_no_restricted_text(
    services: Any, demo: int, restricted: list[str], out: Path
) -> None:
    issuing = IssueService(services.context)
    father = next(a for a in issuing.audiences(demo) if a.recipient_name == FATHER)

    issued = issuing.export(demo, DocumentKind.RECORD, father, "docx", out / "dean.docx")

    xml = squeeze(docx_xml(issued.path))
    assert squeeze(FATHER) in xml
    for text in restricted:
        assert squeeze(text)[:60] not in xml
    assert issued.sha256 == hashlib.sha256(issued.path.read_bytes()).hexdigest()
    assert exports(services)[0].detail["audience"] == "parent"


def test_issue_service_check_list_holds_only_what_the_document_shows(
    services: Any, demo: int
) -> None:
    issuing = IssueService(services.context)
    mother = next(a for a in issuing.audiences(demo) if a.recipient_name == MOTHER)

    record = issuing.check(demo, DocumentKind.RECORD, mother)
    letter = issuing.check(demo, DocumentKind.LETTER, mother)

    assert record.pasted_count == 1 and record.items[0].pasted_or_imported
    assert record.withheld_count > 0
    letter_text = squeeze(issuing.preview(demo, DocumentKind.LETTER, mother).plain_text())
    assert len(letter.items) < len(record.items)
    for item in letter.items:
        assert squeeze(item.excerpt.rstrip("…")) in letter_text


CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QTextEdit)


def unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QHeaderView):
            continue
        if widget.objectName().startswith("qt_") or widget.window() is not root.window():
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not widget.accessibleName() and not name:
            missing.append(type(widget).__name__)
    return missing


def test_issue_page_every_control_is_named_and_reachable_by_keyboard(
    page: IssuePage, qtbot: Any
) -> None:
    assert unnamed(page) == []
    dialog = IssueChecklistDialog(MOTHER, "Plan", ())
    qtbot.addWidget(dialog)
    assert unnamed(dialog) == []
    page.choose(DocumentKind.PLAN, MOTHER)  # large print is for a parent's copy
    page.kind_box.setFocus()
    reached = []
    for _ in range(7):
        reached.append(QApplication.focusWidget())
        page.focusNextChild()
    for control in (page.audience_box, page.large_print, page.preview, page.save_pdf_button):
        assert control in reached
