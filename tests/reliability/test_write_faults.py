"""Storage faults are survivable: the Nth write fails (I/O error, disk full, read-only), the chair
is told in one plain line, keeps the unsaved text, saves it once the fault clears, and the
database passes integrity_check with every committed entry intact."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from chairdesk.domain import Heading
from chairdesk.errors import ChairDeskError, StorageError
from chairdesk.services.base import ServiceContext
from chairdesk.services.entries import EntryService
from chairdesk.storage import backup, keys, open_database  # noqa: F401 - loaded before a fork
from chairdesk.storage.engine import Database
from tests.conftest import PASSPHRASE
from tests.reliability.cases import record_case
from tests.reliability.support import REPOSITORY, script_command, script_env
from tests.support.tools import need_tool, require_all

UNSAVED = "The unsaved edit: Ada said she felt safe at Nan's. " * 2000  # about 100 kB
COMMITTED = ("First committed view.", "Second committed view.", "Third committed view.")
SQL_WORDS = ("INSERT", "UPDATE ", "SELECT", "[SQL", "sqlite3.", "Traceback")

# Where the Nth call fails: SQLite's page writes and its flushes to disk, with the errors a
# failing disk (EIO), a full disk (ENOSPC) and a file system turned read-only (EROFS) give.
# A save of the text above makes about 200 page writes, the backup on closing included.
STRACE_POINTS = (
    *(("update", "pwrite64", "EIO", n) for n in (1, 8, 20, 45, 70, 110, 150, 190)),
    *(("add", "pwrite64", "EIO", n) for n in (3, 60)),
    *(("update", "fdatasync,fsync", "EIO", n) for n in (1, 2, 4, 8, 12)),
    *(("update", "pwrite64", "ENOSPC", n) for n in (10, 80)),
    *(("update", "pwrite64", "EROFS", n) for n in (10, 80)),
)
FSIZE_LIMITS = (8_192, 32_768, 65_536)


@dataclass
class Tally:
    injected: int = 0
    survived: int = 0


TALLY = Tally()


@pytest.fixture(scope="module")
def committed_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed database holding a fictional case and three committed entries."""
    path = tmp_path_factory.mktemp("committed") / "chairdesk.db"
    database = open_database(str(path), PASSPHRASE, create=True)
    try:
        context = ServiceContext(database)
        case = record_case(context, "FAULT-0001", entry_text=COMMITTED[0])
        for view in COMMITTED[1:]:
            EntryService(context).add_entry(case.parents_item_id, Heading.VIEW, view)
    finally:
        database.close()
    return path


