"""Accounts: each person opens the file with their own passphrase; guesses are slowed."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from chairdesk.domain import UserRole
from chairdesk.errors import (
    IncorrectPassphraseError,
    PermissionDeniedError,
    UnlockDelayedError,
    ValidationError,
)
from chairdesk.models import AuditEvent
from chairdesk.services import audit
from chairdesk.services.accounts import AccountService
from chairdesk.services.base import ServiceContext
from chairdesk.storage import keys, open_database, unlock
from tests.conftest import PASSPHRASE

CHAIR = "Alex Morgan"
CHAIR_PASSPHRASE = "heron lantern quarry 42"
MINUTES = "Sam Reid"
MINUTES_PASSPHRASE = "copper meadow violin 7"
MANAGER = "Kim Osei"
MANAGER_PASSPHRASE = "velvet harbour kettle 9"


def _with_accounts(path: Path) -> None:
    """A database whose first account is a chair's, who then adds a minute-taker and a manager."""
    database = open_database(str(path), PASSPHRASE, create=True)
    try:
        accounts = AccountService(ServiceContext(database))
        accounts.create_account(CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE)
        chair = ServiceContext(database, user=CHAIR, role=UserRole.CHAIR)
        AccountService(chair).create_account(MINUTES, UserRole.MINUTE_TAKER, MINUTES_PASSPHRASE)
        AccountService(chair).create_account(MANAGER, "manager", MANAGER_PASSPHRASE)
    finally:
        database.close()


def _events(context: ServiceContext, action: str) -> list[AuditEvent]:
    with context.database.transaction() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_accounts_each_person_opens_the_file_with_their_own_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    _with_accounts(path)

    # The database passphrase stopped working once the first account existed.
    with pytest.raises(IncorrectPassphraseError, match="name or passphrase"):
        open_database(str(path), PASSPHRASE)
    assert keys.read_key_file(path).salt is None

    for name, passphrase, role in (
        (CHAIR, CHAIR_PASSPHRASE, UserRole.CHAIR),
        ("  sam   REID ", MINUTES_PASSPHRASE, UserRole.MINUTE_TAKER),
        (MANAGER, MANAGER_PASSPHRASE, UserRole.MANAGER),
    ):
        database = open_database(str(path), passphrase, user=name)
        try:
            context = AccountService(ServiceContext(database)).start_session()
            assert (context.role, keys.account_key_name(context.user)) == (
                role,
                keys.account_key_name(name),
            )
        finally:
            database.close()

    # One person's passphrase does not open another's account.
    with pytest.raises(IncorrectPassphraseError):
        open_database(str(path), MINUTES_PASSPHRASE, user=CHAIR)
    # Without a name (the command line's CHAIRDESK_PASSPHRASE), each account is tried.
    database = open_database(str(path), MANAGER_PASSPHRASE)
    assert database.user == MANAGER
    database.close()


def test_accounts_the_key_file_holds_no_key_and_no_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    _with_accounts(path)
    database = open_database(str(path), CHAIR_PASSPHRASE, user=CHAIR)
    key = database.key
    database.close()
    assert key is not None
    text = keys.sidecar_path(path).read_text(encoding="utf-8")
    assert key.hex() not in text
    for secret in (CHAIR_PASSPHRASE, MINUTES_PASSPHRASE, MANAGER_PASSPHRASE, PASSPHRASE):
        assert secret not in text
    assert [a["name"] for a in json.loads(text)["accounts"]] == [CHAIR, MINUTES, MANAGER]


def test_accounts_failed_unlocks_slow_further_attempts_and_reach_the_audit_trail(
    tmp_path: Path,
) -> None:
    path = tmp_path / "chairdesk.db"
    _with_accounts(path)
    for _ in range(unlock.FREE_ATTEMPTS):
        with pytest.raises(IncorrectPassphraseError):
            open_database(str(path), "a wrong guess at it", user=MINUTES)

    # Now even the right passphrase has to wait, and says how long.
    with pytest.raises(UnlockDelayedError, match=r"try again in \d+ seconds") as delayed:
        open_database(str(path), MINUTES_PASSPHRASE, user=MINUTES)
    assert 0 < delayed.value.seconds <= unlock.FIRST_WAIT_SECONDS
    # The chair's own account is not slowed by guesses at the minute-taker's.
    open_database(str(path), CHAIR_PASSPHRASE, user=CHAIR).close()
    assert unlock.seconds_to_wait(path, MINUTES) > 0

    # The wait doubles with each further failure once it is over.
    later = time.time() + unlock.FIRST_WAIT_SECONDS + 1
    with pytest.raises(IncorrectPassphraseError):
        unlock.unlock_key(path, "another wrong guess", MINUTES, now=later)
    assert unlock.seconds_to_wait(path, MINUTES, now=later) == pytest.approx(
        2 * unlock.FIRST_WAIT_SECONDS, abs=1
    )

    opened = unlock.unlock_key(
        path, MINUTES_PASSPHRASE, MINUTES, now=later + 3 * unlock.FIRST_WAIT_SECONDS
    )
    assert opened.user == MINUTES
    # Kept until a session writes them into the audit trail.
    assert [tried for tried, _when in opened.failed_unlocks] == [MINUTES] * 4
    assert unlock.seconds_to_wait(path, MINUTES) == 0


