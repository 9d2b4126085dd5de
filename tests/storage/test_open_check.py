"""The check at open: every page after anything but a clean close, and damage still caught."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from chairdesk.domain import Heading
from chairdesk.errors import DamagedDatabaseError
from chairdesk.services.base import ServiceContext
from chairdesk.services.entries import EntryService
from chairdesk.storage import check, open_check, open_database
from tests.conftest import PASSPHRASE
from tests.reliability.cases import record_case

PAGE = 4096


def _closed_database(folder: Path) -> Path:
    path = folder / "chairdesk.db"
    database = open_database(str(path), PASSPHRASE, create=True)
    try:
        context = ServiceContext(database)
        case = record_case(context, "OPN-0001")
        for number in range(30):
            EntryService(context).add_entry(
                case.parents_item_id, Heading.VIEW, f"{number} " + "words of a view " * 60
            )
    finally:
        database.close()
    return path


def _damage_in_place(path: Path) -> bytes:
    """Random bytes over three middle pages, written into the same file (same inode)."""
    size = path.stat().st_size
    start = (size // PAGE // 2) * PAGE
    with open(path, "r+b") as handle:
        handle.seek(start)
        handle.write(bytes(range(256)) * (3 * PAGE // 256))
    return path.read_bytes()


def test_open_check_a_clean_close_lets_the_next_open_skip_the_full_check(tmp_path: Path) -> None:
    path = _closed_database(tmp_path)
    assert open_check.marker_path(path).exists()
    assert not open_check.full_check_needed(path)
    reopened = open_database(str(path), PASSPHRASE)
    reopened.close()
    # Still clean, and the last full check (at creation) is remembered, not moved on.
    assert not open_check.full_check_needed(path)
    assert open_check.last_full_check(path) == date.today()
    marker = json.loads(open_check.marker_path(path).read_text())
    assert set(marker) == {"file", "full_check_on"}  # no case data


def test_open_check_damage_written_after_a_clean_close_is_found_and_moved_aside(
    tmp_path: Path,
) -> None:
    path = _closed_database(tmp_path)
    damaged = _damage_in_place(path)
    assert open_check.full_check_needed(path)
    with pytest.raises(DamagedDatabaseError) as raised:
        open_database(str(path), PASSPHRASE)
    assert raised.value.moved_to is not None
    assert raised.value.moved_to.read_bytes() == damaged  # moved aside intact, never deleted
    assert not path.exists()


def test_open_check_every_page_after_a_crash_a_copy_or_a_week(tmp_path: Path) -> None:
    path = _closed_database(tmp_path)
    # A copy (or a restore) is another file, whatever its times say.
    copy = tmp_path / "copy" / path.name
    copy.parent.mkdir()
    for name in (path.name, path.name + ".kdf.json", path.name + open_check.MARKER_SUFFIX):
        shutil.copy2(path.with_name(name), copy.with_name(name))
    assert open_check.full_check_needed(copy)
    # A week after the last full check.
    assert not open_check.full_check_needed(path, date.today() + timedelta(days=6))
    assert open_check.full_check_needed(path, date.today() + open_check.FULL_CHECK_EVERY)
    # A session still open (or killed): its WAL is there.
    database = open_database(str(path), PASSPHRASE)
    try:
        EntryService(ServiceContext(database)).entries(1)
        assert open_check.full_check_needed(path)
    finally:
        database.close()
    assert not open_check.full_check_needed(path)
    # No marker (removed, or a database last closed by an older version).
    open_check.marker_path(path).unlink()
    assert open_check.full_check_needed(path)


def test_open_check_chairdesk_check_finds_damage_the_short_check_cannot(tmp_path: Path) -> None:
    """Bytes changed behind the file system's back (the marker made to match): the short check
    at open reads the first page and the schema only, so `chairdesk check` is what finds it."""
    path = _closed_database(tmp_path)
    full_check_on = open_check.last_full_check(path)
    _damage_in_place(path)
    open_check.record_clean_close(path, full_check_on)  # as if the disk changed the bytes
    assert not open_check.full_check_needed(path)
    result = check.check_database(str(path), PASSPHRASE)
    assert not result.ok
    assert any("damaged" in problem or "integrity" in problem for problem in result.problems)
