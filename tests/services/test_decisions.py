"""Decisions per child: recommendations, categories, the chair deciding, dissent and why."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from chairdesk.domain import Category, ConferenceKind, Outcome
from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import AuditEvent
from chairdesk.services import audit
from chairdesk.services.decisions import DecisionService
from chairdesk.services.sharing import SharingService
from tests.services.builders import (
    AGENCIES,
    GRANDMOTHER,
    MOTHER,
    OLDER_CHILD,
    YOUNGER_CHILD,
    fixed_context,
    make_conference,
    participant_id,
    person_id,
)

NEGLECT = Category.NEGLECT


def _meeting(database, kind=ConferenceKind.INITIAL):
    conference = make_conference(database, kind=kind)
    context = fixed_context(database)
    view = SharingService(context).view(conference.id)
    return conference, DecisionService(context), view


def _plan(decisions, conference_id, child_id, **extra):
    return decisions.decide(
        conference_id,
        child_id,
        likely_significant_harm=True,
        outcome=Outcome.PLAN,
        category=NEGLECT,
        reasons="Repeated missed health appointments and no food in the home",
        **extra,
    )


def test_decisions_are_per_child(database):
    conference, decisions, view = _meeting(database)
    maya, leo = person_id(view, OLDER_CHILD), person_id(view, YOUNGER_CHILD)
    _plan(decisions, conference.id, maya)
    decisions.decide(
        conference.id,
        leo,
        likely_significant_harm=False,
        outcome=Outcome.CHILD_IN_NEED,
        category=None,
        reasons="Needs are met with support",
    )
    recorded = decisions.decisions(conference.id)
    assert [(d.child_name, d.outcome, d.category) for d in recorded] == [
        (OLDER_CHILD, Outcome.PLAN, NEGLECT),
        (YOUNGER_CHILD, Outcome.CHILD_IN_NEED, None),
    ]
    again = _plan(decisions, conference.id, leo)
    assert len(decisions.decisions(conference.id)) == 2
    assert again.outcome == Outcome.PLAN


@pytest.mark.parametrize("name", [MOTHER, GRANDMOTHER])
def test_decisions_refuse_an_adult_as_the_child(database, name):
    conference, decisions, view = _meeting(database)
    with pytest.raises(ValidationError, match="not a child"):
        _plan(decisions, conference.id, person_id(view, name))


def test_decisions_refuse_a_child_of_another_family(database):
    conference, decisions, _ = _meeting(database)
    other = SharingService(decisions.context).view(make_conference(database).id)
    with pytest.raises(ValidationError, match="not a child"):
        _plan(decisions, conference.id, other.children[0].id)


def test_decisions_plan_needs_a_category(database):
    conference, decisions, view = _meeting(database)
    with pytest.raises(RuleError, match="needs a category"):
        decisions.decide(
            conference.id,
            person_id(view, OLDER_CHILD),
            likely_significant_harm=True,
            outcome=Outcome.PLAN,
            category=None,
            reasons="Reasons",
        )
    assert decisions.decisions(conference.id) == ()


def test_decisions_other_outcomes_take_no_category(database):
    conference, decisions, view = _meeting(database)
    with pytest.raises(ValidationError, match="category goes only with"):
        decisions.decide(
            conference.id,
            person_id(view, OLDER_CHILD),
            likely_significant_harm=False,
            outcome=Outcome.NO_FURTHER_ACTION,
            category=NEGLECT,
            reasons="Reasons",
        )


def test_decisions_plan_follows_likely_significant_harm(database):
    conference, decisions, view = _meeting(database)
    maya = person_id(view, OLDER_CHILD)
    with pytest.raises(RuleError, match="only when the child is likely"):
        decisions.decide(
            conference.id,
            maya,
            likely_significant_harm=False,
            outcome=Outcome.PLAN,
            category=NEGLECT,
            reasons="Reasons",
        )
    with pytest.raises(RuleError, match="needs a child protection plan"):
        decisions.decide(
            conference.id,
            maya,
            likely_significant_harm=True,
            outcome=Outcome.CHILD_IN_NEED,
            category=None,
            reasons="Reasons",
        )


def test_decisions_a_plan_ends_only_at_a_review_or_transfer(database):
    conference, decisions, view = _meeting(database)
    with pytest.raises(RuleError, match="review or transfer-in"):
        decisions.decide(
            conference.id,
            person_id(view, OLDER_CHILD),
            likely_significant_harm=False,
            outcome=Outcome.PLAN_ENDS,
            category=None,
            reasons="Reasons",
        )


@pytest.mark.parametrize("reasons", ["", "   "])
def test_decisions_need_reasons(database, reasons):
    conference, decisions, view = _meeting(database)
    with pytest.raises(RuleError, match="give the reasons"):
        decisions.decide(
            conference.id,
            person_id(view, OLDER_CHILD),
            likely_significant_harm=True,
            outcome=Outcome.PLAN,
            category=NEGLECT,
            reasons=reasons,
        )


def test_decisions_one_recommendation_per_agency_per_child(database):
    conference, decisions, view = _meeting(database)
    maya = person_id(view, OLDER_CHILD)
    decisions.record_recommendation(conference.id, maya, "Police", Outcome.CHILD_IN_NEED)
    pending = decisions.record_recommendation(
        conference.id, maya, "police ", Outcome.PLAN, NEGLECT, "Changed our view", name="DC Ames"
    )
    assert [(r.agency, r.outcome, r.category, r.name) for r in pending.recommendations] == [
        ("Police", Outcome.PLAN, NEGLECT, "DC Ames")
    ]
    school = participant_id(view, "Tom Hale")
    with_school = decisions.record_recommendation(
        conference.id, maya, "", Outcome.PLAN, NEGLECT, participant_id=school
    )
    assert [(r.agency, r.name) for r in with_school.recommendations][1] == (AGENCIES[2], "Tom Hale")
    assert pending.reasons == ""


def test_decisions_chair_decides_when_recommendations_differ(database):
    conference, decisions, view = _meeting(database)
    maya = person_id(view, OLDER_CHILD)
    decisions.record_recommendation(conference.id, maya, AGENCIES[0], Outcome.PLAN, NEGLECT)
    decisions.record_recommendation(conference.id, maya, "GP", Outcome.CHILD_IN_NEED)
    with pytest.raises(RuleError, match="give the reasons"):
        decisions.decide(
            conference.id,
            maya,
            likely_significant_harm=True,
            outcome=Outcome.PLAN,
            category=NEGLECT,
            reasons=" ",
        )
    decided = _plan(decisions, conference.id, maya)
    assert decided.chair_decided is True
    assert len(decided.recommendations) == 2
    assert decided.reasons.startswith("Repeated missed")


def test_decisions_agreeing_recommendations_leave_the_chair_flag_alone(database):
    conference, decisions, view = _meeting(database)
    leo = person_id(view, YOUNGER_CHILD)
    for agency in AGENCIES[:3]:
        decisions.record_recommendation(conference.id, leo, agency, Outcome.PLAN, NEGLECT)
    assert _plan(decisions, conference.id, leo).chair_decided is False
    assert _plan(decisions, conference.id, leo, chair_decided=True).chair_decided is True


def test_decisions_different_categories_count_as_disagreement(database):
    conference, decisions, view = _meeting(database)
    leo = person_id(view, YOUNGER_CHILD)
    decisions.record_recommendation(conference.id, leo, "GP", Outcome.PLAN, NEGLECT)
    decisions.record_recommendation(
        conference.id, leo, "Police", Outcome.PLAN, Category.EMOTIONAL_ABUSE
    )
    assert _plan(decisions, conference.id, leo).chair_decided is True


def test_decisions_dissent_is_recorded_with_who_and_why(database):
    conference, decisions, view = _meeting(database)
    decision = _plan(decisions, conference.id, person_id(view, OLDER_CHILD))
    with pytest.raises(RuleError, match="say why"):
        decisions.add_dissent(decision.id, "Dr Ian Cole", "")
    with pytest.raises(RuleError, match="say who"):
        decisions.add_dissent(decision.id, "", "Support would be enough")
    gp = participant_id(view, "Dr Ian Cole")
    with_dissent = decisions.add_dissent(
        decision.id, "", "Support would be enough", participant_id=gp
    )
    (dissent,) = with_dissent.dissents
    assert (dissent.name, dissent.agency, dissent.reason) == (
        "Dr Ian Cole",
        "GP",
        "Support would be enough",
    )
    assert decisions.remove_dissent(dissent.id).dissents == ()


def test_decisions_dissent_needs_a_decision_first(database):
    conference, decisions, view = _meeting(database)
    pending = decisions.record_recommendation(
        conference.id, person_id(view, OLDER_CHILD), "GP", Outcome.CHILD_IN_NEED
    )
    with pytest.raises(RuleError, match="record the decision first"):
        decisions.add_dissent(pending.id, "Dr Ian Cole", "Disagrees")


def test_decisions_changes_are_audited_without_names_or_text(database):
    conference, decisions, view = _meeting(database)
    maya = person_id(view, OLDER_CHILD)
    decisions.record_recommendation(
        conference.id, maya, "GP", Outcome.PLAN, NEGLECT, "Secrettext a", name="Dr Ian Cole"
    )
    decision = decisions.decide(
        conference.id,
        maya,
        likely_significant_harm=True,
        outcome=Outcome.PLAN,
        category=NEGLECT,
        reasons="Secrettext b",
    )
    dissent = decisions.add_dissent(decision.id, "Dr Ian Cole", "Secrettext c").dissents[0]
    decisions.remove_dissent(dissent.id)
    with database.transaction() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.conference_id == conference.id)
        ).all()
        actions = [e.action for e in events]
        details = json.dumps([e.detail for e in events])
    assert actions[1:] == [
        "decision.recommend",
        "decision.decide",
        "decision.dissent",
        "decision.dissent_remove",
    ]
    assert "Secrettext" not in details and "Cole" not in details and OLDER_CHILD not in details
    assert audit.verify(decisions.context).ok
