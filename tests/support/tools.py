"""Tools some tests need: under CHAIRDESK_REQUIRE_ALL=1 a missing tool fails the test."""

from __future__ import annotations

import os
import shutil

import pytest


def require_all() -> bool:
    return os.environ.get("CHAIRDESK_REQUIRE_ALL") == "1"


def need_tool(tool: str) -> str:
    """The path of `tool`; skips where it is missing, fails instead under CHAIRDESK_REQUIRE_ALL."""
    found = shutil.which(tool)
    if found is None:
        message = f"{tool} is not installed"
        if require_all():
            pytest.fail(message + " but CHAIRDESK_REQUIRE_ALL=1")
        pytest.skip(message)
    return found
