"""The main window's control of the parents' screen: built when first needed, shown on the
projector or second monitor (asking first when it would cover the chair's own window), blanked
with F8, and its state in the chair's status bar. A part of MainWindow (ui/main_window.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QMainWindow

from chairdesk.ui.style import TextScaler
from chairdesk.ui.window_fit import other_screen

if TYPE_CHECKING:
    from chairdesk.ui.services import UiServices

    _Window = QMainWindow
else:  # at run time a plain part: MainWindow brings QMainWindow itself
    _Window = object


class ParentScreenControls(_Window):
    """What MainWindow does with the parents' screen (it sets the attributes below)."""

    services: UiServices
    text_scaler: TextScaler
    locked: bool
    parent_screen_may_cover: bool
    family_screen_state: QLabel
    _parent_screen: Any

    @property
    def parent_screen(self) -> Any:
        """The second window for the parents (ui/parent_screen.py), built when first needed."""
        if self._parent_screen is None:
            from chairdesk.ui.parent_screen import ParentScreen

            self._parent_screen = ParentScreen(self.services)
            self._parent_screen.set_scale(self.text_scaler.point_size)
            self.text_scaler.size_changed.connect(self._parent_screen.set_scale)
            self._parent_screen.showing_changed.connect(self._show_family_screen_state)
            if self.locked:
                self._parent_screen.blank()
        return self._parent_screen

    def toggle_parent_screen(self) -> None:
        if self.parent_screen.isVisible():
            self.parent_screen.hide()
            self._show_family_screen_state("off")
        elif not self.locked:
            elsewhere = other_screen(self)
            if elsewhere is None and not self._may_cover_this_window():
                return
            if elsewhere is not None:  # on the projector or second monitor, filling it
                self.parent_screen.setGeometry(elsewhere.availableGeometry())
            self.parent_screen.show()

    def _may_cover_this_window(self) -> bool:
        """With one screen, the parents' screen would cover this one: ask first (once)."""
        if not self.parent_screen_may_cover:
            from PySide6.QtWidgets import QMessageBox

            answer = QMessageBox.question(
                self,
                self.tr("Show the parents' screen here?"),
                self.tr(
                    "Only one screen is connected, so the parents' screen will cover this window. "
                    "Show it anyway? (Ctrl+Shift+P hides it again. Connect a projector or second "
                    "monitor to see both.)"
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            self.parent_screen_may_cover = answer == QMessageBox.StandardButton.Yes
        return self.parent_screen_may_cover

    def toggle_parent_screen_paused(self) -> None:
        """F8: blank the parents' screen at once, or show it again."""
        self.parent_screen.set_paused(not self.parent_screen.paused)

    def _show_family_screen_state(self, summary: str) -> None:
        words = {
            "off": self.tr("off"),
            "locked": self.tr("blank (locked)"),
            "paused": self.tr("PAUSED: nothing shown (F8 to show again)"),
            "waiting": self.tr("waiting for the conference to start"),
            "finished": self.tr("the conference has finished"),
            "nothing": self.tr("nothing"),
        }
        self.family_screen_state.setText(
            self.tr("Parents' screen: {0}").format(words.get(summary, summary))
        )
