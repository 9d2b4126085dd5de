"""Where a headless command's database is, its passphrase, and opening it as the person acting."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from chairdesk import paths
from chairdesk.errors import ChairDeskError, DatabaseMissingError

PASSPHRASE_VARIABLE = "CHAIRDESK_PASSPHRASE"
USER_VARIABLE = "CHAIRDESK_USER"


def database_location(options: argparse.Namespace) -> str:
    """The --db given, else CHAIRDESK_DB, else the database in the user's data folder.

    Raises:
        ChairDeskError: `--db ""` (which would silently mean the default database) or a folder.
    """
    given = getattr(options, "db", None)
    if given is not None and not given.strip():
        raise ChairDeskError("--db is empty: give the database file, or leave --db out")
    location = str(given or paths.default_database())
    if not _is_server(location) and Path(location).expanduser().is_dir():
        raise ChairDeskError(
            f"--db names a folder ({location}): give the database file inside it, "
            "for example chairdesk.db"
        )
    return location


def _is_server(location: str) -> bool:
    return location.startswith(("postgresql", "postgres://"))


def database_exists(location: str) -> bool:
    """Whether the file is there; a server address always counts as there."""
    return _is_server(location) or Path(location).expanduser().exists()


def ask_passphrase(location: str, *, new: bool) -> str:
    """CHAIRDESK_PASSPHRASE, else asked at the terminal (twice for a new database)."""
    given = os.environ.get(PASSPHRASE_VARIABLE)
    if given:
        return given
    if not sys.stdin.isatty():
        raise ChairDeskError(
            f"no passphrase: set {PASSPHRASE_VARIABLE} or run chairdesk in a terminal to be asked"
        )
    if not new:
        return getpass.getpass(f"Passphrase for {location}: ")
    first = getpass.getpass(f"Choose a passphrase for the new database {location}: ")
    if not first:
        raise ChairDeskError("the passphrase cannot be empty: nothing was created")
    if getpass.getpass("Type it again: ") != first:
        raise ChairDeskError("the two passphrases differ: nothing was created")
    return first


@contextmanager
def opened(options: argparse.Namespace, *, create: bool = False) -> Iterator[Any]:
    """The service context over the database, closed (and backed up) afterwards."""
    from chairdesk.services.base import ServiceContext
    from chairdesk.storage import open_database

    location = database_location(options)
    exists = database_exists(location)
    if not exists and not create:
        raise DatabaseMissingError(Path(location).expanduser().resolve())
    passphrase = ask_passphrase(location, new=not exists)
    account = os.environ.get(USER_VARIABLE) or None
    database = open_database(location, passphrase, create=create, user=account)
    try:
        yield _session(ServiceContext(database=database, user=_user()), account, passphrase)
    finally:
        database.close()


def _session(context: Any, account: str | None, passphrase: str) -> Any:
    """The person acting: the account that opened the file (on a server, that signs in)."""
    from chairdesk.services.accounts import AccountService

    accounts = AccountService(context)
    if context.database.is_sqlite or not accounts.has_accounts():
        return accounts.start_session()
    if not account:
        raise ChairDeskError(
            f"this database has accounts: set {USER_VARIABLE} to your account name"
        )
    return accounts.sign_in(account, passphrase)


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "chair"
