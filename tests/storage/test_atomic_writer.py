"""One atomic writer (chairdesk/files.py): nothing else renames or flushes files, and a write
that fails part-way leaves the earlier file whole and no temporary beside it."""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import resource
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

import chairdesk
from chairdesk import files
from chairdesk.errors import StorageError
from chairdesk.storage import keys

SOURCE = Path(chairdesk.__file__).parent
WRITER = SOURCE / "files.py"
#: Calls only the writer may make: a rename or a flush to disk.
_GUARDED = {("os", "replace"), ("os", "rename"), ("os", "renames"), ("os", "fsync")}
_GUARDED |= {("os", "fdatasync"), ("shutil", "move")}
#: Justified exceptions, by file and call. The lock is held on the lock file's own descriptor,
#: so it is written in place and flushed there: a replaced file would not carry the lock.
ALLOWED = {("storage/lock.py", "os.fsync")}


def _guarded_calls(path: Path) -> list[str]:
    """`os.replace(...)`, `from os import fsync`, `path.rename(...)` and the like in `path`."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module in ("os", "shutil"):
            module = node.module
            found += [f"{module}.{a.name}" for a in node.names if (module, a.name) in _GUARDED]
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner, name = node.func.value, node.func.attr
        if isinstance(owner, ast.Name) and (owner.id, name) in _GUARDED:
            found.append(f"{owner.id}.{name}")
        elif name in ("rename", "link_to"):  # pathlib.Path.rename: str has no such method
            found.append(f"Path.{name}")
    return found


def _outside_the_writer() -> list[str]:
    offences = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path == WRITER:
            continue
        relative = path.relative_to(SOURCE).as_posix()
        for call in _guarded_calls(path):
            if (relative, call) not in ALLOWED:
                offences.append(f"{relative}: {call}")
    return offences


def test_atomic_writer_is_the_only_code_that_renames_or_flushes_files() -> None:
    offences = _outside_the_writer()
    assert not offences, (
        "write, move or flush files through chairdesk/files.py (write_atomically, "
        f"replace_atomically, move_into_place, sync_file), not by hand: {offences}"
    )


def test_atomic_writer_guard_names_a_hand_written_rename(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(
        "import os\nfrom os import fsync\n"
        "def save(a, b, p):\n    os.replace(a, b)\n    p.rename(b)\n    'x'.replace('x', 'y')\n"
    )
    assert sorted(_guarded_calls(page)) == ["Path.rename", "os.fsync", "os.replace"]


@pytest.fixture
def file_size_limit() -> Iterator[int]:
    """Writes past 64 KB fail as on a full disk (RLIMIT_FSIZE needs no privileges)."""
    limit = 64 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield limit
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_atomic_writer_a_write_cut_short_leaves_the_earlier_file_whole(
    tmp_path: Path, file_size_limit: int
) -> None:
    target = tmp_path / "plan.pdf"
    files.write_atomically(target, b"the plan as issued")
    with pytest.raises(StorageError) as raised:
        files.write_atomically(target, b"x" * (file_size_limit * 2))
    assert target.read_bytes() == b"the plan as issued"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]  # no temporary left behind
    assert str(raised.value).startswith("could not write plan.pdf in ")
    assert str(raised.value).endswith("any earlier file there is unchanged")


def test_atomic_writer_a_key_file_cut_short_keeps_the_earlier_one(
    tmp_path: Path, file_size_limit: int
) -> None:
    database = tmp_path / "chairdesk.db"
    key_file, _key = keys.new_key_file("a long enough passphrase")
    keys.write_key_file(database, key_file)
    before = keys.sidecar_path(database).read_bytes()
    bloated = dataclasses.replace(key_file, next_check="x" * file_size_limit * 2)
    with pytest.raises(OSError):
        keys.write_key_file(database, bloated)
    assert keys.sidecar_path(database).read_bytes() == before
    assert keys.read_key_file(database) == key_file
    assert sorted(p.name for p in tmp_path.iterdir()) == [keys.sidecar_path(database).name]


def test_atomic_writer_files_are_the_owners_alone_and_replace_what_was_there(
    tmp_path: Path,
) -> None:
    target = tmp_path / "marker.json"
    target.write_text("old")
    os.chmod(target, 0o644)
    files.replace_atomically(target, json.dumps({"new": True}).encode())
    assert json.loads(target.read_text()) == {"new": True}
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600


def test_atomic_writer_move_into_place_replaces_whole(tmp_path: Path) -> None:
    source, target = tmp_path / "new.db", tmp_path / "chairdesk.db"
    source.write_bytes(b"new")
    target.write_bytes(b"old")
    files.move_into_place(source, target, sync_source=True)
    assert target.read_bytes() == b"new" and not source.exists()


def test_atomic_writer_clears_what_a_crashed_write_left_but_not_a_write_under_way(
    tmp_path: Path,
) -> None:
    target = tmp_path / "chairdesk.db.keys"
    crashed = tmp_path / ".chairdesk.db.keys.k3y5x9.tmp"
    under_way = tmp_path / ".chairdesk.db.keys.n0w1ng.tmp"
    for leftover in (crashed, under_way):
        leftover.write_bytes(b"half a key file")
    long_ago = crashed.stat().st_mtime - files.STALE_SECONDS - 60
    os.utime(crashed, (long_ago, long_ago))
    files.replace_atomically(target, b"the key file")
    assert sorted(p.name for p in tmp_path.iterdir()) == [under_way.name, target.name]
