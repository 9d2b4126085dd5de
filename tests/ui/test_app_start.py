"""The start flow: the first run sets the passphrase twice; later runs ask once and explain."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from chairdesk import app
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
    finally:
        session.close()


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
