"""The composition root of the desktop app: paths, storage, services and the main window."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chairdesk import paths
from chairdesk.services.base import ServiceContext
from chairdesk.storage import Database, is_server_url, open_database

log = logging.getLogger(__name__)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="chairdesk", description="Start ChairDesk.")
    parser.add_argument(
        "--db", help="the database file (default: CHAIRDESK_DB, then your data folder)"
    )
    known, _unknown = parser.parse_known_args(argv)  # Qt's own options pass through
    return known


def database_location(db: str | None = None) -> str:
    """`--db`, then CHAIRDESK_DB, then the database in the user's data folder."""
    return db or paths.default_database()


def is_first_run(location: str) -> bool:
    return not is_server_url(location) and not Path(location).expanduser().exists()


def demo_loader() -> Callable[[ServiceContext], Any] | None:
    """`chairdesk.services.demo.load_demo`, or None where it is not available."""
    try:
        module = importlib.import_module("chairdesk.services.demo")
    except ImportError:
        return None
    loader: Callable[[ServiceContext], Any] | None = getattr(module, "load_demo", None)
    return loader


def storage_opener(location: str) -> Callable[[str, bool], Database]:
    def open_storage(passphrase: str, create: bool) -> Database:
        return open_database(location, passphrase, create=create)

    return open_storage


def backup_restorer(location: str) -> Callable[[Path], None]:
    def restore(backup: Path) -> None:
        from chairdesk.storage.backup import restore_backup

        restore_backup(backup, Path(location).expanduser().resolve())

    return restore


@dataclass
class Session:
    """One run of the app: the open database, the services and the main window."""

    database: Database
    services: Any
    window: Any
    key_seconds: float = 0.0

    def close(self) -> None:
        self.window.close()
        self.database.close()


def build_window(
    database: Database,
    *,
    load_demo: bool = False,
    check_passphrase: Callable[[str], bool] | None = None,
    text_scaler: Any = None,
) -> tuple[Any, Any]:
    """Services and the main window over an open database (the demo loaded first if asked)."""
    from chairdesk.ui.main_window import MainWindow
    from chairdesk.ui.services import UiServices

    context = ServiceContext(database)
    if load_demo:
        loader = demo_loader()
        if loader is not None:
            loader(context)
    services = UiServices.create(context)
    window = MainWindow(services, text_scaler=text_scaler, check_passphrase=check_passphrase)
    return services, window


def start(location: str, *, text_scaler: Any = None) -> Session | None:
    """Ask for the passphrase, open the database and build the window; None if the chair quits."""
    from chairdesk.ui.passphrase_dialog import PassphraseDialog

    first_run = is_first_run(location)
    unlocked = PassphraseDialog.ask(
        None,
        storage_opener(location),
        first_run=first_run,
        offer_demo=first_run and demo_loader() is not None,
        restore_backup=None if is_server_url(location) else backup_restorer(location),
    )
    if unlocked is None:
        return None
    # The dialog has checked the passphrase; keep only what unlocking needs later.
    services, window = build_window(
        unlocked.database,
        load_demo=unlocked.load_demo,
        check_passphrase=unlocked.check_passphrase,
        text_scaler=text_scaler,
    )
    return Session(unlocked.database, services, window, unlocked.seconds_to_open)


def make_application(argv: Sequence[str] | None = None) -> Any:
    from PySide6.QtWidgets import QApplication

    from chairdesk.ui.style import TextScaler, apply_palette

    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("ChairDesk")
    app.setApplicationDisplayName("ChairDesk")
    app.setStyle("Fusion")
    apply_palette(app)
    app.text_scaler = TextScaler(app)
    return app


def main(argv: Sequence[str] | None = None) -> int:
    """Start the desktop app; the exit status for the command line."""
    arguments = parse_arguments(argv if argv is not None else sys.argv[1:])
    app = make_application([sys.argv[0]] if sys.argv else ["chairdesk"])
    session = start(database_location(arguments.db), text_scaler=app.text_scaler)
    if session is None:
        return 1
    session.window.show()
    try:
        return int(app.exec())
    finally:
        session.database.close()
