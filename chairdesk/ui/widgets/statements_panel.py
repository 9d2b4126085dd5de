"""A child's own statements on the child's views item: a scanned drawing, a letter, a photo of
a "three houses" sheet, attached under the child's name, shared with parents only by choice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import CHILD_STATEMENT_LIMIT as STATEMENT_LIMIT
from chairdesk.domain import Visibility
from chairdesk.views import ChildStatementView, PersonView

if TYPE_CHECKING:
    from chairdesk.ui.services import UiServices
    from chairdesk.ui.widgets.autosave import Perform

ChooseFile = Callable[[QWidget, str], Path | None]


def ask_for_file(parent: QWidget, title: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(
        parent, title, "", parent.tr("Pictures, PDF or text (*.png *.jpg *.jpeg *.pdf *.txt)")
    )
    return Path(chosen) if chosen else None


def _describe(statement: ChildStatementView) -> str:
    kind = "picture" if statement.is_image else statement.file_name.rsplit(".", 1)[-1].upper()
    who = "parents may see it" if statement.visibility == Visibility.SHARED else "professionals"
    return (
        f"{statement.child_name}: {statement.file_name} "
        f"({kind}, {max(1, statement.size // 1024)} KB; {who})"
    )


class StatementsPanel(QGroupBox):
    """Attach, share or remove the children's own statements; each change saves at once."""

    changed = Signal()

    def __init__(
        self,
        services: UiServices,
        conference_id: int,
        children: tuple[PersonView, ...],
        perform: Perform,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("The children's own statements"), parent)
        self.setAccessibleName(self.tr("The children's own statements"))
        self.services = services
        self.conference_id = conference_id
        self._perform = perform
        # Replaced in tests: the open-file dialog.
        self.choose_file: ChooseFile = ask_for_file
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("A drawing, a letter or a photo in the child's own hand."), self)
        note.setToolTip(
            self.tr(
                "Kept in the encrypted database and shown in the professionals' record; a "
                "parent's copy has it only when you tick that parents may see it."
            )
        )
        layout.addWidget(note)
        self.attach_buttons: dict[int, QPushButton] = {}
        # One button a line: several children's names side by side would not fit a laptop.
        row = QVBoxLayout()
        for child in children:
            button = QPushButton(self.tr("Attach %1's statement…").replace("%1", child.name))
            button.setAccessibleName(button.text().rstrip("…"))
            button.clicked.connect(lambda _=False, child=child: self.attach(child))
            row.addWidget(button)
            self.attach_buttons[child.id] = button
        layout.addLayout(row)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Statements attached"))
        layout.addWidget(self.list)
        actions = QHBoxLayout()
        self.shared = QCheckBox(self.tr("Parents may see it"), self)
        self.shared.setAccessibleName(self.tr("Parents may see the selected statement"))
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setAccessibleName(self.tr("Remove the selected statement"))
        actions.addWidget(self.shared)
        actions.addStretch(1)
        actions.addWidget(self.remove_button)
        layout.addLayout(actions)
        self.shared.clicked.connect(self._share)
        self.remove_button.clicked.connect(self._remove)
        self.list.currentRowChanged.connect(self._selected)
        self.refresh()

    def refresh(self) -> None:
        self.statements = tuple(self.services.conduct.statements(self.conference_id))
        self.list.clear()
        for statement in self.statements:
            item = QListWidgetItem(_describe(statement))
            item.setData(Qt.ItemDataRole.UserRole, statement.id)
            self.list.addItem(item)
        self.list.setVisible(bool(self.statements))
        rows = max(1, min(len(self.statements), 4))
        self.list.setFixedHeight(
            rows * self.list.sizeHintForRow(0) + 2 * self.list.frameWidth() + 4
        )
        self._selected(self.list.currentRow())

    def _current(self) -> ChildStatementView | None:
        row = self.list.currentRow()
        return self.statements[row] if 0 <= row < len(self.statements) else None

    def _selected(self, _row: int) -> None:
        current = self._current()
        self.shared.setEnabled(current is not None)
        self.remove_button.setEnabled(current is not None)
        self.shared.setChecked(current is not None and current.visibility == Visibility.SHARED)

    def attach(self, child: PersonView) -> None:
        path = self.choose_file(self, self.tr("%1's own statement").replace("%1", child.name))
        if path is None:
            return
        try:
            size = path.stat().st_size
        except OSError:
            self._perform(lambda: _refuse(f"{path.name} cannot be read"))
            return
        if size > STATEMENT_LIMIT:
            limit = STATEMENT_LIMIT // (1024 * 1024)
            self._perform(lambda: _refuse(f"{path.name} is larger than {limit} MB"))
            return
        content = path.read_bytes()
        done = self._perform(
            lambda: self.services.conduct.attach_statement(
                self.conference_id, child.id, path.name, content
            )
        )
        if done:
            self.refresh()
            self.list.setCurrentRow(self.list.count() - 1)
            self.changed.emit()

    def _share(self, on: bool) -> None:
        current = self._current()
        if current is None:
            return
        row = self.list.currentRow()
        if self._perform(lambda: self.services.conduct.share_statement(current.id, on)):
            self.refresh()
            self.list.setCurrentRow(row)
            self.changed.emit()

    def _remove(self) -> None:
        current = self._current()
        if current is None:
            return
        if self._perform(lambda: self.services.conduct.remove_statement(current.id)):
            self.refresh()
            self.changed.emit()


def _refuse(message: str) -> None:
    from chairdesk.errors import ValidationError

    raise ValidationError(message)
