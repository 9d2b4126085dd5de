"""Parents' feedback after a conference, and an anonymised summary for service improvement."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import FeedbackAnswer
from chairdesk.errors import ValidationError
from chairdesk.models import Conference, Family, Feedback, Participant, Person
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load_conference, write_atomically
from chairdesk.views import FeedbackQuestionSummary, FeedbackSummaryView, FeedbackView

# The questions parents asked to be asked (DOMAIN.md §6, item 17), in the words on the form.
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("reports_in_time", "Did you get the reports in time to read them before the meeting?"),
    ("understood_process", "Did you understand what would happen at the meeting?"),
    ("spoke_first", "Were you able to speak first?"),
    ("felt_listened_to", "Did you feel listened to?"),
    ("understands_actions", "Do you understand what you need to do now?"),
)
REDACTED = "[name removed]"
MAX_COMMENT = 5000


def _to_view(row: Feedback) -> FeedbackView:
    return FeedbackView(
        id=row.id,
        conference_id=row.conference_id,
        submitted_on=row.submitted_on,
        reports_in_time=row.reports_in_time,
        understood_process=row.understood_process,
        spoke_first=row.spoke_first,
        felt_listened_to=row.felt_listened_to,
        understands_actions=row.understands_actions,
        comments=row.comments,
    )


class FeedbackService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def submit(
        self,
        conference_id: int,
        *,
        reports_in_time: FeedbackAnswer = FeedbackAnswer.NOT_ANSWERED,
        understood_process: FeedbackAnswer = FeedbackAnswer.NOT_ANSWERED,
        spoke_first: FeedbackAnswer = FeedbackAnswer.NOT_ANSWERED,
        felt_listened_to: FeedbackAnswer = FeedbackAnswer.NOT_ANSWERED,
        understands_actions: FeedbackAnswer = FeedbackAnswer.NOT_ANSWERED,
        comments: str = "",
    ) -> FeedbackView:
        """Keep one parent's answers with the conference. Anonymous: no person is linked."""
        if len(comments) > MAX_COMMENT:
            raise ValidationError(f"comments are limited to {MAX_COMMENT} characters")
        with self.context.database.transaction() as session:
            load_conference(session, conference_id)
            row = Feedback(
                conference_id=conference_id,
                submitted_on=self.context.today(),
                reports_in_time=FeedbackAnswer(reports_in_time),
                understood_process=FeedbackAnswer(understood_process),
                spoke_first=FeedbackAnswer(spoke_first),
                felt_listened_to=FeedbackAnswer(felt_listened_to),
                understands_actions=FeedbackAnswer(understands_actions),
                comments=comments.strip(),
            )
            session.add(row)
            session.flush()
            audit.record(
                session, self.context, "feedback.submit", "feedback", row.id, conference_id
            )
            return _to_view(row)

    def for_conference(self, conference_id: int) -> tuple[FeedbackView, ...]:
        with self.context.database.transaction() as session:
            rows = session.scalars(
                select(Feedback)
                .where(Feedback.conference_id == conference_id)
                .order_by(Feedback.id)
            )
            return tuple(_to_view(r) for r in rows)

    def summary(self, from_date: date, to_date: date) -> FeedbackSummaryView:
        """Counts per question and comments with every name and case reference taken out."""
        if to_date < from_date:
            raise ValidationError("the end of the date range is before its start")
        with self.context.database.transaction() as session:
            rows = session.scalars(
                select(Feedback)
                .where(Feedback.submitted_on >= from_date, Feedback.submitted_on <= to_date)
                .order_by(Feedback.submitted_on, Feedback.id)
            ).all()
            names = _identifying_words(session)
        questions = []
        for key, label in QUESTIONS:
            answers = [getattr(r, key) for r in rows]
            questions.append(
                FeedbackQuestionSummary(
                    question=label,
                    yes=answers.count(FeedbackAnswer.YES),
                    partly=answers.count(FeedbackAnswer.PARTLY),
                    no=answers.count(FeedbackAnswer.NO),
                    not_answered=answers.count(FeedbackAnswer.NOT_ANSWERED),
                )
            )
        comments = tuple(_redact(r.comments, names) for r in rows if r.comments.strip())
        return FeedbackSummaryView(
            from_date=from_date,
            to_date=to_date,
            responses=len(rows),
            conferences=len({r.conference_id for r in rows}),
            questions=tuple(questions),
            comments=comments,
        )

    def write_csv(self, summary: FeedbackSummaryView, out_path: Path) -> Path:
        """The summary as CSV, written to a temporary name and moved into place."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["Parents' feedback", f"{summary.from_date} to {summary.to_date}"])
        writer.writerow(["Responses", summary.responses, "Conferences", summary.conferences])
        writer.writerow([])
        writer.writerow(["Question", "Yes", "Partly", "No", "Not answered"])
        for q in summary.questions:
            writer.writerow([q.question, q.yes, q.partly, q.no, q.not_answered])
        writer.writerow([])
        writer.writerow(["Comments"])
        for comment in summary.comments:
            writer.writerow([_csv_safe(comment)])
        write_atomically(out_path, buffer.getvalue().encode("utf-8-sig"))
        with self.context.database.transaction() as session:
            audit.record(session, self.context, "feedback.summary_export", detail={"format": "csv"})
        return out_path


def _identifying_words(session: Session) -> set[str]:
    """Every name part, family name and case reference in the database (3+ letters)."""
    words: set[str] = set()
    for (name,) in session.execute(select(Person.name)):
        words.update(_name_parts(name))
    for (name,) in session.execute(select(Participant.name)):
        words.update(_name_parts(name))
    for family_name, reference in session.execute(
        select(Family.family_name, Family.case_reference)
    ):
        words.update(_name_parts(family_name))
        words.add(reference)
    for chair, minute_taker, worker in session.execute(
        select(Conference.chair_name, Conference.minute_taker_name, Conference.lead_social_worker)
    ):
        for name in (chair, minute_taker, worker):
            words.update(_name_parts(name))
    return {w for w in words if len(w) >= 3}


def _name_parts(name: str) -> set[str]:
    return {part for part in re.split(r"[\s,]+", name) if part}


def _redact(text: str, words: set[str]) -> str:
    if not words:
        return text
    pattern = re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        + r")(?!\w)",
        re.IGNORECASE,
    )
    return pattern.sub(REDACTED, text)


def _csv_safe(text: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
