"""Saves entries in a loop and acknowledges each save, until killed (the kill -9 test's app).

Run as ``python -m tests.reliability.scripts.saver DATABASE`` with CHAIRDESK_PASSPHRASE set.
It imports everything once, then forks one child per "GO <seed>" line on stdin, so that each
round costs a fork rather than a Python start-up. A child opens the database (clearing the
lock its killed predecessor left), prints "READY <pid>", then adds and edits entries through
EntryService for ever. Before each call it prints "TRY <id or -> <sha256>"; after the call
returns (the transaction has committed) it prints "ACK <id> <sha256>". Lines are written
with one os.write each, so lines from the child and this parent never interleave.
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
from datetime import datetime

from chairdesk.domain import AgendaKind, Heading
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import ConferenceService
from chairdesk.services.entries import EntryService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from tests.reliability.cases import record_case

# Letters from several scripts, emoji and punctuation; never NUL (which the service removes).
ALPHABET = (
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ 0123456789 ,.;:!?'\"()-\n\t"
    "éèçøåßłğ Ωλφ ЖЯя ليلى נועה 日本語 한국어 हिन्दी 😊🦄👍🏽 \u200d\u202e"
)


def say(line: str) -> None:
    os.write(1, (line + "\n").encode("utf-8"))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def some_text(rng: random.Random) -> str:
    size = rng.choice((1, 20, 300, 3000, 20_000))
    return "".join(rng.choices(ALPHABET, k=rng.randint(1, size)))


def run_round(path: str, passphrase: str, seed: int, opening: bool = False) -> None:
    """Open, then save for ever (the test kills this process). `opening`: say so before the
    database is opened, so the test can kill the process while it opens."""
    rng = random.Random(seed)
    if opening:
        say(f"OPENING {os.getpid()}")
    database = open_database(path, passphrase, create=True)
    context = ServiceContext(database, user="chair", clock=lambda: datetime(2026, 3, 2, 11, 0))
    entries = EntryService(context)
    conferences = ConferenceService(context).list_conferences()
    if conferences:
        conference_id = conferences[0].id
    else:
        conference_id = record_case(context, "KILL-0001").conference_id
    agenda = SharingService(context).view(conference_id).agenda
    item_id = next(a.id for a in agenda if a.kind == AgendaKind.PARENTS_VIEWS)
    ids = [e.id for e in entries.entries(conference_id)]
    say(f"READY {os.getpid()}")
    while True:
        text = some_text(rng)
        if not ids or rng.random() < 0.3:
            say(f"TRY - {digest(text)}")
            view = entries.add_entry(item_id, Heading.VIEW, text)
            ids.append(view.id)
        else:
            entry_id = rng.choice(ids)
            say(f"TRY {entry_id} {digest(text)}")
            view = entries.update_text(entry_id, text)
        if view.text != text:
            say(f"MISMATCH {view.id}")
        say(f"ACK {view.id} {digest(text)}")


def main() -> int:
    path = sys.argv[1]
    passphrase = os.environ["CHAIRDESK_PASSPHRASE"]
    say("ZYGOTE")
    for line in sys.stdin:
        command = line.split()
        if not command or command[0] == "QUIT":
            break
        seed = int(command[1])
        pid = os.fork()
        if pid == 0:
            try:
                run_round(path, passphrase, seed, opening=command[2:] == ["open"])
            except BaseException as error:  # the test reads the line
                say(f"FAILED {type(error).__name__}: {error}")
            finally:
                os._exit(3)
        _, status = os.waitpid(pid, 0)
        say(f"REAPED {pid} {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
