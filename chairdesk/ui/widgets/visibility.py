"""The badge on every entry and analysis row saying whether parents see it; a click changes it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from chairdesk.domain import Visibility
from chairdesk.ui.widgets.share_choice import cannot_share

if TYPE_CHECKING:
    from chairdesk.services.base import ServiceContext

VISIBILITY_SHORTCUT = "Ctrl+Shift+V"  # as on every entry (entry_editor.py)

_COLOURS = {
    Visibility.SHARED: ("#1b5e20", "#e8f5e9"),
    Visibility.PROFESSIONALS: ("#7a4a00", "#fff3e0"),
    Visibility.WITHHELD: ("#8e1b1b", "#fdecea"),
}


class VisibilityBadge(QToolButton):
    """Shows "Parents see this", "Professionals only" or "Withheld from …".

    A click toggles between shared and professionals-only; the arrow offers withholding from a
    named parent or carer. The widget only asks: `visibility_requested` carries the wish.
    """

    visibility_requested = Signal(object, tuple)  # Visibility, withheld person ids

    def __init__(
        self, people: Sequence[tuple[int, str]] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._people = dict(people)
        self._visibility = Visibility.SHARED
        self._withheld: tuple[int, ...] = ()
        self._pasted = False
        self.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.setAutoRaise(False)
        self.clicked.connect(self.toggle)
        self._share_refusal = ""
        menu = QMenu(self)
        shared = QAction(self.tr("Parents see this"), menu)
        self._shared_action = shared
        shared.triggered.connect(lambda: self.visibility_requested.emit(Visibility.SHARED, ()))
        professionals = QAction(self.tr("Professionals only"), menu)
        professionals.triggered.connect(
            lambda: self.visibility_requested.emit(Visibility.PROFESSIONALS, ())
        )
        menu.addAction(shared)
        menu.addAction(professionals)
        for person_id, name in self._people.items():
            withhold = QAction(self.tr("Withhold from %1").replace("%1", name), menu)
            withhold.triggered.connect(
                lambda _=False, pid=person_id: self.visibility_requested.emit(
                    Visibility.WITHHELD, (pid,)
                )
            )
            menu.addAction(withhold)
        self.setMenu(menu)
        self.show_visibility(Visibility.SHARED)

    def refuse_sharing(self, reason: str) -> None:
        """For someone who may not share (a minute-taker): "Parents see this" is off, with why.

        Keeping an entry from parents stays possible; a click on a restricted entry still asks,
        so the page can say plainly why nothing changed.
        """
        self._share_refusal = reason
        self._shared_action.setEnabled(not reason)
        self._shared_action.setText(
            self.tr("Parents see this (%1)").replace("%1", reason)
            if reason
            else self.tr("Parents see this")
        )
        self.show_visibility(self._visibility, self._withheld, pasted=self._pasted)

    @property
    def visibility(self) -> Visibility:
        return self._visibility

    def toggle(self) -> None:
        wanted = (
            Visibility.PROFESSIONALS if self._visibility == Visibility.SHARED else Visibility.SHARED
        )
        self.visibility_requested.emit(wanted, ())

    def show_visibility(
        self, visibility: Visibility, withheld_from: Sequence[int] = (), *, pasted: bool = False
    ) -> None:
        self._visibility = visibility
        self._withheld = tuple(withheld_from)
        self._pasted = pasted
        self.setText(self.label())
        foreground, background = _COLOURS[visibility]
        self.setStyleSheet(
            f"QToolButton {{ color: {foreground}; background: {background}; "
            f"border: 1px solid {foreground}; border-radius: 4px; padding: 2px 20px 2px 6px; }}"
        )
        self.setAccessibleName(self.tr("Who sees this: %1").replace("%1", self.label()))
        tip = self.tr("Click or press Ctrl+Shift+V to change whether parents see this entry")
        if self._share_refusal:
            tip += "\n" + self.tr("You can keep it from parents; %1.").replace(
                "%1", self._share_refusal
            )
        self.setToolTip(tip)

    def label(self) -> str:
        if self._visibility == Visibility.WITHHELD:
            names = ", ".join(self._people.get(pid, "?") for pid in self._withheld)
            text = self.tr("Withheld from %1").replace("%1", names)
        elif self._visibility == Visibility.PROFESSIONALS:
            text = self.tr("Professionals only")
        else:
            text = self.tr("Parents see this")
        if self._pasted:
            text = self.tr("Pasted: %1").replace("%1", text)
        return text


class RowVisibilityBadge(VisibilityBadge):
    """The entry badge on one row of the analysis, named for that row for a screen reader.

    Used by the danger statements and the scaling. "Parents see this" is off, with the reason,
    for someone who may not show parents anything (a minute-taker), as on every entry.
    """

    _row_name = ""
    _what = ""

    def __init__(
        self,
        row_name: str,
        what: str,
        context: ServiceContext | None,
        people: Sequence[tuple[int, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(people, parent)
        self._row_name = row_name
        self._what = what
        self.setAccessibleDescription(what)
        refusal = cannot_share(context)
        if refusal:
            self.refuse_sharing(refusal)
        self.show_visibility(self.visibility)

    def show_visibility(
        self, visibility: Visibility, withheld_from: Sequence[int] = (), *, pasted: bool = False
    ) -> None:
        super().show_visibility(visibility, withheld_from, pasted=pasted)
        if not self._row_name:
            return  # still being built
        self.setAccessibleName(
            self.tr("%1: %2").replace("%1", self._row_name).replace("%2", self.label())
        )
        tip = self.tr("Click or press Ctrl+Shift+V to change whether parents see this %1").replace(
            "%1", self._what
        )
        refusal = self._share_refusal
        if refusal:
            tip += "\n" + self.tr("You can keep it from parents; %1.").replace("%1", refusal)
        self.setToolTip(tip)
