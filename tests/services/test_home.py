"""The home screen's due and overdue list, computed from council timescales in working days."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from chairdesk.domain import (
    ActionStatus,
    Category,
    ConferenceKind,
    ConferenceStatus,
    MeetingModel,
    Outcome,
    ParticipantRole,
    PersonRole,
    Visibility,
)
from chairdesk.errors import RuleError
from chairdesk.models import Conference, Decision, Person, Report, Scaling
from chairdesk.services import audit
from chairdesk.services.actions import ActionService
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import (
    ConferenceService,
    NewConference,
    NewInvitee,
    NewPerson,
)
from chairdesk.services.home import HomeService
from chairdesk.services.reviews import ReviewService
from chairdesk.services.sharing import SharingService


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


# Plans ready to be considered for ending (DOMAIN.md §6, item 16) -----------------------------

HELD = datetime(2026, 2, 2, 10)  # Monday 2 February 2026: the first review is due by 1 May
BEFORE_EASTER = date(2026, 4, 1)  # Wednesday; Good Friday is 3 April, Easter Monday 6 April


def _plan_with_actions(database, reference, statuses, when=HELD):
    """A concluded conference with a plan and one action per status given."""
    conference = _conference(database, when, reference)
    _conclude_with_plan(database, conference.id)
    actions = ActionService(_context(database, BEFORE_EASTER))
    for number, status in enumerate(statuses, start=1):
        action = actions.add_action(
            conference.id, what=f"Action {number}", who="Lee Ashgrove", by_when=date(2026, 3, 2)
        )
        if status == ActionStatus.ACHIEVED:
            actions.set_status(
                action.id, status, achieved_on=date(2026, 3, 2), confirmed_by="Priya Shah"
            )
        elif status in (ActionStatus.NO_LONGER_NEEDED, ActionStatus.NOT_ACHIEVED):
            actions.set_status(action.id, status, reason="The family moved nearer the school")
        elif status != ActionStatus.NOT_STARTED:
            actions.set_status(action.id, status)
    return conference


def _overall_scaling(database, conference_id, scores):
    with database.transaction() as session:
        for number, score in enumerate(scores):
            session.add(
                Scaling(
                    conference_id=conference_id,
                    scorer_name=f"Scorer {number}",
                    score=score,
                    reason="Things are better",
                    visibility=Visibility.SHARED,
                )
            )


def test_home_flags_a_plan_whose_actions_are_all_achieved_or_no_longer_needed(database):
    done = _plan_with_actions(
        database, "HM-1", [ActionStatus.ACHIEVED, ActionStatus.NO_LONGER_NEEDED]
    )

    items = HomeService(_context(database, BEFORE_EASTER)).plans_ready_to_end()

    assert [item.conference_id for item in items] == [done.id]
    flagged = items[0]
    assert (flagged.case_reference, flagged.family_name) == ("HM-1", "Ashgrove")
    # Only what makes it ready: "no scaling yet" is no reason to end a plan.
    assert flagged.reasons == ("Every action of the plan is achieved or no longer needed (2).",)
    assert flagged.review_on == date(2026, 5, 1)
    # Ten working days from Wednesday 1 April, skipping Good Friday and Easter Monday.
    assert flagged.bring_forward_to == date(2026, 4, 17)


def test_home_flags_a_plan_whose_latest_scaling_reaches_the_councils_level(database):
    conference = _plan_with_actions(database, "HM-1", [ActionStatus.IN_PROGRESS])
    _overall_scaling(database, conference.id, [8, 8, 9])

    items = HomeService(_context(database, BEFORE_EASTER)).plans_ready_to_end()

    assert [item.conference_id for item in items] == [conference.id]
    assert "reaches the council's level of 8" in items[0].reasons[0]


def test_home_does_not_flag_open_plans_conferences_without_a_plan_or_reviewed_ones(database):
    _plan_with_actions(database, "HM-1", [ActionStatus.ACHIEVED, ActionStatus.IN_PROGRESS])
    low = _plan_with_actions(database, "HM-2", [ActionStatus.NOT_ACHIEVED])
    _overall_scaling(database, low.id, [5, 6])
    no_plan = _conference(database, HELD, "HM-3")
    with database.transaction() as session:
        session.get(Conference, no_plan.id).status = ConferenceStatus.CONCLUDED
    ActionService(_context(database, BEFORE_EASTER)).set_status(
        ActionService(_context(database, BEFORE_EASTER))
        .add_action(no_plan.id, what="Go to the group", who="Lee Ashgrove")
        .id,
        ActionStatus.ACHIEVED,
        achieved_on=date(2026, 3, 2),
        confirmed_by="Priya Shah",
    )
    # A plan whose review is already under way is the review's business, not the home screen's.
    reviewed = _plan_with_actions(database, "HM-4", [ActionStatus.ACHIEVED])
    review = ReviewService(_context(database, BEFORE_EASTER)).start_review(
        reviewed.id, datetime(2026, 4, 1, 9)
    )
    with database.transaction() as session:
        session.get(Conference, review.id).status = ConferenceStatus.IN_PROGRESS

    assert HomeService(_context(database, BEFORE_EASTER)).plans_ready_to_end() == ()


def test_home_bring_review_forward_moves_the_review_date_across_a_bank_holiday(database):
    conference = _plan_with_actions(database, "HM-1", [ActionStatus.ACHIEVED])
    context = _context(database, BEFORE_EASTER)
    before = audit.verify(context).events_checked

    moved = HomeService(context).bring_review_forward(conference.id)

    assert moved.review_on == date(2026, 4, 17)
    assert moved.bring_forward_to is None  # as soon as the rules allow now
    assert SharingService(context).view(conference.id).review_on == date(2026, 4, 17)
    due = {item.what: item for item in HomeService(context).due_items()}
    assert due["Hold the review conference"].due_on == date(2026, 4, 17)
    verdict = audit.verify(context)
    assert verdict.ok and verdict.events_checked == before + 1
    with pytest.raises(RuleError, match="already as soon as the timescale rules allow"):
        HomeService(context).bring_review_forward(conference.id)


def test_home_bring_review_forward_moves_a_booked_review_keeping_its_time(database):
    conference = _plan_with_actions(database, "HM-1", [ActionStatus.NO_LONGER_NEEDED])
    context = _context(database, BEFORE_EASTER)
    review = ReviewService(context).start_review(conference.id, datetime(2026, 4, 28, 14, 30))

    items = HomeService(context).plans_ready_to_end()
    assert [(i.conference_id, i.review_on, i.bring_forward_to) for i in items] == [
        (review.id, date(2026, 4, 28), date(2026, 4, 17))
    ]
    HomeService(context).bring_review_forward(review.id)

    assert ConferenceService(context).summary(review.id).scheduled_at == datetime(
        2026, 4, 17, 14, 30
    )


def test_home_bring_review_forward_refuses_a_plan_not_ready_to_end(database):
    conference = _plan_with_actions(database, "HM-1", [ActionStatus.IN_PROGRESS])
    context = _context(database, BEFORE_EASTER)

    with pytest.raises(RuleError, match="not ready to be considered for ending"):
        HomeService(context).bring_review_forward(conference.id)
    assert SharingService(context).view(conference.id).review_on is None


def test_home_reads_the_latest_overall_scaling_back_through_the_reviews(database):
    context = _context(database, BEFORE_EASTER)
    # Scored 8 and 9 at the initial conference; the review booked from it has not met yet.
    scaled = _plan_with_actions(database, "HM-1", [ActionStatus.IN_PROGRESS])
    _overall_scaling(database, scaled.id, [8, 9])
    review = ReviewService(context).start_review(scaled.id, datetime(2026, 4, 28, 10))
    # Scored 9 at first, then 5 and 6 at the review: the latest scaling is what counts.
    slipped = _plan_with_actions(database, "HM-2", [ActionStatus.IN_PROGRESS])
    _overall_scaling(database, slipped.id, [9, 9])
    later = ReviewService(context).start_review(slipped.id, datetime(2026, 3, 2, 10))
    _overall_scaling(database, later.id, [5, 6])
    _conclude_with_plan(database, later.id)

    items = HomeService(context).plans_ready_to_end()

    assert [(item.conference_id, item.case_reference) for item in items] == [(review.id, "HM-1")]
    assert "is 8.5, which reaches the council's level of 8" in items[0].reasons[0]
