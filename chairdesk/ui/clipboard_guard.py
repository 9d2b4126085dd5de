"""Clears text copied from ChairDesk off the clipboard after a set time, if it is still there."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QClipboard, QGuiApplication

log = logging.getLogger(__name__)


class ClipboardGuard(QObject):
    """Watches the clipboard and clears ChairDesk's own copied text once its time is up.

    Only text that ChairDesk put there is ever cleared: when the clipboard holds anything else
    by the time the timer fires (someone copied from another program since), it is left alone.
    The copied text is held in memory only, never logged.
    """

    def __init__(
        self,
        clipboard: QClipboard,
        seconds: int,
        parent: QObject | None = None,
        is_ours: Callable[[], bool] | None = None,
    ) -> None:
        """Starts watching at once.

        Args:
            clipboard: the application's clipboard (`QGuiApplication.clipboard()`).
            seconds: how long copied text may stay; 0 or less keeps it until `clear_now()`.
            parent: the owning object, usually the main window.
            is_ours: says whether the change just seen came from ChairDesk; by default, when
                ChairDesk owns the clipboard or is the active application.
        """
        super().__init__(parent)
        self._clipboard = clipboard
        self._is_ours = is_ours if is_ours is not None else self._default_is_ours
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._time_up)
        self._seconds = 0
        self.set_seconds(seconds)
        clipboard.dataChanged.connect(self._clipboard_changed)

    def seconds(self) -> int:
        """How long copied text may stay on the clipboard; 0 means until `clear_now()`."""
        return self._seconds

    def set_seconds(self, seconds: int) -> None:
        """Changes the time copied text may stay; a running countdown starts again with it."""
        self._seconds = max(0, int(seconds))
        self._timer.setInterval(self._seconds * 1000)
        if self._seconds == 0:
            self._timer.stop()
        elif self._ours is not None:
            self._timer.start()

    def holds_our_text(self) -> bool:
        """True while the clipboard still holds the text ChairDesk last put there."""
        return self._ours is not None and self._clipboard.text() == self._ours

    def clear_now(self) -> bool:
        """Clears the clipboard at once if it still holds our text (for locking and closing).

        Returns:
            True if something was cleared.
        """
        self._timer.stop()
        cleared = self.holds_our_text()
        if cleared:
            # Forget first: clearing raises dataChanged, which must not count as a new copy.
            self._ours = None
            self._clipboard.clear(QClipboard.Mode.Clipboard)
            log.info("Cleared copied text from the clipboard")
        self._ours = None
        return cleared

    @staticmethod
    def _default_is_ours() -> bool:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None and clipboard.ownsClipboard():
            return True
        return QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive

    @Slot()
    def _clipboard_changed(self) -> None:
        if not self._is_ours():
            # Someone else's copy: theirs to keep, and ours is no longer there to clear.
            self._ours = None
            self._timer.stop()
            return
        text = self._clipboard.text()
        if not text:
            self._ours = None
            self._timer.stop()
            return
        self._ours = text
        if self._seconds > 0:
            self._timer.start()

    @Slot()
    def _time_up(self) -> None:
        self.clear_now()
