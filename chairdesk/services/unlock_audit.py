"""The unlock's audit events at start-up, written in plain SQL through the driver.

Start-up audits the unlock (and any failed unlocks before it) as soon as Home has been painted
and before any conference can be opened. Through the ORM that meant importing SQLAlchemy and
the models on the GUI thread first: about a third of a second, during which the window did not
answer. Here the same events are written through one short driver connection (a few
milliseconds), chained and signed by the rule the ORM path uses (services/audit_chain.py), so
`chairdesk audit verify` cannot tell which path wrote them. The ORM is imported afterwards on a
worker thread (chairdesk/warm_up.py), which also refreshes the key file's account entries
(`refresh_account_keys`, as AccountService.start_session does in one step).

Only for an encrypted file: on a server, AccountService.start_session is used as before.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from chairdesk.domain import UserRole
from chairdesk.errors import ChairDeskError, StorageError
from chairdesk.services import audit_chain
from chairdesk.services.base import ServiceContext
from chairdesk.storage import unlock
from chairdesk.storage.database import sqlite_value
from chairdesk.storage.faults import plain_storage_message

log = logging.getLogger(__name__)

#: The newest event's digest: the one the next event chains from.
LAST_DIGEST_SQL = "SELECT digest FROM audit_event ORDER BY id DESC LIMIT 1"
#: A new event, without its digest (the row id is part of what the digest covers).
INSERT_EVENT_SQL = (
    'INSERT INTO audit_event (at, "user", action, record_type, record_id, conference_id,'
    " detail, digest, signature, key_id)"
    " VALUES (:at, :user, :action, '', NULL, NULL, :detail, '', '', '')"
)
#: The event's digest and signature, once its id is known.
SEAL_EVENT_SQL = (
    "UPDATE audit_event SET digest = :digest, signature = :signature, key_id = :key_id"
    " WHERE id = :id"
)
#: The unlocking account's name and role.
ACCOUNT_SQL = "SELECT name, role FROM user_account WHERE id = :id"


class _Trail:
    """Appends chained, signed events through one driver connection, in its transaction."""

    def __init__(self, connection: Any, context: ServiceContext) -> None:
        self.connection = connection
        self.context = context
        found = connection.execute(LAST_DIGEST_SQL).fetchone()
        self.previous = str(found[0]) if found and found[0] else audit_chain.GENESIS

    def run(self, sql: str, values: Mapping[str, object]) -> Any:
        return self.connection.execute(sql, {k: sqlite_value(v) for k, v in values.items()})

    def append(self, user: str, action: str, detail: dict[str, Any] | None = None) -> str:
        """One event by `user`, chained from the newest; its digest."""
        database = self.context.database
        at = self.context.now()
        detail = detail or {}
        # As SQLAlchemy's JSON column stores it (json.dumps with its defaults).
        stored = json.dumps(detail)
        event_id = self.run(
            INSERT_EVENT_SQL, {"at": at, "user": user, "action": action, "detail": stored}
        ).lastrowid
        fields = (event_id, at, user, action, "", None, None, detail)
        digest = audit_chain.chain_digest(database.audit_key, self.previous, fields)
        key_id, signature = audit_chain.signature(database, user, digest)
        self.run(
            SEAL_EVENT_SQL,
            {"digest": digest, "signature": signature, "key_id": key_id, "id": event_id},
        )
        self.previous = digest
        return digest


def record_unlock(context: ServiceContext) -> ServiceContext:
    """Audit the unlock and the failed unlocks before it; the context for this person.

    Raises:
        StorageError: the file could not be written (nothing was recorded).
    """
    database = context.database
    if database.path is None or database.key is None:
        from chairdesk.services.accounts import AccountService

        return AccountService(context).start_session()
    from chairdesk.storage.sqlcipher import (
        configure_connection,
        connect_encrypted,
        sqlcipher_module,
    )

    written = database.failed_unlocks
    errors = sqlcipher_module().Error
    connection: Any = None
    try:
        connection = connect_encrypted(database.path, database.key)
        configure_connection(connection)
        connection.execute("BEGIN IMMEDIATE")
        trail = _Trail(connection, context)
        for tried, when in written:
            trail.append(tried, "unlock.failed", {"at": when})
        if database.account_id is not None:
            found = trail.run(ACCOUNT_SQL, {"id": database.account_id}).fetchone()
            if found is not None:
                context = replace(context, user=str(found[0]), role=UserRole(found[1]))
        trail.append(context.user, "unlock", audit_chain.unlock_detail(database))
        connection.execute("COMMIT")
    except errors as error:
        raise StorageError(plain_storage_message(error, "nothing was recorded")) from error
    finally:
        if connection is not None:
            try:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
            finally:
                connection.close()
    database.audited = True  # the key file's head follows the trail when the file closes
    database.failed_unlocks = ()
    unlock.forget_failures(database.path, written)
    return context


def refresh_account_keys(context: ServiceContext) -> None:
    """Restore account entries missing from the key file and refresh each account's copy (the
    rest of AccountService.start_session); loads the ORM, so it runs on the warm-up thread."""
    database = context.database
    if database.path is None or database.account_id is None:
        return
    from chairdesk.services import account_keys

    try:
        with database.transaction() as session:
            account_keys.sync_key_file(database.path, session)
    except ChairDeskError as error:
        log.warning("account keys were not refreshed: %s", type(error).__name__)
