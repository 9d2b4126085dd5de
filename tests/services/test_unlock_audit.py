"""The unlock audited in plain SQL at start-up: the same chained, signed events as the ORM's."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from chairdesk import cli_audit
from chairdesk.domain import UserRole
from chairdesk.errors import IncorrectPassphraseError
from chairdesk.models import AuditEvent
from chairdesk.services import audit
from chairdesk.services.accounts import AccountService
from chairdesk.services.base import ServiceContext
from chairdesk.services.listing import signed_in_context
from chairdesk.services.unlock_audit import record_unlock, refresh_account_keys
from chairdesk.storage import keys, open_database
from tests.conftest import PASSPHRASE

CHAIR = "Alex Morgan"
CHAIR_PASSPHRASE = "heron lantern quarry 42"
MINUTES = "Sam Reid"
MINUTES_PASSPHRASE = "copper meadow violin 7"
WHEN = datetime(2026, 12, 1, 9, 30)


def _with_accounts(path: Path) -> None:
    database = open_database(str(path), PASSPHRASE, create=True)
    try:
        AccountService(ServiceContext(database)).create_account(
            CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE
        )
        chair = ServiceContext(database, user=CHAIR, role=UserRole.CHAIR)
        AccountService(chair).create_account(MINUTES, UserRole.MINUTE_TAKER, MINUTES_PASSPHRASE)
    finally:
        database.close()


def _open_as(path: Path, name: str, passphrase: str) -> Any:
    return open_database(str(path), passphrase, user=name)


def _at_start(database: Any) -> ServiceContext:
    """The context start-up has when Home is painted (services/listing.py), at a fixed time
    (and, so that two openings can be compared, with one session name)."""
    database.session_id = "0123456789abcdef"
    context = signed_in_context(database)
    return ServiceContext(database, context.user, context.role, clock=lambda: WHEN)


def _trail(database: Any) -> list[tuple[Any, ...]]:
    with database.transaction() as session:
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [
            (e.id, e.at, e.user, e.action, e.detail, e.digest, e.signature, e.key_id) for e in rows
        ]


def _copy(path: Path, folder: Path) -> Path:
    """The database file and everything kept beside it (key file, clean-close mark)."""
    folder.mkdir()
    for file in path.parent.glob(f"{path.name}*"):
        if file.is_file():
            shutil.copy2(file, folder / file.name)
    return folder / path.name


def test_unlock_audit_writes_the_same_events_as_the_orm(tmp_path: Path) -> None:
    """The same unlock, after the same wrong guess, on two copies of one file: audited through
    the ORM (AccountService.start_session) and in plain SQL, the trails are identical, digest
    and signature included."""
    path = tmp_path / "chairdesk.db"
    _with_accounts(path)
    with pytest.raises(IncorrectPassphraseError):
        _open_as(path, CHAIR, "not the chair's passphrase")
    other = _copy(path, tmp_path / "copy")

    through_orm = _open_as(path, CHAIR, CHAIR_PASSPHRASE)
    try:
        AccountService(_at_start(through_orm)).start_session()
        expected = _trail(through_orm)
    finally:
        through_orm.close()
    in_plain_sql = _open_as(other, CHAIR, CHAIR_PASSPHRASE)
    try:
        context = record_unlock(_at_start(in_plain_sql))
        assert (context.user, context.role) == (CHAIR, UserRole.CHAIR)
        assert _trail(in_plain_sql) == expected
    finally:
        in_plain_sql.close()
    kept = keys.read_key_file(other).head  # the key file's head follows the trail at close
    assert kept is not None and (kept.count, kept.digest) == (len(expected), expected[-1][5])
    actions = [(row[2], row[3]) for row in expected[-2:]]
    assert actions == [(CHAIR, "unlock.failed"), (CHAIR, "unlock")]
    assert all(row[6] and row[7] for row in expected[-2:])  # both signed


def test_unlock_audit_chain_verifies_after_the_file_is_opened_again(tmp_path: Path) -> None:
    """`chairdesk audit verify` accepts the trail with the plain-SQL unlock in it, ORM events
    after it, and the head kept in the key file when the file closed; the failed unlock is
    recorded once only."""
    path = tmp_path / "chairdesk.db"
    _with_accounts(path)
    with pytest.raises(IncorrectPassphraseError):
        _open_as(path, MINUTES, "a wrong guess at it")
    database = _open_as(path, MINUTES, MINUTES_PASSPHRASE)
    try:
        context = record_unlock(signed_in_context(database))
        assert (context.user, context.role) == (MINUTES, UserRole.MINUTE_TAKER)
        assert not database.engine_loaded  # written through the driver alone
        with database.transaction() as session:
            audit.record(session, context, "settings.view")
        trail = _trail(database)
    finally:
        database.close()
    kept = keys.read_key_file(path).head  # kept when the file closed
    assert kept is not None and (kept.count, kept.digest) == (len(trail), trail[-1][5])

    database = _open_as(path, CHAIR, CHAIR_PASSPHRASE)
    try:
        chair = record_unlock(signed_in_context(database))
        assert cli_audit.verify(chair) == 0
        actions = [row[3] for row in _trail(database)]
        assert actions[-4:] == ["unlock.failed", "unlock", "settings.view", "unlock"]
        assert actions.count("unlock.failed") == 1
    finally:
        database.close()


def test_unlock_audit_an_edited_unlock_event_is_named(tmp_path: Path) -> None:
    """The plain-SQL events are chained like the rest: changing one is found and named."""
    path = tmp_path / "chairdesk.db"
    _with_accounts(path)
    database = _open_as(path, CHAIR, CHAIR_PASSPHRASE)
    try:
        context = record_unlock(signed_in_context(database))
        unlocked = _trail(database)[-1][0]
        with database.transaction() as session:
            session.execute(
                update(AuditEvent).where(AuditEvent.id == unlocked).values(user=MINUTES)
            )
        verdict = audit.verify(context)
        assert not verdict.ok and verdict.first_bad_event_id == unlocked
    finally:
        database.close()


@pytest.mark.parametrize("through", ["plain SQL", "ORM"])
def test_unlock_audit_a_deleted_unlock_is_not_made_again_by_the_next_one(
    tmp_path: Path, through: str
) -> None:
    """The newest event, an unlock, is deleted from the file; the same person opens it again
    in the same second. The new unlock must not chain to the deleted one's digest (it would
    put back what was removed, and the key file's head would not see the loss)."""
    from chairdesk.storage.sqlcipher import connect_encrypted

    path = tmp_path / "chairdesk.db"
    _with_accounts(path)

    def unlock() -> list[tuple[Any, ...]]:
        database = _open_as(path, CHAIR, CHAIR_PASSPHRASE)
        try:
            context = signed_in_context(database)
            context = ServiceContext(database, context.user, context.role, clock=lambda: WHEN)
            if through == "ORM":
                AccountService(context).start_session()
            else:
                record_unlock(context)
            return _trail(database)
        finally:
            database.close()

    deleted = unlock()[-1]
    database = _open_as(path, CHAIR, CHAIR_PASSPHRASE)
    key = database.key
    database.close()
    assert key is not None
    connection = connect_encrypted(path, key)
    connection.execute("DELETE FROM audit_event WHERE id = ?", (deleted[0],))
    connection.commit()
    connection.close()

    again = unlock()[-1]
    assert (again[0], again[1], again[2], again[3]) == deleted[:4]  # same id, second, person
    assert again[5] != deleted[5]
    database = _open_as(path, CHAIR, CHAIR_PASSPHRASE)
    try:
        verdict = audit.verify(ServiceContext(database, CHAIR, UserRole.CHAIR))
    finally:
        database.close()
    assert not verdict.ok and "removed or rewritten" in verdict.message, verdict.message


def test_unlock_audit_restores_a_lost_account_entry_after_the_warm_up(tmp_path: Path) -> None:
    """An account entry lost from the key file comes back from the database when the next
    person opens it (the rest of start-up, once the ORM has loaded)."""
    path = tmp_path / "chairdesk.db"
    _with_accounts(path)
    sidecar = keys.sidecar_path(path)
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["accounts"] = [a for a in data["accounts"] if a["name"] != MINUTES]
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IncorrectPassphraseError):
        _open_as(path, MINUTES, MINUTES_PASSPHRASE)

    database = _open_as(path, CHAIR, CHAIR_PASSPHRASE)
    try:
        refresh_account_keys(record_unlock(signed_in_context(database)))
    finally:
        database.close()
    _open_as(path, MINUTES, MINUTES_PASSPHRASE).close()
