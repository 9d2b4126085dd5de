"""Encrypted backups through SQLite's backup API: atomic, kept in generations, each with its key
file, every file readable by its owner alone (chairdesk/files.py).

Which backups are kept is storage/generations.py's rule. `backup_to` writes a fresh backup into
a second place the council chooses (a removable drive, a council share): the same encrypted
file with its key file, never a readable copy.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chairdesk import files
from chairdesk.errors import ChairDeskError, StorageError
from chairdesk.storage import generations, keys
from chairdesk.storage.faults import plain_storage_message

if TYPE_CHECKING:
    from chairdesk.storage.engine import Database

log = logging.getLogger(__name__)

DEFAULT_KEEP = generations.KEEP_LATEST
_STAMP = generations.STAMP
#: The first bytes of every unencrypted SQLite file; an encrypted one never starts so.
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"


def backup_folder(database_path: Path) -> Path:
    """`<db folder>/<db name>-backups/`."""
    return database_path.with_name(database_path.name + "-backups")


def _backup_name(database_path: Path, when: datetime) -> str:
    return f"{database_path.stem}-{when.strftime(_STAMP)}{database_path.suffix or '.db'}"


def list_backups(database_path: Path, folder: Path | None = None) -> list[Path]:
    """The backups of `database_path` (in its backup folder or `folder`), oldest first."""
    folder = backup_folder(database_path) if folder is None else folder
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


def _copy_pages(source: Any, target_path: Path, key: bytes) -> None:
    """SQLite's online backup from an open sqlcipher3 connection into a file with the same key."""
    from chairdesk.storage.engine import connect_encrypted

    files.create_private(target_path)  # 0600 before SQLite opens it
    target = connect_encrypted(target_path, key)
    try:
        source.backup(target)
        # A backup is a single file: reading it later (even read-only) leaves no -wal or -shm.
        target.execute("PRAGMA journal_mode=DELETE").fetchall()
    finally:
        target.close()


def backup_now(database: Database, *, keep: int = DEFAULT_KEEP) -> Path:
    """Write an encrypted copy of an open SQLite database, then rotate (storage/generations.py).

    The copy is written under a temporary name, flushed to disk and then moved into place, so
    a failure (full disk, read-only folder) leaves every earlier backup as it was.

    Raises:
        StorageError: the copy could not be written; the message says why in plain words.
    """
    path = _file_of(database)
    folder = backup_folder(path)
    changed = database.changed
    database.changed = False  # later writes: the next backup
    try:
        final = _write_copy(database, folder, create_folder=True)
    except StorageError:
        database.changed = database.changed or changed
        raise
    rotate(path, keep=keep)
    log.info("backup written")
    return final


def backup_to(database: Database, folder: Path) -> Path:
    """A fresh encrypted backup (with its key file) in a second place the council chose.

    The folder must exist (a drive that is not plugged in is not silently created on the
    laptop). Backups there are rotated by the same rule as the backup folder's.

    Raises:
        StorageError: the folder is missing or cannot be written; nothing is left half-written.
    """
    path = _file_of(database)
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise StorageError(f"there is no folder {folder}: plug in the drive or create it first")
    if folder.resolve() == path.parent.resolve():
        raise StorageError("choose a folder other than the database's own for the second copy")
    final = _write_copy(database, folder, create_folder=False)
    rotate(path, folder=folder)
    log.info("backup copied to a second place")
    return final


def _file_of(database: Database) -> Path:
    if database.path is None or database.key is None:
        raise ChairDeskError(
            "a database on a server is backed up by the council's server team, not by ChairDesk"
        )
    return database.path


