"""Backups keep history: reads never rotate them, generations are kept, list/restore/copy work,
and every file ChairDesk creates is its owner's alone (0600)."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from chairdesk.storage import backup, generations, keys
from tests.test_cli import PLAIN, assert_one_error_line, chairdesk, home, listing

__all__ = ["home"]

NOW = datetime(2026, 12, 4, 16, 0)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _fake_backups(database: Path, times: list[datetime]) -> list[Path]:
    folder = backup.backup_folder(database)
    folder.mkdir(exist_ok=True)
    made = []
    for when in times:
        item = folder / f"{database.stem}-{when.strftime(generations.STAMP)}.db"
        item.write_bytes(b"not a real backup")
        keys.sidecar_path(item).write_text("{}", encoding="utf-8")
        made.append(item)
    return made


def test_backup_generations_keep_ten_then_a_day_for_a_week_then_a_week_for_two_months(
    tmp_path: Path,
) -> None:
    database = tmp_path / "chairdesk.db"
    # Every six hours for ninety days, as a busy laptop would write them.
    times = [NOW - timedelta(hours=6 * n) for n in range(4 * 90)]
    _fake_backups(database, times)

    removed = backup.rotate(database, now=NOW)

    kept = {generations.taken_at(p, database.stem) for p in backup.list_backups(database)}
    assert set(times[:10]) <= kept  # the newest ten
    days = {when.date() for when in kept if when is not None}
    assert {(NOW - timedelta(days=d)).date() for d in range(7)} <= days  # a day for a week
    weeks = {generations._week(day) for day in days}
    assert len([w for w in weeks if w >= generations._week(NOW.date()) - timedelta(weeks=8)]) == 9
    oldest = min(w for w in kept if w is not None)
    assert NOW - oldest > timedelta(days=56)  # two months back
    assert len(kept) < 30 and len(removed) == len(times) - len(kept)
    # Each removed backup went with its key file.
    assert all(not keys.sidecar_path(p).exists() for p in removed)


def test_backup_a_burst_of_reads_keeps_the_oldest_backup(home: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert chairdesk(home, "demo", "--db", str(db)).returncode == 0
    before = backup.list_backups(db)
    assert len(before) == 1

    for _ in range(12):
        assert chairdesk(home, "list", "--db", str(db)).returncode == 0
    assert chairdesk(home, "check", "--db", str(db)).returncode == 0
    exported = chairdesk(
        home, "package", "export", "1", "--out", str(tmp_path / "p.json"), *PLAIN, "--db", str(db)
    )
    assert exported.returncode == 0, exported.stderr

    assert backup.list_backups(db) == before


def test_backup_list_restore_and_copy_round_trip(home: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert chairdesk(home, "demo", "--db", str(db)).returncode == 0
    (first,) = backup.list_backups(db)
    # A change after the first backup: a third conference, imported as a new family.
    package = tmp_path / "p.json"
    assert (
        chairdesk(
            home, "package", "export", "1", "--out", str(package), *PLAIN, "--db", str(db)
        ).returncode
        == 0
    )
    package.write_text(
        package.read_text(encoding="utf-8").replace("DEMO-1001", "DEMO-3003"), encoding="utf-8"
    )
    assert chairdesk(home, "package", "import", str(package), "--db", str(db)).returncode == 0
    assert len(listing(home, str(db))) == 3

    shown = chairdesk(home, "backup", "list", "--db", str(db))
    assert shown.returncode == 0, shown.stderr
    assert first.name in shown.stdout and "2 backups" in shown.stdout

    restored = chairdesk(home, "backup", "restore", first.name, "--db", str(db))

    assert restored.returncode == 0, restored.stderr
    assert [r["case_reference"] for r in listing(home, str(db))] == ["DEMO-1001"] * 2
    aside = next(tmp_path.glob("demo.db.before-restore-*[0-9]"))
    assert _mode(aside) == 0o600 and _mode(db) == 0o600

    second_place = tmp_path / "usb-drive"
    second_place.mkdir()
    copied = chairdesk(home, "backup", "copy", "--to", str(second_place), "--db", str(db))
    assert copied.returncode == 0, copied.stderr
    (copy,) = backup.list_backups(db, second_place)
    assert copy.read_bytes()[:16] != backup.PLAIN_SQLITE_HEADER  # encrypted where it lands
    assert b"DEMO-1001" not in copy.read_bytes()
    assert _mode(copy) == 0o600 and _mode(keys.sidecar_path(copy)) == 0o600
    # What landed there restores into a new place and opens with the passphrase.
    elsewhere = tmp_path / "new-laptop" / "demo.db"
    elsewhere.parent.mkdir()
    again = chairdesk(home, "backup", "restore", str(copy), "--db", str(elsewhere))
    assert again.returncode == 0, again.stderr
    assert [r["case_reference"] for r in listing(home, str(elsewhere))] == ["DEMO-1001"] * 2


def test_backup_restore_of_an_unknown_name_and_copy_to_a_missing_drive_fail_plainly(
    home: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    assert chairdesk(home, "demo", "--db", str(db)).returncode == 0

    unknown = chairdesk(home, "backup", "restore", "demo-1999.db", "--db", str(db))
    missing = chairdesk(
        home, "backup", "copy", "--to", str(tmp_path / "unplugged"), "--db", str(db)
    )

    assert "no backup named" in assert_one_error_line(unknown)
    assert "plug in the drive" in assert_one_error_line(missing)
    assert not (tmp_path / "unplugged").exists()


def test_files_database_backups_logs_and_exports_are_the_owners_alone(
    home: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    assert chairdesk(home, "demo", "--db", str(db)).returncode == 0
    plan = tmp_path / "plan.pdf"
    result = chairdesk(
        home,
        "export",
        "1",
        "--document",
        "plan",
        "--audience",
        "professionals",
        "--format",
        "pdf",
        "--out",
        str(plan),
        "--db",
        str(db),
    )
    assert result.returncode == 0, result.stderr

    created = [
        db,
        keys.sidecar_path(db),
        plan,
        *backup.backup_folder(db).iterdir(),
        *(home / "state").rglob("*.log"),
    ]
    assert len(created) >= 5
    assert {str(p.name): _mode(p) for p in created} == {str(p.name): 0o600 for p in created}
    assert _mode(backup.backup_folder(db)) == 0o700


def test_files_a_backup_that_is_not_encrypted_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain.db"
    plain.write_bytes(backup.PLAIN_SQLITE_HEADER + b"\0" * 100)

    with pytest.raises(Exception, match="not encrypted"):
        backup.refuse_plain_copy(plain)
