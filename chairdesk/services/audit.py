"""The audit trail: one event per change, view and export, chained with a keyed hash, each
event signed with the acting account's Ed25519 key, and the newest head kept in the key file
(signed) as well as in the table, so that removed, re-chained or re-authored events show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.models import AuditEvent
from chairdesk.services import audit_chain
from chairdesk.services.audit_checks import Verifier
from chairdesk.services.base import ServiceContext
from chairdesk.storage import identity

# The chain rule, shared with the unlock's plain-SQL event (services/unlock_audit.py).
GENESIS = audit_chain.GENESIS
_digest = audit_chain.chain_digest
signed_message = audit_chain.signed_message


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
    key_id, signature = audit_chain.signature(context.database, context.user, event.digest)
    if signature:
        event.key_id, event.signature = key_id, signature
    return event


@dataclass(frozen=True)
class Head:
    """The trail's newest point: how many events, and the newest one's digest."""

    count: int
    digest: str


def head(context: ServiceContext) -> Head:
    """The trail's head now, to keep with an issued document (count and hash)."""
    count, digest = identity.current_head(context.database)
    return Head(count, digest)


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


def _issued_heads(session: Session) -> dict[int, tuple[str, datetime]]:
    """The trail's head kept with each issued document: its count, digest and issue time."""
    from chairdesk.models import IssuedDocument

    heads: dict[int, tuple[str, datetime]] = {}
    for head, issued_at in session.execute(
        select(IssuedDocument.audit_chain_head, IssuedDocument.issued_at).where(
            IssuedDocument.audit_chain_head.is_not(None)
        )
    ):
        count, _, digest = str(head).partition(":")
        if count.isdigit() and digest:
            heads.setdefault(int(count), (digest, issued_at))
    return heads


def verify(context: ServiceContext) -> AuditVerdict:
    """Walk the chain: each digest must follow from the one before, each signature must be
    its author's, and the trail must reach the head kept in the key file. The first thing
    wrong is named in one plain line."""
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
        AuditEvent.signature,
        AuditEvent.key_id,
    )
    key = context.database.audit_key
    with context.database.transaction() as session:
        checker = Verifier.for_session(session, context.database)
        anchors = _issued_heads(session)
        rows = session.execute(
            select(*columns).order_by(AuditEvent.id).execution_options(yield_per=5000)
        )
        reached: dict[int, str] = {}
        for row in rows:
            expected = _digest(key, checker.previous, tuple(row[:8]))
            problem = checker.check(row, expected)
            if problem is not None:
                return AuditVerdict(False, checker.count, row.id, problem)
            if checker.count in anchors:
                reached[checker.count] = row.digest
        problem = checker.check_head()
        if problem is not None:
            return AuditVerdict(False, checker.count, None, problem)
        for count, (digest, issued_at) in sorted(anchors.items()):
            if reached.get(count) != digest:
                return AuditVerdict(
                    False,
                    checker.count,
                    None,
                    f"a document issued on {issued_at:%d %B %Y at %H:%M} was made when the trail "
                    f"had {count} events; the trail no longer holds them as they were: events "
                    "were removed or rewritten",
                )
    return AuditVerdict(True, checker.count, message=f"ok: {checker.count} events verified")
