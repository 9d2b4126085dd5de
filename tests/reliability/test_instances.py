"""One writer, no lock-out: a second copy is refused while the first saves; after kill -9 of the
first, the second opens without anyone clearing anything by hand."""

from __future__ import annotations

import os
import platform
import signal
import subprocess
import sys
from pathlib import Path

from tests.reliability.support import REPOSITORY, Saver, script_env


def _chairdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chairdesk", *args],
        cwd=REPOSITORY,
        env=script_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_instances_second_copy_is_refused_then_opens_after_the_first_is_killed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "chairdesk.db"
    saver = Saver(path, tmp_path / "saver.log")
    try:
        saver.send("GO 11")
        ready = saver.next_line()
        assert ready.startswith("READY"), ready
        first = int(ready.split()[1])
        # The first copy is saving as fast as it can while the second tries to open.
        while not saver.next_line().startswith("ACK"):
            pass

        refused = _chairdesk("list", "--db", str(path))

        assert refused.returncode == 1
        assert refused.stdout == ""
        lines = refused.stderr.strip().splitlines()
        assert len(lines) == 1, refused.stderr
        assert lines[0].startswith(
            f"chairdesk: the database is open in another copy of ChairDesk "
            f"(process {first} on {platform.node()} since "
        )
        assert lines[0].endswith("close that one first")

        os.kill(first, signal.SIGKILL)
        while not saver.next_line().startswith("REAPED"):
            pass

        opened = _chairdesk("list", "--db", str(path))
        assert opened.returncode == 0, opened.stderr
        assert "KILL-0001" in opened.stdout and "Thornbury" in opened.stdout
        checked = _chairdesk("check", "--db", str(path))
        assert checked.returncode == 0, checked.stdout + checked.stderr
    finally:
        saver.stop()
