"""One writer: a second copy is refused with who holds it; a lock left by a killed copy clears."""

from __future__ import annotations

import json
import os
import platform
import signal
from pathlib import Path

import pytest

from chairdesk.errors import DatabaseLockedError
from chairdesk.storage import lock, open_database
from tests.conftest import PASSPHRASE
from tests.storage.support import add_case, start_holder


@pytest.fixture
def closed_database(tmp_path: Path) -> Path:
    path = tmp_path / "chairdesk.db"
    open_database(str(path), PASSPHRASE, create=True).close()
    return path


def test_lock_second_open_in_one_process_is_refused(closed_database: Path) -> None:
    first = open_database(str(closed_database), PASSPHRASE)
    try:
        with pytest.raises(DatabaseLockedError) as refused:
            open_database(str(closed_database), PASSPHRASE)
        message = str(refused.value)
        assert f"process {os.getpid()} on {platform.node()}" in message
        # No person's name: only the process, the computer and the time.
        assert os.environ.get("USER", "nobody-at-all") not in message.split("(")[1]
    finally:
        first.close()
    open_database(str(closed_database), PASSPHRASE).close()


def test_lock_released_on_close_and_file_removed(closed_database: Path) -> None:
    db = open_database(str(closed_database), PASSPHRASE)
    lock_file = lock.lock_path(closed_database)
    holder = json.loads(lock_file.read_text())
    assert holder["pid"] == os.getpid()
    assert lock.inspect_lock(closed_database).status == "held"
    db.close()
    assert not lock_file.exists()
    assert lock.inspect_lock(closed_database).status == "free"


def test_lock_another_process_holding_the_database_refuses_this_one(
    closed_database: Path,
) -> None:
    holder = start_holder(closed_database, PASSPHRASE)
    try:
        with pytest.raises(DatabaseLockedError, match=f"process {holder.pid} "):
            open_database(str(closed_database), PASSPHRASE)
    finally:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "closed"
        holder.wait(timeout=30)
    open_database(str(closed_database), PASSPHRASE).close()


def test_lock_left_by_a_killed_process_is_cleared(closed_database: Path) -> None:
    holder = start_holder(closed_database, PASSPHRASE)
    lock_file = lock.lock_path(closed_database)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    # The file still names the dead process, but the operating system dropped its lock.
    assert json.loads(lock_file.read_text())["pid"] == holder.pid
    assert lock.inspect_lock(closed_database).status == "stale"
    db = open_database(str(closed_database), PASSPHRASE)
    try:
        assert json.loads(lock_file.read_text())["pid"] == os.getpid()
        add_case(db)
    finally:
        db.close()


def test_lock_killed_while_writing_keeps_committed_data(closed_database: Path) -> None:
    first = open_database(str(closed_database), PASSPHRASE)
    add_case(first, reference="CD-0100")
    first.close()
    holder = start_holder(closed_database, PASSPHRASE)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    db = open_database(str(closed_database), PASSPHRASE)
    try:
        from chairdesk.models import Family

        with db.transaction() as session:
            assert [f.case_reference for f in session.query(Family)] == ["CD-0100"]
    finally:
        db.close()
