"""An unexpected error inside a page: a plain dialog, a log without case text, no typing lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from chairdesk import logs
from chairdesk.domain import AgendaKind
from chairdesk.ui.crash import TITLE, CrashHandler
from chairdesk.ui.widgets.autosave import AutosaveField
from tests.ui.run_support import OFFSCREEN_LIMITS

TYPED = "Dana says the new flat has a garden and Poppy has her own room"
SECRET = "Poppy Testwood disclosed something at school"


@pytest.fixture
def handler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    installed = CrashHandler().install()
    yield installed
    installed.uninstall()
    for dialog in list(installed.dialogs):
        dialog.close()


def _raise_in(page: Any) -> None:
    def failing() -> None:
        raise ValueError(SECRET)  # a message that quotes case text, as real ones can

    QTimer.singleShot(0, page, failing)


@OFFSCREEN_LIMITS
@pytest.mark.qt_no_exception_capture
def test_crash_inside_a_page_shows_a_plain_dialog_logs_no_case_text_and_keeps_typing(
    qtbot: Any, window: Any, family: Any, services: Any, handler: Any
) -> None:
    parents = next(
        i for i in services.agenda.items(family.conference_id) if i.kind == AgendaKind.PARENTS_VIEWS
    )
    services.agenda.start_item(parents.id)
    window.open_conference(family.conference_id)
    page = window.stack.currentWidget()
    assert window.current_page() == "run"
    field = next(f for f in page.findChildren(AutosaveField) if f.isVisible())
    field.setFocus()
    qtbot.keyClicks(field, TYPED)
    assert field.has_pending_edit()  # typing has not settled: nothing saved yet

    _raise_in(page)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in handler.dialogs), timeout=5000)

    dialog: QMessageBox = handler.dialogs[0]
    assert dialog.windowTitle() == TITLE
    assert "ValueError" in dialog.text() and SECRET not in dialog.text()
    assert "“Saved” is kept" in dialog.text() and "What you were typing has been saved" in (
        dialog.text()
    )
    assert "chairdesk report" in dialog.informativeText()
    dialog.grab().save(str(Path(logs.log_file(logs.APP_LOG)).parent / "crash-dialog.png"))
    # The typed words were saved by the handler, not lost with the error.
    saved = [e.text for e in services.entries.entries_for_item(parents.id)]
    assert TYPED in saved
    # The log names the kind of error and where, never its message or any name.
    log_text = logs.log_file(logs.APP_LOG).read_text(encoding="utf-8")
    assert "ValueError at " in log_text and "test_crash_dialog.py" in log_text
    assert "Poppy" not in log_text and "Testwood" not in log_text and "Dana" not in log_text
    # The window is still there and usable once the dialog is closed.
    dialog.accept()
    assert window.isVisible() and QApplication.activeModalWidget() is None


@pytest.mark.qt_no_exception_capture
def test_crash_handler_survives_an_error_while_showing_and_logs_each(
    qtbot: Any, handler: Any
) -> None:
    for _ in range(2):
        try:
            raise KeyError(SECRET)
        except KeyError as error:
            handler.handle(error)
    qtbot.waitUntil(lambda: len(handler.dialogs) == 2, timeout=5000)

    log_text = logs.log_file(logs.APP_LOG).read_text(encoding="utf-8")
    assert log_text.count("unexpected KeyError at ") == 2 and "Poppy" not in log_text
