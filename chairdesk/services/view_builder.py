"""Building one audience's view of a conference: every row through the rule in redaction.py.

Filtering happens here, before any document, screen or package exists (DESIGN.md §4). For a
family audience each kept item is shown as the audience sees it: shared, withheld from nobody,
so a parent's copy never hints at what is kept from someone else. What is left out is counted,
never described.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import Visibility
from chairdesk.errors import ValidationError
from chairdesk.models import (
    Action,
    AgendaItem,
    ChildStatement,
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
    Sitting,
    SocialWorkerAllocation,
)
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load
from chairdesk.services.conduct_views import conduct_view
from chairdesk.services.conferences import to_summary
from chairdesk.services.quoracy import assess_quoracy
from chairdesk.services.redaction import (
    AbsenceWindow,
    HiddenPeople,
    KeptFrom,
    absence_windows,
    heard_while_out,
    may_see,
)
from chairdesk.services.risk_history import risk_history
from chairdesk.services.risk_history import rows as _rows
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
    ActionView,
    Audience,
    ChecklistView,
    ConductView,
    ConferenceView,
    DecisionView,
    FamilyView,
    ParticipantView,
    QuoracyView,
    SittingView,
    SocialWorkerView,
)

V = TypeVar("V")


class _Counter:
    """Counts what one audience does not see."""

    def __init__(self) -> None:
        self.hidden = 0

    def keep(self, visible: bool) -> bool:
        if not visible:
            self.hidden += 1
        return visible


def build_view(
    session: Session, context: ServiceContext, conference: Conference, audience: Audience
) -> ConferenceView:
    """The whole conference as `audience` may see it."""
    for_family = not audience.is_professionals
    family = load(session, Family, conference.family_id)
    people = _rows(session, select(Person).where(Person.family_id == family.id), Person.id)
    if audience.recipient_person_id is not None and not any(
        p.id == audience.recipient_person_id for p in people
    ):
        raise ValidationError("a parent's copy must be for a person in this family")
    participants = _rows(
        session,
        select(Participant).where(Participant.conference_id == conference.id),
        Participant.id,
    )
    exclusions = _rows(
        session,
        select(Exclusion).where(Exclusion.conference_id == conference.id),
        Exclusion.started_at,
        Exclusion.id,
    )
    settings = SettingsService(context).get()
    sittings = _rows(
        session, select(Sitting).where(Sitting.conference_id == conference.id), Sitting.started_at
    )
    windows = absence_windows(exclusions, audience, sittings)
    hidden = KeptFrom(people, participants, audience)
    count = _Counter()
    rows = _Rows(session, conference.id)

    def allowed(item: Any, *texts: str | None, at: Any = None, agenda_item_id: Any = None) -> bool:
        visible = (
            may_see(item, audience)
            and not heard_while_out(windows, at, agenda_item_id)
            and not hidden.named_in(*texts)
        )
        return count.keep(visible)

    kept_people = [p for p in people if count.keep(not hidden.is_person(p.id))]
    kept_participants = [
        p
        for p in participants
        if count.keep(
            not hidden.is_participant(p.id) and not hidden.named_in(p.name, p.agency, p.job_title)
        )
    ]
    agenda = [
        a
        for a in rows.all(AgendaItem, AgendaItem.position)
        if count.keep(
            not hidden.is_participant(a.participant_id) and not hidden.named_in(a.title, a.agency)
        )
    ]
    shown_items = {a.id for a in agenda}
    entries = [
        e
        for e in rows.all(Entry, Entry.id)
        if e.agenda_item_id in shown_items
        and not hidden.is_participant(e.speaker_participant_id)
        and not hidden.is_person(e.child_id)
        and allowed(e, e.text, e.speaker_name, at=e.created_at, agenda_item_id=e.agenda_item_id)
        # Words changed while someone was out are words they did not hear.
        and count.keep(not heard_while_out(windows, e.updated_at))
    ]
    reports = [r for r in rows.all(Report, Report.id) if allowed(r, r.title, r.author, r.agency)]
    dangers = [
        d
        for d in rows.all(DangerStatement, DangerStatement.position, DangerStatement.id)
        if allowed(d, d.text, d.safety_goal.text if d.safety_goal else "", at=d.created_at)
    ]
    shown_dangers = {d.id for d in dangers}
    scalings = [
        s
        for s in rows.all(Scaling, Scaling.id)
        # A score against a danger statement the audience may not see would reveal it.
        if (s.danger_statement_id is None or s.danger_statement_id in shown_dangers)
        and not hidden.is_participant(s.participant_id)
        and not hidden.is_person(s.child_id)
        and allowed(s, s.reason, s.scorer_name, at=s.created_at)
    ]
    actions = [
        a
        for a in rows.all(Action, Action.position, Action.id)
        # An action about no one but someone withheld from the audience is about them.
        if count.keep(not (a.child_ids and all(hidden.is_person(c) for c in a.child_ids)))
        and allowed(
            a,
            a.what,
            a.who,
            a.why,
            a.how_we_will_know,
            a.support,
            a.if_not_done,
            a.status_reason,
            a.confirmed_by,
            a.reason_added,
            *(m.reason for m in a.date_moves),
            at=a.created_at,
        )
    ]
    names = {p.id: p.name for p in people}
    decisions = [
        _decision_for(d, names.get(d.child_id, ""), audience, windows, hidden, count)
        for d in rows.all(Decision, Decision.id)
        # Parents hear the decision once it is made, not the recommendations as they come in.
        if (not for_family or d.decided_at is not None)
        and count.keep(not hidden.is_person(d.child_id))
    ]
    # Progress notes are carried to each review with the time they were typed: a note heard
    # while a viewer was out of an earlier conference stays out too.
    note_windows = windows
    if for_family and any(a.carried_from_id is not None for a in actions):
        note_windows = (*windows, *_earlier_windows(session, conference, audience))
    workers = _rows(
        session,
        select(SocialWorkerAllocation).where(SocialWorkerAllocation.family_id == family.id),
        SocialWorkerAllocation.from_date,
    )
    as_seen = _as_seen if for_family else _unchanged
    return ConferenceView(
        audience=audience,
        summary=to_summary(session, conference),
        family=FamilyView(
            family.id,
            family.case_reference,
            family.family_name,
            None if for_family else family.address,
            family.parents_kept_apart,
        ),
        people=tuple(person_view(p, for_family) for p in kept_people),
        participants=tuple(_attendance_seen(p, hidden, count) for p in kept_participants),
        reports=tuple(as_seen(report_view(r, settings)) for r in reports),
        agenda=tuple(agenda_item_view(a, for_family) for a in agenda),
        entries=tuple(as_seen(entry_view(e, for_family)) for e in entries),
        danger_statements=tuple(as_seen(danger_view(d)) for d in dangers),
        scalings=tuple(as_seen(scaling_view(s)) for s in scalings),
        decisions=tuple(decisions),
        actions=tuple(
            _progress_seen(as_seen(action_view(a)), a, note_windows, hidden, count) for a in actions
        ),
        exclusions=_exclusions(exclusions, participants, audience),
        sittings=_sittings(sittings, audience),
        checklist=ChecklistView(
            chair_met_parents=conference.chair_met_parents,
            advocate_offered=conference.advocate_offered,
            interpreter_booked=conference.interpreter_booked,
            leaflet_given=conference.leaflet_given,
            told_speak_first=conference.told_speak_first,
            child_seen=conference.child_seen,
            notes="" if for_family else conference.checklist_notes,
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
        plan_end_conditions=_unless_named(conference.plan_end_conditions, hidden, count),
        parents_not_first_reason=_unless_named(conference.parents_not_first_reason, hidden, count),
        # A note to the chair about going ahead inquorate is for professionals only.
        inquorate_reason="" if for_family else conference.inquorate_reason,
        quoracy=_quoracy(participants),
        risk_history=risk_history(session, conference, audience, people),
        marking=settings.marking,
        council_name=settings.council_name,
        complaints_text=settings.complaints_text,
        advocacy_services=tuple(settings.advocacy_services),
        withheld_count=count.hidden if for_family else 0,
        conduct=_conduct_seen(
            session, conduct_view(session, conference, for_family), windows, hidden, count
        ),
    )


def _earlier_windows(
    session: Session, conference: Conference, audience: Audience
) -> tuple[AbsenceWindow, ...]:
    """The times this audience was out of each conference before this one (the chain of
    reviews), by the same rule as this conference's (redaction.absence_windows)."""
    ids: list[int] = []
    current = conference.previous_id
    while current is not None and len(ids) < 50:
        ids.append(current)
        current = session.scalar(select(Conference.previous_id).where(Conference.id == current))
    if not ids:
        return ()
    exclusions = session.scalars(select(Exclusion).where(Exclusion.conference_id.in_(ids))).all()
    sittings = session.scalars(select(Sitting).where(Sitting.conference_id.in_(ids))).all()
    return absence_windows(exclusions, audience, sittings)


