"""The home screen's due and overdue list, computed from council timescales in working days."""

from __future__ import annotations

from datetime import date, datetime

from chairdesk.domain import (
    Category,
    ConferenceKind,
    ConferenceStatus,
    MeetingModel,
    Outcome,
    ParticipantRole,
    PersonRole,
)
from chairdesk.models import Conference, Decision, Person, Report
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import (
    ConferenceService,
    NewConference,
    NewInvitee,
    NewPerson,
)
from chairdesk.services.home import HomeService


def _context(database, day):
    return ServiceContext(database, clock=lambda: datetime.combine(day, datetime.min.time()))


def _conference(database, when, reference="HM-1"):
    context = _context(database, when.date())
    return ConferenceService(context).create(
        NewConference(
            case_reference=reference,
            family_name="Ashgrove",
            kind=ConferenceKind.INITIAL,
            model=MeetingModel.TRADITIONAL,
            scheduled_at=when,
            people=(
                NewPerson("Tam Ashgrove", PersonRole.CHILD),
                NewPerson("Lee Ashgrove", PersonRole.PARENT, parental_responsibility=True),
            ),
            invitees=(NewInvitee("Lee Ashgrove", ParticipantRole.PARENT, person_index=1),),
        )
    )


def _conclude_with_plan(database, conference_id):
    with database.transaction() as session:
        conference = session.get(Conference, conference_id)
        conference.status = ConferenceStatus.CONCLUDED
        child = session.query(Person).filter_by(role=PersonRole.CHILD).first()
        session.add(
            Decision(
                conference_id=conference_id,
                child_id=child.id,
                likely_significant_harm=True,
                outcome=Outcome.PLAN,
                category=Category.NEGLECT,
                reasons="Worries about home conditions.",
            )
        )


def test_home_due_items_after_a_conference_are_letter_record_core_group_and_review(database):
    # Friday 18 December 2026: the letter is due on the next working day, Monday 21 December.
    conference = _conference(database, datetime(2026, 12, 18, 10))
    _conclude_with_plan(database, conference.id)

    items = HomeService(_context(database, date(2026, 12, 18))).due_items()

    by_what = {item.what: item for item in items}
    assert by_what["Send the chair's outcome letter"].due_on == date(2026, 12, 21)
    # 15 working days over Christmas and Boxing Day (and the substitute day on 28 December).
    assert by_what["Issue the conference record"].due_on == date(2027, 1, 13)
    assert "Hold the first core group" in by_what
    assert by_what["Hold the review conference"].due_on == date(2027, 3, 18)
    assert not any(item.overdue for item in items)


def test_home_due_items_mark_overdue_first(database):
    conference = _conference(database, datetime(2026, 12, 1, 10))
    _conclude_with_plan(database, conference.id)

    items = HomeService(_context(database, date(2026, 12, 7))).due_items()

    assert items[0].overdue and items[0].what == "Send the chair's outcome letter"
    assert items[0].case_reference == "HM-1"


def test_home_due_items_flag_a_report_not_yet_shared_before_a_conference(database):
    conference = _conference(database, datetime(2026, 12, 10, 10))
    with database.transaction() as session:
        session.add(Report(conference_id=conference.id, agency="Oak Tree Primary School"))
        session.add(
            Report(
                conference_id=conference.id,
                agency="Health visiting",
                shared_with_parents_on=date(2026, 12, 8),
            )
        )

    items = HomeService(_context(database, date(2026, 12, 4))).due_items()

    whats = [item.what for item in items]
    assert "Share the Oak Tree Primary School report with the parents" in whats
    # Shared two working days before an initial conference: the rule is three.
    assert "The Health visiting report reached the parents late" in whats