def _write_copy(database: Database, folder: Path, *, create_folder: bool) -> Path:
    path = _file_of(database)
    assert database.key is not None
    final = folder / _backup_name(path, datetime.now())
    temporary = folder / (final.name + ".tmp")
    try:
        if create_folder:
            folder.mkdir(mode=0o700, exist_ok=True)
        for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raw = database.engine.raw_connection()
        try:
            _copy_pages(raw.driver_connection, temporary, database.key)
        finally:
            raw.close()
        files.sync_file(temporary)
        refuse_plain_copy(temporary)
        files.copy_private(keys.sidecar_path(path), keys.sidecar_path(final))
        files.move_into_place(temporary, final)
    except (OSError, _sqlite_errors()) as error:
        _discard(temporary)
        raise StorageError(_plain_backup_message(folder, error)) from error
    return final


def refuse_plain_copy(path: Path) -> None:
    """A backup must be encrypted: a file starting with SQLite's plain header is refused."""
    with open(path, "rb") as handle:
        if handle.read(len(PLAIN_SQLITE_HEADER)) == PLAIN_SQLITE_HEADER:
            raise StorageError(f"{path.name} is not encrypted: it was not kept")


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


def rotate(
    database_path: Path,
    *,
    keep: int = DEFAULT_KEEP,
    folder: Path | None = None,
    now: datetime | None = None,
) -> list[Path]:
    """Remove the backups (and their key files) that storage/generations.py does not keep.

    Returns what was removed, oldest first.
    """
    removed: list[Path] = []
    folder = backup_folder(database_path) if folder is None else folder
    if folder.is_dir():
        _remove_leftovers(folder, database_path.stem + "-")
    found = list_backups(database_path, folder)
    stale = generations.to_remove(found, database_path.stem, now or datetime.now(), latest=keep)
    for old in stale:
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
    (opening a damaged database does that; `restore_replacing` for a healthy one). Returns
    the restored database path.
    """
    if database_path.exists():
        raise ChairDeskError(
            f"there is still a database at {database_path}: move it aside before restoring"
        )
    backup_key_file = keys.sidecar_path(backup)
    temporary = database_path.with_name(database_path.name + ".restoring")
    try:
        files.copy_private(backup, temporary)
        refuse_plain_copy(temporary)
        if backup_key_file.exists():
            key_temporary = temporary.with_name(temporary.name + keys.SIDECAR_SUFFIX)
            files.copy_private(backup_key_file, key_temporary)
            files.move_into_place(key_temporary, keys.sidecar_path(database_path))
        files.move_into_place(temporary, database_path)
    except OSError as error:
        _discard(temporary)
        raise StorageError(f"the backup could not be restored: {error.strerror}") from error
    return database_path


def restore_replacing(backup: Path, database_path: Path) -> Path:
    """Restore `backup` over a healthy database, which is first moved aside (never deleted).

    Takes the database's lock for the whole restore, so an open ChairDesk is never swapped
    under its feet. Returns where the database that was there now is.

    Raises:
        DatabaseLockedError: ChairDesk has the database open.
        StorageError: the backup or the folder cannot be read or written.
    """
    from chairdesk.storage import lock

    if not backup.is_file():
        raise StorageError(f"there is no backup {backup}: 'chairdesk backup list' shows them")
    held = lock.acquire_lock(database_path)
    try:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = database_path.with_name(f"{database_path.name}.before-restore-{stamp}")
        if database_path.exists():
            _move_with_companions(database_path, aside)
        try:
            restore_backup(backup, database_path)
        except BaseException:
            if aside.exists() and not database_path.exists():
                _move_with_companions(aside, database_path)
            raise
        return aside
    finally:
        held.release()


def _move_with_companions(source: Path, target: Path) -> None:
    """Move a database with its -wal and -shm (a copy of its key file stays for the backup)."""
    for suffix in ("-wal", "-shm"):
        extra = source.with_name(source.name + suffix)
        if extra.exists():
            files.move_into_place(extra, target.with_name(target.name + suffix))
    key_file = keys.sidecar_path(source)
    if key_file.exists():
        files.copy_private(key_file, keys.sidecar_path(target))
    files.move_into_place(source, target)
