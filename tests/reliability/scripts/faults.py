"""Saves one edit while the disk misbehaves, then tries again as the chair would (fault tests).

Run as ``python -m tests.reliability.scripts.faults DATABASE TEXTFILE add|update [FSIZE]``
with CHAIRDESK_PASSPHRASE set, usually under strace injecting a failure into the Nth write.
It opens the database and either adds an entry holding the text of TEXTFILE to the agenda
item of the first entry, or replaces the first entry's text with it (the autosave path).
Given FSIZE, the size of any file it writes is limited to that many bytes (RLIMIT_FSIZE)
during the first attempt. Prints one JSON line per attempt:
``{"attempt": 1, "outcome": "saved" | "error", "error": class, "message": text,
"text_kept": bool}``; a second attempt follows a failure. Any other exception is a crash:
it escapes, prints a traceback and exits non-zero.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
from pathlib import Path

from chairdesk.domain import Heading
from chairdesk.errors import ChairDeskError
from chairdesk.services.base import ServiceContext
from chairdesk.services.entries import EntryService
from chairdesk.storage import open_database


def attempt(entries: EntryService, operation: str, text: str) -> dict[str, object]:
    unsaved = text  # what the editor still shows
    try:
        first = entries.entries(1)[0]
        if operation == "add":
            saved = entries.add_entry(first.agenda_item_id, Heading.VIEW, unsaved)
        else:
            saved = entries.update_text(first.id, unsaved)
    except ChairDeskError as error:
        return {
            "outcome": "error",
            "error": type(error).__name__,
            "message": str(error),
            "text_kept": unsaved == text,
        }
    return {"outcome": "saved", "entry": saved.id, "exact": saved.text == text}


def main() -> int:
    path, text_file, operation = sys.argv[1], sys.argv[2], sys.argv[3]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    text = Path(text_file).read_text(encoding="utf-8")
    try:
        database = open_database(path, os.environ["CHAIRDESK_PASSPHRASE"])
    except ChairDeskError as error:
        opened = {"outcome": "error", "error": type(error).__name__, "message": str(error)}
        print(json.dumps({"attempt": 0, **opened}), flush=True)
        return 0
    try:
        entries = EntryService(ServiceContext(database))
        if limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
        first = attempt(entries, operation, text)
        print(json.dumps({"attempt": 1, **first}), flush=True)
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        if first["outcome"] == "error":
            second = attempt(entries, operation, text)
            print(json.dumps({"attempt": 2, **second}), flush=True)
    finally:
        database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
