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
    payload = json.dumps(
        [
            previous,
            event.id,
            event.at.isoformat(),
            event.user,
            event.action,
            event.record_type,
            event.record_id,
            event.conference_id,
            event.detail,
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
    with context.database.transaction() as session:
        for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
            count += 1
            expected = event_digest(context.database.audit_key, previous, event)
            if not hmac.compare_digest(expected, event.digest) or event.id <= last_id:
                return AuditVerdict(
                    False, count, event.id, f"audit event {event.id} has been changed or moved"
                )
            previous = event.digest
            last_id = event.id
    return AuditVerdict(True, count)