def kept_from(session: Session, conference: Conference, audience: Audience) -> KeptFrom:
    """What this audience may not read in any text of `conference` (see KeptFrom): for the
    chair's own words that go on a copy outside the view, such as an amendment's reason."""
    people = _rows(
        session, select(Person).where(Person.family_id == conference.family_id), Person.id
    )
    participants = _rows(
        session,
        select(Participant).where(Participant.conference_id == conference.id),
        Participant.id,
    )
    return KeptFrom(people, participants, audience)


def _conduct_seen(
    session: Session,
    conduct: ConductView,
    windows: Sequence[AbsenceWindow],
    hidden: KeptFrom,
    count: _Counter,
) -> ConductView:
    """A child's statements less those about or naming someone withheld from the audience, or
    added while one of them was out of the room (the professionals' view is unchanged)."""
    if not conduct.child_statements or hidden.audience.is_professionals:
        return conduct
    added = dict(
        session.execute(
            select(ChildStatement.id, ChildStatement.added_at).where(
                ChildStatement.id.in_([s.id for s in conduct.child_statements])
            )
        ).all()
    )
    kept = tuple(
        s
        for s in conduct.child_statements
        if count.keep(
            not hidden.is_person(s.child_id)
            and not hidden.named_in(s.description, s.file_name)
            and not heard_while_out(windows, added.get(s.id))
        )
    )
    if len(kept) == len(conduct.child_statements):
        return conduct
    return dataclasses.replace(conduct, child_statements=kept)


