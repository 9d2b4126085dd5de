"""The conference as it stood when the meeting closed: what a record is built from.

DESIGN.md §4a: a record issued in August must not show September's events. Rows that carry a
date are cut at the meeting's end; actions and dissent, which carry none, are cut by the audit
trail (added after the end: left out; status changed after the end: the status before).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import ActionStatus
from chairdesk.models import AuditEvent
from chairdesk.views import ActionView, ConferenceView, DecisionView


def as_closed(session: Session, view: ConferenceView) -> ConferenceView:
    """`view` with nothing dated after the meeting's end; unchanged while it is still open."""
    end = view.ended_at
    if end is None:
        return view
    day = end.date()
    later = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.conference_id == view.summary.id, AuditEvent.at > end)
        .order_by(AuditEvent.id)
    ).all()
    added_actions = {e.record_id for e in later if e.action == "action.add"}
    added_dissent = {e.record_id for e in later if e.action == "decision.dissent"}
    status_then: dict[int, ActionStatus] = {}
    for event in later:
        if event.action == "action.status" and event.record_id not in status_then:
            before = event.detail.get("from")
            if isinstance(before, str) and event.record_id is not None:
                status_then[event.record_id] = ActionStatus(before)
    actions = tuple(
        _action_then(action, status_then.get(action.id), end)
        for action in view.actions
        if action.id not in added_actions
    )
    decisions = tuple(_decision_then(d, added_dissent) for d in view.decisions)
    workers = tuple(
        w if w.to_date is None or w.to_date <= day else replace(w, to_date=None)
        for w in view.social_workers
        if w.from_date <= day
    )
    return replace(
        view,
        entries=tuple(e for e in view.entries if e.created_at is None or e.created_at <= end),
        reports=tuple(r for r in view.reports if r.received_on is None or r.received_on <= day),
        actions=actions,
        decisions=decisions,
        social_workers=workers,
        exclusions=tuple(x for x in view.exclusions if x.started_at <= end),
        risk_history=tuple(p for p in view.risk_history if p.held_on <= day),
    )


def _action_then(action: ActionView, status: ActionStatus | None, end: datetime) -> ActionView:
    progress = tuple(p for p in action.progress if p.noted_on <= end.date())
    if status is None:
        if action.achieved_on is not None and action.achieved_on > end.date():
            status = ActionStatus.IN_PROGRESS  # marked achieved later without an audit trail
        else:
            return replace(action, progress=progress)
    achieved = status == ActionStatus.ACHIEVED
    return replace(
        action,
        status=status,
        status_reason=action.status_reason if status == action.status else "",
        achieved_on=action.achieved_on if achieved else None,
        confirmed_by=action.confirmed_by if achieved else "",
        progress=progress,
    )


def _decision_then(decision: DecisionView, added_later: set[int | None]) -> DecisionView:
    dissents = tuple(d for d in decision.dissents if d.id not in added_later)
    return decision if dissents == decision.dissents else replace(decision, dissents=dissents)


__all__ = ["as_closed"]
