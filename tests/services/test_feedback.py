"""Parents' feedback: kept with the conference, summarised without names, exported as CSV."""

from __future__ import annotations

import csv
from datetime import date, datetime

import pytest

from chairdesk.domain import (
    ConferenceKind,
    FeedbackAnswer,
    MeetingModel,
    ParticipantRole,
    PersonRole,
)
from chairdesk.errors import NotFoundError, ValidationError
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import (
    ConferenceService,
    NewConference,
    NewInvitee,
    NewPerson,
)
from chairdesk.services.feedback import REDACTED, FeedbackService


def _context(database, day=date(2026, 12, 2)):
    return ServiceContext(database, clock=lambda: datetime.combine(day, datetime.min.time()))


def _conference(context, reference="FB-1", family="Quillfeather"):
    return ConferenceService(context).create(
        NewConference(
            case_reference=reference,
            family_name=family,
            kind=ConferenceKind.INITIAL,
            model=MeetingModel.SIGNS_OF_SAFETY,
            scheduled_at=datetime(2026, 12, 1, 10),
            people=(
                NewPerson("Pip Quillfeather", PersonRole.CHILD),
                NewPerson("Rowan Quillfeather", PersonRole.PARENT, parental_responsibility=True),
            ),
            invitees=(NewInvitee("Rowan Quillfeather", ParticipantRole.PARENT, person_index=1),),
            chair_name="Morwenna Tallis",
        )
    )


def test_feedback_submit_is_kept_with_the_conference(database):
    context = _context(database)
    conference = _conference(context)
    service = FeedbackService(context)
    saved = service.submit(
        conference.id,
        reports_in_time=FeedbackAnswer.NO,
        spoke_first=FeedbackAnswer.YES,
        comments="I got the school report on the morning of the meeting.",
    )
    assert service.for_conference(conference.id) == (saved,)
    assert saved.understood_process == FeedbackAnswer.NOT_ANSWERED


def test_feedback_submit_for_unknown_conference_is_refused(database):
    with pytest.raises(NotFoundError, match="no conference with id 999"):
        FeedbackService(_context(database)).submit(999)


def test_feedback_summary_counts_answers_and_removes_names(database, tmp_path):
    context = _context(database)
    conference = _conference(context)
    service = FeedbackService(context)
    service.submit(
        conference.id,
        felt_listened_to=FeedbackAnswer.YES,
        comments="Morwenna let Rowan speak first. Pip's school was kind. FB-1",
    )
    service.submit(conference.id, felt_listened_to=FeedbackAnswer.PARTLY)
    service.submit(conference.id, felt_listened_to=FeedbackAnswer.NO, comments="=cmd|'/c calc'!A1")

    summary = service.summary(date(2026, 11, 1), date(2026, 12, 31))

    assert summary.responses == 3 and summary.conferences == 1
    listened = next(q for q in summary.questions if "listened" in q.question)
    assert (listened.yes, listened.partly, listened.no, listened.not_answered) == (1, 1, 1, 0)
    everything = " ".join(summary.comments)
    for name in ("Morwenna", "Rowan", "Pip", "Quillfeather", "FB-1"):
        assert name not in everything
    assert REDACTED in everything

    out = service.write_csv(summary, tmp_path / "feedback.csv")
    text = out.read_text(encoding="utf-8-sig")
    for name in ("Morwenna", "Rowan", "Quillfeather", "FB-1"):
        assert name not in text
    rows = list(csv.reader(text.splitlines()))
    assert ["Question", "Yes", "Partly", "No", "Not answered"] in rows
    assert any(cell.startswith("'=") for row in rows for cell in row)  # no spreadsheet formula


def test_feedback_summary_respects_the_date_range(database):
    conference = _conference(_context(database, date(2026, 12, 2)))
    FeedbackService(_context(database, date(2026, 12, 2))).submit(conference.id)
    FeedbackService(_context(database, date(2027, 2, 2))).submit(conference.id)
    service = FeedbackService(_context(database))
    assert service.summary(date(2026, 12, 1), date(2026, 12, 31)).responses == 1
    with pytest.raises(ValidationError):
        service.summary(date(2027, 1, 1), date(2026, 1, 1))
