"""A box for a sentence or two (a danger statement, a safety goal, a reason) that wraps its words.

Unlike a one-line field it never scrolls sideways, and unlike a growing box it keeps its height
(three lines), so nothing below it moves under the pointer. Enter does what it did in the
one-line field (`returnPressed`); Shift+Enter starts a new line; Tab moves on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget

LINES = 3


class LongTextBox(QPlainTextEdit):
    returnPressed = Signal()

    def __init__(self, parent: QWidget | None = None, *, lines: int = LINES) -> None:
        super().__init__(parent)
        self._lines = lines
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit()

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.returnPressed.emit()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: object) -> None:
        super().changeEvent(event)  # type: ignore[arg-type]
        self._fit()  # the text size changed: three lines of the new size

    def _fit(self) -> None:
        metrics = QFontMetrics(self.font())
        margins = self.contentsMargins()
        frame = 2 * self.frameWidth() + margins.top() + margins.bottom()
        self.setFixedHeight(self._lines * metrics.lineSpacing() + frame + 8)
