"""Text fields that save themselves: a debounce after typing stops, and at once on leaving."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMimeData, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QTextEdit, QWidget

from chairdesk.errors import ChairDeskError

DEBOUNCE_MS = 600
RETRY_MS = 3000

SAVING = "Saving…"
SAVED = "Saved"


def not_saved(reason: str) -> str:
    return f"Not saved: {reason}"


#: How a page makes a service call for one of its parts (the run page's _perform): it shows
#: "Saving…", then "Saved" or why not, and returns the call's result (True for a call that
#: returns nothing), or None when the call was refused.
Perform = Callable[[Callable[[], object]], Any]


class AutosaveTextEdit(QTextEdit):
    """Plain text that reports when typing settles, and tells pasted text from typed text.

    Paste and drop both arrive through insertFromMimeData, so both count as pasted (DESIGN.md §4:
    pasted text starts professionals-only).
    """

    text_settled = Signal(str)
    pasted = Signal()

    def __init__(self, parent: QWidget | None = None, *, min_lines: int = 2) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self._min_lines = min_lines
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.settle)
        self._quiet = False
        self.textChanged.connect(self._on_changed)
        self.document().contentsChanged.connect(self._fit_height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit_height()

    def set_text_quietly(self, text: str) -> None:
        """Show text loaded from the database without treating it as an edit."""
        self._quiet = True
        try:
            self.setPlainText(text)
        finally:
            self._quiet = False

    def has_pending_edit(self) -> bool:
        return self._debounce.isActive()

    def settle(self) -> None:
        self._debounce.stop()
        self.text_settled.emit(self.toPlainText())

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        # Only the words: formatting from another system's minutes is never kept.
        if source.hasText():
            self.insertPlainText(source.text())
        self.pasted.emit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self._debounce.isActive():
            self.settle()

    def _on_changed(self) -> None:
        if not self._quiet:
            self._debounce.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            # The text wraps afresh at the new width; the height follows once this resize is
            # done (changed inside it, Qt would keep the old scroll range).
            QTimer.singleShot(0, self, self._fit_height)  # not once the field is gone

    def _fit_height(self) -> None:
        metrics = QFontMetrics(self.font())
        lines = max(
            self._min_lines,
            min(12, int(self.document().size().height() / max(1, metrics.lineSpacing())) + 1),
        )
        margins = self.contentsMargins()
        self.setFixedHeight(lines * metrics.lineSpacing() + margins.top() + margins.bottom() + 8)


class AutosaveField(AutosaveTextEdit):
    """An AutosaveTextEdit bound to a save call; says "Saved" only once the call returned.

    `saver` performs one committed service call with the text. A failure keeps the text on
    screen, reports "Not saved: ..." and tries again shortly.
    """

    save_state_changed = Signal(str)
    saved = Signal()

    def __init__(
        self,
        saver: Callable[[str], object],
        text: str = "",
        parent: QWidget | None = None,
        *,
        min_lines: int = 2,
    ) -> None:
        super().__init__(parent, min_lines=min_lines)
        self._saver = saver
        self._saved_text = text
        self.set_text_quietly(text)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.flush)
        self.text_settled.connect(self._save)

    def is_dirty(self) -> bool:
        return self.toPlainText() != self._saved_text

    def flush(self) -> None:
        """Save now if anything is unsaved (leaving a field, changing item, closing)."""
        self._debounce.stop()
        if self.is_dirty():
            self._save(self.toPlainText())

    def mark_saved(self, text: str) -> None:
        self._saved_text = text

    def _save(self, text: str) -> None:
        if text == self._saved_text:
            return
        self.save_state_changed.emit(SAVING)
        try:
            self._saver(text)
        except ChairDeskError as error:
            self.save_state_changed.emit(not_saved(str(error)))
            self._retry.start()
            return
        except Exception as error:  # a disk or driver fault must still be seen, never lost
            self.save_state_changed.emit(not_saved(str(error) or type(error).__name__))
            self._retry.start()
            return
        self._saved_text = text
        self.save_state_changed.emit(SAVED)
        self.saved.emit()