class _Rows:
    """One conference's rows of a kind, in order."""

    def __init__(self, session: Session, conference_id: int) -> None:
        self.session = session
        self.conference_id = conference_id

    def all(self, kind: type[V], *order: Any) -> list[V]:
        column = kind.conference_id  # type: ignore[attr-defined]
        return _rows(self.session, select(kind).where(column == self.conference_id), *order)


def _attendance_seen(
    participant: Participant, hidden: HiddenPeople, count: _Counter
) -> ParticipantView:
    """Someone who attended, with the chair's notes of which items they were there for or
    missed left out if those words name someone, or an address, kept from the audience."""
    view = participant_view(participant)
    if not hidden.named_in(view.present_for, view.items_missed):
        return view
    count.hidden += 1
    return dataclasses.replace(view, present_for="", items_missed="")


def _unless_named(text: str, hidden: HiddenPeople, count: _Counter) -> str:
    """A fixed piece of the conference's words, or nothing if it names a withheld person."""
    if hidden.named_in(text):
        count.hidden += 1
        return ""
    return text


def _progress_seen(
    view: ActionView,
    action: Action,
    windows: Sequence[AbsenceWindow],
    hidden: HiddenPeople,
    count: _Counter,
) -> ActionView:
    """An action's progress notes, less those typed while a viewer was out or naming someone
    withheld from them (the action itself stays), and the children it concerns less anyone
    withheld from them."""
    if hidden and any(hidden.is_person(c) for c in view.child_ids):
        view = dataclasses.replace(
            view, child_ids=tuple(c for c in view.child_ids if not hidden.is_person(c))
        )
    kept_ids = {
        n.id
        for n in action.progress
        if count.keep(not heard_while_out(windows, n.created_at) and not hidden.named_in(n.text))
    }
    if len(kept_ids) == len(view.progress):
        return view
    return dataclasses.replace(view, progress=tuple(n for n in view.progress if n.id in kept_ids))


