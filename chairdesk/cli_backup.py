"""`chairdesk backup list|restore|copy`: the encrypted backups beside the database.

`list` needs no passphrase (it reads names and sizes only). `restore` puts a backup in the
database's place: the database that was there is moved aside (never deleted), and the restored
file must open with the passphrase, else the one moved aside is put back. `copy --to DIR` writes
a fresh encrypted backup, with its key file, to a second place the council chose.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from chairdesk import files
from chairdesk.errors import ChairDeskError


def add_parser(commands: Any, parser_class: type[argparse.ArgumentParser], db_help: str) -> None:
    text = "list, restore or copy the encrypted backups of the database"
    backup = commands.add_parser("backup", help=text, description=text)
    backup.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    subcommands = backup.add_subparsers(
        dest="backup_command", metavar="list|restore|copy", parser_class=parser_class, required=True
    )
    listing = subcommands.add_parser("list", help="the backups, oldest first (no passphrase)")
    listing.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    restore = subcommands.add_parser(
        "restore", help="put a backup in the database's place (the database is moved aside)"
    )
    restore.add_argument("backup", metavar="BACKUP", help="a name from 'backup list', or a path")
    restore.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    copy = subcommands.add_parser("copy", help="an encrypted backup in a second place")
    copy.add_argument("--to", metavar="DIR", required=True, help="a removable drive or a share")
    copy.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)


def _file(location: str) -> Path:
    if location.startswith(("postgresql", "postgres://")):
        raise ChairDeskError(
            "a database on a server is backed up by the council's server team, not by ChairDesk"
        )
    return Path(location).expanduser().resolve()


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def run(
    options: argparse.Namespace,
    opened: Callable[..., Any],
    location_of: Callable[[argparse.Namespace], str],
    ask_passphrase: Callable[..., str],
) -> int:
    from chairdesk.storage import backup, generations

    path = _file(location_of(options))
    if options.backup_command == "list":
        found = backup.list_backups(path)
        if not found:
            print(f"No backups yet in {backup.backup_folder(path)}.")
            return 0
        for item in found:
            when = generations.taken_at(item, path.stem)
            stamp = when.strftime("%d %b %Y %H:%M:%S") if when else "unknown time"
            print(f"{stamp}  {_size(item):>9}  {item.name}")
        print(f"{len(found)} backups in {backup.backup_folder(path)}")
        return 0
    if options.backup_command == "copy":
        with opened(options) as context:
            written = backup.backup_to(context.database, Path(options.to))
        print(written)
        return 0
    chosen = _chosen_backup(path, options.backup)
    passphrase = ask_passphrase(str(path), new=False)
    aside = backup.restore_replacing(chosen, path)
    try:
        _must_open(path, passphrase)
    except BaseException:
        _undo(path, aside)
        raise
    print(f"restored {chosen.name}; the database that was there is kept as {aside}")
    return 0


def _chosen_backup(path: Path, wanted: str) -> Path:
    from chairdesk.storage import backup

    given = Path(wanted).expanduser()
    if given.is_file():
        return given
    for item in backup.list_backups(path):
        if item.name == wanted.strip():
            return item
    raise ChairDeskError(
        f"there is no backup named {wanted[:80]!r}: 'chairdesk backup list' shows them"
    )


def _must_open(path: Path, passphrase: str) -> None:
    from chairdesk.storage import open_database

    user = os.environ.get("CHAIRDESK_USER") or None
    open_database(str(path), passphrase, user=user).close()


def _undo(path: Path, aside: Path) -> None:
    """The restored file did not open: put the database that was there back."""
    from chairdesk.storage import keys

    if not aside.exists():
        return
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if path.exists():
        files.move_into_place(path, path.with_name(f"{path.name}.not-restored-{stamp}"))
    files.move_into_place(aside, path)
    if keys.sidecar_path(aside).exists():
        files.move_into_place(keys.sidecar_path(aside), keys.sidecar_path(path))