def _copy(database: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for source in (database, keys.sidecar_path(database)):
        shutil.copy2(source, folder / source.name)
    return folder / database.name


def _texts(path: Path) -> tuple[list[str], str]:
    """The entries' texts in order and the integrity check, read by a fresh open."""
    database = open_database(str(path), PASSPHRASE)
    try:
        entries = EntryService(ServiceContext(database)).entries(1)
        with database.engine.connect() as connection:
            integrity = str(connection.execute(text("PRAGMA integrity_check")).scalar_one())
        return [e.text for e in entries], integrity
    finally:
        database.close()


def _assert_plain(message: str) -> None:
    assert "\n" not in message and message.strip() == message
    assert not any(word in message for word in SQL_WORDS), message


def _assert_intact(path: Path, operation: str, saved: bool) -> None:
    """Committed entries all there; the edit there exactly once if it was saved, else not at all."""
    texts, integrity = _texts(path)
    assert integrity == "ok"
    if operation == "update":
        assert texts[0] == (UNSAVED if saved else COMMITTED[0])
        assert texts[1:] == list(COMMITTED[1:])
    else:
        assert texts[:3] == list(COMMITTED)
        assert texts[3:] == ([UNSAVED] if saved else [])


def _run_script(path: Path, operation: str, prefix: list[str], *extra: str) -> list[dict]:
    text_file = path.with_name("unsaved.txt")
    text_file.write_text(UNSAVED, encoding="utf-8")
    result = subprocess.run(
        [*prefix, *script_command("faults", str(path), str(text_file), operation, *extra)],
        cwd=REPOSITORY,
        env=script_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def _check_attempts(attempts: list[dict]) -> bool:
    """The first attempt saved, or failed plainly and the second saved; or the database
    could not be opened at all, said so plainly, and nothing was saved. Returns: saved."""
    first = attempts[0]
    if first["attempt"] == 0:
        assert first["error"] == "StorageError", first
        _assert_plain(first["message"])
        return False
    if first["outcome"] == "saved":
        assert first["exact"]
        return True
    assert first["error"] == "StorageError", first
    _assert_plain(first["message"])
    assert first["text_kept"]
    second = attempts[1]
    assert second["outcome"] == "saved" and second["exact"], second
    return True


def _strace_point(committed: Path, folder: Path, point: tuple[str, str, str, int]) -> str:
    operation, calls, errno_name, nth = point
    path = _copy(committed, folder)
    trace = folder / "strace.log"
    prefix = [
        need_tool("strace"), "-f", "-qq", "-o", str(trace), "-e", f"trace={calls}",
        "-e", f"inject={calls}:error={errno_name}:when={nth}",
    ]  # fmt: skip
    attempts = _run_script(path, operation, prefix)
    fired = "INJECTED" in trace.read_text(errors="replace")
    try:
        saved = _check_attempts(attempts)
    except AssertionError as error:
        raise AssertionError(f"{point}: {error}") from None
    _assert_intact(path, operation, saved)
    first = attempts[0]
    # SQLite passes a full disk or a read-only file on as such for most writes, but a failed
    # write of a WAL frame or of the -shm index reaches the driver as a plain I/O error (the
    # errno is not passed through), and ChairDesk can only say what it was told.
    told = first.get("message", "")
    as_io_error = told.startswith("the disk reported a read or write error")
    if errno_name == "ENOSPC" and first["outcome"] == "error":
        assert told.startswith("the disk is full") or as_io_error, told
    if errno_name == "EROFS" and first["outcome"] == "error":
        assert told.startswith("the folder or file is read-only") or as_io_error, told
    if not fired:
        return "missed"
    if first["attempt"] == 0:
        return "open refused"
    return "save refused" if first["outcome"] == "error" else "after the save"


@pytest.mark.slow
def test_write_faults_injected_at_the_nth_write_are_survived(
    committed_database: Path, tmp_path: Path
) -> None:
    need_tool("strace")
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(
            pool.map(
                lambda numbered: _strace_point(
                    committed_database, tmp_path / f"point{numbered[0]}", numbered[1]
                ),
                enumerate(STRACE_POINTS),
            )
        )
    fired = len(outcomes) - outcomes.count("missed")
    TALLY.injected += fired
    TALLY.survived += fired
    where = {kind: outcomes.count(kind) for kind in sorted(set(outcomes))}
    print(f"\nstrace faults: {len(STRACE_POINTS)} runs, {fired} injected and survived: {where}")
    # Every point lies inside the save or the backup after it, so each one fires.
    assert fired == len(STRACE_POINTS)


@pytest.mark.parametrize("limit", FSIZE_LIMITS)
def test_write_faults_file_size_limit_is_a_plain_full_disk(
    committed_database: Path, tmp_path: Path, limit: int
) -> None:
    """RLIMIT_FSIZE needs no privileges: writes past `limit` bytes fail as on a full disk."""
    path = _copy(committed_database, tmp_path)
    attempts = _run_script(path, "update", [], str(limit))
    assert attempts[0]["outcome"] == "error", attempts
    _check_attempts(attempts)
    _assert_intact(path, "update", saved=True)
    TALLY.injected += 1
    TALLY.survived += 1


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs mounted for this test (root only; CI runs as root)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(
        [need_tool("mount"), "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        message = f"cannot mount a small tmpfs here: {mounted.stderr.strip()}"
        if require_all():
            pytest.fail(message)
        pytest.skip(message)  # the RLIMIT_FSIZE test covers a full disk without privileges
    try:
        yield folder
    finally:
        subprocess.run([need_tool("umount"), str(folder)], check=True)


def _fill(folder: Path, leave: int) -> Path:
    """A file taking all the free space of `folder` but `leave` bytes."""
    filler = folder / "filler"
    free = shutil.disk_usage(folder).free - leave
    # The disk may fill up a little early: that is the point.
    with open(filler, "wb") as handle, contextlib.suppress(OSError):
        handle.write(b"\0" * max(0, free))
    return filler


@pytest.mark.parametrize("leave", [0, 16_384, 65_536])
def test_write_faults_a_really_full_disk_keeps_the_edit_for_later(
    committed_database: Path, small_disk: Path, leave: int
) -> None:
    path = _copy(committed_database, small_disk)
    database: Database = open_database(str(path), PASSPHRASE)
    try:
        entries = EntryService(ServiceContext(database))
        first = entries.entries(1)[0]
        filler = _fill(small_disk, leave)
        unsaved = UNSAVED
        with pytest.raises(StorageError) as raised:
            entries.update_text(first.id, unsaved)
        message = str(raised.value)
        assert message == "the disk is full: nothing was saved; free some space and try again"
        assert unsaved == UNSAVED
        filler.unlink()
        assert entries.update_text(first.id, unsaved).text == UNSAVED
    finally:
        database.close()
    _assert_intact(path, "update", saved=True)
    TALLY.injected += 1
    TALLY.survived += 1


def _as_nobody(action: object) -> str:
    """Run `action` in a forked child as 'nobody' (root ignores permissions); its result."""
    assert callable(action)
    if os.geteuid() != 0:
        return str(action())
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        os.close(reader)
        try:
            os.setgid(65534)
            os.setuid(65534)
            result = str(action())
        except BaseException as error:  # everything must reach the parent
            result = f"crash {type(error).__name__}: {error}"
        os.write(writer, result.encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as stream:
        result = stream.read().decode()
    os.waitpid(pid, 0)
    return result


def test_write_faults_a_folder_turned_read_only_loses_nothing_and_is_named_plainly(
    committed_database: Path, shared_folder: Path
) -> None:
    """The folder turns read-only while ChairDesk has the database open: the open files can
    still be written, so saving works; the backup on closing cannot be written (a warning),
    and the next open says plainly that the folder is read-only and changes nothing."""
    path = _copy(committed_database, shared_folder / "data")
    for item in (path.parent, *path.parent.iterdir()):
        os.chown(item, 65534, 65534)

    def chair_works_on() -> str:
        database = open_database(str(path), PASSPHRASE)
        entries = EntryService(ServiceContext(database))
        first = entries.entries(1)[0]
        path.parent.chmod(0o555)
        saved = entries.update_text(first.id, UNSAVED).text == UNSAVED
        database.close()
        try:
            open_database(str(path), PASSPHRASE).close()
        except ChairDeskError as error:
            return f"saved={saved} {type(error).__name__}: {error}"
        return f"saved={saved} opened"

    result = _as_nobody(chair_works_on)
    assert result.startswith("saved=True StorageError: cannot write the lock file"), result
    assert "read-only" in result
    _assert_plain(result.split(": ", 1)[1])
    path.parent.chmod(0o755)
    _assert_intact(path, "update", saved=True)
    TALLY.injected += 1
    TALLY.survived += 1


def test_write_faults_tally() -> None:
    """Prints how many faults the tests above injected and survived (run with -s)."""
    print(f"\nwrite faults injected: {TALLY.injected}, survived: {TALLY.survived}")
    assert TALLY.survived == TALLY.injected
