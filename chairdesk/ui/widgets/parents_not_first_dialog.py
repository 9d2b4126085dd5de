"""Explains the parents-first rule and records why an agency speaks before the parents."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from chairdesk.ui.widgets.reason_dialog import ReasonDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("ParentsNotFirstDialog", text)


class ParentsNotFirstDialog(ReasonDialog):
    @classmethod
    def ask(cls, parent: QWidget | None, refusal: str = "") -> str | None:
        """The chair's reason for letting agencies speak first, or None to go back.

        `refusal` is the service's own one-line message; it is shown beneath the explanation.
        """
        explanation = _tr(
            "Parents speak first. Agencies give their views once the parents have had their "
            "say, or once you record why not (for example the parents are not present, or "
            "asked to speak later). The reason goes into the record."
        )
        if refusal:
            explanation += "\n\n" + refusal
        dialog = cls(
            _tr("Parents have not spoken yet"),
            explanation,
            _tr("Why are agencies speaking before the parents?"),
            _tr("Record reason and continue"),
            (
                _tr("The parents are not present"),
                _tr("The parents asked to speak later"),
                _tr("The parents are excluded from this part of the conference"),
            ),
            parent,
        )
        return dialog.run()
