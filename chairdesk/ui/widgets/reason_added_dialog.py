"""Asks why a new action is added at a review, so the goalposts never move unexplained."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from chairdesk.ui.widgets.reason_dialog import ReasonDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReasonAddedDialog", text)


class ReasonAddedDialog(ReasonDialog):
    @classmethod
    def ask(cls, parent: QWidget | None) -> str | None:
        """Why the action is new at this review, or None when the chair cancels."""
        dialog = cls(
            _tr("A new action at a review"),
            _tr(
                "Parents asked that new actions come with a reason, so the plan never seems to "
                "move the goalposts. The reason is shown with the action in the plan."
            ),
            _tr("Why is this action added now?"),
            _tr("Add action"),
            (_tr("A new worry came up since the last conference"),),
            parent,
        )
        return dialog.run()
