"""The check a chair reads before a parent's copy leaves: every item in it, withholdable there."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chairdesk.ui.style import WARNING_COLOUR, scheme
from chairdesk.ui.widgets.document_view import show_in_colour
from chairdesk.views import ParentCopyItem

# A danger statement and its safety goal are withheld together (one row in the analysis).
_TOGETHER = frozenset({"danger statement", "safety goal"})

# A pale amber behind pasted or imported text; the words "pasted" or "imported" say it too.
_PASTED_BACKGROUND = {"light": "#fff1cc", "dark": "#4a3a12"}


# Keeps one item from this recipient through its service; returns what was done, in words.
Withhold = Callable[[ParentCopyItem], str]


def _same_record(first: ParentCopyItem, second: ParentCopyItem) -> bool:
    kinds = {first.kind, second.kind}
    together = len(kinds) == 1 or kinds <= _TOGETHER
    return together and first.record_id == second.record_id


class IssueChecklistDialog(QDialog):
    """Lists every item of a parent's copy, each withholdable from here; saving needs a tick."""

    def __init__(
        self,
        recipient: str,
        document_label: str,
        items: tuple[ParentCopyItem, ...],
        withheld_count: int = 0,
        parent: QWidget | None = None,
        *,
        withhold: Withhold | None = None,
        action: str = "",
    ) -> None:
        super().__init__(parent)
        self.items = list(items)
        self.withhold_item = withhold
        self.withheld_here: list[ParentCopyItem] = []
        self.recipient = recipient
        self.setWindowTitle(self.tr("Check {0}'s copy before it is saved").format(recipient))
        self.setAccessibleName(self.tr("Check this copy before it is saved"))
        self.resize(860, 560)
        pasted = sum(1 for item in items if item.pasted_or_imported)

        self.intro = QLabel(self._intro_text(recipient, document_label, len(items), pasted))
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.intro.setAccessibleName(self.tr("What to check"))
        if withheld_count == 1:
            left_out = self.tr(
                "1 thing recorded at the conference is left out of this copy because {0} may "
                "not see it."
            ).format(recipient)
        elif withheld_count:
            left_out = self.tr(
                "{0} things recorded at the conference are left out of this copy because "
                "{1} may not see them."
            ).format(withheld_count, recipient)
        else:
            left_out = self.tr("Nothing recorded at the conference is left out of this copy.")
        self.left_out = QLabel(left_out)
        self.left_out.setWordWrap(True)
        self.left_out.setAccessibleName(self.tr("What is left out"))

        self.table = QTableWidget(len(items), 4 if withhold else 3, self)
        self.table.setAccessibleName(self.tr("Everything in this copy"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Where it came from"),
                self.tr("What it is"),
                self.tr("What it says"),
                self.tr("Keep it out"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, 130)
        if withhold:
            header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.withhold_message = QLabel(self)
        self.withhold_message.setWordWrap(True)
        self.withhold_message.setAccessibleName(self.tr("What was withheld"))
        self.withhold_message.hide()
        # Rows grow to their wrapped text whenever the columns change width.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self._fill(items)
        if not items:
            self.table.hide()

        self.confirm = QCheckBox(
            self.tr("I have checked this copy and it is right for {0} to receive it").format(
                recipient
            )
        )
        self.confirm.setAccessibleName(self.tr("I have checked this copy"))
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(action or self.tr("Save this copy"))
        self.save_button.setAccessibleName(action or self.tr("Save this copy"))
        self.save_button.setEnabled(False)
        cancel = self.tr("Cancel: do not issue") if action else self.tr("Cancel: do not save")
        self.cancel_button = QPushButton(cancel)
        self.cancel_button.setAccessibleName(cancel)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.confirm.toggled.connect(self.save_button.setEnabled)
        # Enter must never save a copy nobody has read: no default button.
        self.save_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.withhold_message)
        layout.addWidget(self.left_out)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)
        QWidget.setTabOrder(self.table, self.confirm)
        QWidget.setTabOrder(self.confirm, self.save_button)
        QWidget.setTabOrder(self.save_button, self.cancel_button)
        (self.table if items else self.confirm).setFocus()

    def _intro_text(self, recipient: str, document_label: str, count: int, pasted: int) -> str:
        if count == 0:
            return self.tr(
                "<p>This is the {0} for <b>{1}</b>. Nothing in it came from a professionals' "
                "source. Read the preview once more before you save it.</p>"
            ).format(document_label.lower(), recipient)
        text = self.tr(
            "<p>This is the {0} for <b>{1}</b>. It holds these {2} items. Read each one: is it "
            "right for {1} to see it? Is anything about another family, another person's "
            "address or a police investigation? Keep out anything {1} may not see.</p>"
        ).format(document_label.lower(), recipient, count)
        if pasted == 1:
            text += self.tr(
                "<p><b>1 of them was pasted or imported from somewhere else.</b> It is listed "
                "first and highlighted: check it most carefully.</p>"
            )
        elif pasted:
            text += self.tr(
                "<p><b>{0} of them were pasted or imported from somewhere else.</b> They are "
                "listed first and highlighted: check them most carefully.</p>"
            ).format(pasted)
        return text

    def _fill(self, items: tuple[ParentCopyItem, ...]) -> None:
        look = scheme()
        bold = QFont()
        bold.setBold(True)
        for row, item in enumerate(items):
            cells = (item.source, self._kind_name(item.kind), item.excerpt)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if item.pasted_or_imported:
                    cell.setFont(bold)
                    if look in _PASTED_BACKGROUND:  # high contrast keeps the system's colours
                        cell.setBackground(QBrush(QColor(_PASTED_BACKGROUND[look])))
                        cell.setForeground(QBrush(QColor(WARNING_COLOUR[look])))
                self.table.setItem(row, column, cell)
            if self.withhold_item is not None:
                self.table.setCellWidget(row, 3, self._withhold_button(item))

    def _withhold_button(self, item: ParentCopyItem) -> QWidget:
        if not item.withhold:
            fixed = {
                "decision": self.tr("Always in a parent's copy"),
                "dissent": self.tr("Always in a parent's copy"),
                "recommendation": self.tr("Always with its decision"),
                "progress note": self.tr("Withhold its action"),
                "attendance note": self.tr("Change it on Prepare"),
            }
            label = QLabel(fixed.get(item.kind, self.tr("Withhold people on Prepare")))
            label.setEnabled(False)
            return label
        text = (
            self.tr("Keep for professionals")
            if item.withhold == "professionals"
            else self.tr("Withhold from {0}").format(self.recipient.split(" (")[0])
        )
        button = QPushButton(text)
        button.setAccessibleName(
            self.tr("{0}: {1}").format(text, self._kind_name(item.kind).lower())
        )
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False, chosen=item: self._withhold(chosen))
        return button

    def _withhold(self, item: ParentCopyItem) -> None:
        """Keeps the item out through its service; the row goes and the message says so."""
        from chairdesk.errors import ChairDeskError

        assert self.withhold_item is not None
        try:
            done = self.withhold_item(item)
        except ChairDeskError as error:
            show_in_colour(
                self.withhold_message, self.tr("Not withheld: {0}").format(error), WARNING_COLOUR
            )
            self.withhold_message.show()
            return
        same = [i for i in self.items if _same_record(i, item)]
        for gone in same:
            row = self.items.index(gone)
            self.items.pop(row)
            self.table.removeRow(row)
            self.withheld_here.append(gone)
        show_in_colour(self.withhold_message, done, None)
        self.withhold_message.show()

    def _kind_name(self, kind: str) -> str:
        names = {
            "entry": self.tr("Something said"),
            "report": self.tr("Report"),
            "danger statement": self.tr("Danger statement"),
            "safety goal": self.tr("Safety goal"),
            "score": self.tr("Score and its reason"),
            "decision": self.tr("Decision"),
            "dissent": self.tr("Disagreement"),
            "action": self.tr("Action"),
            "person": self.tr("Person named"),
            "child's statement": self.tr("Child's own statement"),
            "recommendation": self.tr("Agency's recommendation"),
            "progress note": self.tr("Progress on an action"),
            "attendance note": self.tr("Attendance note"),
        }
        return names.get(kind, kind.capitalize())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def pasted_rows(self) -> list[int]:
        """The rows shown highlighted as pasted or imported text."""
        return [
            row
            for row in range(self.table.rowCount())
            if (item := self.table.item(row, 0)) is not None and item.font().bold()
        ]

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        recipient: str,
        document_label: str,
        items: tuple[ParentCopyItem, ...],
        withheld_count: int = 0,
        *,
        withhold: Withhold | None = None,
        action: str = "",
    ) -> bool:
        """True only when the chair ticked that the copy is checked and chose to save it."""
        dialog = cls(
            recipient,
            document_label,
            items,
            withheld_count,
            parent,
            withhold=withhold,
            action=action,
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        confirmed = accepted and dialog.confirm.isChecked()
        dialog.deleteLater()
        return confirmed
