"""The project's one atomic file writer, and files that only their owner can read.

Everything ChairDesk writes (exports, packages, key files, backups, logs) holds or protects case
data, so each file is created readable and writable by its owner alone (0600 on Linux and
macOS). On Windows the mode bits mean little; the files live in the user's own profile folder,
which only that user (and administrators) can open (docs/deployment.md).

This module is the project's one atomic writer: nothing else in chairdesk/ calls os.replace,
os.rename or fsync (tests/storage/test_atomic_writer.py walks the source to hold that; the
database lock file is the one allowed exception, see storage/lock.py).

- `write_atomically` / `replace_atomically` write bytes to a temporary name in the target's own
  folder, flush the file to disk, move it into place and flush the folder, so a failure (full
  disk, read-only folder, a crash) leaves any earlier file as it was and never a half-written
  one. The first raises StorageError with a plain message, the second the OSError itself (for
  callers in storage/ that choose their own words or carry on).
- `move_into_place` renames a file that is already whole (a backup SQLite wrote, a database
  moved aside) and makes the rename durable; `sync_file` flushes a file another library wrote.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import tempfile
import time
from pathlib import Path

from chairdesk.errors import StorageError

PRIVATE_MODE = 0o600
#: A temporary file untouched this long was left by a write that never finished.
STALE_SECONDS = 600
PRIVATE_UMASK = 0o077


def make_files_private() -> int:
    """Set the process's umask so every file it creates is its owner's alone; the old umask.

    Called first by the command line and the desktop app: SQLite's own files (the database,
    its -wal and -shm, backups) are then 0600 however they are created.
    """
    return os.umask(PRIVATE_UMASK)


def create_private(path: Path) -> None:
    """Create `path` empty with mode 0600 unless it exists (SQLite then uses it as a new file)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE))


def make_private(path: Path) -> None:
    """Narrow an existing file to 0600 (a copy made by another tool, an older ChairDesk)."""
    if os.name == "posix":
        os.chmod(path, PRIVATE_MODE)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable where the system allows it (not on Windows)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def sync_file(path: Path) -> None:
    """Flush a file another library wrote (SQLite's backup) to disk before it is moved."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def move_into_place(source: Path, target: Path, *, sync_source: bool = False) -> None:
    """Rename `source` to `target` (replacing it) and make the rename durable.

    `sync_source` flushes the file first (when something other than this module wrote it).
    Both must be on one file system; the move is whole or not at all. Raises OSError.
    """
    source, target = Path(source), Path(target)
    if sync_source:
        sync_file(source)
    os.replace(source, target)
    sync_folder(_folder_of(target))
    if _folder_of(source) != _folder_of(target):
        sync_folder(_folder_of(source))


def _folder_of(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def replace_atomically(target: Path, data: bytes) -> Path:
    """Write `data` to `target` whole or not at all, readable by its owner alone.

    Raises:
        OSError: as the system gave it; any earlier file is unchanged and no temporary is left.
    """
    target = Path(target)
    folder = _folder_of(target)
    temporary: str | None = None
    try:
        # mkstemp creates the file with mode 0600 whatever the umask.
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
        temporary = None
        sync_folder(folder)
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    _remove_stale_temporaries(folder, target.name)
    return target


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Temporaries of `name` a crash left behind (a key file's may hold wrapped keys). Only
    those untouched for STALE_SECONDS: another process may be writing one now."""
    now = time.time()
    with contextlib.suppress(OSError):
        for leftover in folder.glob(f".{glob.escape(name)}.*.tmp"):
            with contextlib.suppress(OSError):
                if now - leftover.stat().st_mtime > STALE_SECONDS:
                    leftover.unlink()


def write_atomically(target: Path, data: bytes) -> Path:
    """Write `data` to `target` whole or not at all, readable by its owner alone.

    Raises:
        StorageError: the folder is missing, read-only or full; any earlier file is unchanged.
    """
    target = Path(target)
    try:
        return replace_atomically(target, data)
    except OSError as error:
        reason = (error.strerror or type(error).__name__).lower()
        raise StorageError(
            f"could not write {target.name} in {_folder_of(target)}: {reason}; "
            "any earlier file there is unchanged"
        ) from error


def copy_private(source: Path, target: Path) -> None:
    """Copy `source` to `target` (replaced if there), created 0600 and flushed to disk.

    Not atomic by itself: callers copy to a temporary name and move it into place.
    """
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    make_private(target)  # an earlier file of that name may have had a wider mode
    with os.fdopen(descriptor, "wb") as out, open(source, "rb") as into:
        shutil.copyfileobj(into, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())
