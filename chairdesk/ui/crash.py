"""An unexpected error in the desktop app: typed text saved, a plain dialog, a line in the log.

Installed as `sys.excepthook` (PySide6 passes an exception raised in a slot or event handler
there) and `threading.excepthook`. For each unexpected error it:

1. saves what is being typed: every autosaving field with an edit still waiting for its
   debounce saves now, so no typed word is lost (a field whose save fails keeps its text on
   screen and says "Not saved", as always);
2. writes the kind of error and where in ChairDesk's code it happened to the app's rotating
   log (chairdesk/logs.py), never the error's message, which can quote case text;
3. shows a plain, non-blocking dialog: what was saved, and what to do.

A ChairDeskError that reaches here is a message meant for the chair, so the dialog shows it;
any other error's message is never shown or logged.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from chairdesk import logs
from chairdesk.errors import ChairDeskError

log = logging.getLogger("chairdesk.app")

TITLE = "ChairDesk met a problem"


def save_pending_typing() -> int:
    """Save every autosaving field that has typing not yet saved; how many there were."""
    from chairdesk.ui.widgets.autosave import AutosaveTextEdit

    app = QApplication.instance()
    if app is None:
        return 0
    saved = 0
    for widget in QApplication.allWidgets():
        if isinstance(widget, AutosaveTextEdit) and widget.has_pending_edit():
            try:
                widget.settle()
                saved += 1
            except Exception as error:  # the field keeps its text; the log says what failed
                log.error("typed text not saved after an error: %s", logs.describe_failure(error))
    return saved


def message_for(error: BaseException, saved_now: int) -> tuple[str, str]:
    """The dialog's text and its detail: what happened, what was saved, what to do."""
    if isinstance(error, ChairDeskError):
        what = f"ChairDesk could not finish that: {error}"
    else:
        what = f"ChairDesk met a problem it did not expect ({type(error).__name__})."
    kept = "Everything marked “Saved” is kept in the database."
    if saved_now:
        kept += " What you were typing has been saved too."
    text = f"{what}\n\n{kept}"
    detail = (
        "What to do: check that the last thing you did is there, and carry on. If this happens "
        "again, close ChairDesk and open it again, then ask your IT team to run "
        "“chairdesk report” and look at the log, which holds no names or case details:\n"
        f"{logs.log_file(logs.APP_LOG)}"
    )
    return text, detail


class _Bridge(QObject):
    """Carries an error from another thread to the GUI thread."""

    failed = Signal(object)


class CrashHandler:
    """Installed once per application; `dialogs` keeps the dialogs shown (tests read them)."""

    def __init__(self) -> None:
        self.dialogs: list[QMessageBox] = []
        self._handling = False
        self._previous: Callable[..., Any] = sys.excepthook
        self._previous_thread: Callable[..., Any] = threading.excepthook
        self._bridge = _Bridge()
        self._bridge.failed.connect(self.handle, Qt.ConnectionType.QueuedConnection)

    def install(self) -> CrashHandler:
        logs.configure(logs.APP_LOG)
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        sys.excepthook = self._previous
        threading.excepthook = self._previous_thread

    def _hook(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous(kind, error, trace)
            return
        if error.__traceback__ is None:
            error = error.with_traceback(trace)
        self.handle(error)

    def _thread_hook(self, arguments: Any) -> None:
        error = arguments.exc_value
        if error is None:
            return
        if threading.current_thread() is threading.main_thread():
            self.handle(error)
        else:
            self._bridge.failed.emit(error)

    def handle(self, error: BaseException) -> None:
        """Save typing, log without case data, and tell the chair (once at a time)."""
        log.error("unexpected %s", logs.describe_failure(error))
        if self._handling:
            return  # an error while handling one: logged, not shown twice
        self._handling = True
        try:
            saved_now = save_pending_typing()
            if QApplication.instance() is not None:
                self._show(*message_for(error, saved_now))
        except Exception as inner:  # never let the handler itself end the app
            log.error("the error dialog failed: %s", logs.describe_failure(inner))
        finally:
            self._handling = False

    def fatal(self, error: BaseException) -> None:
        """An error before the window exists (while starting): logged, then a blocking dialog,
        since the app is about to end and a dialog left to the event loop would never show."""
        log.error("unexpected while starting: %s", logs.describe_failure(error))
        try:
            text, detail = message_for(error, 0)
            dialog = QMessageBox(QMessageBox.Icon.Critical, TITLE, text)
            dialog.setInformativeText(detail)
            dialog.exec()
        except Exception as inner:
            log.error("the error dialog failed: %s", logs.describe_failure(inner))

    def _show(self, text: str, detail: str) -> None:
        dialog = QMessageBox(QMessageBox.Icon.Warning, TITLE, text)
        dialog.setInformativeText(detail)
        dialog.setStandardButtons(QMessageBox.StandardButton.Ok)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.finished.connect(lambda _result, d=dialog: self._forget(d))
        self.dialogs.append(dialog)
        # Shown from the event loop: the error may have come in the middle of painting.
        QTimer.singleShot(0, dialog.open)

    def _forget(self, dialog: QMessageBox) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
