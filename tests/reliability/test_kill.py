"""Saved means committed: kill -9 a saving process at random moments; nothing acknowledged goes."""

from __future__ import annotations

import hashlib
import os
import queue
import random
import signal
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import text

from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import ConferenceService
from chairdesk.services.entries import EntryService
from chairdesk.storage import lock, open_database
from tests.conftest import PASSPHRASE
from tests.reliability.support import REPOSITORY, script_command, script_env

ROUNDS = max(30, int(os.environ.get("CHAIRDESK_KILL_ROUNDS", "30")))
SEED = int(os.environ.get("CHAIRDESK_KILL_SEED", "20260601"))
READY_TIMEOUT = 60.0


@dataclass
class Ledger:
    """What the saving process acknowledged, and the one save it may have had in flight."""

    acknowledged: dict[int, str] = field(default_factory=dict)
    in_flight: tuple[int | None, str] | None = None
    acknowledged_count: int = 0
    in_flight_found_committed: int = 0
    lost: list[str] = field(default_factory=list)

    def read(self, line: str) -> None:
        kind, entry, digest = line.split()
        if kind == "TRY":
            self.in_flight = (None if entry == "-" else int(entry), digest)
        elif kind == "ACK":
            self.acknowledged[int(entry)] = digest
            self.acknowledged_count += 1
            self.in_flight = None

    def check(self, stored: dict[int, str], round_number: int) -> None:
        """Every acknowledged edit is stored as acknowledged, or replaced by the edit in flight."""
        flight_id, flight_digest = self.in_flight or (None, "")
        for entry_id, digest in self.acknowledged.items():
            found = stored.get(entry_id)
            if found == digest:
                continue
            if self.in_flight and flight_id == entry_id and found == flight_digest:
                self.acknowledged[entry_id] = found
                self.in_flight_found_committed += 1
                continue
            self.lost.append(f"round {round_number}: entry {entry_id}")
        for entry_id, found in stored.items():
            if entry_id in self.acknowledged:
                continue
            # Committed before the kill, acknowledged never: only the add in flight may be here.
            if self.in_flight and flight_id is None and found == flight_digest:
                self.acknowledged[entry_id] = found
                self.in_flight_found_committed += 1
                continue
            self.lost.append(f"round {round_number}: unexpected entry {entry_id}")
        self.in_flight = None


class Saver:
    """The saving process (a parent that forks one child per round) and its output lines."""

    def __init__(self, path: Path, log: Path) -> None:
        self._log = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            script_command("saver", str(path)),
            cwd=REPOSITORY,
            env=script_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.next_line().startswith("ZYGOTE")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("EOF")

    def next_line(self) -> str:
        try:
            return self.lines.get(timeout=READY_TIMEOUT)
        except queue.Empty:
            raise AssertionError("the saving process went silent") from None

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.send("QUIT")
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._log.close()


def _stored(path: Path) -> tuple[dict[int, str], str, str]:
    """Each entry's text digest, the integrity check, and the lock's state before opening."""
    lock_before = lock.inspect_lock(path).status
    database = open_database(str(path), PASSPHRASE)
    try:
        context = ServiceContext(database)
        stored: dict[int, str] = {}
        for conference in ConferenceService(context).list_conferences():
            for entry in EntryService(context).entries(conference.id):
                stored[entry.id] = hashlib.sha256(entry.text.encode("utf-8")).hexdigest()
        with database.engine.connect() as connection:
            integrity = str(connection.execute(text("PRAGMA integrity_check")).scalar_one())
    finally:
        database.close()
    return stored, integrity, lock_before


@pytest.mark.slow
def test_kill_during_saving_loses_no_acknowledged_edit(tmp_path: Path) -> None:
    path = tmp_path / "chairdesk.db"
    rng = random.Random(SEED)
    ledger = Ledger()
    problems: list[str] = []
    saver = Saver(path, tmp_path / "saver.log")
    try:
        for round_number in range(1, ROUNDS + 1):
            saver.send(f"GO {rng.randrange(1 << 30)}")
            line = saver.next_line()
            assert line.startswith("READY"), f"round {round_number}: {line}"
            pid = int(line.split()[1])
            # Let it save for a random short while, then pull the plug.
            threading.Event().wait(rng.uniform(0.05, 0.4))
            os.kill(pid, signal.SIGKILL)
            while not (line := saver.next_line()).startswith("REAPED"):
                if line.startswith(("FAILED", "MISMATCH", "EOF")):
                    problems.append(f"round {round_number}: {line}")
                    break
                ledger.read(line)
            status = int(line.split()[2]) if line.startswith("REAPED") else 0
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, line
            stored, integrity, lock_before = _stored(path)
            if integrity != "ok":
                problems.append(f"round {round_number}: integrity_check said {integrity}")
            if lock_before != "stale":
                problems.append(f"round {round_number}: the lock was {lock_before}, not stale")
            ledger.check(stored, round_number)
    finally:
        saver.stop()
    print(
        f"\nkill -9 while saving: {ROUNDS} rounds (seed {SEED}), "
        f"{ledger.acknowledged_count} acknowledged edits, {len(ledger.lost)} lost, "
        f"{ledger.in_flight_found_committed} unacknowledged edits found committed, "
        f"{len(ledger.acknowledged)} entries at the end"
    )
    assert problems == []
    assert ledger.lost == []
    assert ledger.acknowledged_count >= ROUNDS
