"""Accounts' key pairs and their entries in the key file, kept in step with the account table.

Each account row keeps a copy of its sealed entry (so a lost key-file entry is restored by the
next person who opens the file) and the signing_key table keeps its public keys for as long as
the audit trail holds events it signed, even after the account is removed.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.errors import StorageError, ValidationError
from chairdesk.models import SigningKey, UserAccount
from chairdesk.services.base import ServiceContext
from chairdesk.storage import keyring, keys
from chairdesk.storage.identity import entry_bytes


def new_member(
    session: Session,
    context: ServiceContext,
    account: UserAccount,
    passphrase: str,
    first: bool,
) -> keys.Member | None:
    """A key pair for a new account on a file, sealed under its passphrase and given the
    database key; None on a server (no file to open). The first account's keys sign at once:
    the person who made it is that chair."""
    database = context.database
    if database.path is None or database.key is None:
        return None
    key_file = keys.read_key_file(database.path)
    assert key_file.database_id is not None and key_file.file_salt is not None
    pair = keyring.AccountKeys.generate()
    identity = keyring.Identity(key_file.database_id, account.id, account.name, account.role.value)
    member = keys.seal_member(pair, identity, passphrase, database.key, key_file.file_salt)
    account.wrapped_key = entry_bytes(member)
    session.add(
        SigningKey(
            key_id=pair.key_id,
            account_id=account.id,
            name=account.name,
            public_key=pair.public_ed25519,
            wrap_key=pair.public_x25519,
            created_at=context.now(),
            removed_at=None,
        )
    )
    database.remember_keys(account.name, pair)
    if first:
        database.use_account_keys(pair)
        database.user = account.name
        database.account_id = account.id
    return member


def _row_member(account: UserAccount) -> keys.Member | None:
    if not account.wrapped_key:
        return None
    data = json.loads(account.wrapped_key)
    return keys.Member.from_json(data) if "sealed" in data else None


def _row_legacy(account: UserAccount) -> keys.AccountKey | None:
    if not account.wrapped_key:
        return None
    data = json.loads(account.wrapped_key)
    return None if "sealed" in data else keys.AccountKey.from_json(data)


def members_from(path: Path | None, session: Session) -> tuple[keys.Member, ...]:
    """Every account's entry: the key file's, else the copy in its row (public keys suffice
    to give it a new database key)."""
    if path is None:
        return ()
    session.flush()
    in_file = {m.account_id: m for m in keys.read_key_file(path).members}
    found: list[keys.Member] = []
    for account in session.scalars(select(UserAccount).order_by(UserAccount.id)):
        member = in_file.get(account.id) or _row_member(account)
        if member is not None:
            found.append(member)
    return tuple(found)


def sync_key_file(path: Path, session: Session) -> None:
    """Make the key file hold exactly the accounts in the database, restoring an entry lost
    from the file and refreshing each row's copy. Raises StorageError if it cannot be written."""
    session.flush()
    key_file = keys.read_key_file(path)
    in_file = {m.account_id: m for m in key_file.members}
    members: list[keys.Member] = []
    legacy: list[keys.AccountKey] = []
    for account in session.scalars(select(UserAccount).order_by(UserAccount.id)):
        member = in_file.get(account.id) or _row_member(account)
        if member is not None:
            members.append(member)
            if account.wrapped_key != entry_bytes(member):
                account.wrapped_key = entry_bytes(member)
            continue
        old = key_file.account(account.name) or _row_legacy(account)
        if old is not None:
            legacy.append(old)
    if not members and not legacy:
        return  # never leave a key file that nothing can open
    updated = replace(key_file, members=tuple(members), accounts=tuple(legacy))
    if updated == key_file:
        return
    try:
        keys.write_key_file(path, updated)
    except OSError as error:
        raise StorageError(
            f"the key file beside the database could not be written: {error.strerror}"
        ) from error


def refuse_while_first_version_entries(path: Path, removing: str) -> None:
    """Removing an account gives everyone else a new database key; an entry from the first
    version cannot receive one until its owner has opened the file once since the update."""
    waiting = [
        a.name
        for a in keys.read_key_file(path).accounts
        if keys.account_key_name(a.name) != keys.account_key_name(removing)
    ]
    if waiting:
        raise ValidationError(
            f"{waiting[0]} has not opened ChairDesk since it was updated: ask them to open it "
            "once, then remove the account (nothing was changed)"
        )


def reseal(path: Path, account: UserAccount, old: str, new: str) -> None:
    """The account's private keys sealed under its new passphrase (same keys, new salt)."""
    key_file = keys.read_key_file(path)
    member = next((m for m in key_file.members if m.account_id == account.id), None)
    if member is None or key_file.database_id is None:
        return  # a first-version entry: it is sealed afresh at its next unlock
    kek = keys.derive_key(old, member.salt, member.parameters)
    pair = keyring.AccountKeys.unseal(
        member.sealed, kek, member.associated_data(key_file.database_id)
    )
    identity = keyring.Identity(key_file.database_id, member.account_id, member.name, member.role)
    fresh = keys.seal_member(pair, identity, new, b"", b"")
    resealed = replace(member, salt=fresh.salt, parameters=fresh.parameters, sealed=fresh.sealed)
    account.wrapped_key = entry_bytes(resealed)
    others = tuple(m for m in key_file.members if m.account_id != account.id)
    try:
        keys.write_key_file(path, replace(key_file, members=(*others, resealed)))
    except OSError as error:
        raise StorageError(
            f"the key file beside the database could not be written: {error.strerror}"
        ) from error


def meet(context: ServiceContext, name: str, passphrase: str) -> None:
    """A second person typed their passphrase here (an approval): their own key signs what
    they do. Nothing happens for a first-version entry or on a server."""
    database = context.database
    if database.path is None:
        return
    key_file = keys.read_key_file(database.path)
    member = key_file.member(name)
    if member is None or key_file.database_id is None:
        return
    kek = keys.derive_key(passphrase, member.salt, member.parameters)
    try:
        pair = keyring.AccountKeys.unseal(
            member.sealed, kek, member.associated_data(key_file.database_id)
        )
    except keyring.NotAuthenticError:
        return
    database.remember_keys(member.name, pair)
