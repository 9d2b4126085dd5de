"""Writing a package: the professionals' view of one conference as a document, ids made local."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.models import (
    Action,
    Conference,
    CoreGroupMeeting,
    DangerStatement,
    Decision,
    ProgressNote,
)
from chairdesk.services.package_import import Document
from chairdesk.views import ConferenceView

# The format this ChairDesk writes, and the newest version it reads.
FORMAT = "chairdesk.conference-package"
VERSION = 1


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _numbering(ids: Iterable[int]) -> dict[int, int]:
    """Database ids to package-local ids, 1, 2, 3 ... in the order given."""
    return {db_id: number for number, db_id in enumerate(ids, start=1)}


def _refs(numbers: dict[int, int], ids: Iterable[int]) -> list[int]:
    return [numbers[i] for i in ids if i in numbers]


def package_extras(
    session: Session, conference: Conference, view: ConferenceView
) -> dict[str, Any]:
    """What the professionals' view does not carry, read beside it."""
    previous = session.get(Conference, conference.previous_id) if conference.previous_id else None
    core_groups = session.scalars(
        select(CoreGroupMeeting)
        .where(CoreGroupMeeting.conference_id == conference.id)
        .order_by(CoreGroupMeeting.held_on, CoreGroupMeeting.id)
    ).all()
    action_ids = [a.id for a in view.actions]
    note_groups: dict[int, int | None] = {
        note_id: group_id
        for note_id, group_id in session.execute(
            select(ProgressNote.id, ProgressNote.core_group_id).where(
                ProgressNote.action_id.in_(action_ids)
            )
        )
    }
    carried_actions = {}
    for action in view.actions:
        origin = session.get(Action, action.carried_from_id) if action.carried_from_id else None
        if origin is not None:
            carried_actions[action.id] = {"position": origin.position, "what": origin.what}
    carried_dangers = {}
    for danger in view.danger_statements:
        origin_danger = (
            session.get(DangerStatement, danger.carried_from_id) if danger.carried_from_id else None
        )
        if origin_danger is not None:
            carried_dangers[danger.id] = {
                "position": origin_danger.position,
                "danger": origin_danger.text,
            }
    decided: dict[int, datetime | None] = {
        decision_id: at
        for decision_id, at in session.execute(
            select(Decision.id, Decision.decided_at).where(Decision.conference_id == conference.id)
        )
    }
    return {
        "conference": conference,
        "previous": (
            {"kind": previous.kind.value, "scheduled_at": _iso(previous.scheduled_at)}
            if previous
            else None
        ),
        "core_groups": core_groups,
        "note_groups": note_groups,
        "carried_actions": carried_actions,
        "carried_dangers": carried_dangers,
        "decided": decided,
    }


