"""Who opened the file: the key file's entry checked against the database's own account table.

A sealed entry that authenticates names an account id; the database (authenticated by
SQLCipher once open) must hold that account, under that name, with that public key, or the
file is closed again. The role always comes from the database. A first-version entry is
checked against the account's own passphrase hash and replaced by a sealed one (the
migration on first unlock, docs/decisions.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from chairdesk.errors import KeyFileMismatchError, StorageError, UnknownAccountError
from chairdesk.storage import keyring, keys, rotation, unlock
from chairdesk.storage.database import Database
from chairdesk.storage.sqlcipher import DamagedFileError, file_salt

log = logging.getLogger(__name__)

# The plain SQL this module reads and writes accounts and the audit trail with, named so that
# tests/services/test_home_sql.py runs each against the models' tables.
CHAIN_KEY_SQL = "SELECT chain_key FROM audit_anchor WHERE id = 1"
KEEP_CHAIN_KEY_SQL = "INSERT INTO audit_anchor (id, chain_key) VALUES (1, :key)"
ACCOUNTS_SQL = "SELECT id, name, role, password_hash FROM user_account"
PUBLIC_KEYS_SQL = "SELECT public_key FROM signing_key WHERE account_id = :id AND removed_at IS NULL"
RETIRE_KEYS_SQL = (
    "UPDATE signing_key SET removed_at = :at WHERE account_id = :account_id AND removed_at IS NULL"
)
ADD_KEY_SQL = (
    "INSERT INTO signing_key (key_id, account_id, name, public_key, wrap_key, created_at)"
    " VALUES (:key_id, :account_id, :name, :public, :wrap, :at)"
)
STORE_ENTRY_SQL = "UPDATE user_account SET wrapped_key = :entry WHERE id = :id"
EVENT_COUNT_SQL = "SELECT count(*) FROM audit_event"
NEWEST_DIGEST_SQL = "SELECT digest FROM audit_event ORDER BY id DESC LIMIT 1"
DIGEST_AT_SQL = "SELECT digest FROM audit_event ORDER BY id LIMIT 1 OFFSET :skip"


def file_key(path: Path, key_file: keys.KeyFile, unlocked: unlock.Unlocked) -> tuple[bytes, bool]:
    """The SQLCipher key for the file as it is now, and whether it is the next key of a key
    change that was cut short (the file was rekeyed, the key file not yet told).

    Raises:
        KeyFileMismatchError: the file is another database's, or the key file is older than
            the file's key; nothing is moved.
        DamagedFileError: the file's first bytes are not a salt ChairDesk made (damage).
    """
    actual = file_salt(path)
    if key_file.file_salt is None:
        # A first-version key file: SQLCipher's own salt is kept, and recorded once open.
        return keys.sqlcipher_key(unlocked.key, actual if len(actual) == 16 else None), False
    if actual == key_file.file_salt:
        return keys.sqlcipher_key(unlocked.key, actual), False
    if actual == key_file.next_salt and unlocked.next_key is not None:
        return keys.sqlcipher_key(unlocked.next_key, actual), True
    database_id = keyring.salt_database_id(actual)
    if database_id is None:
        raise DamagedFileError("salt")
    raise KeyFileMismatchError(out_of_date=database_id == key_file.database_id)


def confirm(database: Database, unlocked: unlock.Unlocked, rekeyed: bool) -> None:
    """Check the unlocking entry against the database, finish a key change cut short, record
    a first-version key file's database id, and keep the audit head when the file closes.

    Raises:
        UnknownAccountError: the entry names no account of this database (or another's key).
        KeyFileMismatchError: a key file from before accounts, for a database that has them.
    """
    assert database.path is not None and database.key is not None
    path = database.path
    key_file = keys.read_key_file(path)
    if key_file.file_salt is None or key_file.database_id is None:
        key_file = replace(
            key_file,
            database_id=key_file.database_id or keyring.new_database_id(),
            file_salt=database.key[32:48] or None,
        )
        _write(path, key_file)
    database.audit_key = _chain_key(database) or database.audit_key
    accounts = _accounts(database)
    if not key_file.has_accounts:
        if accounts:
            raise KeyFileMismatchError(out_of_date=True)
    elif unlocked.legacy_passphrase is not None:
        _migrate_legacy(database, key_file, unlocked, accounts)
    else:
        _check_member(database, unlocked, accounts)
    if key_file.next_salt is not None:
        if rekeyed:
            rotation.finish(path)
        elif unlocked.next_key is not None:
            database.rekey(keys.sqlcipher_key(unlocked.next_key, key_file.next_salt))
            rotation.finish(path)
    database.before_close(lambda: write_head(database))


def _chain_key(database: Database) -> bytes | None:
    """The audit chain's key, kept in the database once its key has changed (the chain must
    verify with the key it was made with)."""
    with database.reading() as read:
        rows = read(CHAIN_KEY_SQL, {})
    return bytes(rows[0][0]) if rows else None


def keep_chain_key(database: Database) -> None:
    """Before the database key changes: keep the audit chain's key inside the database."""
    from sqlalchemy import text

    if _chain_key(database) is not None:
        return
    with database.engine.begin() as connection:
        connection.execute(
            text(KEEP_CHAIN_KEY_SQL),
            {"key": database.audit_key},
        )


