"""The shape shared by dialogs that ask the chair to record a reason before going on."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from chairdesk.ui.widgets.form_dialog import ok_and_cancel


class ReasonDialog(QDialog):
    """An explanation, a reason (typed or picked from common ones), and OK only once given."""

    def __init__(
        self,
        title: str,
        explanation: str,
        prompt: str,
        accept_text: str,
        suggestions: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.explanation = QLabel(explanation, self)
        self.explanation.setWordWrap(True)
        self.explanation.setAccessibleName(self.tr("Explanation"))
        prompt_label = QLabel(prompt, self)
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItems(["", *suggestions])
        self.reason.setCurrentIndex(0)
        self.reason.setAccessibleName(prompt)
        prompt_label.setBuddy(self.reason)
        self.buttons, self.ok_button = ok_and_cancel(self, accept_text)
        self.reason.currentTextChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(prompt_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._update()
        self.reason.setFocus()

    def reason_text(self) -> str:
        return self.reason.currentText().strip()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reason_text()))

    def run(self) -> str | None:
        if self.exec() == QDialog.DialogCode.Accepted and self.reason_text():
            return self.reason_text()
        return None
