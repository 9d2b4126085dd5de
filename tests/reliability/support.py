"""Helpers for the reliability tests: helper processes, their environment and their output."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

from tests.conftest import PASSPHRASE

REPOSITORY = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 60.0


def script_env(**extra: str) -> dict[str, str]:
    """The environment of a helper process: this checkout, cheap key derivation, the passphrase."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPOSITORY),
        "CHAIRDESK_KDF_PROFILE": "test",
        "CHAIRDESK_PASSPHRASE": PASSPHRASE,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(extra)
    return env


def script_command(name: str, *args: str) -> list[str]:
    """`python -m tests.reliability.scripts.<name> args...` with this interpreter."""
    return [sys.executable, "-m", f"tests.reliability.scripts.{name}", *args]


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
