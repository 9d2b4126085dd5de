"""Home's stored due board: right after each kind of change, the same as working it out afresh,
and read a page at a time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from chairdesk.domain import ConferenceKind, ConferenceStatus, Outcome, PersonRole
from chairdesk.models import (
    Conference,
    CoreGroupMeeting,
    Decision,
    DueRow,
    DueState,
    Person,
    Report,
)
from chairdesk.services import due_rules, listing
from chairdesk.services.base import ServiceContext
from chairdesk.services.home import HomeService
from chairdesk.services.settings import SettingsService
from tests.services.test_home import _conclude_with_plan, _conference, _context

DAY = date(2026, 12, 18)


def _stored(database, day=DAY):
    return HomeService(_context(database, day)).due_items()


def _afresh(database, day=DAY):
    context = ServiceContext(database)
    with database.reading() as read:
        names = {
            row[0]: (row[1], row[2])
            for row in read(
                "SELECT c.id, f.case_reference, f.family_name FROM conference c"
                " JOIN family f ON f.id = c.family_id",
                {},
            )
        }
        return due_rules.computed_due_items(read, SettingsService(context).get(), day, names)


def _whats(items, conference_id):
    return [item.what for item in items if item.conference_id == conference_id]


def _same(database, *days):
    for day in days or (DAY,):
        assert _stored(database, day) == _afresh(database, day)


def test_due_board_follows_a_conference_concluding_and_its_letter_and_record(database):
    conference = _conference(database, datetime(2026, 12, 14, 10))
    assert _whats(_stored(database), conference.id) == []
    _conclude_with_plan(database, conference.id)
    assert _whats(_stored(database), conference.id) == [
        "Send the chair's outcome letter",
        "Hold the first core group",
        "Issue the conference record",
        "Hold the review conference",
    ]
    _same(database)
    with database.transaction() as session:
        session.get(Conference, conference.id).outcome_letter_sent_on = date(2026, 12, 15)
    assert "Send the chair's outcome letter" not in _whats(_stored(database), conference.id)
    with database.transaction() as session:
        session.get(Conference, conference.id).record_issued_on = date(2026, 12, 16)
    assert "Issue the conference record" not in _whats(_stored(database), conference.id)
    _same(database)


def test_due_board_follows_core_groups_decisions_and_a_review_being_booked(database):
    conference = _conference(database, datetime(2026, 12, 14, 10))
    _conclude_with_plan(database, conference.id)
    with database.transaction() as session:
        session.add(CoreGroupMeeting(conference_id=conference.id, held_on=DAY))
    assert "Hold the first core group" not in _whats(_stored(database), conference.id)
    _same(database)
    with database.transaction() as session:
        decision = session.scalars(
            select(Decision).where(Decision.conference_id == conference.id)
        ).one()
        decision.outcome = Outcome.CHILD_IN_NEED
        decision.category = None
    assert "Hold the review conference" not in _whats(_stored(database), conference.id)
    _same(database)
    with database.transaction() as session:
        decision = session.scalars(select(Decision)).one()
        decision.outcome = Outcome.PLAN
    assert "Hold the review conference" in _whats(_stored(database), conference.id)
    # A review booked to follow it: the conference it follows has nothing left to hold.
    with database.transaction() as session:
        first = session.get(Conference, conference.id)
        session.add(
            Conference(
                family_id=first.family_id,
                kind=ConferenceKind.REVIEW,
                model=first.model,
                scheduled_at=datetime(2027, 2, 1, 10),
                previous_id=first.id,
            )
        )
    assert "Hold the review conference" not in _whats(_stored(database), conference.id)
    _same(database)
    # And the review cancelled (deleted): the plan's review is due again.
    with database.transaction() as session:
        review = session.scalars(select(Conference).where(Conference.previous_id.is_not(None)))
        session.delete(review.one())
    assert "Hold the review conference" in _whats(_stored(database), conference.id)
    _same(database)


def test_due_board_follows_reports_being_shared_and_the_date_moving(database):
    conference = _conference(database, datetime(2027, 1, 11, 10))
    with database.transaction() as session:
        session.add(Report(conference_id=conference.id, agency="Oak Tree Primary School"))
    share = "Share the Oak Tree Primary School report with the parents"
    # Shown from a week before it is due only.
    assert share not in _whats(_stored(database, date(2026, 12, 20)), conference.id)
    assert share in _whats(_stored(database, date(2027, 1, 4)), conference.id)
    _same(database, date(2026, 12, 20), date(2027, 1, 4))
    with database.transaction() as session:
        session.get(Conference, conference.id).scheduled_at = datetime(2027, 2, 8, 10)
    assert share not in _whats(_stored(database, date(2027, 1, 4)), conference.id)
    _same(database, date(2027, 1, 4), date(2027, 2, 1))
    with database.transaction() as session:
        report = session.scalars(select(Report)).one()
        report.shared_with_parents_on = date(2027, 1, 5)
    assert share not in _whats(_stored(database, date(2027, 2, 1)), conference.id)
    _same(database, date(2027, 2, 1))


def test_due_board_follows_a_birth_recorded_for_a_pre_birth_conference(database):
    conference = _conference(database, datetime(2026, 11, 2, 10))
    with database.transaction() as session:
        held = session.get(Conference, conference.id)
        held.kind = ConferenceKind.PRE_BIRTH
        held.status = ConferenceStatus.CONCLUDED
        child = session.scalars(select(Person).where(Person.role == PersonRole.CHILD)).one()
        child.role = PersonRole.UNBORN
        child.due_date = date(2027, 1, 20)
        session.add(
            Decision(
                conference_id=held.id,
                child_id=child.id,
                likely_significant_harm=True,
                outcome=Outcome.PLAN,
                reasons="Worries before the birth.",
            )
        )
    before = _stored(database)
    with database.transaction() as session:
        person = session.scalars(select(Person).where(Person.role == PersonRole.UNBORN)).one()
        person.date_of_birth = date(2026, 12, 1)
    after = _stored(database)
    review = [i.due_on for i in after if i.what == "Hold the review conference"]
    # The first review is worked out from the birth once it is recorded.
    assert review and review != [i.due_on for i in before if i.what == "Hold the review conference"]
    _same(database)


def test_due_board_follows_a_change_of_timescale_setting(database):
    conference = _conference(database, datetime(2026, 12, 14, 10))
    _conclude_with_plan(database, conference.id)
    before = {i.what: i.due_on for i in _stored(database)}
    context = _context(database, DAY)
    rules = SettingsService(context).get()
    SettingsService(context).update(first_review_months=rules.first_review_months - 1)
    after = {i.what: i.due_on for i in _stored(database)}
    assert after["Hold the review conference"] < before["Hold the review conference"]
    _same(database)


def test_due_board_is_worked_out_afresh_when_never_built(database):
    """A board stored under other rules (or emptied) is worked out again at the next read."""
    conference = _conference(database, datetime(2026, 12, 14, 10))
    _conclude_with_plan(database, conference.id)
    expected = _stored(database)
    with database.transaction() as session:
        session.execute(update(DueRow).values(what="stale"))
        session.get(DueState, 1).rules_key = "older rules"
    assert _stored(database) == expected


def test_due_board_pages_are_sorted_overdue_first_and_count_the_rest(database):
    for number in range(6):
        conference = _conference(
            database, datetime(2026, 12, 1, 10) + timedelta(days=number), f"PG-{number}"
        )
        _conclude_with_plan(database, conference.id)
    context = _context(database, DAY)
    everything = listing.ListingService(context).due_items()
    assert len(everything) >= 20
    assert [i.overdue for i in everything] == sorted((i.overdue for i in everything), reverse=True)
    first = listing.ListingService(context).due_page(limit=7)
    assert first.items == everything[:7] and first.total == len(everything)
    assert first.more == len(everything) - 7
    pages = [
        listing.ListingService(context).due_page(limit=7, offset=offset).items
        for offset in range(0, len(everything), 7)
    ]
    assert tuple(item for page in pages for item in page) == everything
    last = listing.ListingService(context).due_page(limit=7, offset=21)
    assert last.more == 0
    _same(database)
