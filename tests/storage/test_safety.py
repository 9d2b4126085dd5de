"""Synced folders, network shares and network file systems are refused for the database."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from chairdesk.errors import UnsafeLocationError
from chairdesk.storage import open_database, safety
from tests.conftest import PASSPHRASE


@pytest.mark.parametrize(
    "location",
    [
        "\\\\council-fs01\\chairs\\chairdesk.db",
        "//council-fs01/chairs/chairdesk.db",
        "\\\\?\\UNC\\council-fs01\\chairs\\chairdesk.db",
    ],
)
def test_safety_network_share_refused_before_anything_is_written(
    location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UnsafeLocationError, match="network share"):
        open_database(location, PASSPHRASE, create=True)
    assert list(tmp_path.iterdir()) == []


def test_safety_local_long_path_is_not_a_share() -> None:
    assert not safety.is_network_share("\\\\?\\C:\\Users\\chair\\chairdesk.db")
    assert safety.is_network_share("\\\\server\\share\\chairdesk.db")


@pytest.mark.parametrize(
    ("folder", "service"),
    [
        ("OneDrive", "OneDrive"),
        ("OneDrive - Northshire Council", "OneDrive"),
        ("Dropbox", "Dropbox"),
        ("Dropbox (Northshire)", "Dropbox"),
        ("Google Drive", "Google Drive"),
        ("iCloud Drive", "iCloud"),
        ("Box", "Box"),
        ("Box Sync", "Box"),
    ],
)
def test_safety_synced_folder_refused_with_its_name(
    folder: str, service: str, tmp_path: Path
) -> None:
    location = tmp_path / folder / "Documents" / "chairdesk.db"
    with pytest.raises(UnsafeLocationError, match=f"synced by {service}") as refused:
        open_database(str(location), PASSPHRASE, create=True)
    assert "own disk" in str(refused.value)
    assert not (tmp_path / folder).exists()


def test_safety_synced_folder_found_in_windows_and_mac_paths() -> None:
    assert safety.synced_folder(PureWindowsPath("C:/Users/chair/OneDrive/chairdesk.db"))
    assert safety.synced_folder(
        PurePosixPath("/Users/chair/Library/Mobile Documents/com~apple~CloudDocs/c.db")
    )
    assert safety.synced_folder(
        PurePosixPath("/Users/chair/Library/CloudStorage/GoogleDrive-x/My Drive/c.db")
    )
    assert safety.synced_folder(PureWindowsPath("G:/My Drive/chairdesk.db")) == "Google Drive"
    assert safety.synced_folder(PurePosixPath("/home/chair/boxes/chairdesk.db")) is None


def test_safety_onedrive_variable_marks_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = tmp_path / "CouncilSync"
    monkeypatch.setenv("OneDriveCommercial", str(synced))
    with pytest.raises(UnsafeLocationError, match="OneDrive"):
        safety.refuse_unsafe_location(synced / "chairdesk.db")
    safety.refuse_unsafe_location(tmp_path / "elsewhere" / "chairdesk.db")


MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
//council-fs01/chairs /mnt/chairs cifs rw,vers=3.0 0 0
fileserver:/export/home /home/shared nfs4 rw 0 0
chair@host:/data /mnt/remote\\040data fuse.sshfs rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


def test_safety_network_file_systems_found_from_the_mount_table() -> None:
    assert safety.mount_type(Path("/mnt/chairs/db/chairdesk.db"), MOUNTS) == "cifs"
    assert safety.mount_type(Path("/home/shared/chairdesk.db"), MOUNTS) == "nfs4"
    assert safety.mount_type(Path("/mnt/remote data/chairdesk.db"), MOUNTS) == "fuse.sshfs"
    assert safety.mount_type(Path("/mnt/chairs2/chairdesk.db"), MOUNTS) == "ext4"
    assert safety.mount_type(Path("/tmp/chairdesk.db"), MOUNTS) == "tmpfs"
    for kind in ("cifs", "nfs4", "fuse.sshfs"):
        assert kind in safety.NETWORK_FILESYSTEMS


def test_safety_this_machines_temporary_folder_is_accepted(tmp_path: Path) -> None:
    safety.refuse_unsafe_location(tmp_path / "chairdesk.db")
    assert safety.network_filesystem(tmp_path) is None
