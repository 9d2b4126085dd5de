"""Reviews: starting from the last conference, core groups between, and de-planning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from chairdesk.domain import ActionStatus, AgendaKind, Attendance, ConferenceKind, Visibility
from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import DangerStatement, SafetyGoal, Scaling
from chairdesk.services import audit
from chairdesk.services.actions import ActionService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.reviews import ReviewService
from chairdesk.services.settings import SettingsService
from chairdesk.services.sharing import SharingService
from chairdesk.storage.engine import Database
from tests.services.builders import FATHER, MOTHER, fixed_context, make_conference

TODAY = datetime(2027, 2, 1, 9, 0)  # a Monday, two months after the initial conference
REVIEW_AT = datetime(2027, 3, 1, 10, 0)


@dataclass(frozen=True)
class Plan:
    conference_id: int
    action_ids: tuple[int, ...]


def initial_with_plan(database: Database) -> Plan:
    """The Fenwicks' initial conference with 8 actions (1 and 2 achieved, 3 with progress)
    and two danger statements with their safety goals."""
    conference = make_conference(database)
    actions = ActionService(fixed_context(database, TODAY))
    ids = []
    for i in range(1, 9):
        action = actions.add_action(
            conference.id,
            what=f"Action number {i} in plain words",
            who=MOTHER if i % 2 else FATHER,
            by_when=date(2027, 1, 10 + i),
            why="So the children are fed and warm",
        )
        ids.append(action.id)
    actions.set_status(
        ids[0], ActionStatus.ACHIEVED, achieved_on=date(2027, 1, 12), confirmed_by="Priya Shah"
    )
    actions.set_status(
        ids[1], ActionStatus.ACHIEVED, achieved_on=date(2027, 1, 20), confirmed_by="Jo Bright"
    )
    actions.set_status(ids[2], ActionStatus.IN_PROGRESS)
    actions.add_progress(ids[2], "Two of four sessions attended", noted_on=date(2027, 1, 25))
    with database.transaction() as session:
        for position, (danger, goal) in enumerate(
            [
                ("Maya may go hungry when Sarah is unwell", "Maya has three meals every day"),
                ("Leo may be left alone at night", "An adult is always home with Leo"),
            ]
        ):
            statement = DangerStatement(conference_id=conference.id, position=position, text=danger)
            statement.safety_goal = SafetyGoal(text=goal)
            session.add(statement)
    return Plan(conference.id, tuple(ids))


def add_overall_scaling(database: Database, conference_id: int, scores: list[int]) -> None:
    with database.transaction() as session:
        for n, score in enumerate(scores):
            session.add(
                Scaling(
                    conference_id=conference_id,
                    scorer_name=f"Scorer {n}",
                    score=score,
                    reason="Things are better",
                    visibility=Visibility.SHARED,
                )
            )


def start(database: Database, plan: Plan) -> int:
    return (
        ReviewService(fixed_context(database, TODAY)).start_review(plan.conference_id, REVIEW_AT).id
    )


def test_start_review_makes_a_review_of_the_same_family(database):
    plan = initial_with_plan(database)
    summary = ReviewService(fixed_context(database, TODAY)).start_review(
        plan.conference_id, REVIEW_AT
    )
    sharing = SharingService(fixed_context(database, TODAY))
    initial = sharing.view(plan.conference_id)
    review = sharing.view(summary.id)
    assert summary.kind == ConferenceKind.REVIEW
    assert summary.previous_id == plan.conference_id
    assert summary.family_id == initial.summary.family_id
    assert summary.scheduled_at == REVIEW_AT
    assert summary.model == initial.summary.model
    assert [p.id for p in review.people] == [p.id for p in initial.people]
    assert review.lead_social_worker == "Priya Shah"
    assert review.chair_name == initial.chair_name


def test_start_review_builds_the_review_agenda_with_progress_after_the_parents(database):
    plan = initial_with_plan(database)
    review = SharingService(fixed_context(database)).view(start(database, plan))
    kinds = [a.kind for a in review.agenda]
    assert kinds.index(AgendaKind.PARENTS_VIEWS) < kinds.index(AgendaKind.PROGRESS_REVIEW)
    assert kinds.index(AgendaKind.PROGRESS_REVIEW) < kinds.index(AgendaKind.AGENCY)
    assert review.agenda_of_kind(AgendaKind.AGENCY)[0].agency == "Children's Social Care"
    assert len(review.agenda_of_kind(AgendaKind.AGENCY)) == 5


def test_start_review_invites_everyone_again_with_attendance_reset(database):
    plan = initial_with_plan(database)
    sharing = SharingService(fixed_context(database))
    prepare = PrepareService(fixed_context(database))
    before = sharing.view(plan.conference_id).participants
    prepare.set_attendance(before[0].id, Attendance.PRESENT)
    prepare.set_attendance(before[1].id, Attendance.APOLOGIES)
    prepare.set_attendance(before[2].id, Attendance.PART, "The decision only")
    after = sharing.view(start(database, plan)).participants
    assert [(p.name, p.role, p.agency, p.person_id) for p in after] == [
        (p.name, p.role, p.agency, p.person_id) for p in before
    ]
    assert {p.attendance for p in after} == {Attendance.INVITED}
    assert {p.present_for for p in after} == {""}
    assert not {p.id for p in after} & {p.id for p in before}


def test_start_review_carries_danger_statements_with_their_safety_goals(database):
    plan = initial_with_plan(database)
    sharing = SharingService(fixed_context(database))
    before = sharing.view(plan.conference_id).danger_statements
    after = sharing.view(start(database, plan)).danger_statements
    assert [(d.danger, d.safety_goal) for d in after] == [
        ("Maya may go hungry when Sarah is unwell", "Maya has three meals every day"),
        ("Leo may be left alone at night", "An adult is always home with Leo"),
    ]
    assert [d.carried_from_id for d in after] == [d.id for d in before]


def test_start_review_carries_all_eight_actions_with_status_and_history(database):
    plan = initial_with_plan(database)
    review_id = start(database, plan)
    carried = ReviewService(fixed_context(database)).carried_actions(review_id)
    assert len(carried) == 8
    assert [a.carried_from_id for a in carried] == list(plan.action_ids)
    assert [a.position for a in carried] == list(range(1, 9))
    assert [a.status for a in carried] == [
        ActionStatus.ACHIEVED,
        ActionStatus.ACHIEVED,
        ActionStatus.IN_PROGRESS,
        *[ActionStatus.NOT_STARTED] * 5,
    ]
    assert (carried[0].achieved_on, carried[0].confirmed_by) == (date(2027, 1, 12), "Priya Shah")
    assert [(n.noted_on, n.text) for n in carried[2].progress] == [
        (date(2027, 1, 25), "Two of four sessions attended")
    ]
    assert carried[4].what == "Action number 5 in plain words"
    assert carried[4].by_when == date(2027, 1, 15)


def test_start_review_twice_from_one_conference_is_refused(database):
    plan = initial_with_plan(database)
    start(database, plan)
    with pytest.raises(RuleError, match="already been started"):
        start(database, plan)


def test_start_review_before_the_conference_it_reviews_is_refused(database):
    plan = initial_with_plan(database)
    with pytest.raises(ValidationError, match="after the conference it reviews"):
        ReviewService(fixed_context(database)).start_review(
            plan.conference_id, datetime(2026, 11, 30, 10, 0)
        )


def test_start_review_names_the_social_worker_allocated_now(database):
    plan = initial_with_plan(database)
    family_id = SharingService(fixed_context(database)).view(plan.conference_id).family.id
    PrepareService(fixed_context(database, TODAY)).allocate_social_worker(
        family_id, "Kwame Boateng", "Northfield Child Protection Team", date(2027, 1, 4)
    )
    review = SharingService(fixed_context(database)).view(start(database, plan))
    assert review.lead_social_worker == "Kwame Boateng"
    assert [w.name for w in review.social_workers] == ["Priya Shah", "Kwame Boateng"]


def test_review_marks_progress_on_carried_actions_without_changing_the_last_plan(database):
    plan = initial_with_plan(database)
    review_id = start(database, plan)
    actions = ActionService(fixed_context(database, REVIEW_AT))
    carried = ReviewService(fixed_context(database)).carried_actions(review_id)
    actions.set_status(
        carried[2].id, ActionStatus.ACHIEVED, achieved_on=date(2027, 2, 20), confirmed_by="Jo"
    )
    actions.set_status(carried[3].id, ActionStatus.NOT_ACHIEVED, reason="The course was full")
    actions.add_progress(carried[4].id, "Started this week")
    now = actions.actions(review_id)
    assert [a.status for a in now[:5]] == [
        ActionStatus.ACHIEVED,
        ActionStatus.ACHIEVED,
        ActionStatus.ACHIEVED,
        ActionStatus.NOT_ACHIEVED,
        ActionStatus.NOT_STARTED,
    ]
    assert [n.text for n in now[2].progress] == ["Two of four sessions attended"]
    assert [n.text for n in now[4].progress] == ["Started this week"]
    last_plan = actions.actions(plan.conference_id)
    assert last_plan[2].status == ActionStatus.IN_PROGRESS
    assert last_plan[4].progress == ()


def test_review_new_action_is_refused_without_a_reason_and_kept_with_one(database):
    plan = initial_with_plan(database)
    review_id = start(database, plan)
    actions = ActionService(fixed_context(database, REVIEW_AT))
    with pytest.raises(RuleError, match="goalposts have not moved"):
        actions.add_action(review_id, what="Attend a budgeting course", who=MOTHER)
    added = actions.add_action(
        review_id,
        what="Attend a budgeting course",
        who=MOTHER,
        by_when=date(2027, 5, 1),
        reason_added="Sarah asked for help with money at the core group",
    )
    assert added.position == 9
    assert len(actions.actions(review_id)) == 9
    assert len(ReviewService(fixed_context(database)).carried_actions(review_id)) == 8


def test_review_readiness_lists_what_is_missing_and_counts_open_family_actions(database):
    plan = initial_with_plan(database)
    review_id = start(database, plan)
    actions = ActionService(fixed_context(database, REVIEW_AT))
    actions.add_action(review_id, what="Attend a budgeting course", reason_added="Sarah asked")
    readiness = actions.readiness(review_id)
    assert not readiness.ready
    assert readiness.problems == ("Action 9 does not yet say who will do it or by when.",)
    assert readiness.family_action_count == 7  # 6 carried still open, 1 new
    assert not readiness.over_limit


def test_carried_action_cannot_be_removed_only_marked_no_longer_needed(database):
    plan = initial_with_plan(database)
    review_id = start(database, plan)
    actions = ActionService(fixed_context(database, REVIEW_AT))
    carried = actions.actions(review_id)
    with pytest.raises(RuleError) as refused:
        actions.remove_action(carried[5].id)
    assert str(refused.value) == (
        "Action 6 was carried forward from the last plan, so it cannot be removed: "
        "mark it no longer needed and say why."
    )
    with pytest.raises(RuleError, match="carried into a later review"):
        actions.remove_action(plan.action_ids[5])
    marked = actions.set_status(
        carried[5].id, ActionStatus.NO_LONGER_NEEDED, reason="Leo now goes to nursery"
    )
    assert marked.status_reason == "Leo now goes to nursery"
    assert len(actions.actions(review_id)) == 8


def test_core_group_updates_become_progress_shown_by_the_next_review(database):
    plan = initial_with_plan(database)
    reviews = ReviewService(fixed_context(database, TODAY))
    meeting = reviews.record_core_group(
        plan.conference_id,
        date(2027, 1, 15),
        ["Sarah Fenwick", "Priya Shah", "Jo Bright"],
        "Good progress on meals.",
        {plan.action_ids[3]: "Shopping list done with the family support worker"},
    )
    assert meeting.attendees == "Sarah Fenwick, Priya Shah, Jo Bright"
    assert [(u.action_id, u.text) for u in meeting.updates] == [
        (plan.action_ids[3], "Shopping list done with the family support worker")
    ]
    review_id = start(database, plan)
    carried = reviews.carried_actions(review_id)
    assert [n.text for n in carried[3].progress] == [
        "Shopping list done with the family support worker"
    ]
    (shown,) = reviews.core_groups(review_id)
    assert (shown.id, shown.held_on, shown.notes) == (
        meeting.id,
        date(2027, 1, 15),
        "Good progress on meals.",
    )
    assert [u.action_id for u in shown.updates] == [carried[3].id]


def test_core_group_after_the_review_was_prepared_still_reaches_it(database):
    plan = initial_with_plan(database)
    review_id = start(database, plan)
    reviews = ReviewService(fixed_context(database, TODAY))
    reviews.record_core_group(
        plan.conference_id,
        date(2027, 1, 29),
        "Sarah Fenwick, Priya Shah",
        "",
        [(plan.action_ids[6], "Appointment booked")],
    )
    carried = reviews.carried_actions(review_id)
    assert [n.text for n in carried[6].progress] == ["Appointment booked"]
    assert len(reviews.core_groups(review_id)) == 1
    assert reviews.core_groups(plan.conference_id)[0].updates[0].action_id == plan.action_ids[6]


def test_record_core_group_refuses_what_cannot_be_true(database):
    plan = initial_with_plan(database)
    other = initial_with_plan(database)
    reviews = ReviewService(fixed_context(database, TODAY))
    with pytest.raises(ValidationError, match="once it has met"):
        reviews.record_core_group(plan.conference_id, date(2027, 2, 2), "Priya Shah", "", {})
    with pytest.raises(ValidationError, match="after the conference"):
        reviews.record_core_group(plan.conference_id, date(2026, 11, 30), "Priya Shah", "", {})
    with pytest.raises(ValidationError, match="who attended"):
        reviews.record_core_group(plan.conference_id, date(2027, 1, 5), " ", "", {})
    with pytest.raises(ValidationError, match="not part of this plan"):
        reviews.record_core_group(
            plan.conference_id, date(2027, 1, 5), "Priya Shah", "", {other.action_ids[0]: "Done"}
        )
    assert reviews.core_groups(plan.conference_id) == ()


def test_deplanning_is_not_suggested_while_actions_are_open(database):
    plan = initial_with_plan(database)
    verdict = ReviewService(fixed_context(database, TODAY)).deplanning(plan.conference_id)
    assert not verdict.ready
    assert verdict.suggested_review_on is None
    assert verdict.reasons == (
        "Actions 3, 4, 5, 6, 7 and 8 are still to be achieved.",
        "No overall scaling has been recorded yet.",
    )
    assert verdict.scheduled_review_on == date(2027, 3, 1)  # three months, a working day


def test_deplanning_is_suggested_when_every_action_is_achieved_or_no_longer_needed(database):
    plan = initial_with_plan(database)
    review_id = start(database, plan)
    actions = ActionService(fixed_context(database, TODAY))
    carried = actions.actions(review_id)
    for action in carried[2:7]:
        actions.set_status(
            action.id, ActionStatus.ACHIEVED, achieved_on=date(2027, 1, 30), confirmed_by="Priya"
        )
    reviews = ReviewService(fixed_context(database, TODAY))
    assert not reviews.deplanning(review_id).ready  # action 8 is still open
    actions.set_status(carried[7].id, ActionStatus.NO_LONGER_NEEDED, reason="Leo started school")
    verdict = reviews.deplanning(review_id)
    assert verdict.ready
    assert verdict.reasons[0] == "Every action of the plan is achieved or no longer needed (8)."
    # Ten working days from Monday 1 February 2027, sooner than the review on 1 March.
    assert verdict.suggested_review_on == date(2027, 2, 15)
    assert verdict.scheduled_review_on == date(2027, 3, 1)


def test_deplanning_is_suggested_when_the_latest_scaling_reaches_the_threshold(database):
    plan = initial_with_plan(database)
    reviews = ReviewService(fixed_context(database, TODAY))
    add_overall_scaling(database, plan.conference_id, [7, 8, 9])
    verdict = reviews.deplanning(plan.conference_id)
    assert verdict.ready
    assert verdict.reasons[0] == (
        "The latest overall scaling (1 December 2026) is 8, which reaches the council's level of 8."
    )
    assert verdict.suggested_review_on == date(2027, 2, 15)


def test_deplanning_reads_the_latest_scaling_and_the_councils_threshold(database):
    plan = initial_with_plan(database)
    add_overall_scaling(database, plan.conference_id, [8, 9])
    review_id = start(database, plan)
    add_overall_scaling(database, review_id, [6, 7])
    context = fixed_context(database, TODAY)
    verdict = ReviewService(context).deplanning(review_id)
    assert not verdict.ready
    assert "is 6.5, below the council's level of 8" in verdict.reasons[-1]
    SettingsService(context).update(deplanning_scaling_threshold=6)
    assert ReviewService(context).deplanning(review_id).ready


def test_review_changes_are_in_the_audit_trail(database):
    plan = initial_with_plan(database)
    context = fixed_context(database, TODAY)
    before = audit.verify(context).events_checked
    start(database, plan)
    ReviewService(context).record_core_group(
        plan.conference_id, date(2027, 1, 5), "Priya Shah", "", {plan.action_ids[4]: "Begun"}
    )
    verdict = audit.verify(context)
    assert verdict.ok
    assert verdict.events_checked == before + 2


def test_deplanning_brings_the_review_forward_past_christmas_bank_holidays(database):
    plan = initial_with_plan(database)
    add_overall_scaling(database, plan.conference_id, [8, 9])
    monday_before_christmas = datetime(2026, 12, 21, 9, 0)
    verdict = ReviewService(fixed_context(database, monday_before_christmas)).deplanning(
        plan.conference_id
    )
    assert verdict.ready
    # Ten working days: Christmas Day, the substitute for Boxing Day (Monday 28 December) and
    # New Year's Day are not counted, so not 4 January but 7 January.
    assert verdict.suggested_review_on == date(2027, 1, 7)
    assert verdict.scheduled_review_on == date(2027, 3, 1)
