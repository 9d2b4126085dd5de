"""The parents' feedback summary as PDF and Word, read back with pypdf and by unzipping."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdf

from chairdesk.export import build_feedback_summary, write_document
from chairdesk.views import FeedbackQuestionSummary, FeedbackSummaryView
from tests.export.readers import docx_body_text, normal, pdf_info

QUESTIONS = (
    FeedbackQuestionSummary("Did you get the reports in time to read them?", 3, 1, 0, 0),
    FeedbackQuestionSummary("Were you able to speak first?", 2, 0, 1, 1),
)
COMMENTS = (
    "The chair let me speak first and [name removed] explained the words.",
    "I would have liked the reports a day earlier.",
)


def _summary(responses: int = 4, comments: tuple[str, ...] = COMMENTS) -> FeedbackSummaryView:
    return FeedbackSummaryView(
        from_date=date(2026, 1, 1),
        to_date=date(2026, 3, 31),
        responses=responses,
        conferences=3,
        questions=QUESTIONS if responses else (),
        comments=comments,
    )


def _pages(data: bytes) -> list[str]:
    return [normal(page.extract_text() or "") for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_feedback_export_pdf_holds_counts_comments_and_marking(tmp_path: Path) -> None:
    path = write_document(
        build_feedback_summary(_summary(), "OFFICIAL-SENSITIVE"), "pdf", tmp_path / "f.pdf"
    )
    pages = _pages(path.read_bytes())
    text = " ".join(pages)
    assert "Parents' feedback after conferences" in text
    assert "1 January 2026 to 31 March 2026" in text
    assert "Did you get the reports in time to read them?" in text
    assert "3 (75%)" in text  # yes, of four answers
    assert "I would have liked the reports a day earlier." in text
    assert "[name removed]" in text
    for page in pages:
        assert "OFFICIAL-SENSITIVE" in page
        assert "Family reference: none (a summary across conferences)" in page


def test_feedback_export_pdf_metadata_names_no_person_or_tool(tmp_path: Path) -> None:
    path = write_document(build_feedback_summary(_summary(), "OFFICIAL"), "pdf", tmp_path / "f.pdf")
    info = pdf_info(path.read_bytes())
    assert info.get("/Title") == "Parents' feedback summary"
    for key in ("/Author", "/Creator", "/Producer", "/Subject"):
        assert info.get(key, "") in ("", "None")


def test_feedback_export_docx_says_the_same_as_the_pdf(tmp_path: Path) -> None:
    document = build_feedback_summary(_summary(), "OFFICIAL-SENSITIVE")
    body = normal(
        docx_body_text(write_document(document, "docx", tmp_path / "f.docx").read_bytes())
    )
    for text in (QUESTIONS[1].question, COMMENTS[0], "Not answered", "2 (50%)"):
        assert text in body


def test_feedback_export_an_empty_period_says_so(tmp_path: Path) -> None:
    document = build_feedback_summary(_summary(responses=0, comments=()), "OFFICIAL-SENSITIVE")
    text = " ".join(_pages(write_document(document, "pdf", tmp_path / "f.pdf").read_bytes()))
    assert "No feedback was given in this period." in text
    assert "No comments were given in this period." in text


def test_feedback_export_imports_no_database_or_qt() -> None:
    code = (
        "import sys, chairdesk.export.build_feedback as b, chairdesk.export as e\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'PySide6')]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