def test_accounts_failed_unlocks_are_audited_at_the_next_unlock(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    _with_accounts(path)
    with pytest.raises(IncorrectPassphraseError):
        open_database(str(path), "not it at all", user=MINUTES)
    with pytest.raises(IncorrectPassphraseError):
        open_database(str(path), "not it at all", user="Nobody Known")

    database = open_database(str(path), CHAIR_PASSPHRASE, user=CHAIR)
    try:
        context = AccountService(ServiceContext(database)).start_session()
        failed = _events(context, "unlock.failed")
        assert sorted(e.user for e in failed) == ["", MINUTES]  # typed names are never kept
        assert [e.user for e in _events(context, "unlock")] == [CHAIR]
        assert audit.verify(context).ok
    finally:
        database.close()
    # Written once: none wait any more, though the counts that slow guesses stay.
    remaining = keys.read_key_file(path).failures
    assert all(not f.pending for f in remaining.values())
    assert remaining["sam reid"].count == 1


def test_accounts_first_account_is_a_chair_and_only_a_chair_adds_more(database) -> None:
    context = ServiceContext(database)
    accounts = AccountService(context)
    with pytest.raises(ValidationError, match="first account must be a chair"):
        accounts.create_account(MINUTES, UserRole.MINUTE_TAKER, MINUTES_PASSPHRASE)
    with pytest.raises(ValidationError, match="at least 10 characters"):
        accounts.create_account(CHAIR, UserRole.CHAIR, "short")
    with pytest.raises(ValidationError, match="give the account a name"):
        accounts.create_account("   ", UserRole.CHAIR, CHAIR_PASSPHRASE)
    accounts.create_account(CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE)

    minutes = replace(context, user=MINUTES, role=UserRole.MINUTE_TAKER)
    with pytest.raises(PermissionDeniedError, match="only a chair can add"):
        AccountService(minutes).create_account("Lee Park", UserRole.CHAIR, "orchid saddle 5521")
    chair = replace(context, user=CHAIR, role=UserRole.CHAIR)
    with pytest.raises(ValidationError, match="already an account"):
        AccountService(chair).create_account(CHAIR.upper(), UserRole.MANAGER, MANAGER_PASSPHRASE)
    assert [(a.name, a.role) for a in accounts.accounts()] == [(CHAIR, UserRole.CHAIR)]
    assert [e.user for e in _events(context, "account.create")] == [CHAIR]


def test_accounts_verify_slows_and_audits_wrong_passphrases(database) -> None:
    context = ServiceContext(database)
    accounts = AccountService(context)
    accounts.create_account(CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE)
    assert accounts.verify(CHAIR, CHAIR_PASSPHRASE).role == UserRole.CHAIR
    for _ in range(unlock.FREE_ATTEMPTS):
        with pytest.raises(IncorrectPassphraseError):
            accounts.verify(CHAIR, "wrong again and again")
    with pytest.raises(UnlockDelayedError):
        accounts.verify(CHAIR, CHAIR_PASSPHRASE)
    assert len(_events(context, "unlock.failed")) == unlock.FREE_ATTEMPTS

    # On a server the same account signs in (the passphrase encrypts nothing there).
    later = replace(context, clock=lambda: context.now().replace(year=context.now().year + 1))
    signed_in = AccountService(later).sign_in(CHAIR, CHAIR_PASSPHRASE)
    assert (signed_in.user, signed_in.role) == (CHAIR, UserRole.CHAIR)


def test_accounts_a_removed_account_no_longer_opens_the_file(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    _with_accounts(path)
    database = open_database(str(path), CHAIR_PASSPHRASE, user=CHAIR)
    try:
        chair = AccountService(ServiceContext(database)).start_session()
        minutes = next(a for a in AccountService(chair).accounts() if a.name == MINUTES)
        AccountService(chair).remove_account(minutes.id)
        only_chair = next(a for a in AccountService(chair).accounts() if a.name == CHAIR)
        with pytest.raises(ValidationError, match="last chair"):
            AccountService(chair).remove_account(only_chair.id)
    finally:
        database.close()
    with pytest.raises(IncorrectPassphraseError):
        open_database(str(path), MINUTES_PASSPHRASE, user=MINUTES)
    open_database(str(path), MANAGER_PASSPHRASE, user=MANAGER).close()


def test_accounts_a_lost_account_key_is_restored_from_the_database(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    _with_accounts(path)
    sidecar = keys.sidecar_path(path)
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["accounts"] = [a for a in data["accounts"] if a["name"] != MANAGER]
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IncorrectPassphraseError):
        open_database(str(path), MANAGER_PASSPHRASE, user=MANAGER)

    database = open_database(str(path), CHAIR_PASSPHRASE, user=CHAIR)
    AccountService(ServiceContext(database)).start_session()
    database.close()
    open_database(str(path), MANAGER_PASSPHRASE, user=MANAGER).close()
