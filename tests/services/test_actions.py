"""The plan's actions: what, who and by when, status with its reasons, progress and readiness."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from chairdesk.domain import ActionOwner, ActionStatus, Visibility
from chairdesk.errors import NotFoundError, RuleError, ValidationError
from chairdesk.services import audit
from chairdesk.services.actions import REASON_AT_REVIEW, ActionService
from chairdesk.services.reviews import ReviewService
from chairdesk.services.settings import SettingsService
from chairdesk.services.sharing import SharingService
from tests.services.builders import (
    FATHER,
    MOTHER,
    OLDER_CHILD,
    fixed_context,
    make_conference,
    person_id,
)

LATER = datetime(2027, 1, 15, 9, 0)


def _complete(service: ActionService, conference_id: int, n: int, **extra: object) -> list[int]:
    ids = []
    for i in range(1, n + 1):
        action = service.add_action(
            conference_id,
            what=f"Step {i}: keep the home warm and the fridge stocked",
            who=MOTHER,
            by_when=date(2027, 2, i),
            why="The children were cold and hungry",
            how_we_will_know="The social worker sees it on each visit",
            support="Food bank vouchers from the family support worker",
            if_not_done="The core group will meet sooner to talk about it",
            **extra,
        )
        ids.append(action.id)
    return ids


def test_add_action_numbers_actions_in_the_order_added(database):
    conference = make_conference(database)
    service = ActionService(fixed_context(database))
    _complete(service, conference.id, 3)
    actions = service.actions(conference.id)
    assert [a.position for a in actions] == [1, 2, 3]
    assert actions[0].what.startswith("Step 1")
    assert actions[0].who == MOTHER
    assert actions[0].status == ActionStatus.NOT_STARTED
    assert actions[0].missing == ()


def test_add_action_keeps_every_part_a_parent_reads(database):
    conference = make_conference(database)
    view = SharingService(fixed_context(database)).view(conference.id)
    child = person_id(view, OLDER_CHILD)
    added = ActionService(fixed_context(database)).add_action(
        conference.id,
        what="Take Maya to the dentist",
        who="Sarah Fenwick",
        by_when=date(2027, 1, 31),
        why="Maya has toothache",
        how_we_will_know="The dentist's letter",
        support="The health visitor will book it",
        if_not_done="The health visitor will take her",
        child_ids=(child,),
    )
    assert (added.why, added.how_we_will_know, added.support, added.if_not_done) == (
        "Maya has toothache",
        "The dentist's letter",
        "The health visitor will book it",
        "The health visitor will take her",
    )
    assert added.child_ids == (child,)


def test_add_action_for_a_child_of_another_family_is_refused(database):
    mine = make_conference(database)
    theirs = make_conference(database)
    other_child = person_id(SharingService(fixed_context(database)).view(theirs.id), OLDER_CHILD)
    with pytest.raises(ValidationError, match="not a child in this family"):
        ActionService(fixed_context(database)).add_action(
            mine.id, what="Attend school", child_ids=(other_child,)
        )


def test_add_action_at_a_review_without_a_reason_is_refused(database):
    initial = make_conference(database)
    review = ReviewService(fixed_context(database, LATER)).start_review(
        initial.id, datetime(2027, 3, 1, 10, 0)
    )
    service = ActionService(fixed_context(database, LATER))
    with pytest.raises(RuleError) as refused:
        service.add_action(review.id, what="Attend a parenting course", who=FATHER)
    assert str(refused.value) == REASON_AT_REVIEW
    assert str(refused.value) == (
        "At a review, say why this action is being added now, so the family can see the "
        "goalposts have not moved without a reason."
    )
    assert service.actions(review.id) == ()


def test_add_action_at_a_review_with_a_reason_is_kept_with_its_reason(database):
    initial = make_conference(database)
    review = ReviewService(fixed_context(database, LATER)).start_review(
        initial.id, datetime(2027, 3, 1, 10, 0)
    )
    added = ActionService(fixed_context(database, LATER)).add_action(
        review.id, what="Attend a parenting course", who=FATHER, reason_added="Daniel asked for it"
    )
    assert added.reason_added == "Daniel asked for it"
    assert added.carried_from_id is None


def test_update_action_at_a_review_cannot_remove_the_reason(database):
    initial = make_conference(database)
    review = ReviewService(fixed_context(database, LATER)).start_review(
        initial.id, datetime(2027, 3, 1, 10, 0)
    )
    service = ActionService(fixed_context(database, LATER))
    added = service.add_action(review.id, what="Course", reason_added="Asked for by Daniel")
    with pytest.raises(RuleError, match="say why this action is being added"):
        service.update_action(added.id, reason_added="  ")


def test_update_action_changes_the_parts_given(database):
    conference = make_conference(database)
    service = ActionService(fixed_context(database))
    action = service.add_action(conference.id, what="Tidy the kitchen")
    changed = service.update_action(
        action.id, who=FATHER, by_when=date(2027, 1, 10), owner=ActionOwner.PROFESSIONAL
    )
    assert (changed.what, changed.who, changed.by_when, changed.owner) == (
        "Tidy the kitchen",
        FATHER,
        date(2027, 1, 10),
        ActionOwner.PROFESSIONAL,
    )
    assert service.actions(conference.id) == (changed,)


def test_update_action_refuses_status_and_unknown_parts(database):
    conference = make_conference(database)
    service = ActionService(fixed_context(database))
    action = service.add_action(conference.id, what="Tidy the kitchen")
    with pytest.raises(ValidationError, match="set_status"):
        service.update_action(action.id, status=ActionStatus.ACHIEVED)
    with pytest.raises(ValidationError, match="no part called 'colour'"):
        service.update_action(action.id, colour="red")


def test_update_action_withheld_from_one_parent_leaves_only_that_parents_copy(database):
    conference = make_conference(database)
    sharing = SharingService(fixed_context(database))
    father = person_id(sharing.view(conference.id), FATHER)
    mother = person_id(sharing.view(conference.id), MOTHER)
    service = ActionService(fixed_context(database))
    action = service.add_action(conference.id, what="Meet at the new refuge", who=MOTHER)
    with pytest.raises(ValidationError, match="say who"):
        service.update_action(action.id, visibility=Visibility.WITHHELD)
    service.update_action(action.id, visibility=Visibility.WITHHELD, withheld_from=(father,))
    fathers = sharing.view(conference.id, sharing.audience_for(conference.id, father))
    mothers = sharing.view(conference.id, sharing.audience_for(conference.id, mother))
    assert fathers.actions == ()
    assert [a.what for a in mothers.actions] == ["Meet at the new refuge"]


def test_action_text_that_no_database_can_keep_is_refused_plainly(database):
    conference = make_conference(database)
    service = ActionService(fixed_context(database))
    with pytest.raises(ValidationError, match="too long"):
        service.add_action(conference.id, who="x" * 501)
    with pytest.raises(ValidationError, match="null character"):
        service.add_action(conference.id, what="before\x00after")
    long_text = "Keep the children safe. " * 9000  # about 200,000 characters
    kept = service.add_action(conference.id, what=long_text.strip(), who="Sarah Fenwick 🙂")
    assert service.actions(conference.id)[0].what == kept.what == long_text.strip()


def test_set_status_achieved_needs_the_date_and_who_confirmed_it(database):
    conference = make_conference(database)
    service = ActionService(fixed_context(database, LATER))
    (action_id,) = _complete(service, conference.id, 1)
    with pytest.raises(RuleError, match="To mark action 1 achieved, give the date"):
        service.set_status(action_id, ActionStatus.ACHIEVED, achieved_on=date(2027, 1, 5))
    with pytest.raises(RuleError, match="who confirmed it"):
        service.set_status(action_id, ActionStatus.ACHIEVED, confirmed_by="Priya Shah")
    with pytest.raises(ValidationError, match="future"):
        service.set_status(
            action_id, ActionStatus.ACHIEVED, achieved_on=date(2027, 1, 16), confirmed_by="Priya"
        )
    done = service.set_status(
        action_id, ActionStatus.ACHIEVED, achieved_on=date(2027, 1, 5), confirmed_by="Priya Shah"
    )
    assert (done.status, done.achieved_on, done.confirmed_by) == (
        ActionStatus.ACHIEVED,
        date(2027, 1, 5),
        "Priya Shah",
    )


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (ActionStatus.NOT_ACHIEVED, "Say why action 2 was not achieved."),
        (ActionStatus.NO_LONGER_NEEDED, "Say why action 2 is no longer needed."),
    ],
)
def test_set_status_not_achieved_or_no_longer_needed_needs_a_reason(database, status, words):
    conference = make_conference(database)
    service = ActionService(fixed_context(database, LATER))
    _first, second = _complete(service, conference.id, 2)
    with pytest.raises(RuleError) as refused:
        service.set_status(second, status, reason="   ")
    assert str(refused.value) == words
    marked = service.set_status(second, status, reason="The family moved to a new home")
    assert (marked.status, marked.status_reason) == (status, "The family moved to a new home")


def test_set_status_back_to_in_progress_clears_the_achieved_details(database):
    conference = make_conference(database)
    service = ActionService(fixed_context(database, LATER))
    (action_id,) = _complete(service, conference.id, 1)
    service.set_status(
        action_id, ActionStatus.ACHIEVED, achieved_on=date(2027, 1, 5), confirmed_by="Priya Shah"
    )
    reopened = service.set_status(action_id, ActionStatus.IN_PROGRESS)
    assert (reopened.achieved_on, reopened.confirmed_by) == (None, "")


def test_add_progress_keeps_every_note_in_order(database):
    conference = make_conference(database)
    service = ActionService(fixed_context(database, LATER))
    (action_id,) = _complete(service, conference.id, 1)
    service.add_progress(action_id, "Heating fixed", noted_on=date(2027, 1, 2))
    noted = service.add_progress(action_id, "Fridge stocked on each visit")
    assert [(n.noted_on, n.text) for n in noted.progress] == [
        (date(2027, 1, 2), "Heating fixed"),
        (LATER.date(), "Fridge stocked on each visit"),
    ]
    assert noted.progress[0].author == "chair"
    with pytest.raises(ValidationError, match="cannot be empty"):
        service.add_progress(action_id, "  ")


def test_remove_action_deletes_one_added_by_mistake_and_renumbers(database):
    conference = make_conference(database)
    service = ActionService(fixed_context(database))
    first, second, third = _complete(service, conference.id, 3)
    service.remove_action(second)
    assert [(a.id, a.position) for a in service.actions(conference.id)] == [(first, 1), (third, 2)]
    with pytest.raises(NotFoundError, match="no action with id"):
        service.remove_action(second)


def test_move_action_puts_it_at_the_new_number(database):
    conference = make_conference(database)
    service = ActionService(fixed_context(database))
    first, second, third = _complete(service, conference.id, 3)
    plan = service.move_action(third, 1)
    assert [a.id for a in plan] == [third, first, second]
    assert [a.position for a in plan] == [1, 2, 3]
    service.move_action(third, 99)
    assert [a.id for a in service.actions(conference.id)] == [first, second, third]


def test_readiness_lists_each_missing_part_by_action_number(database):
    conference = make_conference(database)
    service = ActionService(fixed_context(database))
    _complete(service, conference.id, 1)
    service.add_action(conference.id, what="See the GP about sleep")
    service.add_action(conference.id)
    service.add_action(conference.id, what="Go to nursery", who=MOTHER, by_when=date(2027, 1, 4))
    readiness = service.readiness(conference.id)
    assert not readiness.ready
    assert readiness.problems == (
        "Action 2 does not yet say who will do it or by when.",
        "Action 3 does not yet say what needs to happen, who will do it or by when.",
    )


def test_readiness_of_an_empty_plan_says_so(database):
    conference = make_conference(database)
    readiness = ActionService(fixed_context(database)).readiness(conference.id)
    assert (readiness.ready, readiness.problems) == (False, ("The plan has no actions yet.",))


def test_readiness_warns_over_the_limit_but_does_not_refuse(database):
    conference = make_conference(database)
    service = ActionService(fixed_context(database))
    _complete(service, conference.id, 8)
    _complete(service, conference.id, 2, owner=ActionOwner.PROFESSIONAL)
    at_limit = service.readiness(conference.id)
    assert (at_limit.ready, at_limit.family_action_count, at_limit.limit) == (True, 8, 8)
    assert not at_limit.over_limit
    _complete(service, conference.id, 1)
    over = service.readiness(conference.id)
    assert (over.ready, over.family_action_count, over.over_limit) == (True, 9, True)
    assert len(service.actions(conference.id)) == 11


def test_readiness_uses_the_councils_action_limit(database):
    conference = make_conference(database)
    context = fixed_context(database)
    SettingsService(context, council_file=None).update(action_limit=5)
    service = ActionService(context)
    _complete(service, conference.id, 6)
    readiness = service.readiness(conference.id)
    assert (readiness.limit, readiness.over_limit) == (5, True)


def test_readiness_counts_only_family_actions_still_open(database):
    conference = make_conference(database)
    service = ActionService(fixed_context(database, LATER))
    first, second, _third = _complete(service, conference.id, 3)
    service.set_status(
        first, ActionStatus.ACHIEVED, achieved_on=date(2027, 1, 3), confirmed_by="Priya Shah"
    )
    service.set_status(second, ActionStatus.NO_LONGER_NEEDED, reason="The family moved")
    assert service.readiness(conference.id).family_action_count == 1


def test_action_changes_are_each_in_the_audit_trail(database):
    conference = make_conference(database)
    context = fixed_context(database, LATER)
    service = ActionService(context)
    before = audit.verify(context).events_checked
    (action_id,) = _complete(service, conference.id, 1)
    service.update_action(action_id, who=FATHER)
    service.add_progress(action_id, "Started")
    service.set_status(action_id, ActionStatus.IN_PROGRESS)
    service.move_action(action_id, 1)
    verdict = audit.verify(context)
    assert verdict.ok
    assert verdict.events_checked == before + 5


def test_actions_of_an_unknown_conference_is_a_plain_error(database):
    with pytest.raises(NotFoundError, match="no conference with id 999"):
        ActionService(fixed_context(database)).actions(999)
