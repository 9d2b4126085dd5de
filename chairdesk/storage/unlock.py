"""Unlocking the database file: the key a passphrase gives, and slowing repeated guesses."""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from chairdesk.errors import IncorrectPassphraseError, UnlockDelayedError
from chairdesk.storage import keys

log = logging.getLogger(__name__)

#: Wrong passphrases allowed before each further attempt has to wait.
FREE_ATTEMPTS = 3
FIRST_WAIT_SECONDS = 5.0
LONGEST_WAIT_SECONDS = 300.0
#: Failures against a name that has no account share one count (so names cannot be probed).
UNKNOWN_NAME = "*"
#: The count for a database that has no accounts yet (its one database passphrase).
NO_ACCOUNTS = ""
_PENDING_KEPT = 100


@dataclass(frozen=True)
class Unlocked:
    key: bytes
    #: The account that unlocked, as it was created ("" when the database has no accounts).
    user: str
    #: Failed unlocks not yet in the audit trail: (the name tried, when, ISO).
    failed_unlocks: tuple[tuple[str, str], ...] = ()


def wait_after(failures: int) -> float:
    """Seconds to wait after this many failures in a row: none at first, then doubling."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(FIRST_WAIT_SECONDS * 2 ** (failures - FREE_ATTEMPTS), LONGEST_WAIT_SECONDS))


def seconds_to_wait(path: Path, user: str | None = None, now: float | None = None) -> int:
    """How long the next attempt for this name must wait (0: it may go ahead)."""
    key_file = keys.read_key_file(path)
    moment = time.time() if now is None else now
    return _seconds_to_wait(key_file, _bucket(key_file, user), moment)


def unlock_key(
    path: Path, passphrase: str, user: str | None = None, *, now: float | None = None
) -> Unlocked:
    """The database key for this passphrase (and account name, once accounts exist).

    With accounts and no name, each account is tried in turn (the command line's
    CHAIRDESK_PASSPHRASE on its own). Nothing in the database is read or touched.

    Raises:
        KeyFileMissingError: the sidecar is missing or unreadable.
        UnlockDelayedError: too many wrong passphrases for this name; try again later.
        IncorrectPassphraseError: not the passphrase (or no such account); the failure is
            counted in the sidecar and reaches the audit trail at the next unlock.
    """
    moment = time.time() if now is None else now
    key_file = keys.read_key_file(path)
    bucket = _bucket(key_file, user)
    wait = _seconds_to_wait(key_file, bucket, moment)
    if wait > 0:
        raise UnlockDelayedError(wait)
    found = _try(key_file, passphrase, user)
    if found is None:
        _count_failure(path, key_file, bucket, moment, user)
        raise IncorrectPassphraseError(with_accounts=bool(key_file.accounts))
    key, name = found
    return Unlocked(key, name, _clear(path, key_file, bucket))


def _bucket(key_file: keys.KeyFile, user: str | None) -> str:
    if not key_file.accounts:
        return NO_ACCOUNTS
    if user is None:
        return UNKNOWN_NAME
    account = key_file.account(user)
    return keys.account_key_name(account.name) if account is not None else UNKNOWN_NAME


def _seconds_to_wait(key_file: keys.KeyFile, bucket: str, now: float) -> int:
    failures = key_file.failures.get(bucket, keys.Failures())
    return max(0, math.ceil(failures.last + wait_after(failures.count) - now))


def _try(key_file: keys.KeyFile, passphrase: str, user: str | None) -> tuple[bytes, str] | None:
    if not key_file.accounts:
        assert key_file.salt is not None  # read_key_file refuses a sidecar with neither
        key = keys.derive_key(passphrase, key_file.salt, key_file.parameters)
        return (key, "") if keys.key_check(key) == key_file.check else None
    if user is not None:
        account = key_file.account(user)
        candidates: tuple[keys.AccountKey, ...] = (account,) if account is not None else ()
    else:
        candidates = key_file.accounts
    for candidate in candidates:
        key = keys.unwrap_key(candidate, passphrase)
        if keys.key_check(key) == key_file.check:
            return key, candidate.name
    return None


def _count_failure(
    path: Path, key_file: keys.KeyFile, bucket: str, now: float, user: str | None
) -> None:
    before = key_file.failures.get(bucket, keys.Failures())
    # The audit trail names accounts, never whatever text was typed for a name.
    account = key_file.account(user) if user is not None else None
    tried = account.name if account is not None else ""
    when = datetime.fromtimestamp(now).replace(microsecond=0).isoformat()
    pending = (*before.pending, f"{tried}|{when}")[-_PENDING_KEPT:]
    failures = {**key_file.failures, bucket: keys.Failures(before.count + 1, now, pending)}
    _save(path, replace(key_file, failures=failures))


def _clear(path: Path, key_file: keys.KeyFile, bucket: str) -> tuple[tuple[str, str], ...]:
    """Forget this name's count; return every failure still waiting for the audit trail
    (they stay in the key file until `forget_failures` says they were written)."""
    pending: list[tuple[str, str]] = []
    for record in key_file.failures.values():
        for item in record.pending:
            tried, _, when = item.rpartition("|")
            pending.append((tried, when))
    before = key_file.failures.get(bucket)
    if before is not None and before.count:
        failures = {**key_file.failures, bucket: keys.Failures(0, 0.0, before.pending)}
        _save(path, replace(key_file, failures=_without_empty(failures)))
    return tuple(sorted(pending, key=lambda item: item[1]))


def forget_failures(path: Path, written: tuple[tuple[str, str], ...]) -> None:
    """Drop failures the audit trail now holds (called after its transaction committed)."""
    if not written:
        return
    done = {f"{tried}|{when}" for tried, when in written}
    key_file = keys.read_key_file(path)
    failures = {
        name: replace(record, pending=tuple(p for p in record.pending if p not in done))
        for name, record in key_file.failures.items()
    }
    _save(path, replace(key_file, failures=_without_empty(failures)))


def _without_empty(failures: dict[str, keys.Failures]) -> dict[str, keys.Failures]:
    return {name: f for name, f in failures.items() if f.count or f.pending}


def _save(path: Path, key_file: keys.KeyFile) -> None:
    try:
        keys.write_key_file(path, key_file)
    except OSError as error:
        # A read-only folder: unlocking still works; the count is simply not kept.
        log.warning("failed unlocks could not be counted: %s", error.strerror)
