"""Issue 15, items 1, 2, 4 and 5: who you are is bound by cryptography, not by the key file's
text; the audit trail is signed and anchored; a foreign key file is named and moves nothing.

Every test goes through the command line a chair uses (`python -m chairdesk`) and the real
encrypted files; changes an attacker would make are made to the files directly.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from chairdesk.domain import UserRole
from chairdesk.services.accounts import AccountService
from chairdesk.services.base import ServiceContext
from chairdesk.storage import keyring, keys, open_database
from chairdesk.storage.sqlcipher import connect_encrypted
from tests.conftest import PASSPHRASE
from tests.security.test_accounts import (
    CHAIR,
    CHAIR_PASSPHRASE,
    MINUTES,
    MINUTES_PASSPHRASE,
)
from tests.storage.support import fingerprint
from tests.test_cli import assert_one_error_line, chairdesk, home

__all__ = ["home"]  # the module-scoped fixture, shared with tests/test_cli.py


@pytest.fixture
def accounts_db(home: Path, tmp_path: Path) -> Path:
    """The demo family with a chair's and a minute-taker's accounts, each used once since."""
    db = tmp_path / "accounts.db"
    assert chairdesk(home, "demo", "--db", str(db)).returncode == 0
    database = open_database(str(db), PASSPHRASE)
    try:
        AccountService(ServiceContext(database)).create_account(
            CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE
        )
        chair = ServiceContext(database, user=CHAIR, role=UserRole.CHAIR)
        AccountService(chair).create_account(MINUTES, UserRole.MINUTE_TAKER, MINUTES_PASSPHRASE)
    finally:
        database.close()
    for name, passphrase in ((MINUTES, MINUTES_PASSPHRASE), (CHAIR, CHAIR_PASSPHRASE)):
        assert as_person(home, name, passphrase, "list", "--db", str(db)).returncode == 0
    return db


def as_person(home: Path, name: str, passphrase: str, *args: str):  # type: ignore[no-untyped-def]
    os.environ["CHAIRDESK_USER"] = name
    try:
        return chairdesk(home, *args, passphrase=passphrase)
    finally:
        del os.environ["CHAIRDESK_USER"]


def _entries(db: Path) -> tuple[dict, list[dict]]:  # type: ignore[type-arg]
    data = json.loads(keys.sidecar_path(db).read_text(encoding="utf-8"))
    return data, data["accounts"]


def _save(db: Path, data: dict) -> None:  # type: ignore[type-arg]
    keys.sidecar_path(db).write_text(json.dumps(data), encoding="utf-8")


def _purge_as(home: Path, db: Path, name: str, passphrase: str):  # type: ignore[no-untyped-def]
    return as_person(home, name, passphrase, "purge", "--db", str(db), "--dry-run")


# Identity.


@pytest.mark.parametrize("role", ["minute_taker", "chair"])
def test_trust_an_entry_copied_under_an_unknown_name_is_refused(
    home: Path, accounts_db: Path, role: str
) -> None:
    data, entries = _entries(accounts_db)
    copy = dict(next(e for e in entries if e["name"] == MINUTES), name="Nobody Known", role=role)
    entries.append(copy)
    _save(accounts_db, data)
    line = assert_one_error_line(_purge_as(home, accounts_db, "Nobody Known", MINUTES_PASSPHRASE))
    assert "name or passphrase is not right" in line


def test_trust_an_entry_renamed_to_the_chair_is_refused(home: Path, accounts_db: Path) -> None:
    data, entries = _entries(accounts_db)
    data["accounts"] = [dict(e, name=CHAIR) for e in entries if e["name"] == MINUTES]
    _save(accounts_db, data)
    line = assert_one_error_line(_purge_as(home, accounts_db, CHAIR, MINUTES_PASSPHRASE))
    assert "name or passphrase is not right" in line
    # With the true entries back, the chair is the chair and the minute-taker is not.
    data["accounts"] = entries
    _save(accounts_db, data)
    assert "only a chair or a manager" in assert_one_error_line(
        as_person(home, MINUTES, MINUTES_PASSPHRASE, "purge", "--db", str(accounts_db))
    )
    assert _purge_as(home, accounts_db, CHAIR, CHAIR_PASSPHRASE).returncode == 0


def test_trust_a_self_made_entry_for_an_account_the_database_lacks_is_refused(
    home: Path, accounts_db: Path
) -> None:
    """The minute-taker knows the database key (their own entry gives it) and builds a
    well-formed, authentic entry of their own for a chair that does not exist."""
    minutes = open_database(str(accounts_db), MINUTES_PASSPHRASE, user=MINUTES)
    key = minutes.key
    minutes.close()
    assert key is not None
    key_file = keys.read_key_file(accounts_db)
    assert key_file.database_id is not None and key_file.file_salt is not None
    for account_id, name in ((99, "Nobody Known"), (1, CHAIR)):
        forged = keys.seal_member(
            keyring.AccountKeys.generate(),
            keyring.Identity(key_file.database_id, account_id, name, "chair"),
            "a passphrase of my own",
            key[:32],
            key_file.file_salt,
        )
        data, entries = _entries(accounts_db)
        data["accounts"] = [e for e in entries if e["name"] != name] + [forged.to_json()]
        original = keys.sidecar_path(accounts_db).read_text(encoding="utf-8")
        _save(accounts_db, data)
        line = assert_one_error_line(_purge_as(home, accounts_db, name, "a passphrase of my own"))
        assert "names an account the database does not have" in line
        keys.sidecar_path(accounts_db).write_text(original, encoding="utf-8")


def test_trust_a_removed_account_with_its_old_key_file_no_longer_opens(
    home: Path, accounts_db: Path
) -> None:
    old_key_file = keys.sidecar_path(accounts_db).read_bytes()
    database = open_database(str(accounts_db), CHAIR_PASSPHRASE, user=CHAIR)
    try:
        chair = AccountService(ServiceContext(database)).start_session()
        minutes = next(a for a in AccountService(chair).accounts() if a.name == MINUTES)
        AccountService(chair).remove_account(minutes.id)
    finally:
        database.close()
    current = keys.sidecar_path(accounts_db).read_bytes()
    keys.sidecar_path(accounts_db).write_bytes(old_key_file)
    before = fingerprint(accounts_db.parent, key_files=False)

    line = assert_one_error_line(
        as_person(home, MINUTES, MINUTES_PASSPHRASE, "list", "--db", str(accounts_db))
    )
    assert "this key file is out of date" in line and "nothing was moved" in line
    # Nothing was moved or changed, and the chair opens it with the current key file.
    assert fingerprint(accounts_db.parent, key_files=False) == before
    keys.sidecar_path(accounts_db).write_bytes(current)
    assert (
        as_person(home, CHAIR, CHAIR_PASSPHRASE, "list", "--db", str(accounts_db)).returncode == 0
    )
    verified = as_person(home, CHAIR, CHAIR_PASSPHRASE, "audit", "verify", "--db", str(accounts_db))
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_trust_the_database_passphrase_stops_opening_once_an_account_exists(
    home: Path, accounts_db: Path, tmp_path: Path
) -> None:
    """Even with the key file from before the first account, the database passphrase fails."""
    db = tmp_path / "first.db"
    assert chairdesk(home, "demo", "--db", str(db)).returncode == 0
    before_accounts = keys.sidecar_path(db).read_bytes()
    database = open_database(str(db), PASSPHRASE)
    AccountService(ServiceContext(database)).create_account(CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE)
    database.close()
    keys.sidecar_path(db).write_bytes(before_accounts)
    line = assert_one_error_line(chairdesk(home, "list", "--db", str(db)))
    assert "out of date" in line and db.exists()


# The audit trail.


def _key_of(db: Path) -> bytes:
    database = open_database(str(db), CHAIR_PASSPHRASE, user=CHAIR)
    key = database.key
    database.close()
    assert key is not None
    return key


def _verify(home: Path, db: Path):  # type: ignore[no-untyped-def]
    return as_person(home, CHAIR, CHAIR_PASSPHRASE, "audit", "verify", "--db", str(db))


def _assert_verify_fails(home: Path, db: Path, words: str) -> str:
    result = _verify(home, db)
    assert result.returncode == 1, result.stdout
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1 and words in lines[0], lines
    assert "Traceback" not in result.stderr
    return lines[0]


def test_trust_audit_verify_passes_a_signed_trail(home: Path, accounts_db: Path) -> None:
    result = _verify(home, accounts_db)
    assert result.returncode == 0 and result.stdout.startswith("ok:"), result.stdout
    connection = connect_encrypted(accounts_db, _key_of(accounts_db), read_only=True)
    signed = connection.execute(
        "SELECT count(*) FROM audit_event WHERE signature != '' AND key_id != ''"
    ).fetchone()[0]
    connection.close()
    assert signed >= 4  # the accounts made, and each person's unlocks


@pytest.mark.parametrize("removed", [1, 3])
def test_trust_audit_verify_detects_deleted_newest_events(
    home: Path, accounts_db: Path, removed: int
) -> None:
    connection = connect_encrypted(accounts_db, _key_of(accounts_db))
    connection.execute(
        "DELETE FROM audit_event WHERE id IN "
        f"(SELECT id FROM audit_event ORDER BY id DESC LIMIT {removed})"
    )
    connection.commit()
    connection.close()
    _assert_verify_fails(home, accounts_db, "have been removed" if removed > 1 else "removed")
    # Asking again does not make it go away (the key file keeps the head it knew).
    _assert_verify_fails(home, accounts_db, "removed")


def _rechain(db: Path, key: bytes, change) -> None:  # type: ignore[no-untyped-def]
    """What someone holding the database key can do: edit, then recompute every digest."""
    from chairdesk.services import audit

    database = open_database(str(db), CHAIR_PASSPHRASE, user=CHAIR)
    audit_key = database.audit_key
    database.close()
    connection = connect_encrypted(db, key)
    change(connection)
    rows = connection.execute(
        "SELECT id, at, user, action, record_type, record_id, conference_id, detail"
        " FROM audit_event ORDER BY id"
    ).fetchall()
    previous = audit.GENESIS
    from datetime import datetime

    for row in rows:
        fields = (row[0], datetime.fromisoformat(row[1]), *row[2:7], json.loads(row[7]))
        digest = audit._digest(audit_key, previous, fields)
        connection.execute("UPDATE audit_event SET digest = ? WHERE id = ?", (digest, row[0]))
        previous = digest
    connection.commit()
    connection.close()


def test_trust_audit_verify_detects_a_rechained_trail(home: Path, accounts_db: Path) -> None:
    key = _key_of(accounts_db)
    _rechain(
        accounts_db,
        key,
        lambda c: c.execute(
            "DELETE FROM audit_event WHERE id = (SELECT min(id) FROM audit_event"
            " WHERE action = 'conference.create')"
        ),
    )
    _assert_verify_fails(home, accounts_db, "signature no longer matches")


def test_trust_audit_verify_detects_a_changed_author(home: Path, accounts_db: Path) -> None:
    """The minute-taker re-chains the trail and signs their own unlock again as the chair."""
    key = _key_of(accounts_db)
    key_file = keys.read_key_file(accounts_db)
    member = key_file.member(MINUTES)
    assert member is not None and key_file.database_id is not None
    kek = keys.derive_key(MINUTES_PASSPHRASE, member.salt, member.parameters)
    own = keyring.AccountKeys.unseal(
        member.sealed, kek, member.associated_data(key_file.database_id)
    )
    connection = connect_encrypted(accounts_db, key, read_only=True)
    event_id = connection.execute(
        "SELECT max(id) FROM audit_event WHERE user = ? AND action = 'unlock'", (MINUTES,)
    ).fetchone()[0]
    connection.close()

    _rechain(
        accounts_db,
        key,
        lambda c: c.execute("UPDATE audit_event SET user = ? WHERE id = ?", (CHAIR, event_id)),
    )
    connection = connect_encrypted(accounts_db, key)
    for row_id, digest in connection.execute(
        "SELECT id, digest FROM audit_event WHERE id >= ?", (event_id,)
    ).fetchall():
        signature = own.sign(b"chairdesk audit event v3 " + digest.encode()).hex()
        connection.execute(
            "UPDATE audit_event SET signature = ?, key_id = ? WHERE id = ?",
            (signature, own.key_id, row_id),
        )
    connection.commit()
    connection.close()
    line = _assert_verify_fails(home, accounts_db, f"audit event {event_id} names {CHAIR}")
    assert f"signed with {MINUTES}'s key" in line


# The key file itself.


def test_trust_a_key_file_of_another_database_says_so_and_moves_nothing(
    home: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    for db in (first, second):
        assert chairdesk(home, "demo", "--db", str(db)).returncode == 0
    keys.sidecar_path(first).write_bytes(keys.sidecar_path(second).read_bytes())
    before = fingerprint(tmp_path)
    line = assert_one_error_line(chairdesk(home, "list", "--db", str(first)))
    assert "this key file belongs to another ChairDesk database" in line
    assert "nothing was moved" in line
    assert fingerprint(tmp_path) == before
    assert not list(tmp_path.glob("*.damaged-*"))


def test_trust_a_key_file_swapped_in_while_open_is_left_as_it_was(
    home: Path, tmp_path: Path
) -> None:
    """Another database's key file put beside an open one: closing writes no audit head into
    it (the head would name the wrong database and the file would no longer be the other's)."""
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    for db in (first, second):
        assert chairdesk(home, "demo", "--db", str(db)).returncode == 0
    database = open_database(str(first), PASSPHRASE)
    try:
        from chairdesk.services.accounts import AccountService as Accounts

        Accounts(ServiceContext(database)).start_session()  # audited: the head would follow
        other = json.loads(keys.sidecar_path(second).read_text(encoding="utf-8"))
        other.pop("head", None)  # a key file that has not yet kept a head of its own
        _save(first, other)
        swapped = keys.sidecar_path(first).read_bytes()
    finally:
        database.close()
    assert keys.sidecar_path(first).read_bytes() == swapped


def test_trust_the_key_file_is_the_owners_alone(home: Path, accounts_db: Path) -> None:
    path = keys.sidecar_path(accounts_db)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    os.chmod(path, 0o644)
    # Any rewrite (here the unlock's own bookkeeping) leaves it 0600 again.
    assert as_person(home, CHAIR, CHAIR_PASSPHRASE, "list", "--db", str(accounts_db))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("hooked", [False, True])
def test_trust_the_test_key_derivation_is_refused_outside_the_tests(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hooked: bool
) -> None:
    """CHAIRDESK_KDF_PROFILE=test alone (a normal run's environment) gives the shipped cost;
    only the test suite's hook file makes it cheap."""
    if not hooked:
        monkeypatch.delenv(keys.TEST_HOOK_VARIABLE)
    db = tmp_path / "profile.db"
    result = chairdesk(home, "demo", "--db", str(db))
    assert result.returncode == 0, result.stderr
    parameters = keys.read_key_file(db).parameters
    shipped = keys.KdfParameters()
    assert (parameters == shipped) is not hooked
    assert os.environ.get("CHAIRDESK_KDF_PROFILE") == "test" and sys.executable


def test_trust_putting_back_an_older_key_file_does_not_reset_the_wait(
    home: Path, accounts_db: Path
) -> None:
    before_guesses = keys.sidecar_path(accounts_db).read_bytes()
    for _ in range(3):
        wrong = as_person(home, MINUTES, "a wrong guess at it", "list", "--db", str(accounts_db))
        assert "not right" in assert_one_error_line(wrong)
    keys.sidecar_path(accounts_db).write_bytes(before_guesses)
    line = assert_one_error_line(
        as_person(home, MINUTES, MINUTES_PASSPHRASE, "list", "--db", str(accounts_db))
    )
    assert "too many wrong passphrases: try again in" in line
