"""The parents' feedback summary as a document: counts per question and anonymised comments."""

from __future__ import annotations

from chairdesk.export import common as c
from chairdesk.export.model import Document, DocumentBuilder, DocumentKind
from chairdesk.export.text import clean_line
from chairdesk.views import FeedbackQuestionSummary, FeedbackSummaryView

TITLE = "Parents' feedback after conferences"
# The summary covers many families, so the header names none of them.
NO_FAMILY = "none (a summary across conferences)"
RECIPIENT = "Service improvement"


def _share(count: int, total: int) -> str:
    if total == 0:
        return "0"
    return f"{count} ({round(100 * count / total)}%)"


def _row(question: FeedbackQuestionSummary) -> list[str]:
    total = question.yes + question.partly + question.no + question.not_answered
    return [
        question.question,
        _share(question.yes, total),
        _share(question.partly, total),
        _share(question.no, total),
        str(question.not_answered),
    ]


def build_feedback_summary(summary: FeedbackSummaryView, marking: str) -> Document:
    """The document model of a feedback summary, for ``render_pdf`` or ``write_document``.

    The summary holds no names (the feedback service takes them out of the comments), and
    nothing here adds any: no family, no conference, no chair.

    Args:
        summary: the counts and comments from ``FeedbackService.summary``.
        marking: the council's protective marking, printed on every page.
    """
    b = DocumentBuilder()
    period = f"{c.day(summary.from_date)} to {c.day(summary.to_date)}"
    b.paragraph(
        "What parents told us after their child protection conferences. Parents asked for "
        "their views to be collected so the service improves. Answers are anonymous.",
        style="intro",
    )
    b.table(
        ["", ""],
        [
            ["Period", period],
            ["Responses", str(summary.responses)],
            ["Conferences", str(summary.conferences)],
        ],
        widths=(0.35, 0.65),
    )
    b.heading("Answers to each question")
    if summary.responses == 0:
        b.paragraph("No feedback was given in this period.")
    else:
        b.table(
            ["Question", "Yes", "Partly", "No", "Not answered"],
            [_row(q) for q in summary.questions],
            widths=(0.42, 0.13, 0.13, 0.13, 0.19),
        )
    b.heading("What parents added")
    if summary.comments:
        b.paragraph(
            "In the parents' own words. Names and case references have been taken out.",
            style="note",
        )
        b.bullets(list(summary.comments))
    else:
        b.paragraph("No comments were given in this period.")
    return Document(
        kind=DocumentKind.RECORD,
        title=TITLE,
        marking=clean_line(marking) or "OFFICIAL-SENSITIVE",
        reference=NO_FAMILY,
        recipient=RECIPIENT,
        blocks=tuple(b.blocks),
        metadata_title="Parents' feedback summary",
    )


__all__ = ["build_feedback_summary"]
