"""The one place that resolves file locations, in a source checkout and in a frozen bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path, user_log_path

APP_NAME = "ChairDesk"


def resources_dir() -> Path:
    """Where glossary, templates, schema, fonts and icons live.

    In a frozen bundle, beside the program; in an installed wheel, inside the package (setup.py
    copies them there); in a source checkout or an editable install, at the repository's top.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    package = Path(__file__).resolve().parent
    installed = package / "resources"
    if installed.is_dir():
        return installed
    return package.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False, ensure_exists=False)


def log_dir() -> Path:
    return user_log_path(APP_NAME, appauthor=False, ensure_exists=False)


def default_database() -> str:
    """`CHAIRDESK_DB`, then the database in the user's data folder."""
    return os.environ.get("CHAIRDESK_DB") or str(data_dir() / "chairdesk.db")


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))
