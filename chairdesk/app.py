"""The composition root of the desktop app: paths, storage, services and the main window."""

from __future__ import annotations

import gc
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from chairdesk.services.base import ServiceContext
from chairdesk.storage import Database, is_server_url, open_database

if TYPE_CHECKING:
    import argparse

log = logging.getLogger(__name__)

# What the home screen needs that does not use Qt. Imported before PySide6: once PySide6 is
# loaded, its import hook reads the source of every module imported after it (looking for
# "PySide6"), which roughly doubles their cost. None of them loads SQLAlchemy: Home is read
# through the driver (services/listing.py) and the ORM loads once Home has been painted.
FIRST_SCREEN_MODULES = (
    "sqlcipher3.dbapi2",
    "argon2.low_level",
    "chairdesk.home_views",
    "chairdesk.storage.lock",
    "chairdesk.storage.safety",
    "chairdesk.storage.sqlcipher",
    "chairdesk.services.listing",
    "chairdesk.services.permissions",
)
_collector_paused = False


def preload_first_screen() -> None:
    """Import FIRST_SCREEN_MODULES; call before PySide6 is imported (a missing one is skipped)."""
    for name in FIRST_SCREEN_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            log.debug("not preloaded: %s", name)


def pause_collector() -> None:
    """No cyclic garbage collection while starting: start-up allocates much and frees little."""
    global _collector_paused
    if gc.isenabled():
        gc.disable()
        _collector_paused = True


def resume_collector() -> None:
    """After the first screen: what start-up made lives all session, so later passes skip it."""
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.freeze()
        gc.enable()


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    import argparse

    parser = argparse.ArgumentParser(prog="chairdesk", description="Start ChairDesk.")
    parser.add_argument(
        "--db", help="the database file (default: CHAIRDESK_DB, then your data folder)"
    )
    known, _unknown = parser.parse_known_args(argv)  # Qt's own options pass through
    return known


def database_location(db: str | None = None) -> str:
    """`--db`, then CHAIRDESK_DB, then the database in the user's data folder."""
    from chairdesk import paths

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


def storage_opener(location: str) -> Callable[[str, str, bool], Database]:
    """Opens the database for the start dialog: `(name, passphrase, create)`.

    On the first run (and for a database from before accounts) the name becomes the first
    account, a chair's. On a server, where the passphrase encrypts nothing, the account's own
    passphrase is checked.
    """

    def open_storage(name: str, passphrase: str, create: bool) -> Database:
        from chairdesk.domain import UserRole
        from chairdesk.errors import ValidationError
        from chairdesk.services.listing import has_accounts

        database = open_database(location, passphrase, create=create, user=name or None)
        try:
            accounts_exist = has_accounts(database)
            if database.is_sqlite and accounts_exist:
                return database  # the person's own passphrase opened it: nothing else to do
            from chairdesk.services.accounts import AccountService

            accounts = AccountService(ServiceContext(database))
            if not accounts_exist:
                if name:
                    try:
                        accounts.create_account(name, UserRole.CHAIR, passphrase)
                        database.user = " ".join(name.split())
                    except ValidationError:
                        if create:
                            raise
                        # An older database's passphrase may be too short for an account.
                        log.info("the first account was not made from an older passphrase")
            elif not database.is_sqlite:
                database.user = accounts.verify(name, passphrase).name
        except BaseException:
            database.close()
            raise
        return database

    return open_storage


def account_checker(context: ServiceContext) -> Callable[[str], bool] | None:
    """Checks the person's own passphrase when the screen is unlocked (audited, slowed after
    failures); None for a database without accounts (the start dialog's check is used)."""
    if not context.database.user:
        return None

    def check(passphrase: str) -> bool:
        from chairdesk.errors import IncorrectPassphraseError
        from chairdesk.services.accounts import AccountService

        try:
            AccountService(context).verify(context.user, passphrase)
        except IncorrectPassphraseError:
            return False
        return True

    return check


def known_account(location: str) -> str:
    """The only account's name, to fill in at start (a shared laptop leaves it blank)."""
    if is_server_url(location):
        return ""
    from chairdesk.storage import keys

    try:
        names = keys.read_key_file(Path(location).expanduser()).names()
    except Exception:
        return ""
    return names[0] if len(names) == 1 else ""


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
    """Services and the main window over an open database (the demo loaded first if asked).

    Home is read without the ORM, so it shows before SQLAlchemy loads. Once Home has been
    painted (`finish_start`), before any conference can be opened, the unlock is audited in
    plain SQL (services/unlock_audit.py, a few milliseconds) and the ORM is imported on a
    worker thread (`warm_up_after_home`). Loading the demo needs the ORM, so it is all done first.
    """
    from chairdesk.services.listing import signed_in_context
    from chairdesk.ui.main_window import MainWindow
    from chairdesk.ui.services import UiServices

    context = signed_in_context(database)
    finish: Callable[[], object] | None = None
    if load_demo:
        context = _record_unlock(context)
        loader = demo_loader()
        if loader is not None:
            loader(context)
    else:

        def finish() -> None:
            from chairdesk.services.unlock_audit import record_unlock

            record_unlock(context)
            warm_up_after_home(context)

    services = UiServices.create(context)
    window = MainWindow(
        services,
        text_scaler=text_scaler,
        check_passphrase=account_checker(context) or check_passphrase,
        finish_start=finish,
    )
    if finish is None:
        resume_collector()
    return services, window


