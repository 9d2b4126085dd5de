"""Guarding the database file: refusing synced and network folders, moving damaged files aside."""

from __future__ import annotations

import logging
import os
import sys
from datetime import datetime
from pathlib import Path, PurePath
from typing import NoReturn

from chairdesk import files
from chairdesk.errors import DamagedDatabaseError, UnsafeLocationError
from chairdesk.storage import keys

log = logging.getLogger(__name__)

# Folder names the sync clients create (compared case-insensitively, one path part at a time).
SYNCED_FOLDER_NAMES = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud",
    "iclouddrive": "iCloud",
    "mobile documents": "iCloud",
    "box": "Box",
    "box sync": "Box",
    "box drive": "Box",
    "cloudstorage": "a cloud storage provider",
}
# "OneDrive - Council Name", "Dropbox (Council)", "Google Drive Stream" and the like.
SYNCED_FOLDER_PREFIXES = {
    "onedrive - ": "OneDrive",
    "onedrive-": "OneDrive",
    "dropbox (": "Dropbox",
    "google drive": "Google Drive",
    "googledrive-": "Google Drive",
    "box-box": "Box",
}
# Windows sets these to the user's OneDrive folders.
ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "sshfs",
        "fuse.sshfs",
        "9p",
        "afs",
        "ncpfs",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "fuse.rclone",
        "davfs",
        "fuse.davfs",
        "fuse.gvfsd-fuse",
        "fuse.s3fs",
        "lustre",
    }
)

_KEEP_LOCAL = "keep the database on this computer's own disk"


def is_network_share(text: str) -> bool:
    """A UNC path (\\\\server\\share, //server/share, \\\\?\\UNC\\...), not a local long path."""
    normalised = text.replace("/", "\\")
    if normalised.upper().startswith("\\\\?\\UNC\\"):
        return True
    if normalised.startswith(("\\\\?\\", "\\\\.\\")):
        return False  # \\?\C:\... is a local drive written the long way
    return normalised.startswith("\\\\")


def synced_folder(path: PurePath) -> str | None:
    """The sync service whose folder holds `path`, if any."""
    for part in path.parts:
        name = part.lower().rstrip("\\/")
        if name in SYNCED_FOLDER_NAMES:
            return SYNCED_FOLDER_NAMES[name]
        for prefix, service in SYNCED_FOLDER_PREFIXES.items():
            if name.startswith(prefix):
                return service
    for variable in ONEDRIVE_VARIABLES:
        root = os.environ.get(variable)
        if root and _is_within(path, Path(root)):
            return "OneDrive"
    return None


def _is_within(path: PurePath, root: Path) -> bool:
    try:
        return os.path.normcase(str(path)).startswith(os.path.normcase(str(root)) + os.sep)
    except ValueError:
        return False


def mount_type(path: Path, mounts: str) -> str | None:
    """The file system type of the mount holding `path`, from text in /proc/mounts format."""
    best, best_type = "", None
    target = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        # /proc/mounts escapes spaces and tabs in mount points as octal.
        point = fields[1].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type


def network_filesystem(path: Path) -> str | None:
    """On Linux, the network file system type (nfs, cifs, sshfs...) holding `path`, if any."""
    if sys.platform == "win32":
        return _windows_remote_drive(path)
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None  # macOS and others: the folder-name checks still apply
    kind = mount_type(path, mounts)
    return kind if kind in NETWORK_FILESYSTEMS else None


def _windows_remote_drive(path: Path) -> str | None:
    import ctypes

    drive = path.drive
    if not drive:
        return None
    drive_remote = 4
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return None
    kind = windll.kernel32.GetDriveTypeW(drive + "\\")
    return "a network drive" if kind == drive_remote else None


def _existing_ancestor(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return path


def refuse_unsafe_location(path: Path | str) -> None:
    """Raise UnsafeLocationError for a network share, a network drive or a synced folder.

    A sync client or a network can copy or lock a half-written file, which SQLite cannot
    protect against (sqlite.org/howtocorrupt.html, section 2).
    """
    text = str(path)
    if is_network_share(text):
        raise UnsafeLocationError(f"{text} is on a network share; {_KEEP_LOCAL}")
    resolved = Path(text).expanduser().resolve()
    service = synced_folder(resolved)
    if service:
        raise UnsafeLocationError(
            f"{resolved} is inside a folder synced by {service}; a sync can copy a half-written "
            f"database, so {_KEEP_LOCAL}"
        )
    kind = network_filesystem(_existing_ancestor(resolved))
    if kind:
        raise UnsafeLocationError(f"{resolved} is on a network file system ({kind}); {_KEEP_LOCAL}")


def quarantine(path: Path) -> Path | None:
    """Move a damaged database (and its -wal and -shm) aside; never delete. None if it cannot."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    moved = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while moved.exists():
        number += 1
        moved = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    try:
        files.move_into_place(path, moved)
    except OSError as error:
        log.error("could not move a damaged database aside: %s", error.strerror)
        return None
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            try:
                files.move_into_place(extra, moved.with_name(moved.name + suffix))
            except OSError as error:
                log.error("could not move %s aside: %s", suffix, error.strerror)
    # The moved file needs its key file to be opened again; the original stays for the backups.
    sidecar = keys.sidecar_path(path)
    if sidecar.exists():
        try:
            files.copy_private(sidecar, keys.sidecar_path(moved))
        except OSError as error:
            log.error("could not copy the key file beside the damaged one: %s", error.strerror)
    log.warning("a damaged database was moved aside")
    return moved


def quarantine_and_raise(path: Path) -> NoReturn:
    """Move the damaged file aside; raise DamagedDatabaseError naming it and the newest backup."""
    from chairdesk.storage import backup  # local: backup imports the engine, which imports us

    moved = quarantine(path)
    raise DamagedDatabaseError(moved, backup.newest_backup(path))
