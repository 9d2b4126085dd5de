"""Asks why an agenda item is being skipped; the reason goes into the record."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from chairdesk.ui.widgets.reason_dialog import ReasonDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("SkipItemDialog", text)


class SkipItemDialog(ReasonDialog):
    @classmethod
    def ask(cls, parent: QWidget | None, item_title: str) -> str | None:
        """The reason for skipping `item_title`, or None when the chair changes their mind."""
        dialog = cls(
            _tr("Skip an agenda item"),
            _tr("The record will show that “%1” was skipped, and why.").replace("%1", item_title),
            _tr("Why is this item skipped?"),
            _tr("Skip item"),
            (
                _tr("Not relevant to this conference"),
                _tr("Covered under another item"),
                _tr("The agency sent apologies and no report"),
            ),
            parent,
        )
        return dialog.run()
