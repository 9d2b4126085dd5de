"""ChairDesk's logs: rotating files in the user's log folder, readable by their owner alone.

A log never holds a name or case text. What is logged is which command or screen ran, how it
ended, and for an unexpected failure the kind of error and where in ChairDesk's code it
happened, never the error's message (a message can quote what was typed) and never a local
variable. `describe_failure` is the one way to turn an exception into a log line.

The command line writes chairdesk-cli.log and the desktop app chairdesk-app.log, each rotated
at 1 MB with three older files kept.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import traceback
from pathlib import Path
from typing import Any

from chairdesk import files, paths

CLI_LOG = "chairdesk-cli.log"
APP_LOG = "chairdesk-app.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file (also after rotation) is created with mode 0600."""

    def _open(self) -> Any:
        descriptor = os.open(
            self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, files.PRIVATE_MODE
        )
        return os.fdopen(descriptor, self.mode, encoding=self.encoding, errors=self.errors)


def log_file(name: str) -> Path:
    return paths.log_dir() / name


def configure(name: str) -> Path:
    """Send this process's log records (INFO and above) to `name` in the log folder, once."""
    root = logging.getLogger()
    path = log_file(name)
    for existing in list(root.handlers):
        if getattr(existing, "chairdesk_log", None) != name:
            continue
        if getattr(existing, "chairdesk_path", None) == path:
            return path
        root.removeHandler(existing)  # the log folder moved (a test's own folder)
        existing.close()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler: logging.Handler = PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()  # a log is a help, never a reason to fail
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.chairdesk_log = name  # type: ignore[attr-defined]
    handler.chairdesk_path = path  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its set-up chatter helps no one
    return path


def describe_failure(error: BaseException) -> str:
    """'ValueError at entries.py:44 clean_text; ...': the kind and where, never the message."""
    frames = traceback.extract_tb(error.__traceback__)
    where = "; ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames[-8:])
    return f"{type(error).__name__} at {where or 'an unknown place'}"


def recent_lines(count: int = 50) -> list[str]:
    """The last `count` lines of both logs, oldest first (for `chairdesk report`)."""
    lines: list[str] = []
    for name in (CLI_LOG, APP_LOG):
        try:
            text = log_file(name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        lines.extend(f"{name}: {line}" for line in text.splitlines()[-count:])
    return lines