def _as_seen(view: V) -> V:
    """A kept item as a family audience sees it: theirs to see, withheld from nobody."""
    changes: dict[str, Any] = {}
    if getattr(view, "visibility", None) is not None:
        changes["visibility"] = Visibility.SHARED
    if getattr(view, "withheld_from", None):
        changes["withheld_from"] = ()
    return dataclasses.replace(view, **changes) if changes else view  # type: ignore[type-var]


def _unchanged(view: V) -> V:
    return view


def _decision_for(
    decision: Decision,
    child_name: str,
    audience: Audience,
    windows: Sequence[AbsenceWindow],
    hidden: HiddenPeople,
    count: _Counter,
) -> DecisionView:
    """A child's decision: the outcome always; what was said while a viewer was out, or by or
    about someone withheld from them, left out."""
    view = decision_view(decision, child_name)
    if audience.is_professionals:
        return view
    times = {r.id: r.created_at for r in decision.recommendations}
    times.update({-x.id: x.created_at for x in decision.dissents})
    recommendations = tuple(
        r
        for r in view.recommendations
        if count.keep(
            not heard_while_out(windows, times[r.id])
            and not hidden.is_participant(r.participant_id)
            and not hidden.named_in(r.name, r.reason, r.agency)
        )
    )
    dissents = tuple(
        x
        for x in view.dissents
        if count.keep(
            not heard_while_out(windows, times[-x.id])
            and not hidden.is_participant(x.participant_id)
            and not hidden.named_in(x.name, x.reason, x.agency)
        )
    )
    reasons = view.reasons
    if heard_while_out(windows, decision.decided_at) or hidden.named_in(reasons):
        reasons = ""
        count.hidden += 1
    return dataclasses.replace(
        view, recommendations=recommendations, dissents=dissents, reasons=reasons
    )


def _exclusions(
    exclusions: Iterable[Exclusion], participants: Sequence[Participant], audience: Audience
) -> tuple[Any, ...]:
    """Professionals see every exclusion; a parent sees only when they were asked to leave."""
    by_id = {p.id: p for p in participants}
    if audience.is_professionals:
        return tuple(exclusion_view(x, by_id.get(x.participant_id or -1)) for x in exclusions)
    if audience.is_room or audience.recipient_person_id is None:
        return ()
    return tuple(
        dataclasses.replace(exclusion_view(x, by_id.get(x.participant_id or -1)), reason="")
        for x in exclusions
        if x.person_id == audience.recipient_person_id
    )


def _sittings(sittings: Sequence[Sitting], audience: Audience) -> tuple[SittingView, ...]:
    """Professionals see every sitting; a family member only those they were in."""
    return tuple(
        SittingView(s.id, s.label, tuple(s.person_ids or ()), s.started_at, s.ended_at)
        for s in sittings
        if audience.is_professionals
        or (audience.viewer_ids and audience.viewer_ids <= set(s.person_ids or ()))
    )


def _quoracy(participants: Sequence[Participant]) -> QuoracyView:
    return assess_quoracy(tuple(participant_view(p) for p in participants))


__all__ = ["build_view", "kept_from", "risk_history"]
