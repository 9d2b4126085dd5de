"""One writer: a second copy is refused with who holds it; a lock left by a killed copy clears."""

from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from chairdesk.errors import DatabaseLockedError
from chairdesk.models import Family
from chairdesk.storage import lock, open_database
from tests.conftest import PASSPHRASE
from tests.storage.support import REPOSITORY, add_case, start_holder


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
    assert db.stale_lock == ""  # closed properly last time
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
        # The app can tell the chair the last session did not close properly.
        assert db.stale_lock.startswith(f"process {holder.pid} ")
        add_case(db)
    finally:
        db.close()


WRITER_SCRIPT = """
import sys
from datetime import datetime
from chairdesk.models import Family
from chairdesk.storage import open_database
db = open_database(sys.argv[1], sys.argv[2])
number = 0
while True:
    number += 1
    with db.transaction() as session:
        session.add(Family(case_reference=f"CD-{number:05d}", family_name="Writer"))
    print(number, flush=True)  # acknowledged only after the commit returned
"""


def test_lock_killed_mid_save_keeps_every_acknowledged_save(closed_database: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER_SCRIPT, str(closed_database), PASSPHRASE],
        cwd=REPOSITORY,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    acknowledged = 0
    for line in writer.stdout:
        acknowledged = int(line)
        if acknowledged >= 40:
            break
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    assert acknowledged >= 40, writer.stderr.read() if writer.stderr else ""
    db = open_database(str(closed_database), PASSPHRASE)
    try:
        with db.transaction() as session:
            saved = {f.case_reference for f in session.query(Family)}
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        db.close()
    assert {f"CD-{n:05d}" for n in range(1, acknowledged + 1)} <= saved
