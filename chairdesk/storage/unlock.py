"""Unlocking the database file: the key a passphrase gives, and slowing repeated guesses."""

from __future__ import annotations

import json
import logging
import math
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from chairdesk import files
from chairdesk.errors import IncorrectPassphraseError, UnlockDelayedError
from chairdesk.storage import keyring, keys

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
    #: The 32-byte database key (SQLCipher is given it with the file's salt).
    key: bytes = field(repr=False)
    #: The account that unlocked, as its entry names it ("" when the database has no accounts).
    #: Opening the file checks the name against the database's own account table.
    user: str
    #: Failed unlocks not yet in the audit trail: (the name tried, when, ISO).
    failed_unlocks: tuple[tuple[str, str], ...] = ()
    #: The account's id and private keys (sealed entries only).
    account_id: int | None = None
    account_keys: keyring.AccountKeys | None = field(default=None, repr=False)
    #: The next key while the key is being changed (the entry's pending wrap).
    next_key: bytes | None = field(default=None, repr=False)
    #: A first-version entry: the passphrase, to check against the account and seal a new entry.
    legacy_passphrase: str | None = field(default=None, repr=False)


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
        raise IncorrectPassphraseError(with_accounts=key_file.has_accounts)
    return replace(found, failed_unlocks=_clear(path, key_file, bucket))


def _bucket(key_file: keys.KeyFile, user: str | None) -> str:
    if not key_file.has_accounts:
        return NO_ACCOUNTS
    if user is None:
        return UNKNOWN_NAME
    known = _known_name(key_file, user)
    return keys.account_key_name(known) if known else UNKNOWN_NAME


def _known_name(key_file: keys.KeyFile, user: str) -> str:
    member = key_file.member(user)
    if member is not None:
        return member.name
    account = key_file.account(user)
    return account.name if account is not None else ""


def _seconds_to_wait(key_file: keys.KeyFile, bucket: str, now: float) -> int:
    failures = _failures(key_file, bucket)
    return max(0, math.ceil(failures.last + wait_after(failures.count) - now))


# The count is also kept in the person's own data folder, by database id, so that putting an
# older copy of the key file back does not reset it (docs/deployment.md says what it cannot do).


def _kept_path(key_file: keys.KeyFile) -> Path | None:
    if key_file.database_id is None:
        return None
    from chairdesk import paths

    return paths.data_dir() / "unlock" / f"{key_file.database_id.hex()}.json"


def _kept(key_file: keys.KeyFile) -> dict[str, list[float]]:
    path = _kept_path(key_file)
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path is not None else {}
        return {str(k): [float(v[0]), float(v[1])] for k, v in data.items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        return {}


def _keep(key_file: keys.KeyFile, bucket: str, count: int, last: float) -> None:
    path = _kept_path(key_file)
    if path is None:
        return
    kept = _kept(key_file)
    if count:
        kept[bucket] = [count, last]
    elif bucket not in kept:
        return
    else:
        del kept[bucket]
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        files.replace_atomically(path, json.dumps(kept).encode("utf-8"))
    except OSError as error:
        log.warning("failed unlocks could not be kept in the data folder: %s", error.strerror)


def _failures(key_file: keys.KeyFile, bucket: str) -> keys.Failures:
    """The larger of the key file's count and the one kept in the data folder."""
    local = key_file.failures.get(bucket, keys.Failures())
    kept = _kept(key_file).get(bucket)
    if kept is not None and int(kept[0]) > local.count:
        return keys.Failures(int(kept[0]), kept[1], local.pending)
    return local


def _try(key_file: keys.KeyFile, passphrase: str, user: str | None) -> Unlocked | None:
    if not key_file.has_accounts:
        assert key_file.salt is not None  # read_key_file refuses a sidecar with neither
        key = keys.derive_key(passphrase, key_file.salt, key_file.parameters)
        return Unlocked(key, "") if keys.key_check(key) == key_file.check else None
    wanted = keys.account_key_name(user) if user is not None else None
    for member in key_file.members:
        if wanted is None or keys.account_key_name(member.name) == wanted:
            opened = _open_member(key_file, member, passphrase)
            if opened is not None:
                return opened
    for account in key_file.accounts:
        if wanted is None or keys.account_key_name(account.name) == wanted:
            key = keys.unwrap_key(account, passphrase)
            if keys.key_check(key) == key_file.check:
                return Unlocked(key, account.name, legacy_passphrase=passphrase)
    return None


def _open_member(key_file: keys.KeyFile, member: keys.Member, passphrase: str) -> Unlocked | None:
    """The entry's keys if the passphrase is its own and nothing in the entry was changed."""
    database_id = key_file.database_id
    if database_id is None or key_file.file_salt is None:
        return None
    kek = keys.derive_key(passphrase, member.salt, member.parameters)
    try:
        private = keyring.AccountKeys.unseal(
            member.sealed, kek, member.associated_data(database_id)
        )
        if (private.public_x25519, private.public_ed25519) != (
            member.public_x25519,
            member.public_ed25519,
        ):
            return None
        data = keyring.wrap_data(database_id, member.account_id, key_file.file_salt)
        key = keyring.unwrap(member.wrapped, private.x25519, data)
        next_key = None
        if member.pending and key_file.next_salt is not None:
            pending = keyring.wrap_data(database_id, member.account_id, key_file.next_salt)
            next_key = keyring.unwrap(member.pending, private.x25519, pending)
    except keyring.NotAuthenticError:
        return None
    if keys.key_check(key) != key_file.check:
        return None
    return Unlocked(key, member.name, (), member.account_id, private, next_key)


def _count_failure(
    path: Path, key_file: keys.KeyFile, bucket: str, now: float, user: str | None
) -> None:
    before = _failures(key_file, bucket)
    _keep(key_file, bucket, before.count + 1, now)
    # The audit trail names accounts, never whatever text was typed for a name.
    tried = _known_name(key_file, user) if user is not None else ""
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
    _keep(key_file, bucket, 0, 0.0)
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
