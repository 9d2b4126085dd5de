"""Helpers for the storage tests: fictional case data with markers, file fingerprints, faults."""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from chairdesk.domain import (
    AgendaKind,
    ConferenceKind,
    Heading,
    MeetingModel,
    PersonRole,
    Visibility,
)
from chairdesk.models import AgendaItem, Conference, Entry, Family, Person
from chairdesk.storage.engine import Database
from tests.support.tools import need_tool, require_all

REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Markers:
    family_name: str
    person_name: str
    entry_text: str

    def all(self) -> tuple[str, str, str]:
        return (self.family_name, self.person_name, self.entry_text)


def new_markers() -> Markers:
    return Markers(*(f"MARKER-{secrets.token_hex(8)}" for _ in range(3)))


def add_case(
    database: Database, markers: Markers | None = None, reference: str = "CD-0001"
) -> None:
    """A fictional family, a child, a conference, an agenda item and one entry."""
    markers = markers or new_markers()
    now = datetime(2025, 3, 4, 10, 0)
    with database.transaction() as session:
        family = Family(case_reference=reference, family_name=markers.family_name)
        family.people.append(Person(name=markers.person_name, role=PersonRole.CHILD))
        session.add(family)
        session.flush()
        conference = Conference(
            family_id=family.id,
            kind=ConferenceKind.INITIAL,
            model=MeetingModel.SIGNS_OF_SAFETY,
            scheduled_at=now,
        )
        session.add(conference)
        session.flush()
        item = AgendaItem(
            conference_id=conference.id, kind=AgendaKind.PARENTS_VIEWS, title="Parents", position=1
        )
        session.add(item)
        session.flush()
        session.add(
            Entry(
                conference_id=conference.id,
                agenda_item_id=item.id,
                heading=Heading.WORRY,
                text=markers.entry_text,
                visibility=Visibility.SHARED,
                created_at=now,
                updated_at=now,
            )
        )


def fingerprint(folder: Path, *, key_files: bool = True) -> dict[str, tuple[str, int, int]]:
    """Every file under `folder`: content hash, size and modification time.

    `key_files=False` leaves out the key files, which count failed unlocks by design.
    """
    result = {}
    for item in sorted(folder.rglob("*")):
        if item.is_file() and (key_files or not item.name.endswith(".kdf.json")):
            status = item.stat()
            digest = hashlib.sha256(item.read_bytes()).hexdigest()
            result[str(item.relative_to(folder))] = (digest, status.st_size, status.st_mtime_ns)
    return result


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make `folder` read-only for this process, for real: permissions, or a read-only mount
    when running as root (root ignores permissions)."""
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)
        return
    mount = need_tool("mount")
    bound = subprocess.run([mount, "--bind", str(folder), str(folder)], capture_output=True)
    if bound.returncode != 0:
        message = "cannot make a read-only mount here: " + bound.stderr.decode(errors="replace")
        if require_all():
            pytest.fail(message)
        pytest.skip(message)
    try:
        subprocess.run([mount, "-o", "remount,bind,ro", str(folder)], check=True)
        yield
    finally:
        subprocess.run([need_tool("umount"), str(folder)], check=True)


HOLDER_SCRIPT = """
import sys, time
from chairdesk.storage import open_database
db = open_database(sys.argv[1], sys.argv[2])
print("ready", flush=True)
sys.stdin.readline()
db.close()
print("closed", flush=True)
"""


def start_holder(path: Path, passphrase: str) -> subprocess.Popen[str]:
    """Another process that opens the database and holds it until told (or killed)."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER_SCRIPT, str(path), passphrase],
        cwd=REPOSITORY,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if line.strip() != "ready":
        process.kill()
        raise AssertionError(f"the holder did not open the database: {process.stderr.read()}")  # type: ignore[union-attr]
    return process
