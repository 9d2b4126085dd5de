"""Encrypted backups through SQLite's backup API: atomic, rotated, each with its key file."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chairdesk.errors import ChairDeskError, StorageError
from chairdesk.storage import keys
from chairdesk.storage.faults import plain_storage_message

if TYPE_CHECKING:
    from chairdesk.storage.engine import Database

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
_STAMP = "%Y%m%d-%H%M%S-%f"


def backup_folder(database_path: Path) -> Path:
    """`<db folder>/<db name>-backups/`."""
    return database_path.with_name(database_path.name + "-backups")


def _backup_name(database_path: Path, when: datetime) -> str:
    return f"{database_path.stem}-{when.strftime(_STAMP)}{database_path.suffix or '.db'}"


def list_backups(database_path: Path) -> list[Path]:
    """The backups of `database_path`, oldest first (the names sort by time)."""
    folder = backup_folder(database_path)
    if not folder.is_dir():
        return []
    prefix = database_path.stem + "-"
    suffix = database_path.suffix or ".db"
    found = [
        item
        for item in folder.iterdir()
        if item.is_file() and item.name.startswith(prefix) and item.name.endswith(suffix)
    ]
    return sorted(found, key=lambda item: item.name)


def newest_backup(database_path: Path) -> Path | None:
    found = list_backups(database_path)
    return found[-1] if found else None


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a folder; os.replace is already durable there
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _copy_pages(source: Any, target_path: Path, key: bytes) -> None:
    """SQLite's online backup from an open sqlcipher3 connection into a file with the same key."""
    from chairdesk.storage.engine import connect_encrypted

    target = connect_encrypted(target_path, key)
    try:
        source.backup(target)
        # A backup is a single file: reading it later (even read-only) leaves no -wal or -shm.
        target.execute("PRAGMA journal_mode=DELETE").fetchall()
    finally:
        target.close()


def backup_now(database: Database, *, keep: int = DEFAULT_KEEP) -> Path:
    """Write an encrypted copy of an open SQLite database and keep the newest `keep` copies.

    The copy is written under a temporary name, flushed to disk and then moved into place, so
    a failure (full disk, read-only folder) leaves every earlier backup as it was.

    Raises:
        StorageError: the copy could not be written; the message says why in plain words.
    """
    if database.path is None or database.key is None:
        raise ChairDeskError(
            "a database on a server is backed up by the council's server team, not by ChairDesk"
        )
    folder = backup_folder(database.path)
    final = folder / _backup_name(database.path, datetime.now())
    temporary = folder / (final.name + ".tmp")
    changed = database.changed
    try:
        folder.mkdir(exist_ok=True)
        for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raw = database.engine.raw_connection()
        changed, database.changed = database.changed, False  # later writes: the next backup
        try:
            _copy_pages(raw.driver_connection, temporary, database.key)
        finally:
            raw.close()
        _fsync_file(temporary)
        shutil.copyfile(keys.sidecar_path(database.path), keys.sidecar_path(final))
        _fsync_file(keys.sidecar_path(final))
        os.replace(temporary, final)
        _fsync_folder(folder)
    except (OSError, _sqlite_errors()) as error:
        database.changed = database.changed or changed
        _discard(temporary)
        raise StorageError(_plain_backup_message(folder, error)) from error
    rotate(database.path, keep=keep)
    log.info("backup written")
    return final


def _sqlite_errors() -> type[Exception]:
    from chairdesk.storage.engine import sqlcipher_module

    error: type[Exception] = sqlcipher_module().Error
    return error


def _discard(temporary: Path) -> None:
    for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def _plain_backup_message(folder: Path, error: Exception) -> str:
    reason = plain_storage_message(error, action="the backup was not written")
    return f"{reason} (backup folder {folder}); the earlier backups are unchanged"


def _remove_leftovers(folder: Path, prefix: str) -> None:
    """What a backup cut short by a crash leaves: its temporary file, or a lone key file.

    Only the one writer (it holds the lock) backs up, so nothing here is still being written.
    """
    for item in folder.iterdir():
        name = item.name
        if not name.startswith(prefix):
            continue
        lone_key_file = (
            name.endswith(keys.SIDECAR_SUFFIX)
            and not item.with_name(name.removesuffix(keys.SIDECAR_SUFFIX)).exists()
        )
        if ".tmp" in name or lone_key_file:
            with contextlib.suppress(OSError):
                item.unlink()


def rotate(database_path: Path, *, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups (and their key files); returns what was removed."""
    removed: list[Path] = []
    folder = backup_folder(database_path)
    if folder.is_dir():
        _remove_leftovers(folder, database_path.stem + "-")
    found = list_backups(database_path)
    for old in found[: max(0, len(found) - keep)]:
        try:
            old.unlink()
            keys.sidecar_path(old).unlink(missing_ok=True)
            removed.append(old)
        except OSError as error:
            log.warning("an old backup could not be removed: %s", error.strerror)
    return removed


def restore_backup(backup: Path, database_path: Path) -> Path:
    """Put `backup` (and its key file) in the database's place, for the UI's or CLI's offer.

    Refuses to overwrite: a file still at the database's place must be moved aside first
    (opening a damaged database does that). Returns the restored database path.
    """
    if database_path.exists():
        raise ChairDeskError(
            f"there is still a database at {database_path}: move it aside before restoring"
        )
    backup_key_file = keys.sidecar_path(backup)
    temporary = database_path.with_name(database_path.name + ".restoring")
    try:
        shutil.copyfile(backup, temporary)
        _fsync_file(temporary)
        if backup_key_file.exists():
            key_temporary = temporary.with_name(temporary.name + keys.SIDECAR_SUFFIX)
            shutil.copyfile(backup_key_file, key_temporary)
            _fsync_file(key_temporary)
            os.replace(key_temporary, keys.sidecar_path(database_path))
        os.replace(temporary, database_path)
        _fsync_folder(database_path.parent)
    except OSError as error:
        _discard(temporary)
        raise StorageError(f"the backup could not be restored: {error.strerror}") from error
    return database_path
