"""People who can open the database: chair, minute-taker, manager, each with a passphrase."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chairdesk.domain import UserRole
from chairdesk.errors import (
    ChairDeskError,
    IncorrectPassphraseError,
    UnlockDelayedError,
    ValidationError,
)
from chairdesk.models import SigningKey, UserAccount
from chairdesk.services import account_keys, audit, listing
from chairdesk.services.audit_chain import unlock_detail
from chairdesk.services.base import ServiceContext
from chairdesk.services.entries import as_enum, clean_text
from chairdesk.services.permissions import Permission, require
from chairdesk.storage import keys, rotation, unlock
from chairdesk.views import AccountView

log = logging.getLogger(__name__)

MIN_PASSPHRASE_LENGTH = 10
MAX_NAME_LENGTH = 80


def same_account(name: str, other: str) -> bool:
    """Whether two names are the same account (case and spacing aside), as sign-in reads them."""
    return keys.account_key_name(name) == keys.account_key_name(other)


def _hasher() -> PasswordHasher:
    # The same cost as the database key (RFC 9106's second option; cheap only under tests).
    cost = keys.KdfParameters.for_new_database()
    return PasswordHasher(
        time_cost=cost.time_cost, memory_cost=cost.memory_cost_kib, parallelism=cost.parallelism
    )


def _view(account: UserAccount) -> AccountView:
    return AccountView(account.id, account.name, account.role, account.created_at)


def _clean_name(name: str) -> str:
    cleaned = " ".join(clean_text(name, "the name").split())
    if not cleaned:
        raise ValidationError("give the account a name (for example the person's own name)")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValidationError(f"a name can be at most {MAX_NAME_LENGTH} characters")
    return cleaned


def check_new_passphrase(passphrase: str) -> None:
    clean_text(passphrase, "the passphrase")
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError(
            f"a passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters; a few words work well"
        )


def _find(session: Session, name: str) -> UserAccount | None:
    wanted = keys.account_key_name(name)
    for account in session.scalars(select(UserAccount)):
        if keys.account_key_name(account.name) == wanted:
            return account
    return None


class AccountService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def accounts(self) -> tuple[AccountView, ...]:
        with self.context.database.transaction() as session:
            rows = session.scalars(select(UserAccount).order_by(UserAccount.id)).all()
            return tuple(_view(row) for row in rows)

    def has_accounts(self) -> bool:
        return listing.has_accounts(self.context.database)

    def create_account(self, name: str, role: UserRole | str, passphrase: str) -> AccountView:
        """A new account. The first is a chair's and needs no one's permission; after that only
        a chair adds accounts. On a file, the database key is wrapped for the new passphrase and
        the database's own passphrase stops opening it (only accounts do from then on).

        Raises:
            ValidationError: a blank or over-long name, a name already used, a short passphrase,
                or a first account that is not a chair's.
            PermissionDeniedError: the person acting is not a chair.
        """
        name = _clean_name(name)
        role = as_enum(UserRole, role, "the role")
        check_new_passphrase(passphrase)
        database = self.context.database
        with database.transaction() as session:
            first = not session.scalar(select(func.count()).select_from(UserAccount))
            if first and role != UserRole.CHAIR:
                raise ValidationError("the first account must be a chair's")
            if not first:
                require(self.context, Permission.MANAGE_ACCOUNTS)
            if _find(session, name) is not None:
                raise ValidationError("there is already an account with that name")
            account = UserAccount(
                name=name,
                role=role,
                password_hash=_hasher().hash(passphrase),
                wrapped_key=None,
                failed_unlocks=0,
                locked_until=None,
                created_at=self.context.now(),
            )
            session.add(account)
            session.flush()
            member = account_keys.new_member(session, self.context, account, passphrase, first)
            actor = self.context if not first else replace(self.context, user=name)
            audit.record(
                session, actor, "account.create", "account", account.id, detail={"role": role.value}
            )
            if member is not None and database.path is not None:
                # In the same transaction: if the key file cannot be written, no account exists.
                account_keys.sync_key_file(database.path, session)
            view = _view(account)
        if first and member is not None:
            # A new random key that only the accounts can unwrap: the database passphrase (even
            # with a copy of the older key file) no longer opens the file.
            rotation.change_key(database, (member,))
        return view

    def remove_account(self, account_id: int) -> None:
        """Only a chair; never the last chair. The person's passphrase stops opening the file."""
        require(self.context, Permission.MANAGE_ACCOUNTS)
        database = self.context.database
        with database.transaction() as session:
            account = session.get(UserAccount, account_id)
            if account is None:
                raise ValidationError("that account no longer exists")
            chairs = session.scalar(
                select(func.count())
                .select_from(UserAccount)
                .where(UserAccount.role == UserRole.CHAIR)
            )
            if account.role == UserRole.CHAIR and (chairs or 0) <= 1:
                raise ValidationError("the last chair's account cannot be removed")
            if database.path is not None:
                account_keys.refuse_while_first_version_entries(database.path, account.name)
            session.delete(account)
            for signing in session.scalars(
                select(SigningKey).where(SigningKey.account_id == account_id)
            ):
                signing.removed_at = self.context.now()
            session.flush()
            audit.record(session, self.context, "account.remove", "account", account_id)
            remaining = account_keys.members_from(database.path, session)
        if database.path is not None:
            # A new database key wrapped to the remaining accounts' public keys: the removed
            # person's passphrase, with any copy of an older key file, no longer opens the file.
            rotation.change_key(database, remaining)
            with database.transaction() as session:
                account_keys.sync_key_file(database.path, session)

    def verify(self, name: str, passphrase: str) -> AccountView:
        """The account if the passphrase is its own: for approving a copy and unlocking the
        screen. Wrong passphrases are audited and, after a few, slowed down.

        Raises:
            UnlockDelayedError: too many wrong passphrases for this account just now.
            IncorrectPassphraseError: no such account, or not its passphrase.
        """
        now = self.context.now()
        with self.context.database.transaction() as session:
            account = _find(session, name)
            if account is None:
                audit.record(session, replace(self.context, user=""), "unlock.failed")
                raise IncorrectPassphraseError(with_accounts=True)
            if account.locked_until is not None and account.locked_until > now:
                seconds = max(1, int((account.locked_until - now).total_seconds()))
                raise UnlockDelayedError(seconds)
            if _matches(account.password_hash, passphrase):
                account.failed_unlocks = 0
                account.locked_until = None
                account_keys.meet(self.context, account.name, passphrase)
                return _view(account)
            account.failed_unlocks += 1
            wait = unlock.wait_after(account.failed_unlocks)
            account.locked_until = now + timedelta(seconds=wait) if wait else None
            audit.record(
                session,
                replace(self.context, user=account.name),
                "unlock.failed",
                "account",
                account.id,
                detail={"failures": account.failed_unlocks},
            )
        raise IncorrectPassphraseError(with_accounts=True)

    def start_session(self) -> ServiceContext:
        """After the file is open: audit the unlock and any failed ones before it, restore
        account keys missing from the key file, and return the context for this person."""
        database = self.context.database
        written = database.failed_unlocks
        with database.transaction() as session:
            for tried, when in written:
                audit.record(
                    session,
                    replace(self.context, user=tried),
                    "unlock.failed",
                    detail={"at": when},
                )
            account = (
                session.get(UserAccount, database.account_id)
                if database.account_id is not None
                else None
            )
            context = (
                replace(self.context, user=account.name, role=account.role)
                if account is not None
                else self.context
            )
            audit.record(session, context, "unlock", detail=unlock_detail(database))
            if account is not None and database.path is not None:
                try:
                    account_keys.sync_key_file(database.path, session)
                except ChairDeskError as error:
                    log.warning("account keys were not refreshed: %s", type(error).__name__)
        database.failed_unlocks = ()
        if database.path is not None:
            unlock.forget_failures(database.path, written)
        return context

    def sign_in(self, name: str, passphrase: str) -> ServiceContext:
        """On a server, where the passphrase encrypts nothing: the account's own check."""
        account = self.verify(name, passphrase)
        context = replace(self.context, user=account.name, role=account.role)
        database = self.context.database
        with database.transaction() as session:
            audit.record(session, context, "unlock", detail=unlock_detail(database))
        return context

    def change_passphrase(self, name: str, old: str, new: str) -> None:
        account = self.verify(name, old)
        check_new_passphrase(new)
        database = self.context.database
        with database.transaction() as session:
            row = session.get(UserAccount, account.id)
            assert row is not None
            row.password_hash = _hasher().hash(new)
            if database.path is not None:
                account_keys.reseal(database.path, row, old, new)
            audit.record(
                session,
                replace(self.context, user=row.name),
                "account.passphrase",
                "account",
                row.id,
            )
            if database.path is not None:
                account_keys.sync_key_file(database.path, session)


def _matches(password_hash: str, passphrase: str) -> bool:
    try:
        return _hasher().verify(password_hash, passphrase)
    except (VerificationError, InvalidHashError):
        return False


__all__ = ["MIN_PASSPHRASE_LENGTH", "AccountService", "check_new_passphrase", "same_account"]
