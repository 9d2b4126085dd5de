"""The one-writer lock: an OS-level lock on `<database>.lock`, cleared when its holder has died."""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import platform
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from chairdesk.errors import DatabaseLockedError, StorageError
from chairdesk.storage.faults import plain_storage_message

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
# Windows locks a byte range; locking a byte past the text lets others still read who holds it.
_WINDOWS_LOCK_OFFSET = 1 << 20

LockStatus = Literal["free", "stale", "held"]


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + LOCK_SUFFIX)


@dataclass(frozen=True)
class LockState:
    """What the lock file says: free, left by a copy that stopped (stale), or held now."""

    status: LockStatus
    holder: str = ""


def _try_lock(descriptor: int) -> bool:
    """Take the OS lock without waiting; False when another open file holds it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(descriptor: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(descriptor, fcntl.LOCK_UN)


def _read_holder(descriptor: int) -> str:
    """Who the lock file names, as 'process 123 on HOST since 2024-01-01 09:00'. No person."""
    os.lseek(descriptor, 0, os.SEEK_SET)
    raw = os.read(descriptor, 4096)
    try:
        data = json.loads(raw.decode("utf-8"))
        return f"process {int(data['pid'])} on {data['host']} since {data['since']}"
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return "another process" if raw else ""


def _holder_text() -> bytes:
    since = datetime.now().strftime("%Y-%m-%d %H:%M")
    return json.dumps({"pid": os.getpid(), "host": platform.node(), "since": since}).encode()


def _cannot_write(path: Path, error: OSError) -> str:
    reason = plain_storage_message(error, "the database was not opened")
    return f"cannot write the lock file beside the database in {path.parent}; {reason}"


def _same_file(descriptor: int, path: Path) -> bool:
    """The lock file we hold is still the one at `path` (another copy may have removed it)."""
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


class DatabaseLock:
    """Held for as long as a database is open for writing; `release()` gives it up."""

    def __init__(self, path: Path, descriptor: int, stale_holder: str) -> None:
        self.path = path
        self._descriptor: int | None = descriptor
        #: Who held the lock before a crash, when this open cleared a stale lock; else "".
        self.stale_holder = stale_holder

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def release(self) -> None:
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is None:
            return
        # POSIX: remove while still holding, so nobody can lock a file that is going away.
        # A folder turned read-only keeps the file; the next open finds it stale and takes over.
        if sys.platform != "win32" and _same_file(descriptor, self.path):
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)
        try:
            _unlock(descriptor)
        finally:
            os.close(descriptor)
        if sys.platform == "win32":
            # Another copy may have opened it meanwhile; it then takes the file over.
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)


def acquire_lock(database: Path) -> DatabaseLock:
    """Lock `database` for this process, clearing a lock left by a copy that was killed.

    Raises:
        DatabaseLockedError: another copy of ChairDesk (here or on another computer) has it.
        StorageError: the lock file cannot be written.
    """
    path = lock_path(database)
    if not os.access(path.parent, os.W_OK):
        # Lock file, backups and moving a damaged file aside all need to write here.
        refused = PermissionError(errno.EACCES, "the folder is read-only")
        raise StorageError(_cannot_write(path, refused))
    for _attempt in range(5):
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise StorageError(_cannot_write(path, error)) from error
        if not _try_lock(descriptor):
            holder = _read_holder(descriptor) or "another process"
            os.close(descriptor)
            raise DatabaseLockedError(holder)
        if not _same_file(descriptor, path):
            # The previous holder removed the file between our open and our lock: try again.
            _unlock(descriptor)
            os.close(descriptor)
            continue
        stale = _read_holder(descriptor)
        if stale:
            log.warning("cleared a stale database lock left by %s", stale)
        try:
            os.ftruncate(descriptor, 0)
            os.lseek(descriptor, 0, os.SEEK_SET)
            os.write(descriptor, _holder_text())
            # Written in place, not by chairdesk/files.py: the lock is held on this file's
            # descriptor, and a file moved into place would not carry it (test_atomic_writer.py).
            os.fsync(descriptor)
        except OSError as error:
            # A full disk: no empty lock file is left behind (we hold it, so it is ours).
            if sys.platform != "win32" and _same_file(descriptor, path):
                with contextlib.suppress(OSError):
                    path.unlink()
            _unlock(descriptor)
            os.close(descriptor)
            raise StorageError(_cannot_write(path, error)) from error
        return DatabaseLock(path, descriptor, stale)
    raise DatabaseLockedError("another process that keeps opening and closing it")


def inspect_lock(database: Path) -> LockState:
    """The lock's state without taking it over or changing the file."""
    path = lock_path(database)
    try:
        descriptor = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return LockState("free")
    except OSError:
        return LockState("held", "unknown (the lock file cannot be read)")
    try:
        holder = _read_holder(descriptor)
        if not _try_lock(descriptor):
            return LockState("held", holder or "another process")
        _unlock(descriptor)
        return LockState("stale", holder) if holder else LockState("free")
    finally:
        os.close(descriptor)
