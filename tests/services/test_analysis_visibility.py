"""Who sees a danger statement or a score: changed alone, refused plainly, kept from parents."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from chairdesk.domain import UserRole, Visibility
from chairdesk.errors import NotFoundError, PermissionDeniedError, ValidationError
from chairdesk.export import DocumentKind
from chairdesk.models import AuditEvent
from chairdesk.services import audit
from chairdesk.services.analysis import AnalysisService
from chairdesk.services.issuing import IssueService
from chairdesk.services.sharing import SharingService
from tests.services.builders import FATHER, MOTHER, fixed_context, make_conference, person_id

DANGER = "MARKER-DANGER-neighbour"
GOAL = "MARKER-GOAL-supervised"
REASON = "MARKER-REASON-police-enquiry"


def _meeting(database):
    conference = make_conference(database)
    context = fixed_context(database)
    analysis = AnalysisService(context)
    statement = analysis.add_danger_statement(conference.id, DANGER, GOAL)
    scaling = analysis.record_scaling(conference.id, "Priya Shah", 4, REASON)
    return conference, context, analysis, statement, scaling


def _events(database, conference_id):
    with database.transaction() as session:
        return session.scalars(
            select(AuditEvent)
            .where(AuditEvent.conference_id == conference_id)
            .order_by(AuditEvent.id)
        ).all()


def _parents_copies(context, conference_id):
    """The plan and the record as each recipient would receive them, as plain text, by name."""
    issuing = IssueService(context)
    return {
        audience.recipient_name: "\n".join(
            issuing.preview(conference_id, kind, audience).plain_text()
            for kind in (DocumentKind.PLAN, DocumentKind.RECORD)
        )
        for audience in SharingService(context).audiences(conference_id)
    }


def test_analysis_set_scaling_visibility_keeps_a_score_from_parents_and_shares_it_again(database):
    conference, context, analysis, _, scaling = _meeting(database)

    kept = analysis.set_scaling_visibility(scaling.id, Visibility.PROFESSIONALS)

    assert kept.visibility == Visibility.PROFESSIONALS
    assert (kept.score, kept.reason, kept.scorer_name) == (4, REASON, "Priya Shah")
    assert analysis.scalings(conference.id) == (kept,)
    copies = _parents_copies(context, conference.id)
    assert REASON in copies["Professionals"]
    assert all(REASON not in text for name, text in copies.items() if name != "Professionals")

    shared = analysis.set_scaling_visibility(scaling.id, Visibility.SHARED)
    assert shared.visibility == Visibility.SHARED
    assert REASON in _parents_copies(context, conference.id)[MOTHER]


def test_analysis_set_scaling_visibility_is_audited_without_names_or_words(database):
    conference, _, analysis, _, scaling = _meeting(database)
    analysis.set_scaling_visibility(scaling.id, Visibility.PROFESSIONALS)
    event = _events(database, conference.id)[-1]
    assert (event.action, event.record_type, event.record_id) == (
        "scaling.visibility",
        "scaling",
        scaling.id,
    )
    assert event.detail == {"from": "shared", "to": "professionals"}
    assert "MARKER" not in json.dumps(event.detail) and "Priya" not in json.dumps(event.detail)
    assert audit.verify(analysis.context).ok


def test_analysis_set_scaling_visibility_a_minute_taker_may_keep_but_not_share(database):
    conference, context, analysis, _, scaling = _meeting(database)
    minutes = AnalysisService(replace(context, user="Sam Reid", role=UserRole.MINUTE_TAKER))

    kept = minutes.set_scaling_visibility(scaling.id, Visibility.PROFESSIONALS)
    assert kept.visibility == Visibility.PROFESSIONALS
    events_before = len(_events(database, conference.id))

    with pytest.raises(PermissionDeniedError, match="only a chair can make something visible"):
        minutes.set_scaling_visibility(scaling.id, Visibility.SHARED)

    assert analysis.scalings(conference.id)[0].visibility == Visibility.PROFESSIONALS
    assert len(_events(database, conference.id)) == events_before  # a refusal writes nothing
    assert analysis.set_scaling_visibility(scaling.id, Visibility.SHARED).visibility == (
        Visibility.SHARED
    )


def test_analysis_set_scaling_visibility_refuses_what_a_score_cannot_be(database):
    conference, _, analysis, _, scaling = _meeting(database)
    view = SharingService(analysis.context).view(conference.id)
    father = person_id(view, FATHER)
    with pytest.raises(ValidationError, match="shared or for professionals only"):
        analysis.set_scaling_visibility(scaling.id, Visibility.WITHHELD, (father,))
    with pytest.raises(ValidationError, match="only something withheld"):
        analysis.set_scaling_visibility(scaling.id, Visibility.PROFESSIONALS, (father,))
    with pytest.raises(ValidationError, match="visibility must be one of"):
        analysis.set_scaling_visibility(scaling.id, "everyone")  # type: ignore[arg-type]
    with pytest.raises(NotFoundError):
        analysis.set_scaling_visibility(scaling.id + 1000, Visibility.PROFESSIONALS)
    assert analysis.scalings(conference.id)[0].visibility == Visibility.SHARED


def test_analysis_danger_statement_withheld_from_one_parent_reaches_only_the_other(database):
    conference, context, analysis, statement, _ = _meeting(database)
    view = SharingService(context).view(conference.id)
    father = person_id(view, FATHER)

    withheld = analysis.update_danger_statement(
        statement.id, visibility=Visibility.WITHHELD, withheld_from=(father,)
    )

    assert (withheld.visibility, withheld.withheld_from) == (Visibility.WITHHELD, (father,))
    assert (withheld.danger, withheld.safety_goal) == (DANGER, GOAL)
    copies = _parents_copies(context, conference.id)
    assert DANGER in copies[MOTHER] and GOAL in copies[MOTHER]
    assert DANGER not in copies[FATHER] and GOAL not in copies[FATHER]
    assert DANGER in copies["Professionals"]

    analysis.update_danger_statement(statement.id, visibility=Visibility.PROFESSIONALS)
    copies = _parents_copies(context, conference.id)
    assert all(DANGER not in text for name, text in copies.items() if name != "Professionals")


def test_analysis_a_score_against_a_kept_danger_statement_stays_off_parents_copies(database):
    conference, context, analysis, statement, _ = _meeting(database)
    against = analysis.record_scaling(
        conference.id, "Jo Bright", 6, "MARKER-AGAINST-score", danger_statement_id=statement.id
    )
    analysis.update_danger_statement(statement.id, visibility=Visibility.PROFESSIONALS)
    assert against.visibility == Visibility.SHARED
    for name, text in _parents_copies(context, conference.id).items():
        assert ("MARKER-AGAINST-score" in text) == (name == "Professionals")
