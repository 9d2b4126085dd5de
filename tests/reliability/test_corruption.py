"""Damage inside the file (not only its header) is found, moved aside intact and a backup offered.

tests/storage/test_damage.py covers the header, truncation, a zeroed or random whole file and
a stray WAL; these cover pages in the middle and at the end, swapped and repeated pages, the
per-page IV and MAC, a wrong passphrase on each of those, and a WAL torn by a crash.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from chairdesk.domain import Heading
from chairdesk.errors import DamagedDatabaseError, IncorrectPassphraseError
from chairdesk.services.base import ServiceContext
from chairdesk.services.entries import EntryService
from chairdesk.storage import backup, keys, open_database
from tests.conftest import PASSPHRASE
from tests.reliability.cases import record_case
from tests.storage.support import fingerprint

PAGE = 4096  # SQLCipher 4's page size
RESERVE = 80  # per page: a 16-byte IV and a 64-byte HMAC
ENTRIES = 40


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed database of about 30 pages with a backup beside it."""
    path = tmp_path_factory.mktemp("pristine") / "chairdesk.db"
    database = open_database(str(path), PASSPHRASE, create=True)
    try:
        context = ServiceContext(database)
        case = record_case(context, "DMG-0001")
        rng = random.Random(7)
        for number in range(ENTRIES):
            words = " ".join(f"word{rng.randrange(10_000)}" for _ in range(300))
            EntryService(context).add_entry(case.parents_item_id, Heading.VIEW, f"{number} {words}")
    finally:
        database.close()
    assert backup.newest_backup(path) is not None
    assert path.stat().st_size >= 20 * PAGE
    return path


@pytest.fixture
def saved(pristine: Path, tmp_path: Path) -> Path:
    """A fresh copy of the pristine database, key file and backups, for one test to damage."""
    shutil.copytree(pristine.parent, tmp_path / "data")
    return tmp_path / "data" / pristine.name


def _pages(data: bytes) -> int:
    return len(data) // PAGE


def _random_middle_pages(data: bytes) -> bytes:
    start = (_pages(data) // 2 - 1) * PAGE
    noise = random.Random(1).randbytes(3 * PAGE)
    return data[:start] + noise + data[start + 3 * PAGE :]


def _zeroed_middle_pages(data: bytes) -> bytes:
    start = (_pages(data) // 2 - 1) * PAGE
    return data[:start] + bytes(3 * PAGE) + data[start + 3 * PAGE :]


def _bit_flipped_in_every_later_page(data: bytes) -> bytes:
    """One bit of ciphertext in each page after the first quarter: any read of them fails."""
    out = bytearray(data)
    for page in range(_pages(data) // 4, _pages(data)):
        out[page * PAGE + 100] ^= 0x01
    return bytes(out)


def _last_page_flipped(data: bytes) -> bytes:
    out = bytearray(data)
    for offset in range(len(out) - PAGE, len(out) - RESERVE):
        out[offset] ^= 0xA5
    return bytes(out)


def _iv_and_mac_scrambled(data: bytes) -> bytes:
    out = bytearray(data)
    for page in range(2, _pages(data)):
        end = (page + 1) * PAGE
        out[end - RESERVE : end] = random.Random(page).randbytes(RESERVE)
    return bytes(out)


def _pages_swapped(data: bytes) -> bytes:
    pages = [data[n * PAGE : (n + 1) * PAGE] for n in range(_pages(data))]
    middle = len(pages) // 2
    pages[2], pages[middle] = pages[middle], pages[2]
    pages[3], pages[-1] = pages[-1], pages[3]
    return b"".join(pages) + data[len(pages) * PAGE :]


def _page_repeated(data: bytes) -> bytes:
    pages = [data[n * PAGE : (n + 1) * PAGE] for n in range(_pages(data))]
    for n in range(2, len(pages)):
        pages[n] = pages[1]
    return b"".join(pages)


MIDDLE_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "random bytes over middle pages": _random_middle_pages,
    "zeros over middle pages": _zeroed_middle_pages,
    "one bit flipped in each later page": _bit_flipped_in_every_later_page,
    "last page flipped": _last_page_flipped,
    "every IV and MAC scrambled": _iv_and_mac_scrambled,
    "pages swapped": _pages_swapped,
    "one page repeated over the rest": _page_repeated,
}


@pytest.mark.parametrize("damage", sorted(MIDDLE_DAMAGE))
def test_corruption_inside_the_file_is_moved_aside_with_the_backup_named(
    saved: Path, damage: str
) -> None:
    damaged = MIDDLE_DAMAGE[damage](saved.read_bytes())
    assert damaged != saved.read_bytes()
    saved.write_bytes(damaged)
    newest = backup.newest_backup(saved)
    assert newest is not None

    # A wrong passphrase first: a different message, and not one byte changes.
    before = fingerprint(saved.parent, key_files=False)
    with pytest.raises(IncorrectPassphraseError) as wrong:
        open_database(str(saved), "Correct Horse Battery Staple")
    assert fingerprint(saved.parent, key_files=False) == before

    with pytest.raises(DamagedDatabaseError) as raised:
        open_database(str(saved), PASSPHRASE)
    error = raised.value
    assert str(wrong.value) != str(error)
    assert "passphrase" not in str(error) and "damaged" not in str(wrong.value)
    assert error.moved_to is not None and error.moved_to.read_bytes() == damaged
    assert keys.sidecar_path(error.moved_to).exists()
    assert not saved.exists()
    assert error.backup == newest and str(newest) in str(error)
    assert "\n" not in str(error)


def test_corruption_a_wal_torn_by_a_crash_keeps_every_earlier_commit(tmp_path: Path) -> None:
    """The last frame of the WAL half written (power lost mid-write): SQLite drops that frame,
    so the database opens, not damaged, with every commit before it."""
    live = tmp_path / "live" / "chairdesk.db"
    database = open_database(str(live), PASSPHRASE, create=True)
    try:
        context = ServiceContext(database)
        case = record_case(context, "DMG-0002", entry_text="committed before the crash")
        EntryService(context).add_entry(case.parents_item_id, Heading.VIEW, "the last commit")
        # What the disk holds at the moment of a crash (nothing checkpointed yet).
        crashed = tmp_path / "crashed"
        crashed.mkdir()
        for name in (live.name, live.name + "-wal", keys.sidecar_path(live).name):
            shutil.copy2(live.with_name(name), crashed / name)
    finally:
        database.close()
    path = crashed / live.name
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(wal.read_bytes()[:-1000])

    reopened = open_database(str(path), PASSPHRASE)
    try:
        context = ServiceContext(reopened)
        texts = [e.text for e in EntryService(context).entries(case.conference_id)]
        assert texts[0] == "committed before the crash"
        assert texts[1:] in ([], ["the last commit"])
        with reopened.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    finally:
        reopened.close()
