"""Writes marker strings through the services, backs up, and holds the database open.

Run as ``python -m tests.reliability.scripts.markers DATABASE MARKER...`` (eight markers) with
CHAIRDESK_PASSPHRASE set. The markers become the family name, the child's and the parent's
names, an entry, an action's what and who, a danger statement and its safety goal. Prints
"READY <conference id>" once written and backed up (the WAL still on disk), then waits for a
line on stdin before closing.
"""

from __future__ import annotations

import sys

from chairdesk.services.actions import ActionService
from chairdesk.services.analysis import AnalysisService
from chairdesk.services.base import ServiceContext
from chairdesk.storage import backup, open_database
from tests.reliability.cases import record_case


def main() -> int:
    import os

    path, markers = sys.argv[1], sys.argv[2:]
    family, child, parent, entry, what, who, danger, goal = markers
    database = open_database(path, os.environ["CHAIRDESK_PASSPHRASE"], create=True)
    try:
        context = ServiceContext(database)
        case = record_case(
            context,
            "SCAN-0001",
            family_name=family,
            child_name=child,
            parent_name=parent,
            entry_text=f"Said: {entry}",
        )
        ActionService(context).add_action(case.conference_id, what=what, who=who)
        AnalysisService(context).add_danger_statement(case.conference_id, danger, goal)
        backup.backup_now(database)
        print(f"READY {case.conference_id}", flush=True)
        sys.stdin.readline()
    finally:
        database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
