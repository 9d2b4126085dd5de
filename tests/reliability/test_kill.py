"""Saved means committed: kill -9 a saving process at random moments; nothing acknowledged goes."""

from __future__ import annotations

import hashlib
import os
import random
import signal
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
from tests.reliability.support import Saver

ROUNDS = max(100, int(os.environ.get("CHAIRDESK_KILL_ROUNDS", "100")))
# A new seed every run (printed, and given again with CHAIRDESK_KILL_SEED to repeat a run).
SEED = int(os.environ.get("CHAIRDESK_KILL_SEED") or random.SystemRandom().randrange(1 << 31))
# About one round in four pulls the plug while the database is being opened.
OPENING_SHARE = 0.25


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
    saving_rounds = 0
    saver = Saver(path, tmp_path / "saver.log")
    try:
        saving_rounds = 0
        for round_number in range(1, ROUNDS + 1):
            # The database exists before any round kills it while it opens.
            opening = round_number > 1 and rng.random() < OPENING_SHARE
            saving_rounds += 0 if opening else 1
            saver.send(f"GO {rng.randrange(1 << 30)}" + (" open" if opening else ""))
            line = saver.next_line()
            expected = "OPENING" if opening else "READY"
            assert line.startswith(expected), f"round {round_number} (seed {SEED}): {line}"
            pid = int(line.split()[1])
            # Let it open (or save) for a random short while, then pull the plug.
            threading.Event().wait(rng.uniform(0.0, 0.15) if opening else rng.uniform(0.05, 0.4))
            os.kill(pid, signal.SIGKILL)
            while not (line := saver.next_line()).startswith("REAPED"):
                if line.startswith(("FAILED", "MISMATCH", "EOF")):
                    problems.append(f"round {round_number} (seed {SEED}): {line}")
                    break
                if line.startswith("READY"):
                    continue  # opened before the plug was pulled: it saves on
                ledger.read(line)
            status = int(line.split()[2]) if line.startswith("REAPED") else 0
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, line
            stored, integrity, lock_before = _stored(path)
            if integrity != "ok":
                problems.append(f"round {round_number}: integrity_check said {integrity}")
            # Killed while opening, it may not have taken the lock yet.
            if lock_before != "stale" and not (opening and lock_before == "free"):
                problems.append(f"round {round_number}: the lock was {lock_before}, not stale")
            ledger.check(stored, round_number)
    finally:
        saver.stop()
    print(
        f"\nkill -9 while opening or saving: {ROUNDS} rounds (seed {SEED}), "
        f"{ledger.acknowledged_count} acknowledged edits, {len(ledger.lost)} lost, "
        f"{ledger.in_flight_found_committed} unacknowledged edits found committed, "
        f"{len(ledger.acknowledged)} entries at the end"
    )
    assert problems == []
    assert ledger.lost == []
    # Each round that was saving for at least 50 ms acknowledged at least one edit.
    assert ledger.acknowledged_count >= saving_rounds
