"""Issuing from the real Issue page: the gate, one check for Word and PDF with every item kind
withholdable there, the chosen person kept by id, and the issued files kept byte for byte."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from chairdesk.domain import PersonRole
from chairdesk.export import DocumentKind
from chairdesk.services.conferences import NewPerson
from chairdesk.services.prepare import PrepareService
from chairdesk.ui.issue_checklist_dialog import IssueChecklistDialog
from chairdesk.ui.issue_dialogs import GateAnswer, HowAnswer, IssueGateDialog
from chairdesk.ui.issue_page import IssuePage
from tests.ui.issue.support import FATHER, MOTHER, docx_xml, pdf_text, squeeze, when_open

CAUTION = "The investigation is still open."  # the police officer's score reason


def _answer_gaps(page: IssuePage, reason: str = "The family asked for the plan today.") -> None:
    page.ask_gaps = lambda parent, recipient, gaps: GateAnswer(True, reason)


def _how(page: IssuePage, folder: Path, reason: str = "") -> None:
    page.ask_how = lambda parent, recipient, label, step: HowAnswer(
        "handed_over", ("docx", "pdf"), reason
    )
    page.choose_folder = lambda parent, suggested: folder


def test_issue_page_one_check_lists_every_kind_withholds_a_score_reason_and_issues_both(
    page: IssuePage, qtbot: Any, out: Path
) -> None:
    page.choose(DocumentKind.RECORD, MOTHER)
    assert squeeze(CAUTION) in squeeze(page.preview.toPlainText())
    _answer_gaps(page)
    _how(page, out)
    seen: dict[str, Any] = {"opened": 0}

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, IssueChecklistDialog)
        seen["opened"] += 1
        table = dialog.table
        seen["kinds"] = {table.item(row, 1).text() for row in range(table.rowCount())}
        row = next(r for r in range(table.rowCount()) if table.item(r, 2).text() == CAUTION)
        button = table.cellWidget(row, 3)
        assert isinstance(button, QPushButton) and button.text() == "Keep for professionals"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        seen["after"] = [table.item(r, 2).text() for r in range(table.rowCount())]
        seen["message"] = dialog.withhold_message.text()
        dialog.confirm.setChecked(True)
        dialog.save_button.click()

    when_open(check)
    rows = page.issue()

    assert seen["opened"] == 1  # one check covers both formats
    assert {
        "Something said",
        "Report",
        "Danger statement",
        "Safety goal",
        "Score and its reason",
        "Decision",
        "Disagreement",
        "Action",
        "Person named",
    } <= seen["kinds"]
    assert CAUTION not in seen["after"] and "professionals only" in seen["message"]
    assert rows is not None and sorted(r.format for r in rows) == ["docx", "pdf"]
    assert {r.version for r in rows} == {1}
    pdf = next(r.path for r in rows if r.format == "pdf")
    docx = next(r.path for r in rows if r.format == "docx")
    assert squeeze(CAUTION) not in squeeze(" ".join(pdf_text(pdf)))
    assert squeeze(CAUTION) not in squeeze(docx_xml(docx))
    # Each page's header says who the copy is for, with the relationship, in both formats.
    assert f"For: {MOTHER} (mother)" in docx_xml(docx)
    assert squeeze(f"For: {MOTHER} (mother)") in squeeze(pdf_text(pdf)[0])
    assert squeeze(CAUTION) not in squeeze(page.preview.toPlainText())
    # The withholding went through the analysis service: audited like any other change.
    assert "Issued version 1" in page.message.text()
    listed = page.issued_panel.texts()
    assert any("version 1, PDF: handed over" in text for text in listed)
    assert any(f"for {MOTHER} (mother)" in text for text in listed)


def test_issue_page_gate_lists_gaps_links_to_the_page_and_refuses_without_a_reason(
    page: IssuePage, qtbot: Any, out: Path
) -> None:
    page.choose(DocumentKind.PLAN, FATHER)
    _how(page, out)
    requested: list[str] = []
    page.page_requested.connect(requested.append)
    seen: dict[str, Any] = {}

    def go_to_plan() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, IssueGateDialog)
        seen["gaps"] = [
            (dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text())
            for r in range(dialog.table.rowCount())
        ]
        seen["issue_enabled"] = dialog.issue_button.isEnabled()
        button = dialog.table.cellWidget(0, 2)
        assert isinstance(button, QPushButton)
        seen["button"] = button.text()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    when_open(go_to_plan)
    assert page.issue() is None

    assert seen["gaps"] and not seen["issue_enabled"]  # no reason yet: Issue anyway is off
    text, where = seen["gaps"][0]
    assert "already past" in text and where == "Plan: action 1, by when"
    assert seen["button"] == "Go to Plan" and requested == ["plan"]
    assert "Not issued" in page.message.text()
    assert not list(out.iterdir())

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, IssueGateDialog)
        dialog.reject()

    when_open(cancel)
    assert page.issue() is None and not list(out.iterdir())


def test_issue_page_keeps_the_grandfather_chosen_across_a_reload(
    page: IssuePage, services: Any, demo: int
) -> None:
    view = services.sharing.view(demo)
    grandfather = PrepareService(services.context).add_person(
        view.family.id,
        NewPerson(FATHER, PersonRole.RELATIVE, date_of_birth=date(1961, 7, 14), gender="male"),
    )
    page.load_conference(demo)
    texts = [page.audience_box.itemText(i) for i in range(page.audience_box.count())]
    assert f"Parent's copy for {FATHER} (father)" in texts
    assert f"Parent's copy for {FATHER} (relative) (not proposed: a relative)" in texts
    page.choose(DocumentKind.PLAN, grandfather.id)

    page.load_conference(demo)  # any reload: a change elsewhere, coming back to the page

    assert page.audience() is not None
    assert page.audience().recipient_person_id == grandfather.id
    assert f"For: {FATHER} (relative)" in page.document.page_header()
    assert f"{FATHER} (relative)" in page.audience_note.text()


def test_issue_page_an_amendment_is_version_two_and_version_one_is_saved_again_unchanged(
    page: IssuePage, services: Any, demo: int, qtbot: Any, out: Path, tmp_path: Path
) -> None:
    page.choose(DocumentKind.RECORD, None)
    _how(page, out)
    assert page.issued_panel.next_note.text() == "This copy has not been issued yet."
    first = page.issue()
    assert first is not None
    assert "it is unchanged since" in page.issued_panel.next_note.text()
    v1 = {r.format: r.path.read_bytes() for r in first if r.path is not None}

    decisions = services.sharing.view(demo).decisions
    with services.context.database.transaction() as session:
        from chairdesk.models import Decision

        decision = session.get(Decision, decisions[0].id)
        decision.reasons += " The health visitor's concerns were added after the meeting."
    page.refresh_preview()
    note = page.issued_panel.next_note.text()
    assert "Version 1 of this copy was issued on" in note
    assert "It has changed since: issuing it makes version 2" in note
    second_folder = tmp_path / "second"
    second_folder.mkdir()
    _how(page, second_folder, reason="The decision's reasons left out the health visitor.")
    second = page.issue()
    assert second is not None and {r.version for r in second} == {2}
    pdf = next(r.path for r in second if r.format == "pdf")
    first_page = squeeze(pdf_text(pdf)[0])
    assert squeeze("Version 2: what has changed") in first_page
    assert squeeze("The decision's reasons left out the health visitor.") in first_page

    panel = page.issued_panel
    row = next(
        i for i in range(panel.list.count()) if "version 1, PDF" in panel.list.item(i).text()
    )
    panel.list.setCurrentRow(row)
    again = tmp_path / "again.pdf"
    suggested_names: list[str] = []

    def choose_path(suggested: Path, fmt: str) -> Path:
        suggested_names.append(suggested.name)
        return again

    page.choose_path = choose_path
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert again.read_bytes() == v1["pdf"]
    assert suggested_names == [
        f"{page.case_reference} conference record - professionals (version 1).pdf"
    ]


def test_issue_page_issuing_the_letter_clears_homes_due_item(
    page: IssuePage, services: Any, demo: int, out: Path
) -> None:
    from chairdesk.services.home import HomeService

    def due() -> set[str]:
        home = HomeService(services.context)
        return {item.what for item in home.due_items() if item.conference_id == demo}

    assert "Send the chair's outcome letter" in due()
    page.choose(DocumentKind.LETTER, MOTHER)
    _answer_gaps(page)
    _how(page, out)
    page.confirm_copy = lambda *args, **kwargs: True  # the check is driven in the test above

    assert page.issue() is not None

    assert "Send the chair's outcome letter" not in due()
    assert services.conferences.summary(demo).status == "issued"


def test_issue_page_parents_with_responsibility_are_proposed_and_each_copy_is_checked(
    page: IssuePage, services: Any, demo: int, out: Path
) -> None:
    from chairdesk.ui.issue_dialogs import RecipientsDialog

    page.choose(DocumentKind.LETTER, None)
    _answer_gaps(page)
    _how(page, out)
    checked: list[str] = []

    def confirm(parent: Any, recipient: str, *args: Any, **kwargs: Any) -> bool:
        checked.append(recipient)
        return True

    page.confirm_copy = confirm
    seen: dict[str, Any] = {}

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RecipientsDialog)
        items = [dialog.list.item(row) for row in range(dialog.list.count())]
        seen["rows"] = [(i.text(), i.checkState() == Qt.CheckState.Checked) for i in items]
        dialog.ok_button.click()

    when_open(choose)
    issued = page.issue_to_several()

    rows = seen["rows"]
    assert rows[0][0].startswith(f"{MOTHER}, mother, born ") and rows[0][1]
    assert rows[1][0].startswith(f"{FATHER}, father, born ") and rows[1][1]
    assert rows[2][0].endswith("(not proposed: a relative)") and not rows[2][1]
    assert checked == [f"{MOTHER} (mother)", f"{FATHER} (father)"]  # each copy its own check
    assert [r[0].recipient for r in issued] == [f"{MOTHER} (mother)", f"{FATHER} (father)"]
    record = page.issuing.preview(demo, DocumentKind.RECORD, page.audience_box.itemData(0))
    text = squeeze(record.plain_text())
    assert squeeze(f"Outcome letter {MOTHER} (mother) 1 DOCX and PDF handed over") in text
    assert squeeze(f"Outcome letter {FATHER} (father) 1 DOCX and PDF handed over") in text


def test_issue_page_in_the_window_a_gap_opens_the_page_it_is_fixed_on(
    qtbot: Any, window: Any, services: Any, demo: int
) -> None:
    window.open_conference(demo)
    window.show_page("issue")
    issue = window.page("issue")
    issue.choose(DocumentKind.PLAN, FATHER)

    def go_to_plan() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, IssueGateDialog)
        qtbot.mouseClick(dialog.table.cellWidget(0, 2), Qt.MouseButton.LeftButton)

    when_open(go_to_plan)
    assert issue.issue() is None
    assert window.current_page() == "plan"


def test_issue_page_saving_a_parents_copy_again_says_what_was_kept_from_them_since(
    page: IssuePage, services: Any, demo: int, qtbot: Any, out: Path, tmp_path: Path
) -> None:
    """The mother's plan goes out; an action in it is then kept from her from the check list;
    the chair saves version 1 again: the same bytes, and the page says not to send it to her."""
    from chairdesk.services.copy_check import withhold_item

    page.choose(DocumentKind.PLAN, MOTHER)
    mother = page.audience().recipient_person_id
    _answer_gaps(page)
    _how(page, out)
    page.confirm_copy = lambda *args, **kwargs: True
    issued = page.issue()
    assert issued is not None
    pdf = next(r for r in issued if r.format == "pdf")
    assert pdf.path is not None
    first_bytes = pdf.path.read_bytes()

    view = services.sharing.view(demo, services.sharing.audience_for(demo, mother))
    action = next(i for i in services.sharing.parent_copy_checklist(view) if i.kind == "action")
    withhold_item(services.context, action, mother)
    page.load_conference(demo)
    page.choose(DocumentKind.PLAN, MOTHER)

    panel = page.issued_panel
    row = next(
        i for i in range(panel.list.count()) if "version 1, PDF" in panel.list.item(i).text()
    )
    panel.list.setCurrentRow(row)
    again = tmp_path / "again.pdf"
    page.choose_path = lambda suggested, fmt: again
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)

    assert again.read_bytes() == first_bytes  # the record of what she was given, unchanged
    message = page.message.text()
    assert f"Saved version 1 as issued: {again}." in message
    assert "Before sending it: version 1 holds" in message
    assert f"{MOTHER}'s copy no longer has" in message
    assert "do not send it to them again" in message
    assert action.excerpt[:30] not in message
