"""The parents' feedback form, filled in by mouse and keyboard, and the anonymous summary with
its CSV and PDF exports, over the fictional demo family."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from chairdesk.domain import FeedbackAnswer
from chairdesk.services import demo as demo_data
from chairdesk.services.feedback import QUESTIONS, FeedbackService
from chairdesk.ui.feedback_dialog import FeedbackDialog
from chairdesk.ui.feedback_summary_page import FeedbackSummaryPage
from tests.ui.conftest import TODAY
from tests.ui.run_support import OFFSCREEN_LIMITS, answer_next_dialog, show_active
from tests.ui.test_accessibility import _unnamed

pytestmark = OFFSCREEN_LIMITS
KEYS = [key for key, _question in QUESTIONS]
# Every name part of every fictional person in the demo, and the family's case reference.
DEMO_NAMES = sorted(
    {
        part
        for name in [cast[0] for cast in demo_data.CAST.values()]
        + [demo_data.SAM[0], "Maisie Fernlow", "Alfie Fernlow"]
        for part in name.split()
        if part.isalpha() and len(part) >= 3
    }
    | {"DEMO-1001"}
)
COMMENT = (
    "Ruth Calloway let me speak first and Hannah Greenway explained the words. "
    "Jodie Fernlow (DEMO-1001)"
)


@pytest.fixture
def demo(services: Any) -> tuple[int, int]:
    return demo_data.load_demo(services.context)


def _named(text: str) -> list[str]:
    return [n for n in DEMO_NAMES if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)]


def test_feedback_dialog_stores_answers_given_by_mouse_and_keyboard(
    qtbot: Any, services: Any, demo: tuple[int, int]
) -> None:
    dialog = FeedbackDialog(services, demo[1])
    show_active(qtbot, dialog)
    assert _unnamed(dialog) == []
    choices = dialog.choices
    # Mouse: yes to the first question, partly to the last.
    qtbot.mouseClick(choices[KEYS[0]][FeedbackAnswer.YES], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(choices[KEYS[4]][FeedbackAnswer.PARTLY], Qt.MouseButton.LeftButton)
    # Keyboard: space picks the focused answer; the arrow keys move along one question.
    choices[KEYS[1]][FeedbackAnswer.YES].setFocus()
    qtbot.keyClick(choices[KEYS[1]][FeedbackAnswer.YES], Qt.Key.Key_Space)
    qtbot.keyClick(choices[KEYS[1]][FeedbackAnswer.YES], Qt.Key.Key_Right)
    assert choices[KEYS[1]][FeedbackAnswer.PARTLY].isChecked()
    choices[KEYS[2]][FeedbackAnswer.NO].setFocus()
    qtbot.keyClick(choices[KEYS[2]][FeedbackAnswer.NO], Qt.Key.Key_Space)
    # The fourth question is left out.
    dialog.comments.setFocus()
    qtbot.keyClicks(dialog.comments, "The room was too hot.")
    qtbot.keyClick(dialog.comments, Qt.Key.Key_Tab)  # Tab leaves the comments
    dialog.send_button.setFocus()
    qtbot.keyClick(dialog.send_button, Qt.Key.Key_Space)

    stored = FeedbackService(services.context).for_conference(demo[1])
    assert len(stored) == 1
    answer = stored[0]
    assert (
        answer.reports_in_time,
        answer.understood_process,
        answer.spoke_first,
        answer.felt_listened_to,
        answer.understands_actions,
        answer.comments,
    ) == (
        FeedbackAnswer.YES,
        FeedbackAnswer.PARTLY,
        FeedbackAnswer.NO,
        FeedbackAnswer.NOT_ANSWERED,
        FeedbackAnswer.PARTLY,
        "The room was too hot.",
    )
    assert dialog.submitted == answer
    assert not dialog.isVisible()


def test_feedback_dialog_asks_for_no_name_and_shows_none(
    qtbot: Any, services: Any, demo: tuple[int, int]
) -> None:
    dialog = FeedbackDialog(services, demo[1])
    show_active(qtbot, dialog)
    assert dialog.findChildren(QLineEdit) == []  # nowhere to type a name
    shown = " ".join(w.text() for w in dialog.findChildren(type(dialog.problem)))
    assert _named(shown + dialog.windowTitle()) == []
    assert dialog.font().pointSize() >= 15  # large, clear type for a parent


def test_feedback_dialog_cancel_stores_nothing(
    qtbot: Any, services: Any, demo: tuple[int, int]
) -> None:
    answer_next_dialog(
        lambda dialog: qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    )
    assert FeedbackDialog.ask(None, services, demo[1]) is None
    assert FeedbackService(services.context).for_conference(demo[1]) == ()


def _save_as(qtbot: Any, page: FeedbackSummaryPage, button: Any, path: Path) -> None:
    def choose(dialog: Any) -> None:
        dialog.selectFile(str(path))
        dialog.accept()

    answer_next_dialog(choose)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(path.exists)


def test_feedback_summary_table_and_exports_name_nobody(
    qtbot: Any, services: Any, demo: tuple[int, int], tmp_path: Path
) -> None:
    feedback = FeedbackService(services.context)
    feedback.submit(demo[0], reports_in_time=FeedbackAnswer.NO, comments=COMMENT)
    feedback.submit(demo[1], reports_in_time=FeedbackAnswer.YES, spoke_first=FeedbackAnswer.YES)
    page = FeedbackSummaryPage(services)
    show_active(qtbot, page)
    assert _unnamed(page) == []
    assert page.to_date.value() == TODAY
    assert "2 responses from 2 conferences" in page.totals.text()

    cells = [
        page.table.item(row, column).text()
        for row in range(page.table.rowCount())
        for column in range(page.table.columnCount())
    ]
    assert cells[:5] == [QUESTIONS[0][1], "1", "0", "1", "0"]
    comments = [page.comments.item(i).text() for i in range(page.comments.count())]
    assert any("let me speak first" in c for c in comments)
    assert _named(" ".join(cells + comments)) == []

    csv_path, pdf_path = tmp_path / "feedback.csv", tmp_path / "feedback.pdf"
    _save_as(qtbot, page, page.csv_button, csv_path)
    _save_as(qtbot, page, page.pdf_button, pdf_path)

    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    csv_text = " ".join(" ".join(row) for row in rows)
    assert [QUESTIONS[0][1], "1", "0", "1", "0"] in rows
    assert "let me speak first" in csv_text
    assert _named(csv_text) == []

    reader = pypdf.PdfReader(io.BytesIO(pdf_path.read_bytes()))
    pdf_text = " ".join((p.extract_text() or "") for p in reader.pages)
    pdf_text = " ".join(pdf_text.split())
    assert "let me speak first" in pdf_text
    assert QUESTIONS[2][1] in pdf_text
    assert _named(pdf_text) == []
    assert "Saved feedback.pdf" in page.message.text()
