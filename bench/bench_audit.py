"""Audit verification time for 100,000 events in an encrypted database (issue target: report it)."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("CHAIRDESK_KDF_PROFILE", "test")

from chairdesk.models import AuditEvent
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.storage import open_database

EVENTS = 100_000


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="chairdesk-bench-audit-"))
    database = open_database(str(folder / "audit.db"), "bench passphrase", create=True)
    context = ServiceContext(database)
    started = time.perf_counter()
    previous = audit.GENESIS
    start = datetime(2026, 1, 1, 9)
    with database.transaction() as session:
        batch = []
        for number in range(1, EVENTS + 1):
            event = AuditEvent(
                id=number,
                at=start + timedelta(seconds=number),
                user="chair",
                action="entry.update",
                record_type="entry",
                record_id=number % 500,
                conference_id=number % 40,
                detail={"field": "text"},
            )
            event.digest = audit.event_digest(database.audit_key, previous, event)
            previous = event.digest
            batch.append(event)
        session.add_all(batch)
    print(f"seeded {EVENTS:,} chained events in {time.perf_counter() - started:.1f} s")
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        verdict = audit.verify(context)
        timings.append(time.perf_counter() - started)
        assert verdict.ok and verdict.events_checked == EVENTS
    print(
        f"audit verify, {EVENTS:,} events: median {statistics.median(timings):.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in timings)})"
    )
    database.close()


if __name__ == "__main__":
    main()
