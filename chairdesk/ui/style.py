"""The look: a palette following the system's light, dark or high-contrast scheme; text size."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

MIN_POINT_SIZE = 8
MAX_POINT_SIZE = 28
DEFAULT_POINT_SIZE = 11

# Calm colours with at least 4.5:1 contrast for body text in both schemes (WCAG AA).
_LIGHT = {
    QPalette.ColorRole.Window: "#f4f5f7",
    QPalette.ColorRole.WindowText: "#1b1f24",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#eef1f5",
    QPalette.ColorRole.Text: "#1b1f24",
    QPalette.ColorRole.Button: "#e7eaef",
    QPalette.ColorRole.ButtonText: "#1b1f24",
    QPalette.ColorRole.Highlight: "#1d5fa8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#ffffff",
    QPalette.ColorRole.ToolTipText: "#1b1f24",
    QPalette.ColorRole.PlaceholderText: "#5b636e",
    QPalette.ColorRole.Link: "#1d5fa8",
}
_DARK = {
    QPalette.ColorRole.Window: "#1f2328",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#15181c",
    QPalette.ColorRole.AlternateBase: "#242a31",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.Button: "#2b3138",
    QPalette.ColorRole.ButtonText: "#e8eaed",
    QPalette.ColorRole.Highlight: "#5b9bd5",
    QPalette.ColorRole.HighlightedText: "#0b0d10",
    QPalette.ColorRole.ToolTipBase: "#2b3138",
    QPalette.ColorRole.ToolTipText: "#e8eaed",
    QPalette.ColorRole.PlaceholderText: "#a3abb5",
    QPalette.ColorRole.Link: "#8cbcf0",
}

# Colours for states a chair must notice; the words always say the same thing too.
WARNING_COLOUR = {"light": "#8a4b00", "dark": "#ffb454"}
GOOD_COLOUR = {"light": "#1e6b35", "dark": "#7bd88f"}


def scheme() -> str:
    """ "high-contrast", "dark" or "light", as the operating system says."""
    hints = QGuiApplication.styleHints()
    if _system_high_contrast():
        return "high-contrast"
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        return "dark"
    return "light"


def _system_high_contrast() -> bool:
    # Qt 6 has no portable high-contrast flag; Windows' high contrast themes pick pure black or
    # white windows, which the platform palette reports before we replace it.
    palette = QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    extremes = {window.name(), text.name()} == {"#000000", "#ffffff"}
    return extremes and QGuiApplication.platformName() == "windows"


def apply_palette(app: QApplication) -> str:
    """Set our palette for the system's scheme (high contrast keeps the system's own)."""
    current = scheme()
    if current == "high-contrast":
        return current
    colours = _DARK if current == "dark" else _LIGHT
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    muted = QColor(colours[QPalette.ColorRole.PlaceholderText])
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, muted)
    app.setPalette(palette)
    return current


def tone(kind: str) -> str:
    """A colour for "warning" or "good" text in the current scheme."""
    table = WARNING_COLOUR if kind == "warning" else GOOD_COLOUR
    return table["dark" if scheme() == "dark" else "light"]


class TextScaler(QObject):
    """The application's text size, changed with Ctrl+Plus and Ctrl+Minus."""

    size_changed = Signal(int)

    def __init__(self, app: QApplication, point_size: int = DEFAULT_POINT_SIZE) -> None:
        super().__init__(app)
        self._app = app
        self._size = point_size
        self._apply()

    @property
    def point_size(self) -> int:
        return self._size

    def larger(self) -> None:
        self.set_point_size(self._size + 1)

    def smaller(self) -> None:
        self.set_point_size(self._size - 1)

    def reset(self) -> None:
        self.set_point_size(DEFAULT_POINT_SIZE)

    def set_point_size(self, size: int) -> None:
        size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))
        if size == self._size:
            return
        self._size = size
        self._apply()
        self.size_changed.emit(size)

    def _apply(self) -> None:
        font = QFont(self._app.font())
        font.setPointSize(self._size)
        # Qt passes the application font to every widget that has not set its own.
        self._app.setFont(font)
        # A widget with a style sheet (a colour, a padding) keeps the font it was polished
        # with: setting its sheet again makes it take the new size too.
        for widget in self._app.allWidgets():
            sheet = widget.styleSheet()
            if sheet:
                widget.setStyleSheet(sheet)
        # Once the widgets have their new fonts, every layout is worked out again: a form
        # layout keeps a wrapped label's height for the old text size otherwise, and the label
        # is cut (the quoracy line on Prepare, after Ctrl+Plus).
        QTimer.singleShot(0, self._lay_out_again)

    def _lay_out_again(self) -> None:
        for widget in self._app.allWidgets():
            layout = widget.layout()
            if layout is not None:
                layout.invalidate()
