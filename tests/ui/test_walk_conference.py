"""A whole conference from the screens alone (issue 13): a fresh database, the new-conference
dialog, every detail on Prepare typed and clicked as a chair would, the meeting on Run (with a
late arrival, a child's drawing and an inquorate conference that goes ahead for a reason), four
actions on Plan, then every document issued from the Issue page for the professionals and for
a parent, in Word and PDF. No service is called to set anything up. Every file is then read
back and must hold none of the placeholders a parent would trip over.

The helpers are small so they can follow the screens as those change."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import docx
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox

from chairdesk.domain import AgendaKind, Category, Outcome
from chairdesk.export.model import DocumentKind
from chairdesk.services.base import ServiceContext
from chairdesk.ui.main_window import MainWindow
from chairdesk.ui.services import UiServices
from tests.services.test_conduct import drawing_png
from tests.ui.run_support import (
    OFFSCREEN_LIMITS,
    answer_next_dialog,
    show_active,
    type_into_section,
)

LEFT = Qt.MouseButton.LeftButton
ALT = Qt.KeyboardModifier.AltModifier
CHAIR = "Alex Morgan"
PLACEHOLDERS = re.compile(
    r"\bnot recorded\b|\bto be arranged\b|\bnot set\b|\bnot yet agreed\b", re.IGNORECASE
)
GO_AHEAD = "The school sent a full written report and the family wanted no delay"
ATTENDANCE = {
    "Mary Ashdown": "Present",
    "Tom Ashdown": "Present",
    "Priya Shah": "Present",
    "Grace Obi": "Present",
    "Daniel Reed": "Apologies",
}


# Small steps a chair takes ------------------------------------------------------------------


def click(qtbot, button) -> None:
    assert button.isEnabled(), f"{button.text()} is not enabled"
    qtbot.mouseClick(button, LEFT)


def type_in(qtbot, field, text, then=Qt.Key.Key_Tab) -> None:
    field.setFocus()
    if hasattr(field, "selectAll"):
        field.selectAll()
    qtbot.keyClicks(field, text)
    if then is not None:
        qtbot.keyClick(field, then)


def pick_date(qtbot, field, day: date) -> None:
    """A date chosen in a date field, then Enter (which saves it); typed the British way where
    the field takes typing."""
    field.setFocus()
    if hasattr(field, "setDate"):
        field.setDate(QDate(day.year, day.month, day.day))
        qtbot.keyClick(field, Qt.Key.Key_Return)
        return
    edit = field.edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, f"{day.day}/{day.month}/{day.year}")
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def through_dialog(qtbot, window, button, handle) -> None:
    """Click a button that opens a dialog and answer it with `handle`; a failed check inside
    closes the dialog (so the walk never hangs) and fails the walk here. The main window is
    active again afterwards, as on a desktop, so its shortcuts work."""
    problems: list[BaseException] = []

    def safely(dialog):
        try:
            handle(dialog)
        except BaseException as error:  # re-raised below, once the dialog has closed
            problems.append(error)
            dialog.reject()

    answer_next_dialog(safely)
    click(qtbot, button)
    if problems:
        raise problems[0]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def saved(qtbot, window) -> None:
    try:
        qtbot.waitUntil(lambda: window.save_state.text() in ("Saved", ""), timeout=3000)
    except Exception:
        raise AssertionError(window.save_state.text()) from None
    assert not window.save_state.text().startswith("Not saved"), window.save_state.text()


# The walk -----------------------------------------------------------------------------------


def new_conference(qtbot, window) -> int:
    def fill(dialog):
        assert dialog.chair.text() == CHAIR  # the signed-in chair by default
        assert dialog.minute_taker.text() == CHAIR
        type_in(qtbot, dialog.family_name, "Ashdown")
        type_in(qtbot, dialog.case_reference, "CP-0107")
        for name, born in (("Lily Ashdown", "04/03/2017"), ("Sam Ashdown", "12/09/2021")):
            type_in(qtbot, dialog.household.child_name, name)
            type_in(qtbot, dialog.household.child_date, born, Qt.Key.Key_Return)
        for name in ("Mary Ashdown", "Tom Ashdown"):
            type_in(qtbot, dialog.household.adult_name, name, Qt.Key.Key_Return)
        type_in(qtbot, dialog.venue, "Room 2, Civic Centre")
        dialog.model.setFocus()
        for _ in range(2):  # Traditional, Strengthening Families, then Signs of Safety
            qtbot.keyClick(dialog.model, Qt.Key.Key_Down)
        type_in(qtbot, dialog.social_worker, "Priya Shah")
        type_in(qtbot, dialog.team, "Northfield Children's Team")
        type_in(qtbot, dialog.minute_taker, "Sam Reid")
        click(qtbot, dialog.create_button)
        assert not dialog.isVisible(), dialog.problem.text()

    through_dialog(qtbot, window, window.home.new_button, fill)
    assert window.current_page() == "prepare"
    return int(window.conference_id)


def set_attendance(qtbot, window, name: str, choice: str) -> None:
    section = window.prepare.invitees
    table, model = section.table, section.model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)
    table.setFocus()
    table.setCurrentIndex(model.index(row, titles.index("Attendance")))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    chooser = next(c for c in table.viewport().findChildren(QComboBox) if c.isVisible())
    chooser.setCurrentIndex(chooser.findText(choice))
    qtbot.keyClick(chooser, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(row, titles.index("Attendance")).data() == choice)
    qtbot.waitUntil(
        lambda: not any(c.isVisible() for c in table.viewport().findChildren(QComboBox))
    )


def prepare(qtbot, window, held: date) -> None:
    page = window.prepare
    for name, agency in (("Grace Obi", "Health Visiting"), ("Daniel Reed", "Brookfield School")):
        type_in(qtbot, page.invitees.new_name, name)
        type_in(qtbot, page.invitees.new_agency, agency, Qt.Key.Key_Return)
    for name, choice in ATTENDANCE.items():
        set_attendance(qtbot, window, name, choice)
    assert "Not quorate" in page.quoracy.text()
    assert page.inquorate_reason.isVisible()  # the reason has its place on Prepare too
    for box in page.checks.values():
        click(qtbot, box)
    type_in(
        qtbot, page.checklist_notes, "Mary asked for the meeting to start after school drop-off."
    )
    details = page.details
    assert details.chair.text() == CHAIR and details.minute_taker.text() == "Sam Reid"
    pick_date(qtbot, details.strategy, held - timedelta(days=14))
    assert "In time" in details.strategy_note.text()
    type_in(qtbot, details.interpreter_language, "Polish")
    type_in(qtbot, details.interpreter_name, "Mary Ashdown")  # refused: she is family
    assert "never interprets" in window.save_state.text()
    type_in(qtbot, details.interpreter_name, "Ana Ruiz")
    saved(qtbot, window)
    click(qtbot, details.propose_button)
    saved(qtbot, window)
    assert details.core_group.day() is not None and details.review.day() is not None
    pick_date(qtbot, details.review, details.review.day() - timedelta(days=7))
    saved(qtbot, window)
    type_in(qtbot, details.new_worker, "Jo Patel")
    pick_date(qtbot, details.new_worker_from, held - timedelta(days=3))
    click(qtbot, details.worker_button)
    saved(qtbot, window)
    assert details.lead_worker.text().startswith("Jo Patel")
    set_attendance(qtbot, window, "Jo Patel", "Present")  # invited with the change of worker
    type_in(
        qtbot,
        details.plan_end,
        "Lily at school every day for a term and Sam's health checks kept for six months.",
    )
    type_in(qtbot, details.attends_separately, "Nobody: both parents attend together.")
    saved(qtbot, window)


def run_meeting(qtbot, window, tmp_path: Path) -> None:
    window.show_page("run")
    page = window.run
    click(qtbot, page.stepper.next_button)  # the opening starts

    def next_item() -> None:
        qtbot.keyClick(page.stepper.list, Qt.Key.Key_Right, ALT)

    next_item()  # parents first
    type_into_section(qtbot, page, "Mary Ashdown's views", "We want help getting Lily to school.")
    type_into_section(qtbot, page, "Tom Ashdown's views", "I am looking for work again.")

    def late(dialog):
        dialog.who.setCurrentIndex(dialog.who.findText("Tom Ashdown"))
        dialog.missed.setFocus()
        dialog.missed.selectAll()
        qtbot.keyClicks(dialog.missed, "Welcome and introductions")
        click(qtbot, dialog.ok_button)

    through_dialog(qtbot, window, page.day.late_button, late)
    assert "Interpreter: Ana Ruiz, Polish" in page.day.summary.text()
    assert "Tom Ashdown arrived at" in page.day.summary.text()
    worries = iter(
        (
            "Lily has missed 23 days of school.",
            "Sam's health checks were missed twice.",
            "The school's report says Lily arrives hungry most mornings.",
        )
    )
    next_item()
    while page.shown_item().kind == AgendaKind.AGENCY:  # each agency, social care first
        type_into_section(qtbot, page, "What are we worried about?", next(worries))
        next_item()
    assert page.title.text() == "The child's views"
    type_into_section(
        qtbot, page, "Lily Ashdown's views, in their own words", "I like school after breakfast."
    )
    type_into_section(
        qtbot, page, "How Lily Ashdown's views were obtained", "Seen alone at school."
    )
    drawing = tmp_path / "three houses.png"
    drawing.write_bytes(drawing_png())
    panel = page.content.statements_panel
    panel.choose_file = lambda parent, title: drawing  # the panel's own open-file hook
    click(qtbot, panel.attach_buttons[next(iter(panel.attach_buttons))])
    click(qtbot, panel.shared)
    next_item()  # analysis
    danger = page.content.danger_panel
    type_in(qtbot, danger.new_danger, "Lily and Sam could go hungry.", Qt.Key.Key_Return)
    type_in(qtbot, danger.new_goal, "Lily and Sam have breakfast every day.", Qt.Key.Key_Return)
    next_item()  # scaling
    scaling = page.content.scaling_panel
    for name, score, why in (("Priya Shah", 4, "School"), ("Grace Obi", 6, "Sam is well")):
        qtbot.keyClicks(scaling.scorer, name)
        scaling.score.selectAll()
        qtbot.keyClicks(scaling.score, str(score))
        type_in(qtbot, scaling.reason, why, Qt.Key.Key_Return)
    next_item()  # the decision, each agency recommending; health dissents for Lily
    for box in page.content.decision_boxes:
        for _ in range(3):
            box.recommended_outcome.setCurrentIndex(box.recommended_outcome.findData(Outcome.PLAN))
            box.recommended_category.setCurrentIndex(
                box.recommended_category.findData(Category.NEGLECT)
            )
            type_in(qtbot, box.recommendation_reason, "Neglect of basic care", Qt.Key.Key_Return)
        box.harm.setFocus()
        qtbot.keyClick(box.harm, Qt.Key.Key_Space)
        box.category.setCurrentIndex(box.category.findData(Category.NEGLECT))
        qtbot.keyClicks(box.reasons, "Basic care has not been consistent.")
        click(qtbot, box.decide_button)
    lily = page.content.decision_boxes[0]

    def dissent(dialog):
        qtbot.keyClicks(dialog.who.lineEdit(), "Grace Obi")
        dialog.agency.setText("Health Visiting")
        qtbot.keyClicks(dialog.reason, "Child in need would be enough")
        click(qtbot, dialog.ok_button)

    through_dialog(qtbot, window, lily.dissent_button, dissent)
    qtbot.waitUntil(lambda: "Grace Obi" in lily.dissents.text())


def plan(qtbot, window, held: date) -> None:
    window.show_page("plan")
    page = window.plan
    for what, who, weeks in (
        ("Take Lily to school on time every day", "Mary Ashdown", 7),
        ("Book Sam's health review", "Tom Ashdown", 3),
        ("Visit the family every two weeks", "Jo Patel", 13),
        ("Offer a breakfast club place", "Daniel Reed", 2),
    ):
        click(qtbot, page.add_button)
        form = page.form
        assert QApplication.focusWidget() is form.what
        for text in (what, who):
            qtbot.keyClicks(QApplication.focusWidget(), text)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        when = held + timedelta(weeks=weeks)
        assert QApplication.focusWidget() is form.by_when.edit
        qtbot.keyClicks(form.by_when.edit, f"{when.day}/{when.month}/{when.year}")
        qtbot.keyClick(form.by_when.edit, Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "Lily has missed school")
        form.flush()
    page.flush_pending_saves()


def conclude(qtbot, window) -> None:
    window.show_page("run")
    page = window.run
    while not page.conclude_button.isVisible():
        qtbot.keyClick(page.stepper.list, Qt.Key.Key_Right, ALT)

    def go_ahead(dialog):
        type_in(qtbot, dialog.reason, GO_AHEAD, None)
        click(qtbot, dialog.ok_button)

    def yes_conclude(box):
        # Conclude asks first; then, inquorate, the chair gives the reason to go ahead.
        answer_next_dialog(go_ahead)
        next(b for b in box.buttons() if b.text() == "Conclude the conference").click()

    through_dialog(qtbot, window, page.conclude_button, yes_conclude)
    assert not page.conclude_button.isVisible(), page.problem.text()


def issue_everything(qtbot, window, out: Path) -> list[Path]:
    """Every document for the professionals and for Mary, in Word and PDF, from the Issue page;
    a parent's copy is checked and confirmed in the page's own check list first."""
    window.show_page("issue")
    page = window.issue
    page.choose_path = lambda suggested, fmt: out / suggested.name  # the page's own save hook

    def confirm(dialog):
        click(qtbot, dialog.confirm)
        click(qtbot, dialog.save_button)

    files = []
    copies = [
        (kind, None) for kind in (DocumentKind.PLAN, DocumentKind.RECORD, DocumentKind.LETTER)
    ]
    copies += [(kind, "Mary Ashdown") for kind in DocumentKind]
    for kind, recipient in copies:
        page.choose(kind, recipient)
        for button in (page.save_word_button, page.save_pdf_button):
            if recipient is None:
                click(qtbot, button)
            else:
                through_dialog(qtbot, window, button, confirm)
            assert page.message.text().startswith("Saved"), page.message.text()
            files.append(out / page.message.text().split("Saved ", 1)[1].split(" in ")[0])
    return files


def read_back(path: Path) -> str:
    if path.suffix == ".docx":
        document = docx.Document(io.BytesIO(path.read_bytes()))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
        return "\n".join(lines)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@OFFSCREEN_LIMITS
def test_walk_a_whole_conference_from_the_screens_alone(qtbot, tmp_path):
    from chairdesk.storage import open_database
    from tests.conftest import PASSPHRASE

    database = open_database(str(tmp_path / "walk.db"), PASSPHRASE, create=True)
    services = UiServices.create(ServiceContext(database, user=CHAIR))
    window = MainWindow(services)
    qtbot.addWidget(window)
    qtbot.addWidget(window.parent_screen)
    show_active(qtbot, window)
    try:
        conference_id = new_conference(qtbot, window)
        held = services.conferences.summary(conference_id).scheduled_at.date()
        prepare(qtbot, window, held)
        window.prepare.grab().save(str(tmp_path / "prepare.png"))
        run_meeting(qtbot, window, tmp_path)
        plan(qtbot, window, held)
        conclude(qtbot, window)
        out = tmp_path / "issued"
        out.mkdir()
        files = issue_everything(qtbot, window, out)
    finally:
        window.close()

    assert len(files) == 16 and all(f.exists() for f in files)
    texts = {f.name: read_back(f) for f in files}
    for name, text in texts.items():
        found = PLACEHOLDERS.findall(text)
        assert not found, f"{name} still says {found}"
        lines = [line.strip() for line in text.splitlines()]
        assert "The chair" not in lines, f"{name} is signed 'The chair'"
    record = next(
        t
        for n, t in texts.items()
        if "record" in n.casefold() and n.endswith("docx") and "Mary" not in n
    )
    mary_record = next(
        t
        for n, t in texts.items()
        if "record" in n.casefold() and "Mary" in n and n.endswith("docx")
    )
    for text in (record, mary_record):
        assert "Minutes taken by Sam Reid" in text
        assert "interpreted in Polish" in text
        assert "arrived late at" in text and "Welcome and introductions" in text
        assert "Lily Ashdown: I like school after breakfast." in text
        assert "three houses.png" in text
        assert "Jo Patel | Social worker, Children's Social Care" in text  # invited on change
        assert "Priya Shah" in text  # the worker history the record prints
    assert GO_AHEAD in record and GO_AHEAD not in mary_record
    assert "record why" not in record and "record why" not in mary_record
    letter = next(t for n, t in texts.items() if "letter" in n.casefold() and n.endswith("docx"))
    assert CHAIR in letter
    database.close()
