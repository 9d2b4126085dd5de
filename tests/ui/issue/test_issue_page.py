"""The Issue page: each copy previewed, the parent's-copy check list, saving, audit, approval."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

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

from chairdesk.export import DocumentKind
from chairdesk.services import audit
from chairdesk.services.issuing import IssueService
from chairdesk.ui.issue_checklist_dialog import IssueChecklistDialog
from chairdesk.ui.issue_page import IssuePage
from tests.ui.issue.support import (
    FATHER,
    MOTHER,
    docx_xml,
    drive_check_list,
    exports,
    pdf_text,
    squeeze,
)


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


def test_issue_page_a_parents_plan_shows_no_empty_brackets_for_actions_not_started(
    page: IssuePage,
) -> None:
    """A parent's "What I need to do" gives an action not yet started no status: the preview
    shows its title alone, not the title followed by "()"."""
    page.choose(DocumentKind.PLAN, MOTHER)
    text = page.preview.toPlainText()
    assert "See the GP about low mood and accept the referral" in text
    assert "()" not in text


def test_issue_checklist_names_every_kind_a_parent_copy_holds(qtbot: Any) -> None:
    """Each row of the check names its kind in words (a child's own statement, an agency's
    recommendation, progress, an attendance note) and, where it cannot be withheld from the
    check, says what the chair can do instead."""
    from chairdesk.views_parents import ParentCopyItem

    kinds = ("child's statement", "recommendation", "progress note", "attendance note")
    items = tuple(
        ParentCopyItem(kind, "Fictional source", "Some words", number)
        for number, kind in enumerate(kinds, start=1)
    )
    dialog = IssueChecklistDialog(
        "Jodie Fernlow (mother)", "plan", items, withhold=lambda item: None
    )
    qtbot.addWidget(dialog)
    shown = [dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount())]
    assert shown == [
        "Child's own statement",
        "Agency's recommendation",
        "Progress on an action",
        "Attendance note",
    ]
    labels = [dialog.table.cellWidget(row, 3).text() for row in range(1, 4)]
    assert labels == ["Always with its decision", "Withhold its action", "Change it on Prepare"]