def package_document(view: ConferenceView, extras: dict[str, Any]) -> Document:
    """The package itself, every reference a package-local id (see package.py's docstring)."""
    conference: Conference = extras["conference"]
    people = _numbering(p.id for p in view.people)
    participants = _numbering(p.id for p in view.participants)
    agenda = _numbering(a.id for a in view.agenda)
    dangers = _numbering(d.id for d in view.danger_statements)
    groups = _numbering(g.id for g in extras["core_groups"])
    checklist = view.checklist
    return {
        "format": FORMAT,
        "version": VERSION,
        "family": {
            "case_reference": view.family.case_reference,
            "family_name": view.family.family_name,
            "address": view.family.address or "",
            "parents_kept_apart": view.family.parents_kept_apart,
            "social_workers": [
                {
                    "name": w.name,
                    "team": w.team,
                    "from_date": _iso(w.from_date),
                    "to_date": _iso(w.to_date),
                }
                for w in view.social_workers
            ],
        },
        "people": [
            {
                "id": people[p.id],
                "name": p.name,
                "role": p.role.value,
                "gender": p.gender,
                "date_of_birth": _iso(p.date_of_birth),
                "due_date": _iso(p.due_date),
                "parental_responsibility": p.parental_responsibility,
                "language": p.language,
                "interpreter_needed": p.interpreter_needed,
                "address_protected": p.address_protected,
                "address": p.address or "",
                "withheld_from": _refs(people, p.withheld_from),
            }
            for p in view.people
        ],
        "conference": {
            "kind": view.summary.kind.value,
            "model": view.summary.model.value,
            "scheduled_at": _iso(view.summary.scheduled_at),
            "venue": view.summary.venue,
            "status": view.summary.status.value,
            "chair_name": view.chair_name,
            "minute_taker_name": view.minute_taker_name,
            "strategy_discussion_on": _iso(conference.strategy_discussion_on),
            "started_at": _iso(view.started_at),
            "ended_at": _iso(view.ended_at),
            "lead_social_worker": view.lead_social_worker,
            "core_group_on": _iso(view.core_group_on),
            "review_on": _iso(view.review_on),
            "outcome_letter_sent_on": _iso(conference.outcome_letter_sent_on),
            "record_issued_on": _iso(conference.record_issued_on),
            "plan_end_conditions": view.plan_end_conditions,
            "parents_not_first_reason": view.parents_not_first_reason,
            "inquorate_reason": view.inquorate_reason,
            "previous": extras["previous"],
            "checklist": {
                "chair_met_parents": checklist.chair_met_parents,
                "advocate_offered": checklist.advocate_offered,
                "interpreter_booked": checklist.interpreter_booked,
                "leaflet_given": checklist.leaflet_given,
                "told_speak_first": checklist.told_speak_first,
                "child_seen": checklist.child_seen,
                "notes": checklist.notes,
            },
            # An exclusion goes by the person who was out: what they did not hear must stay out
            # of their copy wherever the package is opened (DESIGN.md §4).
            "exclusions": [
                {
                    "person": people[x.person_id],
                    "participant": participants.get(x.participant_id or 0),
                    "started_at": _iso(x.started_at),
                    "ended_at": _iso(x.ended_at),
                    "reason": x.reason,
                    "agenda_items": _refs(agenda, x.agenda_item_ids),
                }
                for x in view.exclusions
                if x.person_id in people
            ],
            "sittings": [
                {
                    "label": s.label,
                    "people": _refs(people, s.person_ids),
                    "started_at": _iso(s.started_at),
                    "ended_at": _iso(s.ended_at),
                }
                for s in view.sittings
            ],
            "core_groups": [
                {
                    "id": groups[g.id],
                    "held_on": _iso(g.held_on),
                    "attendees": g.attendees,
                    "notes": g.notes,
                }
                for g in extras["core_groups"]
            ],
        },
        "participants": [
            {
                "id": participants[p.id],
                "name": p.name,
                "role": p.role.value,
                "agency": p.agency,
                "job_title": p.job_title,
                "person": people.get(p.person_id or 0),
                "invited": p.invited,
                "attendance": p.attendance.value,
                "present_for": p.present_for,
            }
            for p in view.participants
        ],
        "reports": [
            {
                "id": number,
                "agency": r.agency,
                "author": r.author,
                "title": r.title,
                "received_on": _iso(r.received_on),
                "shared_with_parents_on": _iso(r.shared_with_parents_on),
                "visibility": r.visibility.value,
                "withheld_from": _refs(people, r.withheld_from),
            }
            for number, r in enumerate(view.reports, start=1)
        ],
        "agenda": [
            {
                "id": agenda[a.id],
                "kind": a.kind.value,
                "title": a.title,
                "position": a.position,
                "status": a.status.value,
                "started_at": _iso(a.started_at),
                "ended_at": _iso(a.ended_at),
                "reason": a.reason,
                "agency": a.agency,
                "participant": participants.get(a.participant_id or 0),
            }
            for a in view.agenda
        ],
        "entries": [
            {
                "id": number,
                "agenda_item": agenda[e.agenda_item_id],
                "heading": e.heading.value,
                "text": e.text,
                "speaker": e.speaker_name,
                "speaker_participant": participants.get(e.speaker_participant_id or 0),
                "child": people.get(e.child_id or 0),
                "origin": e.origin.value,
                "visibility": e.visibility.value,
                "withheld_from": _refs(people, e.withheld_from),
                "author": e.author,
                "created_at": _iso(e.created_at),
                "updated_at": _iso(e.updated_at),
            }
            for number, e in enumerate(view.entries, start=1)
            if e.agenda_item_id in agenda
        ],
        "danger_statements": [
            {
                "id": dangers[d.id],
                "position": d.position,
                "danger": d.danger,
                "safety_goal": d.safety_goal,
                "visibility": d.visibility.value,
                "withheld_from": _refs(people, d.withheld_from),
                "carried_from": extras["carried_dangers"].get(d.id),
                "created_at": _iso(d.created_at),
            }
            for d in view.danger_statements
        ],
        "scalings": [
            {
                "id": number,
                "scorer": s.scorer_name,
                "score": s.score,
                "reason": s.reason,
                "participant": participants.get(s.participant_id or 0),
                "child": people.get(s.child_id or 0),
                "danger_statement": dangers.get(s.danger_statement_id or 0),
                "visibility": s.visibility.value,
                "created_at": _iso(s.created_at),
            }
            for number, s in enumerate(view.scalings, start=1)
        ],
        "decisions": [
            {
                "id": number,
                "child": people[d.child_id],
                "likely_significant_harm": d.likely_significant_harm,
                "outcome": d.outcome.value,
                "category": d.category.value if d.category else None,
                "reasons": d.reasons,
                "chair_decided": d.chair_decided,
                "decided_at": _iso(extras["decided"].get(d.id)),
                "created_at": _iso(d.created_at),
                "recommendations": [
                    {
                        "agency": r.agency,
                        "name": r.name,
                        "participant": participants.get(r.participant_id or 0),
                        "outcome": r.outcome.value,
                        "category": r.category.value if r.category else None,
                        "reason": r.reason,
                        "created_at": _iso(r.created_at),
                    }
                    for r in d.recommendations
                ],
                "dissents": [
                    {
                        "name": x.name,
                        "agency": x.agency,
                        "participant": participants.get(x.participant_id or 0),
                        "reason": x.reason,
                        "created_at": _iso(x.created_at),
                    }
                    for x in d.dissents
                ],
            }
            for number, d in enumerate(view.decisions, start=1)
            if d.child_id in people
        ],
        "actions": [
            {
                "id": number,
                "position": a.position,
                "what": a.what,
                "who": a.who,
                "owner": a.owner.value,
                "by_when": _iso(a.by_when),
                "why": a.why,
                "how_we_will_know": a.how_we_will_know,
                "support": a.support,
                "if_not_done": a.if_not_done,
                "status": a.status.value,
                "status_reason": a.status_reason,
                "achieved_on": _iso(a.achieved_on),
                "confirmed_by": a.confirmed_by,
                "reason_added": a.reason_added,
                "carried_from": extras["carried_actions"].get(a.id),
                "children": _refs(people, a.child_ids),
                "visibility": a.visibility.value,
                "withheld_from": _refs(people, a.withheld_from),
                "created_at": _iso(a.created_at),
                "date_moves": [
                    {
                        "moved_at": _iso(m.moved_at),
                        "from_date": _iso(m.from_date),
                        "to_date": _iso(m.to_date),
                        "moved_by": m.moved_by,
                        "reason": m.reason,
                    }
                    for m in a.date_moves
                ],
                "progress": [
                    {
                        "noted_on": _iso(n.noted_on),
                        "text": n.text,
                        "author": n.author,
                        "core_group": groups.get(extras["note_groups"].get(n.id) or 0),
                        # When it was typed: an exclusion covers it by time after import too.
                        "created_at": _iso(n.created_at),
                    }
                    for n in a.progress
                ],
            }
            for number, a in enumerate(view.actions, start=1)
        ],
    }
