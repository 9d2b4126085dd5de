"""Each row of a conference's record as its frozen view, with what a parent's copy omits blanked."""

from __future__ import annotations

import dataclasses

from chairdesk.models import (
    Action,
    AgendaItem,
    DangerStatement,
    Decision,
    Entry,
    Exclusion,
    Participant,
    Person,
    Report,
    Scaling,
)
from chairdesk.services.settings import CouncilSettings
from chairdesk.services.timescales import report_shared_lateness
from chairdesk.views import (
    ActionView,
    AgendaItemView,
    DangerStatementView,
    DateMoveView,
    DecisionView,
    DissentView,
    EntryView,
    ExclusionView,
    ParticipantView,
    PersonView,
    ProgressNoteView,
    RecommendationView,
    ReportView,
    ScalingView,
)


def person_view(person: Person, for_parent: bool) -> PersonView:
    return PersonView(
        id=person.id,
        family_id=person.family_id,
        name=person.name,
        role=person.role,
        date_of_birth=person.date_of_birth,
        due_date=person.due_date,
        parental_responsibility=person.parental_responsibility,
        language=person.language,
        interpreter_needed=person.interpreter_needed,
        address_protected=person.address_protected,
        address=None if for_parent else person.address,
        gender=person.gender,
        withheld_from=() if for_parent else tuple(person.withheld_from or ()),
    )


def participant_view(p: Participant) -> ParticipantView:
    return ParticipantView(
        id=p.id,
        name=p.name,
        role=p.role,
        agency=p.agency,
        job_title=p.job_title,
        person_id=p.person_id,
        invited=p.invited,
        attendance=p.attendance,
        present_for=p.present_for,
        arrived_at=p.arrived_at,
        items_missed=p.items_missed,
    )


def report_view(r: Report, rules: CouncilSettings | None = None) -> ReportView:
    """A report; with the council's rules, also how many working days before the conference
    the parents received it and whether that was late (DOMAIN.md §2)."""
    view = ReportView(
        r.id,
        r.agency,
        r.author,
        r.title,
        r.received_on,
        r.shared_with_parents_on,
        r.visibility,
        tuple(r.withheld_from or ()),
    )
    if rules is None:
        return view
    conference = r.conference
    held_on = conference.scheduled_at.date()
    if r.shared_with_parents_on is None:
        # Only the limit: how many working days it should have had.
        lateness = report_shared_lateness(held_on, held_on, conference.kind, rules)
        return dataclasses.replace(view, working_days_required=lateness.required)
    lateness = report_shared_lateness(r.shared_with_parents_on, held_on, conference.kind, rules)
    return dataclasses.replace(
        view,
        working_days_before=lateness.working_days_before,
        working_days_required=lateness.required,
        shared_late=lateness.late,
    )


def agenda_item_view(a: AgendaItem, for_parent: bool = False) -> AgendaItemView:
    # A reason for skipping or moving an item can carry restricted detail.
    return AgendaItemView(
        a.id,
        a.kind,
        a.title,
        a.position,
        a.status,
        a.started_at,
        a.ended_at,
        "" if for_parent else a.reason,
        a.agency,
        a.participant_id,
    )


def entry_view(e: Entry, for_parent: bool = False) -> EntryView:
    return EntryView(
        id=e.id,
        agenda_item_id=e.agenda_item_id,
        heading=e.heading,
        text=e.text,
        visibility=e.visibility,
        origin=e.origin,
        speaker_name=e.speaker_name,
        speaker_participant_id=e.speaker_participant_id,
        withheld_from=() if for_parent else tuple(e.withheld_from or ()),
        child_id=e.child_id,
        author=e.author,
        created_at=e.created_at,
        updated_at=e.updated_at,
    )


def danger_view(d: DangerStatement) -> DangerStatementView:
    return DangerStatementView(
        id=d.id,
        danger=d.text,
        safety_goal=d.safety_goal.text if d.safety_goal else "",
        visibility=d.visibility,
        position=d.position,
        withheld_from=tuple(d.withheld_from or ()),
        carried_from_id=d.carried_from_id,
        created_at=d.created_at,
    )


def scaling_view(s: Scaling) -> ScalingView:
    return ScalingView(
        id=s.id,
        scorer_name=s.scorer_name,
        score=s.score,
        reason=s.reason,
        participant_id=s.participant_id,
        child_id=s.child_id,
        danger_statement_id=s.danger_statement_id,
        visibility=s.visibility,
        created_at=s.created_at,
    )


def decision_view(d: Decision, child_name: str) -> DecisionView:
    return DecisionView(
        id=d.id,
        child_id=d.child_id,
        child_name=child_name,
        likely_significant_harm=d.likely_significant_harm,
        outcome=d.outcome,
        category=d.category,
        reasons=d.reasons,
        chair_decided=d.chair_decided,
        recommendations=tuple(
            RecommendationView(
                r.id,
                r.agency,
                r.name,
                r.outcome,
                r.category,
                r.reason,
                r.participant_id,
                r.created_at,
            )
            for r in d.recommendations
        ),
        dissents=tuple(
            DissentView(x.id, x.name, x.agency, x.reason, x.participant_id, x.created_at)
            for x in d.dissents
        ),
        decided_at=d.decided_at,
        created_at=d.created_at,
    )


def action_view(a: Action) -> ActionView:
    return ActionView(
        id=a.id,
        position=a.position,
        what=a.what,
        who=a.who,
        owner=a.owner,
        by_when=a.by_when,
        why=a.why,
        how_we_will_know=a.how_we_will_know,
        support=a.support,
        if_not_done=a.if_not_done,
        status=a.status,
        status_reason=a.status_reason,
        achieved_on=a.achieved_on,
        confirmed_by=a.confirmed_by,
        reason_added=a.reason_added,
        carried_from_id=a.carried_from_id,
        child_ids=tuple(a.child_ids or ()),
        progress=tuple(
            ProgressNoteView(n.id, n.noted_on, n.text, n.author, n.created_at) for n in a.progress
        ),
        visibility=a.visibility,
        withheld_from=tuple(a.withheld_from or ()),
        date_moves=tuple(
            DateMoveView(m.moved_at, m.from_date, m.to_date, m.moved_by, m.reason)
            for m in a.date_moves
        ),
        created_at=a.created_at,
    )


def exclusion_view(x: Exclusion, who: Participant | None) -> ExclusionView:
    return ExclusionView(
        id=x.id,
        participant_id=x.participant_id,
        participant_name=who.name if who else "",
        person_id=x.person_id,
        started_at=x.started_at,
        ended_at=x.ended_at,
        reason=x.reason,
        agenda_item_ids=tuple(x.agenda_item_ids or ()),
    )
