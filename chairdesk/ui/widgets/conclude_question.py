"""Asks before the meeting is concluded: it cannot be un-concluded from the Run page."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from chairdesk.domain import AgendaStatus
from chairdesk.views import AgendaItemView


def confirm_conclude(parent: QWidget, agenda: Sequence[AgendaItemView]) -> bool:
    """True when the chair says yes; No is the default, so Enter alone never concludes."""
    lines = [
        parent.tr(
            "The meeting ends now: the time is recorded as its end, and its record and plan "
            "move on to be issued."
        )
    ]
    untouched = [i for i in agenda if i.status == AgendaStatus.PENDING]
    if untouched:
        lines.append(
            parent.tr("{0} agenda items were not reached: {1}.").format(
                len(untouched), ", ".join(i.title for i in untouched)
            )
        )
    box = QMessageBox(
        QMessageBox.Icon.Question,
        parent.tr("Conclude the conference?"),
        "\n\n".join(lines),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    yes = box.addButton(parent.tr("Conclude the conference"), QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(parent.tr("Keep the meeting going"), QMessageBox.ButtonRole.RejectRole)
    yes.setAccessibleName(yes.text())
    no.setAccessibleName(no.text())
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.setAccessibleName(box.windowTitle())
    box.exec()
    return box.clickedButton() is yes