def _accounts(database: Database) -> dict[int, tuple[str, str, str]]:
    with database.reading() as read:
        rows = read(ACCOUNTS_SQL, {})
    return {int(r[0]): (str(r[1]), str(r[2]), str(r[3])) for r in rows}


def _check_member(
    database: Database, unlocked: unlock.Unlocked, accounts: dict[int, tuple[str, str, str]]
) -> None:
    if unlocked.account_id is None or unlocked.account_keys is None:
        raise UnknownAccountError()  # a bare key (derived elsewhere) names no one
    found = accounts.get(unlocked.account_id)
    if found is None or keys.account_key_name(found[0]) != keys.account_key_name(unlocked.user):
        raise UnknownAccountError()
    with database.reading() as read:
        public = read(PUBLIC_KEYS_SQL, {"id": unlocked.account_id})
    if [bytes(row[0]) for row in public] != [unlocked.account_keys.public_ed25519]:
        raise UnknownAccountError()
    database.user = found[0]
    database.account_id = unlocked.account_id
    database.use_account_keys(unlocked.account_keys)


def _migrate_legacy(
    database: Database,
    key_file: keys.KeyFile,
    unlocked: unlock.Unlocked,
    accounts: dict[int, tuple[str, str, str]],
) -> None:
    """A first-version entry opened the file: the account's own passphrase hash must agree
    (a copied or renamed entry does not), then the entry is sealed in the new format."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    passphrase = unlocked.legacy_passphrase
    assert passphrase is not None and key_file.database_id is not None
    wanted = keys.account_key_name(unlocked.user)
    found = [(i, row) for i, row in accounts.items() if keys.account_key_name(row[0]) == wanted]
    try:
        matches = bool(found) and PasswordHasher().verify(found[0][1][2], passphrase)
    except (VerificationError, InvalidHashError):
        matches = False
    if not matches:
        raise UnknownAccountError()
    account_id, (name, role, _hash) = found[0]
    account_keys = keyring.AccountKeys.generate()
    identity = keyring.Identity(key_file.database_id, account_id, name, role)
    salt = database.key[32:48] if database.key is not None else b""
    member = keys.seal_member(account_keys, identity, passphrase, unlocked.key, salt)
    add_signing_key(database, account_id, name, account_keys, member)
    legacy = tuple(a for a in key_file.accounts if keys.account_key_name(a.name) != wanted)
    _write(
        path_of(database), replace(key_file, members=(*key_file.members, member), accounts=legacy)
    )
    database.user = name
    database.account_id = account_id
    database.use_account_keys(account_keys)
    log.info("a first-version account entry was sealed in the new format")


def add_signing_key(
    database: Database,
    account_id: int,
    name: str,
    account_keys: keyring.AccountKeys,
    member: keys.Member,
) -> None:
    """Record an account's public keys (and its entry, to restore a lost key file entry)."""
    from sqlalchemy import text

    with database.engine.begin() as connection:
        # A key pair made earlier for this account (a migration cut short) no longer counts.
        connection.execute(
            text(RETIRE_KEYS_SQL),
            {"at": datetime.now().replace(microsecond=0), "account_id": account_id},
        )
        connection.execute(
            text(ADD_KEY_SQL),
            {
                "key_id": account_keys.key_id,
                "account_id": account_id,
                "name": name,
                "public": account_keys.public_ed25519,
                "wrap": account_keys.public_x25519,
                "at": datetime.now().replace(microsecond=0),
            },
        )
        connection.execute(
            text(STORE_ENTRY_SQL),
            {"entry": entry_bytes(member), "id": account_id},
        )


