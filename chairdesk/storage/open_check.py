"""How much to check when a database file opens: every page, or the first page and the schema.

`PRAGMA quick_check` reads every page, so its cost grows with the file (about 1 s at 2,000
families). It runs at open whenever the file may have changed since ChairDesk last closed it
cleanly, and at least once a week; otherwise the open decrypts and reads the first page and the
schema (each page's MAC is checked as it is read) and leaves the rest to `chairdesk check`.

On a clean close (every connection closed, no WAL left) a small marker beside the database
records the file's size, inode, modification and change times, and the day of the last full
check. The full check runs at open when:

- there is no marker, or it cannot be read (first open with this version, or it was removed);
- the file is not the one closed cleanly: any write since (a crash or power cut mid-session,
  another program, a copy or restore) changes its change time, which no program can set back;
- a WAL is present (ChairDesk did not close cleanly);
- the last full check was FULL_CHECK_EVERY or more ago.

Damage a full check would find after a clean close therefore needs the disk itself to change
the bytes without the file system noticing; SQLCipher's per-page MAC still refuses such a page
when it is read, and the weekly full check, `chairdesk check` and every backup (which reads
every page) find it. The marker holds no case data. docs/decisions.md, "The check at open".
"""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta
from pathlib import Path

from chairdesk import files

log = logging.getLogger(__name__)

MARKER_SUFFIX = ".closed"
FULL_CHECK_EVERY = timedelta(days=7)


def marker_path(database: Path) -> Path:
    return database.with_name(database.name + MARKER_SUFFIX)


def _identity(path: Path) -> dict[str, int]:
    found = path.stat()
    return {
        "size": found.st_size,
        "inode": found.st_ino,
        "mtime_ns": found.st_mtime_ns,
        "ctime_ns": found.st_ctime_ns,
    }


def _read_marker(path: Path) -> dict[str, object] | None:
    try:
        data = json.loads(marker_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def full_check_needed(path: Path, today: date | None = None) -> bool:
    """Whether opening `path` must check every page (see the module docstring)."""
    if path.with_name(path.name + "-wal").exists():
        return True
    marker = _read_marker(path)
    if marker is None:
        return True
    try:
        if marker.get("file") != _identity(path):
            return True
        checked = date.fromisoformat(str(marker.get("full_check_on")))
    except (OSError, ValueError):
        return True
    return (today or date.today()) - checked >= FULL_CHECK_EVERY


def last_full_check(path: Path) -> date | None:
    marker = _read_marker(path)
    try:
        return date.fromisoformat(str(marker.get("full_check_on"))) if marker else None
    except ValueError:
        return None


def forget(path: Path) -> None:
    """Remove the marker: the next open checks every page (a session has begun writing)."""
    try:
        marker_path(path).unlink(missing_ok=True)
    except OSError as error:
        log.warning("could not remove the clean-close marker: %s", error.strerror)


def record_clean_close(path: Path, full_check_on: date | None) -> None:
    """After every connection has closed: mark the file as closed cleanly, as it is now."""
    if full_check_on is None or path.with_name(path.name + "-wal").exists():
        forget(path)
        return
    marker = marker_path(path)
    try:
        text = json.dumps({"file": _identity(path), "full_check_on": full_check_on.isoformat()})
        if marker.exists() and marker.read_text(encoding="utf-8") == text:
            return  # a session that changed nothing leaves every file as it was
        files.replace_atomically(marker, text.encode("utf-8"))
    except OSError as error:
        log.warning("could not mark the database as closed cleanly: %s", error.strerror)
