"""The start flow: the first run sets the passphrase twice; later runs ask once and explain."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from chairdesk import app
from chairdesk.domain import UserRole
from chairdesk.storage import open_database
from chairdesk.ui.passphrase_dialog import PassphraseDialog, strength_hint
from tests.conftest import PASSPHRASE


def _when_dialog_shows(steps: list[Callable[[PassphraseDialog], None]]) -> list[str]:
    """Run each step on the start dialog once it is on screen; returns the messages it showed."""
    messages: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PassphraseDialog):
            QTimer.singleShot(20, poll)
            return
        step = steps.pop(0)
        step(dialog)
        messages.append(dialog.message.text() if dialog.message.isVisibleTo(dialog) else "")
        if steps:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return messages


def _type(passphrase: str, repeat: str | None = None) -> Callable[[PassphraseDialog], None]:
    def step(dialog: PassphraseDialog) -> None:
        dialog.passphrase.setText(passphrase)
        if repeat is not None:
            dialog.repeat.setText(repeat)
        dialog.open_button.click()

    return step


def test_start_first_run_asks_twice_and_creates_the_database(qtbot: Any, tmp_path: Path) -> None:
    location = tmp_path / "new.db"
    offered: list[bool] = []

    def mismatched(dialog: PassphraseDialog) -> None:
        offered.append(dialog.load_demo.isVisibleTo(dialog))
        dialog.passphrase.setText("purple giraffe lamp 42")
        dialog.repeat.setText("purple giraffe lamp 43")
        assert not dialog.open_button.isEnabled()
        assert "not the same" in dialog.strength.text()
        dialog.repeat.setText("purple giraffe lamp 42")
        assert not dialog.open_button.isEnabled()  # the account needs a name
        dialog.name.setText("Alex Morgan")
        assert dialog.open_button.isEnabled()
        dialog.load_demo.setChecked(True)
        dialog.open_button.click()

    _when_dialog_shows([mismatched])
    session = app.start(str(location))
    assert session is not None
    qtbot.addWidget(session.window)
    try:
        assert location.exists()
        # The demo is offered exactly when the demo loader exists, and then it is loaded.
        assert offered == [app.demo_loader() is not None]
        if offered[0]:
            assert session.services.conferences.list_conferences()
        assert session.window.windowTitle() == "ChairDesk"
        assert session.window.current_page() == "home"
        # The first account is the chair's, and it is who is acting.
        assert (session.services.context.user, session.services.context.role) == (
            "Alex Morgan",
            UserRole.CHAIR,
        )
    finally:
        session.close()
    # From now on the name and passphrase open it, and the name is offered.
    assert app.known_account(str(location)) == "Alex Morgan"


def test_start_wrong_passphrase_says_so_then_the_right_one_opens(
    qtbot: Any, tmp_path: Path
) -> None:
    location = tmp_path / "existing.db"
    open_database(str(location), PASSPHRASE, create=True).close()
    before = location.read_bytes()
    repeats_shown: list[bool] = []

    def wrong(dialog: PassphraseDialog) -> None:
        repeats_shown.append(dialog.repeat.isVisibleTo(dialog))
        _type("not the passphrase")(dialog)

    messages = _when_dialog_shows([wrong, _type(PASSPHRASE)])
    session = app.start(str(location))
    assert session is not None
    qtbot.addWidget(session.window)
    session.close()
    assert repeats_shown == [False]  # later runs ask once
    assert "not right" in messages[0]
    assert before[:100] == location.read_bytes()[:100]


def test_start_damaged_database_is_explained_and_the_backup_offered(
    qtbot: Any, tmp_path: Path
) -> None:
    from chairdesk.storage.backup import backup_now

    location = tmp_path / "damaged.db"
    database = open_database(str(location), PASSPHRASE, create=True)
    backup_now(database)
    database.close()
    location.write_bytes(b"\0" * location.stat().st_size)
    seen: list[tuple[str, bool]] = []

    def damaged(dialog: PassphraseDialog) -> None:
        _type(PASSPHRASE)(dialog)
        seen.append((dialog.message.text(), dialog.restore_button.isVisibleTo(dialog)))
        dialog.restore_button.click()
        seen.append((dialog.message.text(), dialog.restore_button.isVisibleTo(dialog)))
        _type(PASSPHRASE)(dialog)

    _when_dialog_shows([damaged])
    session = app.start(str(location))
    assert session is not None
    qtbot.addWidget(session.window)
    session.close()
    assert "damaged" in seen[0][0] and seen[0][1]
    assert "back in place" in seen[1][0] and not seen[1][1]


def test_start_quitting_the_dialog_opens_nothing(qtbot: Any, tmp_path: Path) -> None:
    _when_dialog_shows([lambda dialog: dialog.reject()])
    assert app.start(str(tmp_path / "never.db")) is None
    assert not (tmp_path / "never.db").exists()


def test_strength_hint_refuses_short_passphrases() -> None:
    assert strength_hint("short")[0] is False
    assert strength_hint("aaaaaaaaaaaaaaa")[0] is False
    assert strength_hint("three calm otters by the river") == (True, "Strong.")


def test_app_database_location_prefers_the_option_then_the_environment(
    monkeypatch: Any, tmp_path: Path
) -> None:
    monkeypatch.setenv("CHAIRDESK_DB", str(tmp_path / "env.db"))
    assert app.database_location(app.parse_arguments(["--db", "x.db"]).db) == "x.db"
    assert app.database_location(app.parse_arguments([]).db) == str(tmp_path / "env.db")


def test_main_window_opens_the_feedback_summary_by_shortcut(qtbot, tmp_path):
    """Ctrl+Shift+F shows parents' feedback across conferences, with no names in it."""
    from chairdesk.services.base import ServiceContext
    from chairdesk.storage import open_database
    from chairdesk.ui.main_window import MainWindow
    from chairdesk.ui.services import UiServices
    from tests.conftest import PASSPHRASE

    database = open_database(str(tmp_path / "fb.db"), PASSPHRASE, create=True)
    try:
        window = MainWindow(UiServices.create(ServiceContext(database)))
        qtbot.addWidget(window)
        window.show()
        window.show_feedback()
        assert window.feedback_window.isVisible()
        assert window.feedback_window.windowTitle() == "Parents' feedback"
        window.feedback_window.close()
    finally:
        database.close()


