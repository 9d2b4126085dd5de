"""Changing the database key: a new random key, wrapped to each remaining account's public key
(no passphrase needed), the file re-encrypted with SQLCipher's rekey, then the key file.

The key file holds the next key (wrapped, as `pending`) before the file is rekeyed, and is told
afterwards; a computer that stops in between leaves a key file that opens either state, and the
next unlock finishes the change (storage/identity.py).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from chairdesk.errors import StorageError
from chairdesk.storage import keyring, keys
from chairdesk.storage.database import Database


def change_key(database: Database, members: Sequence[keys.Member]) -> None:
    """Give the file a new key that only `members` can unwrap; the database passphrase (if it
    still opened the file) and every entry not in `members` stop opening it, even from a copy
    of an older key file."""
    from chairdesk.storage.identity import keep_chain_key

    assert database.path is not None
    path = database.path
    keep_chain_key(database)
    key_file = keys.read_key_file(path)
    assert key_file.database_id is not None
    new_key = secrets.token_bytes(32)
    new_salt = keyring.new_file_salt(key_file.database_id)
    pending = tuple(
        replace(m, pending=keys.wrap_for(m, key_file.database_id, new_key, new_salt))
        for m in members
    )
    _write(
        path,
        replace(key_file, members=pending, next_salt=new_salt, next_check=keys.key_check(new_key)),
    )
    database.rekey(keys.sqlcipher_key(new_key, new_salt))
    finish(path)


def finish(path: Path) -> None:
    """The file has the next key: the key file's pending wraps become the current ones."""
    key_file = keys.read_key_file(path)
    if key_file.next_salt is None:
        return
    members = tuple(
        replace(m, wrapped=m.pending, pending=b"") for m in key_file.members if m.pending
    )
    _write(
        path,
        replace(
            key_file,
            salt=None,
            accounts=(),
            members=members,
            file_salt=key_file.next_salt,
            check=key_file.next_check,
            next_salt=None,
            next_check="",
        ),
    )


def _write(path: Path, key_file: keys.KeyFile) -> None:
    try:
        keys.write_key_file(path, key_file)
    except OSError as error:
        raise StorageError(
            f"the key file beside the database could not be written: {error.strerror}"
        ) from error
