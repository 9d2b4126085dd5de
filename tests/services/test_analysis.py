"""Danger statements with safety goals, and 0 to 10 scaling: replaced, spread, refused plainly."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from chairdesk.domain import Visibility
from chairdesk.errors import ValidationError
from chairdesk.models import AuditEvent
from chairdesk.services import audit
from chairdesk.services.analysis import AnalysisService
from chairdesk.services.sharing import SharingService
from chairdesk.views import ScalingSpread
from tests.services.builders import (
    FATHER,
    MOTHER,
    OLDER_CHILD,
    YOUNGER_CHILD,
    fixed_context,
    make_conference,
    participant_id,
    person_id,
)


def _meeting(database):
    conference = make_conference(database)
    context = fixed_context(database)
    view = SharingService(context).view(conference.id)
    return conference, AnalysisService(context), view


def test_analysis_danger_statements_pair_with_safety_goals_in_order(database):
    conference, analysis, _ = _meeting(database)
    first = analysis.add_danger_statement(
        conference.id, "Maya may be hurt when adults argue", "Maya is kept away from arguments"
    )
    second = analysis.add_danger_statement(
        conference.id, "Leo may go hungry", "Leo has three meals a day", Visibility.PROFESSIONALS
    )
    assert (first.position, second.position) == (0, 1)
    assert second.visibility == Visibility.PROFESSIONALS
    assert analysis.danger_statements(conference.id) == (first, second)
    assert analysis.danger_statements(conference.id)[0].safety_goal == (
        "Maya is kept away from arguments"
    )


def test_analysis_danger_statement_needs_words(database):
    conference, analysis, _ = _meeting(database)
    with pytest.raises(ValidationError, match="danger statement cannot be empty"):
        analysis.add_danger_statement(conference.id, "  ", "A goal")


def test_analysis_update_danger_statement_changes_only_what_is_given(database):
    conference, analysis, view = _meeting(database)
    statement = analysis.add_danger_statement(conference.id, "Worry", "Goal")
    updated = analysis.update_danger_statement(statement.id, safety_goal="A better goal")
    assert (updated.danger, updated.safety_goal) == ("Worry", "A better goal")
    father = person_id(view, FATHER)
    withheld = analysis.update_danger_statement(
        statement.id, visibility=Visibility.WITHHELD, withheld_from=[father]
    )
    assert (withheld.visibility, withheld.withheld_from) == (Visibility.WITHHELD, (father,))
    with pytest.raises(ValidationError, match="at least one person"):
        analysis.update_danger_statement(statement.id, withheld_from=[])


def test_analysis_removing_a_danger_statement_removes_its_scalings(database):
    conference, analysis, _ = _meeting(database)
    statement = analysis.add_danger_statement(conference.id, "Worry", "Goal")
    analysis.record_scaling(conference.id, "Priya Shah", 4, "", danger_statement_id=statement.id)
    overall = analysis.record_scaling(conference.id, "Priya Shah", 5, "Overall")
    analysis.remove_danger_statement(statement.id)
    assert analysis.danger_statements(conference.id) == ()
    assert analysis.scalings(conference.id) == (overall,)


@pytest.mark.parametrize("score", [0, 5, 10])
def test_analysis_scaling_accepts_whole_numbers_from_0_to_10(database, score):
    conference, analysis, _ = _meeting(database)
    recorded = analysis.record_scaling(conference.id, "Jo Bright", score, "Because")
    assert recorded.score == score
    assert analysis.scalings(conference.id) == (recorded,)


@pytest.mark.parametrize("score", [-1, 11, 100, 5.0, 4.5, "7", None, True, False])
def test_analysis_scaling_refuses_anything_else_plainly(database, score):
    conference, analysis, _ = _meeting(database)
    with pytest.raises(ValidationError, match="from 0 to 10"):
        analysis.record_scaling(conference.id, "Jo Bright", score, "Because")
    assert analysis.scalings(conference.id) == ()


def test_analysis_same_scorer_replaces_their_score_per_child(database):
    conference, analysis, view = _meeting(database)
    maya, leo = person_id(view, OLDER_CHILD), person_id(view, YOUNGER_CHILD)
    police = participant_id(view, "DC Ruth Ames")
    analysis.record_scaling(conference.id, "", 3, "First go", participant_id=police)
    again = analysis.record_scaling(conference.id, "", 4, "Thought again", participant_id=police)
    for_maya = analysis.record_scaling(
        conference.id, "", 2, "", participant_id=police, child_id=maya
    )
    analysis.record_scaling(conference.id, MOTHER, 8, "We are doing well", child_id=leo)
    mother_again = analysis.record_scaling(conference.id, MOTHER, 9, "Better", child_id=leo)
    scalings = analysis.scalings(conference.id)
    assert len(scalings) == 3
    assert again.scorer_name == "DC Ruth Ames"
    assert {s.id: s.score for s in scalings} == {again.id: 4, for_maya.id: 2, mother_again.id: 9}


def test_analysis_spread_gives_low_high_and_median(database):
    conference, analysis, view = _meeting(database)
    assert analysis.spread(conference.id) == ScalingSpread(0, None, None, None)
    for name, score in [("A", 2), ("B", 7), ("C", 4), ("D", 5)]:
        analysis.record_scaling(conference.id, name, score, "")
    analysis.record_scaling(conference.id, "A", 10, "", child_id=person_id(view, OLDER_CHILD))
    assert analysis.spread(conference.id) == ScalingSpread(4, 2, 7, 4.5)
    maya = analysis.spread(conference.id, person_id(view, OLDER_CHILD))
    assert maya == ScalingSpread(1, 10, 10, 10.0)


def test_analysis_scaling_checks_who_and_which_child(database):
    conference, analysis, view = _meeting(database)
    with pytest.raises(ValidationError, match="who gave this score"):
        analysis.record_scaling(conference.id, " ", 5, "")
    with pytest.raises(ValidationError, match="not a child"):
        analysis.record_scaling(conference.id, "A", 5, "", child_id=person_id(view, FATHER))
    with pytest.raises(ValidationError, match="shared or for professionals only"):
        analysis.record_scaling(conference.id, "A", 5, "", visibility=Visibility.WITHHELD)


def test_analysis_changes_are_audited_without_names_or_text(database):
    conference, analysis, _ = _meeting(database)
    statement = analysis.add_danger_statement(conference.id, "Secrettext a", "Secrettext b")
    analysis.update_danger_statement(statement.id, danger="Secrettext c")
    scaling = analysis.record_scaling(conference.id, MOTHER, 6, "Secrettext d")
    analysis.remove_scaling(scaling.id)
    analysis.remove_danger_statement(statement.id)
    with database.transaction() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.conference_id == conference.id)
        ).all()
        actions = [e.action for e in events]
        details = json.dumps([e.detail for e in events])
    for action in ("danger.add", "danger.update", "scaling.record", "scaling.remove"):
        assert action in actions
    assert actions[-1] == "danger.remove"
    assert "Secrettext" not in details and MOTHER not in details
    assert audit.verify(analysis.context).ok
