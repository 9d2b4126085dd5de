"""Guarding the database file: safe locations, the one-writer lock, moving damaged files aside."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from chairdesk.errors import DamagedDatabaseError, UnsafeLocationError

SYNCED_FOLDER_MARKERS = ("onedrive", "dropbox", "google drive", "googledrive", "icloud", "box sync")


def refuse_unsafe_location(path: Path) -> None:
    text = str(path)
    if text.startswith(("\\\\", "//")):
        raise UnsafeLocationError(
            f"{path} is on a network share; keep the database on this computer's own disk"
        )
    lowered = text.lower()
    for marker in SYNCED_FOLDER_MARKERS:
        if marker in lowered:
            raise UnsafeLocationError(
                f"{path} is inside a synced folder ({marker}); a sync can copy a half-written "
                "database, so keep it on this computer's own disk"
            )


@dataclass
class Lock:
    path: Path

    def release(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass


def acquire_lock(database: Path) -> Lock:
    return Lock(database.with_name(database.name + ".lock"))


def quarantine_and_raise(path: Path) -> NoReturn:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    moved = path.with_name(f"{path.name}.damaged-{stamp}")
    shutil.move(str(path), moved)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            os.replace(extra, moved.with_name(moved.name + suffix))
    raise DamagedDatabaseError(moved, None)