def _in_a_fresh_process(template: str, location: str) -> dict[str, Any]:
    """Run a start-up script over the database at `location` in its own Python process; what
    it printed last, as JSON."""
    root = str(Path(__file__).resolve().parents[2])
    script = template.format(root=root, db=location, passphrase=PASSPHRASE)
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", CHAIRDESK_KDF_PROFILE="test")
    finished = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    seen: dict[str, Any] = json.loads(finished.stdout.strip().splitlines()[-1])
    return seen


def demo_file(folder: Path) -> str:
    """A database file in `folder` holding the demo family; its location."""
    from chairdesk.services.base import ServiceContext
    from chairdesk.services.demo import load_demo

    location = str(folder / "demo.db")
    database = open_database(location, PASSPHRASE, create=True)
    try:
        load_demo(ServiceContext(database))
    finally:
        database.close()
    return location


_FRESH_START = """
import gc, json, sys, threading, time
sys.path.insert(0, {root!r})
orm_imported_on = []
class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "sqlalchemy":
            orm_imported_on.append(threading.current_thread() is threading.main_thread())
        return None
sys.meta_path.insert(0, Watch())
from chairdesk.app import build_window, make_application
from chairdesk.storage import open_database
app = make_application(["chairdesk"])
paused = not gc.isenabled()
database = open_database({db!r}, {passphrase!r})
services, window = build_window(database, text_scaler=app.text_scaler)
window.show()
app.processEvents()
heavy = ("sqlalchemy", "alembic", "reportlab", "docx", "textstat", "hypothesis", "holidays")
first = {{
    "paused": paused,
    "collecting": gc.isenabled(),
    "due": window.home.due_model.rowCount(),
    "heavy": sorted({{m.split(".")[0] for m in list(sys.modules) if m.split(".")[0] in heavy}}),
    "title": window.windowTitle(),
}}
deadline = time.monotonic() + 60
while not (gc.isenabled() and window.started) and time.monotonic() < deadline:
    app.processEvents()
with database.reading() as read:
    unlocks = read("SELECT count(*) FROM audit_event WHERE action = 'unlock'", {{}})[0][0]
print(json.dumps({{
    "first": first,
    "collecting": gc.isenabled(),
    "frozen": gc.get_freeze_count() > 0,
    "unlocks": unlocks,
    "watching": window.session_watch is not None,
    "style": app.style().name(),
    "heavy": sorted({{m.split(".")[0] for m in list(sys.modules) if m.split(".")[0] in heavy}}),
    "orm_on_window_thread": orm_imported_on,
}}))
window.close(); database.close()
"""


def test_app_fresh_start_paints_home_before_loading_the_orm_then_audits_the_unlock(
    tmp_path: Path,
) -> None:
    """A chair's start-up, in its own process. Home first lists what is due with nothing loaded
    that it does not need (no ORM, no documents, no migrations); once it has been painted the
    rest follows by itself: the unlock is audited, the ORM is imported on a worker thread (never
    on the window's), the session-lock watcher starts and the garbage collector is back on.
    The style is Fusion, as on every platform."""
    seen = _in_a_fresh_process(_FRESH_START, demo_file(tmp_path))
    first = seen["first"]
    assert first["due"] > 0
    assert first["heavy"] == []
    assert first["title"] == "ChairDesk"
    assert first["paused"] and not first["collecting"]
    assert seen["unlocks"] == 1
    assert seen["watching"]
    assert seen["style"] == "fusion"  # the same look on every platform
    assert seen["collecting"] and seen["frozen"]
    # The ORM, and the Run page's glossary library (chairdesk/warm_up.py); still no documents.
    assert seen["heavy"] == ["sqlalchemy", "textstat"]
    # The ORM was imported once, on the warm-up thread: the window's thread never waited for it.
    assert seen["orm_on_window_thread"] == [False]


