"""Nothing stored in plain text: marker strings written through the services are in no byte of
the database, its WAL, its backups, or any log or file ChairDesk wrote in its own folders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.reliability.cases import marker
from tests.reliability.support import REPOSITORY, script_command, script_env

FIELDS = ("FAMILY", "CHILD", "PARENT", "ENTRY", "WHAT", "WHO", "DANGER", "GOAL")


def _every_file(*folders: Path) -> dict[Path, bytes]:
    return {
        item: item.read_bytes()
        for folder in folders
        for item in sorted(folder.rglob("*"))
        if item.is_file()
    }


def _found(markers: list[str], files: dict[Path, bytes]) -> list[str]:
    """Each marker found, in UTF-8 or UTF-16 (either byte order), and where."""
    hits = []
    for value in markers:
        forms = (value.encode(), value.encode("utf-16-le"), value.encode("utf-16-be"))
        hits += [
            f"{value} in {path}" for path, data in files.items() if any(f in data for f in forms)
        ]
    return hits


def test_raw_scan_finds_no_marker_in_database_wal_backups_or_logs(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = script_env(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
    )
    data = tmp_path / "db"
    path = data / "chairdesk.db"
    out = tmp_path / "exports"  # exports hold the text on purpose: not scanned
    out.mkdir()
    markers = [marker(field) for field in FIELDS]

    def chairdesk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "chairdesk", *args],
            cwd=REPOSITORY, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip

    holder = subprocess.Popen(
        script_command("markers", str(path), *markers),
        cwd=REPOSITORY, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdin is not None
    ready = holder.stdout.readline().split()
    assert ready[:1] == ["READY"], ready
    conference = ready[1]
    # While it is open: the file, its WAL and shared memory, the backup just taken.
    assert path.with_name(path.name + "-wal").exists()
    open_files = _every_file(data)
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.wait(timeout=60) == 0

    # The command line logs to its own file; run what writes there, failures included.
    parent = markers[2]
    runs = [
        chairdesk("list", "--db", str(path)),
        chairdesk("package", "export", conference, "--out", str(out / "p.json"), "--plain",
                  "--reason", "The scan reads it back.", "--db", str(path)),
        chairdesk("export", conference, "--document", "plan", "--audience", "parent",
                  "--recipient", parent, "--format", "pdf", "--out", str(out / "plan.pdf"),
                  "--db", str(path)),
        chairdesk("export", conference, "--document", "record", "--audience", "parent",
                  "--recipient", f"Not {markers[0]}", "--format", "docx",
                  "--out", str(out / "r.docx"), "--db", str(path)),
        chairdesk("check", "--db", str(path)),
    ]  # fmt: skip
    assert [r.returncode for r in runs] == [0, 0, 0, 1, 0], [r.stderr for r in runs]
    # The markers really were stored: the package (plain JSON on purpose) holds them all.
    assert len(_found(markers, {out / "p.json": (out / "p.json").read_bytes()})) == len(markers)

    logs = _every_file(home)
    assert any(p.name.endswith(".log") for p in logs), sorted(map(str, logs))
    closed_files = _every_file(data)
    assert any("-backups" in str(p) for p in closed_files)
    print(
        f"\nraw scan: {len(markers)} markers, {len(open_files)} files while open, "
        f"{len(closed_files)} after closing, {len(logs)} log and data files: none found"
    )
    assert _found(markers, open_files) == []
    assert _found(markers, closed_files) == []
    assert _found(markers, logs) == []
