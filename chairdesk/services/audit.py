"""The audit trail: one event per change, view and export, chained with a keyed hash."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.models import AuditEvent
from chairdesk.services.base import ServiceContext

GENESIS = "0" * 64


def event_digest(key: bytes, previous: str, event: AuditEvent) -> str:
    return _digest(
        key,
        previous,
        (
            event.id,
            event.at,
            event.user,
            event.action,
            event.record_type,
            event.record_id,
            event.conference_id,
            event.detail,
        ),
    )


def _digest(key: bytes, previous: str, fields: tuple[Any, ...]) -> str:
    event_id, at, user, action, record_type, record_id, conference_id, detail = fields
    payload = json.dumps(
        [
            previous,
            event_id,
            at.isoformat(),
            user,
            action,
            record_type,
            record_id,
            conference_id,
            detail,
        ],
        sort_keys=True,
        ensure_ascii=True,
        default=str,
    )
    return hmac.new(key, payload.encode("ascii"), hashlib.sha256).hexdigest()


def record(
    session: Session,
    context: ServiceContext,
    action: str,
    record_type: str = "",
    record_id: int | None = None,
    conference_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an event in the caller's transaction. `detail` must hold no names or case text."""
    previous = session.scalar(select(AuditEvent.digest).order_by(AuditEvent.id.desc()).limit(1))
    event = AuditEvent(
        at=context.now(),
        user=context.user,
        action=action,
        record_type=record_type,
        record_id=record_id,
        conference_id=conference_id,
        detail=detail or {},
    )
    session.add(event)
    session.flush()  # the id is part of the digest
    event.digest = event_digest(context.database.audit_key, previous or GENESIS, event)
    return event


def record_change(
    session: Session,
    context: ServiceContext,
    action: str,
    record_id: int | None,
    conference_id: int | None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """`record` with the record type taken from the action's first word ("action.add")."""
    record_type = action.split(".")[0]
    return record(session, context, action, record_type, record_id, conference_id, detail)


def record_view(context: ServiceContext, conference_id: int) -> None:
    """A person opened a conference on screen (one event per opening, not per refresh)."""
    with context.database.transaction() as session:
        record(session, context, "conference.view", "conference", conference_id, conference_id)


@dataclass(frozen=True)
class AuditVerdict:
    ok: bool
    events_checked: int
    first_bad_event_id: int | None = None
    message: str = "ok"


def verify(context: ServiceContext) -> AuditVerdict:
    """Walk the chain; name the first event whose digest does not follow from the one before."""
    previous = GENESIS
    count = 0
    last_id = 0
    columns = (
        AuditEvent.id,
        AuditEvent.at,
        AuditEvent.user,
        AuditEvent.action,
        AuditEvent.record_type,
        AuditEvent.record_id,
        AuditEvent.conference_id,
        AuditEvent.detail,
        AuditEvent.digest,
    )
    key = context.database.audit_key
    with context.database.transaction() as session:
        rows = session.execute(
            select(*columns).order_by(AuditEvent.id).execution_options(yield_per=5000)
        )
        for row in rows:
            count += 1
            fields = tuple(row[:8])
            expected = _digest(key, previous, fields)
            if not hmac.compare_digest(expected, row.digest) or row.id <= last_id:
                return AuditVerdict(
                    False, count, row.id, f"audit event {row.id} has been changed, moved or removed"
                )
            previous = row.digest
            last_id = row.id
    return AuditVerdict(True, count, message=f"ok: {count} events verified")