#: How long a thread may hold the interpreter while another waits (Python's default is 5 ms).
SWITCH_INTERVAL_S = 0.00002


def warm_up_after_home(context: ServiceContext) -> None:
    """Import the ORM on a worker thread, then refresh the key file's account entries and turn
    the garbage collector back on (its pauses would fall on the GUI thread meanwhile).

    Python's switch interval drops from 5 ms to SWITCH_INTERVAL_S, so a worker holds the
    interpreter only briefly before the GUI thread may take it: the window answers while workers
    run. Qt calls into Python thousands of times while it lays out a large table, and each call
    may wait out a worker's turn: at 300 actions, 0.2 ms instead of 1 ms took the Plan page's
    longest stall after an edit from 160-198 ms to 52-125 ms, and 20 microseconds instead of
    0.2 ms took every Plan and issuing stall from 41-85 ms to 15-33 ms, with the same time for
    the work itself (bench/bench_plan.py; docs/decisions.md). Below that, the kernel's timer
    slack (50 microseconds) decides how long a wait lasts anyway.
    """
    from chairdesk.services.unlock_audit import refresh_account_keys
    from chairdesk.warm_up import WarmUp

    def then() -> None:
        try:
            refresh_account_keys(context)
        finally:
            resume_collector()

    sys.setswitchinterval(SWITCH_INTERVAL_S)
    WarmUp(then=then).start()


def _record_unlock(context: ServiceContext) -> ServiceContext:
    """Audit the unlock (and failed ones before it) and refresh the key file's account keys."""
    from chairdesk.services.accounts import AccountService

    try:
        return AccountService(context).start_session()
    finally:
        resume_collector()


def start(location: str, *, text_scaler: Any = None) -> Session | None:
    """Ask for the passphrase, open the database and build the window; None if the chair quits."""
    from chairdesk.ui.passphrase_dialog import PassphraseDialog
    from chairdesk.warm_up import WarmUp

    first_run = is_first_run(location)
    offer_demo = first_run and demo_loader() is not None
    known_name = "" if first_run else known_account(location)
    # While the passphrase is typed, the ORM is imported on a worker thread, so the rest of
    # start-up after Home's first paint holds the event loop for less. Opening waits for it.
    warm_up = WarmUp().start()
    try:
        unlocked = PassphraseDialog.ask(
            None,
            warm_up.before(storage_opener(location)),
            first_run=first_run,
            offer_demo=offer_demo,
            restore_backup=None if is_server_url(location) else backup_restorer(location),
            known_name=known_name,
        )
    finally:
        warm_up.join()  # also when the chair quits: no import is cut off at exit
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
    """The QApplication with our style; in a fresh process, the first screen's modules first.

    The collector stays paused until `build_window`'s window has been shown.
    """
    if "PySide6.QtWidgets" not in sys.modules:
        pause_collector()
        preload_first_screen()
    from PySide6.QtWidgets import QApplication

    from chairdesk.ui.style import TextScaler, apply_palette

    existing = QApplication.instance()
    if existing is None:
        # Fusion on every platform, chosen on Qt's command line: Qt never builds the platform's
        # style first, and PySide6 never wraps the style (which would create its ten enums).
        app = QApplication([*(argv or sys.argv[:1]), "-style", "fusion"])
    else:
        # PySide6 types instance() as QCoreApplication; ChairDesk only ever makes a QApplication.
        app = cast(QApplication, existing)
        app.setStyle("Fusion")
    app.setApplicationName("ChairDesk")
    app.setApplicationDisplayName("ChairDesk")
    apply_palette(app)
    app.text_scaler = TextScaler(app)  # type: ignore[attr-defined]  # read back by the window
    return app


def main(argv: Sequence[str] | None = None) -> int:
    """Start the desktop app; the exit status for the command line."""
    from chairdesk import files

    files.make_files_private()  # the database, backups, logs and exports: 0600
    arguments = parse_arguments(argv if argv is not None else sys.argv[1:])
    app = make_application([sys.argv[0]] if sys.argv else ["chairdesk"])
    from chairdesk.ui.crash import CrashHandler

    # An unexpected error: typed text saved, a plain dialog, a line in chairdesk-app.log.
    app.crash_handler = CrashHandler().install()
    try:
        session = start(database_location(arguments.db), text_scaler=app.text_scaler)
    except Exception as error:  # the start dialog handles what a chair can act on
        app.crash_handler.fatal(error)
        return 1
    if session is None:
        return 1
    session.window.show()
    try:
        return int(app.exec())
    finally:
        session.database.close()
