"""Helpers for the reliability tests: the environment of helper processes, raw scans."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.conftest import PASSPHRASE

REPOSITORY = Path(__file__).resolve().parents[2]


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
