"""The shape our small dialogs share: a titled form above OK (named for what it does) and Cancel."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QPushButton, QWidget

_W = TypeVar("_W", bound=QWidget)


def ok_and_cancel(dialog: QDialog, accept_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """OK (saying what it does) and Cancel, wired to accept and reject; the box and OK."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok_button.setText(accept_text)
    ok_button.setAccessibleName(accept_text)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setAccessibleName(dialog.tr("Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok_button


class FormDialog(QDialog):
    """A titled form with an OK button that stays off until the form is complete."""

    def __init__(self, title: str, accept_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.form = QFormLayout(self)
        self.buttons, self.ok_button = ok_and_cancel(self, accept_text)

    def add(self, label: str, widget: _W) -> _W:
        widget.setAccessibleName(label.replace("&", ""))
        self.form.addRow(label, widget)
        return widget
