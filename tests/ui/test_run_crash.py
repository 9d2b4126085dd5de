"""Killing ChairDesk right after "Saved" loses nothing: saved means committed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from chairdesk.domain import AgendaKind, Heading
from tests.ui.run_support import new_family_conference, open_services

WRITER = Path(__file__).with_name("crash_writer.py")
TEXT = "Mary says the rent arrears are paid and she has started a cookery course"


def test_run_typed_words_survive_a_kill_after_saved(tmp_path):
    path = tmp_path / "chairdesk.db"
    database, services = open_services(path)
    conference_id = new_family_conference(services)
    database.close()

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CHAIRDESK_KDF_PROFILE="test")
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(path), str(conference_id), TEXT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = writer.stdout.readline()  # blocks until the page says "Saved"
        assert line.strip() == "SAVED", writer.stderr.read()
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    assert writer.returncode == -signal.SIGKILL

    database, services = open_services(path, create=False)
    try:
        parents = next(
            i for i in services.agenda.items(conference_id) if i.kind == AgendaKind.PARENTS_VIEWS
        )
        entries = services.entries.entries_for_item(parents.id)
        assert [(e.heading, e.speaker_name, e.text) for e in entries] == [
            (Heading.VIEW, "Mary Ashdown", TEXT)
        ]
    finally:
        database.close()