def entry_bytes(member: keys.Member) -> bytes:
    return json.dumps(member.to_json()).encode()


def path_of(database: Database) -> Path:
    assert database.path is not None
    return database.path


def _write(path: Path, key_file: keys.KeyFile) -> None:
    try:
        keys.write_key_file(path, key_file)
    except OSError as error:
        raise StorageError(
            f"the key file beside the database could not be written: {error.strerror}"
        ) from error


# The audit trail's head, kept in the key file (signed) so that removing the newest events
# shows even to someone who re-chains what is left.


def head_signature(database: Database, database_id: bytes, count: int, digest: str) -> keys.Head:
    message = keyring.head_message(database_id, count, digest)
    account_keys: Any = database.account_keys
    if account_keys is not None:
        return keys.Head(count, digest, account_keys.key_id, account_keys.sign(message).hex())
    mac = hmac.new(keys.subkey(database.audit_key, "head"), message, hashlib.sha256).hexdigest()
    return keys.Head(count, digest, "", mac)


def head_mac_matches(database: Database, database_id: bytes, head: keys.Head) -> bool:
    message = keyring.head_message(database_id, head.count, head.digest)
    mac = hmac.new(keys.subkey(database.audit_key, "head"), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(mac, head.signature)


def current_head(database: Database) -> tuple[int, str]:
    """How many audit events there are and the newest one's digest ("" when there are none)."""
    with database.reading() as read:
        count = int(read(EVENT_COUNT_SQL, {})[0][0])
        newest = read(NEWEST_DIGEST_SQL, {})
    return count, str(newest[0][0]) if newest else ""


def _reaches(database: Database, head: keys.Head) -> bool:
    """Whether the trail's event number `head.count` is still the one the head names."""
    with database.reading() as read:
        rows = read(DIGEST_AT_SQL, {"skip": head.count - 1})
    return bool(rows) and hmac.compare_digest(str(rows[0][0]), head.digest)


def write_head(database: Database) -> None:
    """Keep the newest head in the key file when a session that wrote closes."""
    if not (database.changed or database.audited) or database.path is None:
        return
    key_file = keys.read_key_file(database.path)
    if key_file.database_id is None:
        return
    if key_file.file_salt is not None and key_file.file_salt != file_salt(database.path):
        # Another database's key file was put beside this one while it was open: leave it.
        log.warning("the key file beside the database is another database's; no head written")
        return
    count, digest = current_head(database)
    kept = key_file.head
    if kept is not None and (kept.count, kept.digest) == (count, digest):
        return
    if kept is not None and kept.count and not _reaches(database, kept):
        # The trail no longer reaches the head kept here: keep that evidence for `audit verify`.
        log.warning("the audit trail does not reach the head in the key file")
        return
    head = head_signature(database, key_file.database_id, count, digest)
    _write(database.path, replace(key_file, head=head))