def test_app_first_screen_modules_all_exist() -> None:
    """The modules imported before Qt are real ones (a renamed module would be skipped)."""
    missing = [m for m in app.FIRST_SCREEN_MODULES if importlib.util.find_spec(m) is None]
    assert missing == []


def test_app_warm_up_modules_all_exist() -> None:
    """The modules warmed while the passphrase is typed are real ones (a renamed one would stop
    the warm-up quietly)."""
    from chairdesk.warm_up import STORAGE_STACK

    assert [m for m in STORAGE_STACK if importlib.util.find_spec(m) is None] == []


def test_app_warm_up_imports_no_qt() -> None:
    """The warm-up imports on a worker while the GUI thread builds widgets: a PySide6 class
    first used on two threads at once can crash PySide, so no module it imports may bring in
    any of PySide6 (checked in a fresh interpreter, where nothing has been imported yet)."""
    import subprocess
    import sys

    from chairdesk.warm_up import STORAGE_STACK

    script = (
        "import importlib, sys\n"
        f"for name in {list(STORAGE_STACK)!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


_START_THROUGH_THE_DIALOG = """
import json, sys, time
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from chairdesk import app as chairdesk_app
from chairdesk.ui.passphrase_dialog import PassphraseDialog
qt = chairdesk_app.make_application(["chairdesk"])
seen = {{}}
deadline = time.monotonic() + 60
def type_when_shown():
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, PassphraseDialog) or (
        "chairdesk.models" not in sys.modules and time.monotonic() < deadline
    ):
        QTimer.singleShot(20, type_when_shown)
        return
    # The chair has been typing: the ORM arrived meanwhile, though nothing here asked for it.
    seen["orm_before_open"] = "chairdesk.models" in sys.modules
    seen["dialog_open"] = dialog.isVisible()
    dialog.passphrase.setText({passphrase!r})
    dialog.open_button.click()
QTimer.singleShot(0, type_when_shown)
session = chairdesk_app.start({db!r}, text_scaler=qt.text_scaler)
session.window.show()
while not session.window.started and time.monotonic() < deadline:
    qt.processEvents()
with session.database.reading() as read:
    seen["unlocks"] = read("SELECT count(*) FROM audit_event WHERE action = 'unlock'", {{}})[0][0]
seen["started"] = session.window.started
print(json.dumps(seen))
session.close()
"""


def test_start_imports_the_orm_while_the_passphrase_is_typed(tmp_path: Path) -> None:
    """In a fresh process, the ORM is imported while the start dialog waits for the passphrase
    (on a worker thread), and opening and the rest of start-up work as before."""
    location = str(tmp_path / "typed.db")
    open_database(location, PASSPHRASE, create=True).close()
    seen = _in_a_fresh_process(_START_THROUGH_THE_DIALOG, location)
    assert seen == {"orm_before_open": True, "dialog_open": True, "unlocks": 1, "started": True}


def test_start_with_accounts_each_person_gives_their_name_and_the_lock_checks_it(
    qtbot: Any, tmp_path: Path
) -> None:
    from chairdesk.services.accounts import AccountService
    from chairdesk.services.base import ServiceContext

    location = tmp_path / "shared.db"
    database = open_database(str(location), PASSPHRASE, create=True)
    AccountService(ServiceContext(database)).create_account(
        "Alex Morgan", UserRole.CHAIR, "purple giraffe lamp 42"
    )
    chair = ServiceContext(database, user="Alex Morgan", role=UserRole.CHAIR)
    AccountService(chair).create_account("Sam Reid", "minute_taker", "quiet harbour bell 17")
    database.close()
    assert app.known_account(str(location)) == ""  # two accounts: nobody's name is offered

    def as_sam(dialog: PassphraseDialog) -> None:
        dialog.name.setText("Sam Reid")
        _type("purple giraffe lamp 42")(dialog)  # the chair's passphrase is not Sam's

    messages = _when_dialog_shows([as_sam, _type("quiet harbour bell 17")])
    session = app.start(str(location))
    assert session is not None
    qtbot.addWidget(session.window)
    try:
        assert "name or passphrase is not right" in messages[0]
        assert session.services.context.role == UserRole.MINUTE_TAKER
        window = session.window
        window.lock()
        window.lock_page.passphrase.setText("purple giraffe lamp 42")
        window.lock_page.unlock_button.click()
        assert window.locked and "not right" in window.lock_page.message.text()
        window.lock_page.passphrase.setText("quiet harbour bell 17")
        window.lock_page.unlock_button.click()
        assert not window.locked
    finally:
        session.close()
