"""The Issue page's long steps on a worker thread, while the window keeps answering.

Checking a copy, building its preview and writing its Word and PDF files each build the
audience's whole view and document (0.1 s to several seconds for a long plan). `wait_for` runs
one such step on a worker thread and turns the event loop until it is done, so the window paints
and its timers run; the chair's clicks and keys are held back meanwhile (nothing else can start
half-way through an issue), and the window refuses to close. Writing the files shows a modal
progress line at once; a shorter step shows it only if it takes longer than SHOW_AFTER_MS.

The step must not touch widgets; the services it calls each open their own session.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from chairdesk.ui.widgets.background import lower_priority
from chairdesk.ui.widgets.document_view import HtmlFeeder

T = TypeVar("T")

SHOW_AFTER_MS = 400
CLOSE_REFUSED = (
    "ChairDesk is writing the issued files. It can close once they are written, in a moment."
)
_HELD_BACK = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.Wheel,
    QEvent.Type.Shortcut,
    QEvent.Type.ShortcutOverride,
}


class _Finished(QObject):
    done = Signal()


class _Guard(QObject):
    """Holds back input and refuses to close the window while a step runs.

    It listens at each top-level window (a QWindow), where the system's keys, clicks and wheel
    arrive before Qt hands them to a widget, and where a key's shortcut is first offered (as a
    ShortcutOverride, which the guard takes, so Ctrl+2 cannot change the page half-way). Not at
    the whole application: that would run Python, and wait for the worker's turn of the
    interpreter, for every event of every widget while the step runs (ui/window_input.py says
    the same of the idle lock). Windows that open meanwhile (the progress line) are watched as
    the focus reaches them; the window's own Close is heard on the window itself.
    """

    def __init__(self, window: QWidget, writing: bool) -> None:
        super().__init__()
        self.window = window
        self.writing = writing
        self.refused: QMessageBox | None = None
        self.watched: list[QObject] = []

    def start(self, app: QGuiApplication) -> None:
        self._watch(self.window)
        self._watch_windows()
        app.focusWindowChanged.connect(self._watch_windows)

    def stop(self, app: QGuiApplication) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            app.focusWindowChanged.disconnect(self._watch_windows)
        for watched in self.watched:
            with contextlib.suppress(RuntimeError):  # a window closed meanwhile
                watched.removeEventFilter(self)
        self.watched.clear()

    def _watch(self, target: QObject) -> None:
        if not any(target is seen for seen in self.watched):
            target.installEventFilter(self)
            self.watched.append(target)

    def _watch_windows(self, *_focus: object) -> None:
        for window in QGuiApplication.topLevelWindows():
            self._watch(window)

    def _refused_gone(self, *_args: object) -> None:
        self.refused = None

    def _for_refused(self, watched: QObject) -> bool:
        refused = self.refused
        if refused is None:
            return False
        handle = refused.windowHandle()
        return (handle is not None and watched is handle) or _inside(watched, refused)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Close and watched is self.window:
            event.ignore()
            if self.writing and self.refused is None:
                self.refused = QMessageBox(
                    QMessageBox.Icon.Information, "ChairDesk", CLOSE_REFUSED, parent=self.window
                )
                self.refused.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                # Dismissed, it is deleted: forget it, so no held event asks a deleted box.
                self.refused.destroyed.connect(self._refused_gone)
                self.refused.open()
            return True
        if kind not in _HELD_BACK or self._for_refused(watched):
            return False  # the message about closing can be read and dismissed
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # taken here, so no shortcut fires; the key itself is then held
        return True


def _inside(watched: QObject, widget: QWidget) -> bool:
    return isinstance(watched, QWidget) and (watched is widget or widget.isAncestorOf(watched))


@contextlib.contextmanager
def held(parent: QWidget, text: str, *, writing: bool = False) -> Iterator[None]:
    """While the block runs: input held back, the window not closing, a progress line."""
    window = parent.window()
    guard = _Guard(window, writing)
    app = QCoreApplication.instance()
    assert isinstance(app, QApplication)
    guard.start(app)
    progress = QProgressDialog(text, "", 0, 0, window)
    progress.setWindowTitle("ChairDesk")
    progress.setCancelButton(None)  # no way to stop half-way
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.setAccessibleName(text)
    progress.hide()
    shown = QTimer()
    shown.setSingleShot(True)
    shown.timeout.connect(progress.show)
    shown.start(0 if writing else SHOW_AFTER_MS)
    try:
        yield
    finally:
        shown.stop()
        progress.close()
        progress.deleteLater()
        guard.stop(app)
        if guard.refused is not None:
            guard.refused.close()


def wait_for(parent: QWidget, work: Callable[[], T], text: str, *, writing: bool = False) -> T:
    """`work()` run on a worker thread; its result, or its error raised here."""
    outcome: dict[str, Any] = {}
    finished = _Finished()
    loop = QEventLoop()
    finished.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        lower_priority()
        try:
            outcome["result"] = work()
        except BaseException as error:  # raised again on the GUI thread
            outcome["error"] = error
        with contextlib.suppress(RuntimeError):
            finished.done.emit()

    with held(parent, text, writing=writing):
        threading.Thread(target=run, name="issue-writing", daemon=True).start()
        loop.exec()  # the queued quit arrives even if the work finished first
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["result"]
    return result


def feed_and_wait(parent: QWidget, feeder: HtmlFeeder, pieces: list[str], text: str) -> None:
    """The preview given its HTML a few blocks per turn of the event loop, until it is all in."""
    loop = QEventLoop()
    feeder.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    try:
        with held(parent, text):
            feeder.feed(pieces)
            loop.exec()
    finally:
        feeder.finished.disconnect(loop.quit)


__all__ = ["CLOSE_REFUSED", "feed_and_wait", "held", "wait_for"]
