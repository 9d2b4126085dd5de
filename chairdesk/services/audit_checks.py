"""What `audit verify` checks beyond the chain: signatures, authors and the kept head."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.models import SigningKey
from chairdesk.storage import identity, keyring, keys
from chairdesk.storage.database import Database

GENESIS = "0" * 64
#: Events the session's account records about someone else: a failed unlock of another
#: account, or a second person's approval typed on this laptop (their passphrase was checked).
ON_BEHALF = frozenset({"unlock.failed", "document.approve"})


def _message(digest: str) -> bytes:
    return b"chairdesk audit event v3 " + digest.encode("ascii")


@dataclass
class Verifier:
    signers: dict[str, tuple[str, bytes]]
    head: keys.Head | None = None
    database_id: bytes | None = None
    database: Database | None = None
    previous: str = GENESIS
    count: int = 0
    last_id: int = 0
    signed_seen: bool = False
    at_head: str = ""
    account_names: set[str] = field(default_factory=set)
    _loaded: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def for_session(cls, session: Session, database: Database) -> Verifier:
        signers = {
            row.key_id: (row.name, bytes(row.public_key))
            for row in session.scalars(select(SigningKey))
        }
        names = {keys.account_key_name(name) for name, _public in signers.values()}
        verifier = cls(signers, database=database, account_names=names)
        if database.path is not None:
            key_file = keys.read_key_file(database.path)
            verifier.head = key_file.head
            verifier.database_id = key_file.database_id
        return verifier

    def check(self, row: Any, expected: str) -> str | None:
        """The first thing wrong with this event, in one plain line; None when it is sound."""
        self.count += 1
        if not hmac.compare_digest(expected, row.digest) or row.id <= self.last_id:
            return f"audit event {row.id} has been changed, moved or removed"
        if row.signature:
            known = self.signers.get(row.key_id)
            if known is None:
                return f"audit event {row.id} is signed by a key this database does not know"
            name, public = known
            try:
                signature = bytes.fromhex(row.signature)
            except ValueError:
                signature = b""
            loaded = self._loaded.get(row.key_id)
            if loaded is None:
                loaded = self._loaded[row.key_id] = keyring.public_signing_key(public)
            if loaded is None or not keyring.verify_signature(
                loaded, signature, _message(row.digest)
            ):
                return (
                    f"audit event {row.id} has been changed: its signature no longer matches "
                    "(the trail was re-chained or the event rewritten)"
                )
            claimed = keys.account_key_name(row.user)
            other = claimed != keys.account_key_name(name) and claimed in self.account_names
            if row.action not in ON_BEHALF and other:
                return (
                    f"audit event {row.id} names {row.user or 'no one'} as its author "
                    f"but was signed with {name}'s key"
                )
            self.signed_seen = True
        elif self.signed_seen:
            return (
                f"audit event {row.id} is not signed though the events before it are: it was "
                "added or rewritten outside ChairDesk"
            )
        self.previous = row.digest
        self.last_id = row.id
        if self.head is not None and self.count == self.head.count:
            self.at_head = row.digest
        return None

    def check_head(self) -> str | None:
        """After the walk: signatures were required, and the trail reaches the kept head."""
        if self.signers and not self.signed_seen and self.count:
            return (
                "no audit event is signed though the database has accounts: signatures were removed"
            )
        head = self.head
        if head is None or self.database_id is None or head.count == 0:
            return None
        if not self._head_is_authentic(head, self.database_id):
            return (
                "the key file's record of the audit trail is not signed by an account of this "
                "database"
            )
        if self.count < head.count:
            missing = head.count - self.count
            return (
                f"the newest {missing} audit event{'s have' if missing != 1 else ' has'} been "
                f"removed (the key file records {head.count}, the trail holds {self.count})"
            )
        if self.at_head != head.digest:
            return (
                "audit events were removed or rewritten: the trail no longer passes through "
                f"the key file's record of its event number {head.count}"
            )
        return None

    def _head_is_authentic(self, head: keys.Head, database_id: bytes) -> bool:
        if not head.key_id:
            return self.database is not None and identity.head_mac_matches(
                self.database, database_id, head
            )
        known = self.signers.get(head.key_id)
        if known is None:
            return False
        try:
            signature = bytes.fromhex(head.signature)
        except ValueError:
            return False
        message = keyring.head_message(database_id, head.count, head.digest)
        return keyring.verify_signature(known[1], signature, message)
