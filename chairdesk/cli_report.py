"""`chairdesk report`: a diagnostic text file a council's IT can read, with no case data.

It holds the versions (ChairDesk, Python, the libraries, SQLCipher), the platform, where the
database and logs are, the council settings that are numbers, switches or names of the council
(never a passphrase, never free text a chair wrote), the ChairDesk environment variables (a
passphrase only as "set"), the last lines of the logs (which by design hold no names or case
text, chairdesk/logs.py) and the database check's result. It never reads a conference.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Callable
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from chairdesk import __version__, files, logs, paths

LIBRARIES = ("PySide6-Essentials", "SQLAlchemy", "alembic", "sqlcipher3", "pyrage", "reportlab")
_NAMED_SETTINGS = ("council_name", "marking", "region")


def add_parser(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    parser = command(
        "report", "write a diagnostic file for IT: versions, settings, logs, no case data"
    )
    parser.add_argument(
        "--out", metavar="FILE", help="where to write it (default: a dated file here)"
    )


def _versions() -> list[str]:
    lines = [
        f"ChairDesk {__version__}",
        f"Python {platform.python_version()} ({sys.implementation.name})",
        f"Platform {platform.platform()} ({platform.machine()})",
        f"Frozen bundle: {'yes' if paths.is_frozen() else 'no'}",
    ]
    for name in LIBRARIES:
        try:
            lines.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name} not installed")
    try:
        from chairdesk.storage.sqlcipher import sqlcipher_module

        lines.append(f"SQLite {sqlcipher_module().sqlite_version}")
    except Exception as error:  # a report is written whatever is broken
        lines.append(f"SQLite unavailable ({type(error).__name__})")
    return lines


def _environment() -> list[str]:
    lines = []
    for name in sorted(os.environ):
        if not name.startswith("CHAIRDESK_"):
            continue
        secret = "PASSPHRASE" in name or "KEY" in name or "USER" in name
        lines.append(f"{name} = {'(set)' if secret else os.environ[name]}")
    return lines or ["(no ChairDesk variables set)"]


def _settings(context: Any) -> list[str]:
    from chairdesk.services.settings import SettingsService, as_dict

    values = as_dict(SettingsService(context).get())
    return [
        f"{key} = {value}"
        for key, value in values.items()
        if key in _NAMED_SETTINGS or value is None or isinstance(value, bool | int | float)
    ]


def _database(
    options: argparse.Namespace,
    opened: Callable[..., Any],
    location: str,
    passphrase: Callable[[], str | None],
) -> list[str]:
    from chairdesk.cli_database import database_exists

    if not database_exists(location):
        return [f"Database: none at {location}"]
    given = passphrase()
    if given is None:
        return ["Database: not checked (no passphrase given)"]
    lines = [f"Database: {location}"]
    try:
        from chairdesk.storage.check import check_database

        result = check_database(location, given, os.environ.get("CHAIRDESK_USER") or None)
        lines.append("Check: ok" if result.ok else "Check: problems found")
        lines.extend(f"  problem: {line}" for line in result.problems)
        lines.extend(f"  advice: {line}" for line in result.advice)
        with opened(options) as context:
            lines.append("Settings:")
            lines.extend(f"  {line}" for line in _settings(context))
    except Exception as error:  # the report says what failed and goes on
        lines.append(f"Check stopped: {type(error).__name__}")
    return lines


def run(
    options: argparse.Namespace,
    opened: Callable[..., Any],
    location: str,
    passphrase: Callable[[], str | None],
) -> int:
    now = datetime.now()
    sections = [
        ("ChairDesk diagnostic report", [f"Written {now:%d %b %Y %H:%M:%S}", "No case data."]),
        ("Versions", _versions()),
        ("Folders", [f"Data: {paths.data_dir()}", f"Logs: {paths.log_dir()}"]),
        ("Environment", _environment()),
        ("Database", _database(options, opened, location, passphrase)),
        ("Recent log lines", logs.recent_lines(50) or ["(no log yet)"]),
    ]
    text = "\n\n".join(
        f"{title}\n{'-' * len(title)}\n" + "\n".join(body) for title, body in sections
    )
    out = Path(options.out or f"chairdesk-report-{now:%Y%m%d-%H%M%S}.txt").expanduser()
    files.write_atomically(out, (text + "\n").encode("utf-8"))
    print(out)
    return 0
