"""The audit trail's chain rule: what each event's digest covers and what its signature signs.

One rule for both ways an event is written: through the ORM (services/audit.py, every change,
view and export) and in plain SQL (services/unlock_audit.py, the unlock at start-up, before
SQLAlchemy has loaded). Both must produce events that `chairdesk audit verify` accepts, so
neither has its own copy of the rule. Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

GENESIS = "0" * 64

#: An event's fields in the order the digest covers them (after the previous digest).
FIELDS = ("id", "at", "user", "action", "record_type", "record_id", "conference_id", "detail")


def chain_digest(key: bytes, previous: str, fields: tuple[Any, ...]) -> str:
    """The keyed hash of an event: the previous event's digest and this event's FIELDS."""
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


def unlock_detail(database: Any) -> dict[str, str]:
    """What an unlock event holds: the opening's random session name (storage/database.py), so
    that each unlock's digest is its own."""
    return {"session": str(database.session_id)}


def signed_message(digest: str) -> bytes:
    """What an event's signature covers: its digest (which covers the event and the chain)."""
    return b"chairdesk audit event v3 " + digest.encode("ascii")


def signature(database: Any, user: str, digest: str) -> tuple[str, str]:
    """(key id, hex signature) by the keys that sign for `user` in this session, or ("", "")
    where none do (before accounts, and on a server)."""
    keys_for = getattr(database, "keys_for", None)
    signer = keys_for(user) if keys_for is not None else None
    if signer is None:
        return "", ""
    return str(signer.key_id), str(signer.sign(signed_message(digest)).hex())
