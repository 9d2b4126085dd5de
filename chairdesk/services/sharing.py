"""Who may see what: the one place that builds a conference's view for an audience.

A parent's view is filtered here, before any document, screen or package exists (DESIGN.md §4):
nothing professionals-only, nothing withheld from that person, nothing heard while they were
excluded, no address. What is left out is counted, never described.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import Origin, PersonRole, Visibility
from chairdesk.errors import ValidationError
from chairdesk.models import (
    Action,
    AgendaItem,
    Conference,
    DangerStatement,
    Decision,
    Entry,
    Exclusion,
    Family,
    Participant,
    Person,
    Report,
    Scaling,
    SocialWorkerAllocation,
)
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load, load_conference
from chairdesk.services.conduct_views import conduct_view
from chairdesk.services.conferences import to_summary
from chairdesk.services.quoracy import assess_quoracy
from chairdesk.services.row_views import (
    action_view,
    agenda_item_view,
    danger_view,
    decision_view,
    entry_view,
    exclusion_view,
    participant_view,
    person_view,
    report_view,
    scaling_view,
)
from chairdesk.services.settings import SettingsService
from chairdesk.views import (
    Audience,
    ChecklistView,
    ConferenceView,
    FamilyView,
    ParentCopyItem,
    QuoracyView,
    ScalingPoint,
    SocialWorkerView,
)

RECIPIENT_ROLES = (PersonRole.PARENT, PersonRole.CARER, PersonRole.RELATIVE)


class _Restricted(Protocol):
    visibility: Visibility


def may_see(item: _Restricted, audience: Audience) -> bool:
    """The single visibility rule every part of a view goes through."""
    if audience.is_professionals:
        return True
    if item.visibility == Visibility.SHARED:
        return True
    if item.visibility == Visibility.WITHHELD:
        # Withheld from nobody named is a mistake: treat it as professionals-only, never as shared.
        withheld_from = getattr(item, "withheld_from", None) or []
        return bool(withheld_from) and audience.recipient_person_id not in withheld_from
    return False


@dataclass(frozen=True)
class _Window:
    started_at: datetime
    ended_at: datetime | None
    agenda_item_ids: frozenset[int]

    def covers(self, entry: Entry) -> bool:
        if entry.agenda_item_id in self.agenda_item_ids:
            return True
        end = self.ended_at or datetime.max
        return self.started_at <= entry.created_at <= end


class SharingService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def audiences(self, conference_id: int) -> tuple[Audience, ...]:
        """Professionals, then each parent, carer or relative who can receive their own copy."""
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            people = session.scalars(
                select(Person)
                .where(Person.family_id == conference.family_id, Person.role.in_(RECIPIENT_ROLES))
                .order_by(Person.id)
            ).all()
            parents = (Audience(recipient_person_id=p.id, recipient_name=p.name) for p in people)
            return (Audience.professionals(), *parents)

    def audience_for(self, conference_id: int, person_id: int | None) -> Audience:
        if person_id is None:
            return Audience.professionals()
        for audience in self.audiences(conference_id):
            if audience.recipient_person_id == person_id:
                return audience
        raise ValidationError(
            f"person {person_id} is not a parent, carer or relative in this family, "
            "so cannot receive a parent's copy"
        )

    def view(self, conference_id: int, audience: Audience | None = None) -> ConferenceView:
        audience = audience or Audience.professionals()
        with self.context.database.transaction() as session:
            return _build(session, self.context, load_conference(session, conference_id), audience)

    def parent_copy_checklist(self, view: ConferenceView) -> tuple[ParentCopyItem, ...]:
        """What a parent's copy holds from professionals' sources, pasted or imported text first."""
        return parent_copy_checklist(view)


def parent_copy_checklist(view: ConferenceView) -> tuple[ParentCopyItem, ...]:
    professionals = {p.id: p for p in view.participants if not p.role.is_family}
    items: list[ParentCopyItem] = []
    for entry in view.entries:
        pasted = entry.origin in (Origin.PASTED, Origin.IMPORTED)
        speaker = professionals.get(entry.speaker_participant_id or -1)
        if pasted or speaker is not None:
            source = speaker.agency or speaker.name if speaker else entry.speaker_name
            label = f"{source} (pasted text)" if entry.origin == Origin.PASTED else source
            if entry.origin == Origin.IMPORTED:
                label = f"{source} (imported text)"
            items.append(
                ParentCopyItem("entry", label or "unknown", _excerpt(entry.text), entry.id, pasted)
            )
    for report in view.reports:
        items.append(ParentCopyItem("report", report.agency, report.title or "report", report.id))
    for danger in view.danger_statements:
        items.append(
            ParentCopyItem("danger statement", "analysis", _excerpt(danger.danger), danger.id)
        )
    items.sort(key=lambda item: not item.pasted_or_imported)
    return tuple(items)


def _excerpt(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _build(
    session: Session, context: ServiceContext, conference: Conference, audience: Audience
) -> ConferenceView:
    for_parent = not audience.is_professionals
    family = load(session, Family, conference.family_id)
    if for_parent:
        recipient = session.get(Person, audience.recipient_person_id)
        if recipient is None or recipient.family_id != family.id:
            raise ValidationError("a parent's copy must be for a person in this family")
    hidden = 0
    settings = SettingsService(context).get()

    def keep(items: Iterable[Any]) -> list[Any]:
        nonlocal hidden
        kept = []
        for item in items:
            if may_see(item, audience):
                kept.append(item)
            else:
                hidden += 1
        return kept

    people = session.scalars(
        select(Person).where(Person.family_id == family.id).order_by(Person.id)
    ).all()
    participants = session.scalars(
        select(Participant)
        .where(Participant.conference_id == conference.id)
        .order_by(Participant.id)
    ).all()
    agenda = session.scalars(
        select(AgendaItem)
        .where(AgendaItem.conference_id == conference.id)
        .order_by(AgendaItem.position)
    ).all()
    exclusions = session.scalars(
        select(Exclusion)
        .where(Exclusion.conference_id == conference.id)
        .order_by(Exclusion.started_at)
    ).all()
    windows = _exclusion_windows(exclusions, participants, audience)

    entries = []
    for entry in session.scalars(
        select(Entry).where(Entry.conference_id == conference.id).order_by(Entry.id)
    ):
        if not may_see(entry, audience) or any(w.covers(entry) for w in windows):
            hidden += 1
            continue
        entries.append(entry)

    reports = keep(
        session.scalars(
            select(Report).where(Report.conference_id == conference.id).order_by(Report.id)
        )
    )
    dangers = keep(
        session.scalars(
            select(DangerStatement)
            .where(DangerStatement.conference_id == conference.id)
            .order_by(DangerStatement.position, DangerStatement.id)
        )
    )
    visible_dangers = {d.id for d in dangers}
    scalings = []
    for scaling in keep(
        session.scalars(
            select(Scaling).where(Scaling.conference_id == conference.id).order_by(Scaling.id)
        )
    ):
        # A score against a danger statement the audience may not see would reveal it.
        if (
            scaling.danger_statement_id is not None
            and scaling.danger_statement_id not in visible_dangers
        ):
            hidden += 1
            continue
        scalings.append(scaling)
    actions = keep(
        session.scalars(
            select(Action)
            .where(Action.conference_id == conference.id)
            .order_by(Action.position, Action.id)
        )
    )
    decisions = [
        d
        for d in session.scalars(
            select(Decision).where(Decision.conference_id == conference.id).order_by(Decision.id)
        )
        # Parents hear the decision once it is made, not the recommendations as they come in.
        if not for_parent or d.decided_at is not None
    ]
    names = {p.id: p.name for p in people}
    workers = session.scalars(
        select(SocialWorkerAllocation)
        .where(SocialWorkerAllocation.family_id == family.id)
        .order_by(SocialWorkerAllocation.from_date)
    ).all()

    return ConferenceView(
        audience=audience,
        summary=to_summary(session, conference),
        family=FamilyView(
            family.id,
            family.case_reference,
            family.family_name,
            None if for_parent else family.address,
        ),
        people=tuple(person_view(p, for_parent) for p in people),
        participants=tuple(participant_view(p) for p in participants),
        reports=tuple(report_view(r, settings) for r in reports),
        agenda=tuple(agenda_item_view(a, for_parent) for a in agenda),
        entries=tuple(entry_view(e, for_parent) for e in entries),
        danger_statements=tuple(danger_view(d) for d in dangers),
        scalings=tuple(scaling_view(s) for s in scalings),
        decisions=tuple(decision_view(d, names.get(d.child_id, "")) for d in decisions),
        actions=tuple(action_view(a) for a in actions),
        exclusions=()
        if for_parent
        else tuple(
            exclusion_view(x, next((p for p in participants if p.id == x.participant_id), None))
            for x in exclusions
        ),
        checklist=ChecklistView(
            chair_met_parents=conference.chair_met_parents,
            advocate_offered=conference.advocate_offered,
            interpreter_booked=conference.interpreter_booked,
            leaflet_given=conference.leaflet_given,
            told_speak_first=conference.told_speak_first,
            child_seen=conference.child_seen,
            notes="" if for_parent else conference.checklist_notes,
        ),
        chair_name=conference.chair_name,
        minute_taker_name=conference.minute_taker_name,
        lead_social_worker=conference.lead_social_worker,
        social_workers=tuple(
            SocialWorkerView(w.name, w.team, w.from_date, w.to_date) for w in workers
        ),
        started_at=conference.started_at,
        ended_at=conference.ended_at,
        core_group_on=conference.core_group_on,
        review_on=conference.review_on,
        plan_end_conditions=conference.plan_end_conditions,
        parents_not_first_reason=conference.parents_not_first_reason,
        # A note from the chair to the professionals: never in a parent's copy.
        inquorate_reason="" if for_parent else conference.inquorate_reason,
        quoracy=_quoracy(participants),
        risk_history=risk_history(session, conference, audience),
        marking=settings.marking,
        council_name=settings.council_name,
        complaints_text=settings.complaints_text,
        advocacy_services=tuple(settings.advocacy_services),
        withheld_count=hidden if for_parent else 0,
        conduct=conduct_view(session, conference, for_parent),
    )


def _exclusion_windows(
    exclusions: Sequence[Exclusion], participants: Sequence[Participant], audience: Audience
) -> list[_Window]:
    if audience.is_professionals:
        return []
    theirs = {p.id for p in participants if p.person_id == audience.recipient_person_id}
    return [
        _Window(x.started_at, x.ended_at, frozenset(x.agenda_item_ids or []))
        for x in exclusions
        if x.participant_id in theirs
    ]


def risk_history(
    session: Session, conference: Conference, audience: Audience
) -> tuple[ScalingPoint, ...]:
    """The overall scaling at this conference and each before it, oldest first."""
    chain: list[Conference] = []
    current: Conference | None = conference
    while current is not None and len(chain) < 50:
        chain.append(current)
        current = session.get(Conference, current.previous_id) if current.previous_id else None
    points = []
    for item in reversed(chain):
        scores = [
            s.score
            for s in session.scalars(
                select(Scaling).where(
                    Scaling.conference_id == item.id,
                    Scaling.child_id.is_(None),
                    Scaling.danger_statement_id.is_(None),
                )
            )
            if may_see(s, audience)
        ]
        points.append(
            ScalingPoint(
                conference_id=item.id,
                held_on=item.scheduled_at.date(),
                median=float(statistics.median(scores)) if scores else None,
                low=min(scores) if scores else None,
                high=max(scores) if scores else None,
            )
        )
    return tuple(points)


def _quoracy(participants: Sequence[Participant]) -> QuoracyView:
    return assess_quoracy(tuple(participant_view(p) for p in participants))
