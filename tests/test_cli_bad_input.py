"""Bad input on the command line: one plain line, a non-zero exit, nothing half-written; and
`chairdesk report`, a diagnostic file for IT without case data."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.tools import require_all
from tests.test_cli import PLAIN, assert_one_error_line, chairdesk, home

__all__ = ["home"]


@pytest.fixture(scope="module")
def demo(home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("bad-input") / "demo.db"
    assert chairdesk(home, "demo", "--db", str(db)).returncode == 0
    return db


def test_bad_input_empty_db_is_refused_not_the_default_database(home: Path) -> None:
    result = chairdesk(home, "--db", "", "list")

    assert "--db is empty" in assert_one_error_line(result)
    assert not (home / "data").exists()  # the default database was not made or opened


def test_bad_input_a_folder_as_db_is_refused_plainly(home: Path, tmp_path: Path) -> None:
    for command in (["list"], ["demo"], ["check"]):
        result = chairdesk(home, *command, "--db", str(tmp_path))

        assert "names a folder" in assert_one_error_line(result)
    assert list(tmp_path.iterdir()) == []


def test_bad_input_a_huge_name_gets_a_short_line(home: Path, demo: Path, tmp_path: Path) -> None:
    # As long as one argument can be on Linux (128 KiB): a paste gone wrong.
    name = "Jodie " * 20_000
    for command in (
        ["export", "1", "--document", "plan", "--audience", "parent", "--recipient", name,
         "--format", "pdf", "--out", str(tmp_path / "x.pdf")],
        ["list", "--db", str(tmp_path / (name[:100_000] + ".db"))],
    ):  # fmt: skip
        line = assert_one_error_line(chairdesk(home, *command, "--db", str(demo)), status=2)

        assert len(line) < 200 and "characters long" in line
    assert not (tmp_path / "x.pdf").exists()


def test_bad_input_a_50_mb_name_in_a_package_gets_a_short_line(
    home: Path, demo: Path, tmp_path: Path
) -> None:
    from chairdesk.errors import PackageError
    from chairdesk.services.package import validate_package

    out = tmp_path / "p.json"
    exported = chairdesk(home, "package", "export", "1", "--out", str(out), *PLAIN,
                         "--db", str(demo))  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    import json

    document = json.loads(out.read_text(encoding="utf-8"))
    document["people"][0]["name"] = "N" * (50 * 1024 * 1024)

    with pytest.raises(PackageError) as refused:
        validate_package(document)

    assert len(str(refused.value)) < 200 and "people[0].name" in str(refused.value)


@contextlib.contextmanager
def _tiny_disk(folder: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs mounted at `folder` (root only; CI runs as root)."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        message = "cannot mount a tmpfs here (not root?)"
        if require_all():
            pytest.fail(message + " but CHAIRDESK_REQUIRE_ALL=1")
        pytest.skip(message)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path) -> None:
    descriptor = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(OSError):
            while os.write(descriptor, b"\0" * 4096):
                pass
    finally:
        os.close(descriptor)


def test_bad_input_a_full_disk_leaves_no_empty_lock_file(
    home: Path, demo: Path, tmp_path: Path
) -> None:
    with _tiny_disk(tmp_path / "disk") as disk:
        names = []
        for item in demo.parent.iterdir():
            if item.is_file() and item.name.startswith(demo.name):
                shutil.copy2(item, disk / item.name)
                names.append(item.name)
        copied = disk / demo.name
        _fill(disk)

        result = chairdesk(home, "list", "--db", str(copied))

        line = assert_one_error_line(result)
        assert "lock file" in line and "full" in line.lower()
        assert not (disk / (demo.name + ".lock")).exists()
        # Nothing added beside what was copied there (the database, its key file, its marker).
        assert sorted(p.name for p in disk.iterdir()) == sorted(["filler", *names])


def test_report_is_written_for_it_without_case_data(home: Path, demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    # Something in the log first: a failed export names a family member on the command line.
    chairdesk(home, "export", "1", "--document", "plan", "--audience", "parent",
              "--recipient", "Nobody Fernlow", "--format", "pdf", "--out", str(tmp_path / "x.pdf"),
              "--db", str(demo))  # fmt: skip

    result = chairdesk(home, "report", "--out", str(out), "--db", str(demo))

    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    for expected in ("ChairDesk 0.", "Python 3.", "sqlcipher3", "Check: ok", "retention_years",
                     "CHAIRDESK_PASSPHRASE = (set)", "command export started"):  # fmt: skip
        assert expected in text, expected
    for case_data in ("Fernlow", "Jodie", "Maisie", "DEMO-1001", "Larch Court", "correct horse"):
        assert case_data not in text, case_data
    assert os.stat(out).st_mode & 0o777 == 0o600
