"""One action of the plan at a time, as a chair thinks of it: what, who, by when, why, how we
will know, the support offered, and what happens if it is not done.

Each part saves itself as it is typed (through ActionService.update_action). "Who" is chosen
from the people and agencies at the conference (or typed), so it prints as family or
professional correctly; "By when" is typed the British way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from chairdesk.errors import ChairDeskError
from chairdesk.ui.style import tone
from chairdesk.ui.widgets.actions_model import gaps
from chairdesk.ui.widgets.autosave import SAVED, SAVING, AutosaveField, not_saved
from chairdesk.ui.widgets.date_field import DateField
from chairdesk.views import ActionView, WhoChoice

# (field, label with its mnemonic, what the box says when empty)
TEXT_PARTS = (
    ("why", "W&hy (which worry)", "Which worry this action answers"),
    ("how_we_will_know", "How we will &know", "What everyone will see when it is done"),
    ("support", "&Support offered", "Who helps, and how"),
    ("if_not_done", "If it is &not done", "What happens next if it does not happen"),
)


class ActionForm(QGroupBox):
    """The selected action's parts, each saved as it changes; `action_saved` with the result."""

    action_saved = Signal(object)  # the ActionView the service returned
    save_state_changed = Signal(str)
    problem = Signal(str)

    def __init__(self, update: Callable[..., ActionView], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("The action"), parent)
        self.setAccessibleName(self.tr("The selected action"))
        self._update = update
        self.action: ActionView | None = None
        self.gaps = QLabel(self)
        self.gaps.setWordWrap(True)
        self.gaps.setAccessibleName(self.tr("Still to fill in"))
        self.what = self._text("what", self.tr("What needs to happen, in the family's words"))
        self.what.setAccessibleName(self.tr("What needs to happen"))
        self.who = QComboBox(self)
        self.who.setEditable(True)
        self.who.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.who.setAccessibleName(self.tr("Who"))
        typed = self.who.lineEdit()  # there is one: the box is editable
        if typed is not None:
            typed.setPlaceholderText(self.tr("Choose or type who does it"))
            typed.editingFinished.connect(self._who_changed)
        self.who.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.who.setMinimumContentsLength(12)
        self.who.activated.connect(lambda _index: self._who_changed())
        self.by_when = DateField(name=self.tr("By when"), parent=self)
        self.by_when.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F4 opens it
        self.by_when.date_changed.connect(self._date_changed)
        self.parts: dict[str, AutosaveField] = {"what": self.what}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("&What needs to happen"), self.what)
        form.addRow(self.tr("Wh&o"), self.who)
        form.addRow(self.tr("&By when"), self.by_when)
        for field, label, hint in TEXT_PARTS:
            box = self._text(field, hint)
            box.setAccessibleName(label.replace("&", ""))
            self.parts[field] = box
            form.addRow(self.tr(label), box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.gaps)
        layout.addLayout(form)
        layout.addStretch(1)
        self.show_action(None)

    def _text(self, field: str, hint: str) -> AutosaveField:
        # A text box keeps its text and tries again if the save fails (AutosaveField).
        box = AutosaveField(partial(self._save, field, retry=True), parent=self)
        box.setPlaceholderText(self.tr(hint))
        box.save_state_changed.connect(self.save_state_changed)
        return box

    # Showing ----------------------------------------------------------------------------

    def set_choices(self, choices: Sequence[WhoChoice], opens_at: date) -> None:
        """The people and agencies at this conference, and the day an empty date opens at."""
        self.who.blockSignals(True)
        self.who.clear()
        for choice in choices:
            kind = self.tr("family") if choice.owner.value == "family" else self.tr("professional")
            self.who.addItem(f"{choice.label}", choice.label)
            self.who.setItemData(
                self.who.count() - 1, f"{choice.label}: {kind}", Qt.ItemDataRole.ToolTipRole
            )
        completer = QCompleter([c.label for c in choices], self.who)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.who.setCompleter(completer)
        self.who.blockSignals(False)
        self.by_when.set_opens_at(opens_at)
        self._show_who()

    def show_action(self, action: ActionView | None) -> None:
        """Show this action's parts (saving what was typed in the one shown before)."""
        self.flush()
        self.action = action
        enabled = action is not None
        for widget in (self.what, self.who, self.by_when, *self.parts.values()):
            widget.setEnabled(enabled)
        if action is None:
            self.setTitle(self.tr("The action"))
            self.gaps.setText(self.tr("Choose an action in the list, or add one (Ctrl+N)."))
            for box in self.parts.values():
                box.set_text_quietly("")
                box.mark_saved("")
            self.by_when.set_date(None)
            self.who.setEditText("")
            return
        self.setTitle(self.tr("Action {0}").format(action.position))
        for field, box in self.parts.items():
            text = str(getattr(action, field))
            if box.toPlainText() != text:
                box.set_text_quietly(text)
            box.mark_saved(text)
        self.by_when.set_date(action.by_when)
        self._show_who()
        self._show_gaps(action)

    def _show_who(self) -> None:
        self.who.blockSignals(True)
        self.who.setCurrentIndex(-1)
        self.who.setEditText(self.action.who if self.action is not None else "")
        self.who.blockSignals(False)

    def _show_gaps(self, action: ActionView) -> None:
        words = gaps(action)
        colour = tone("good") if words == "Complete" else tone("warning")
        self.gaps.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.gaps.setText(self.tr(words))

    def flush(self) -> None:
        """Save what is typed but not yet saved (changing action, page or closing)."""
        for box in self.parts.values():
            box.flush()
        if self.action is not None and self.who.currentText().strip() != self.action.who:
            self._who_changed()

    # Saving -----------------------------------------------------------------------------

    def _who_changed(self) -> None:
        if self.action is not None and self.who.currentText().strip() != self.action.who:
            self._save("who", self.who.currentText().strip())

    def _date_changed(self, chosen: Any) -> None:
        if self.action is not None and chosen != self.action.by_when:
            self._save("by_when", chosen)

    def _save(self, field: str, value: Any, *, retry: bool = False) -> None:
        if self.action is None:
            return
        self.save_state_changed.emit(SAVING)
        try:
            updated = self._update(self.action.id, **{field: value})
        except ChairDeskError as error:
            self.save_state_changed.emit(not_saved(str(error)))
            self.problem.emit(str(error))
            if retry:
                raise
            return
        self.action = updated
        self._show_gaps(updated)
        self.save_state_changed.emit(SAVED)
        self.action_saved.emit(updated)
