"""The Issue page's questions before a copy is issued: its gaps, then how it goes and why a
version changed. Each dialog is plain and keyboard-driven; the services decide what is allowed."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chairdesk.services.issue_gate import PAGE_NAMES, Gap
from chairdesk.services.issued import METHODS, NextIssue
from chairdesk.services.recipients import RecipientChoice
from chairdesk.ui.widgets.form_dialog import ok_and_cancel
from chairdesk.views import Audience


@dataclass(frozen=True)
class GateAnswer:
    issue: bool  # issue anyway, with `reason`
    reason: str = ""
    go_to: str | None = None  # the page the chair chose to fix a gap on


@dataclass(frozen=True)
class HowAnswer:
    method: str
    formats: tuple[str, ...]
    amendment_reason: str = ""


class IssueGateDialog(QDialog):
    """Every gap a parent would read, where to fix each, or a reason to issue anyway."""

    def __init__(self, recipient: str, gaps: tuple[Gap, ...], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.go_to: str | None = None
        title = self.tr("Gaps in {0}'s copy").format(recipient)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(860, 520)
        count = self.tr("1 gap") if len(gaps) == 1 else self.tr("{0} gaps").format(len(gaps))
        intro = QLabel(
            self.tr(
                "{0} would read {1} in this copy. Fix them first (Go to… opens the page), "
                "or issue it anyway and say why: the reason goes into the professionals' record "
                "and the audit trail."
            ).format(recipient, count),
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(gaps), 3, self)
        self.table.setAccessibleName(self.tr("Gaps a parent would read"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("What the copy says"), self.tr("Where to fix it"), self.tr("Fix it")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row, gap in enumerate(gaps):
            for column, text in enumerate((gap.text, gap.where)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
            page = PAGE_NAMES.get(gap.page, gap.page)
            button = QPushButton(self.tr("Go to {0}").format(page), self)
            button.setAccessibleName(self.tr("Go to {0} to fix: {1}").format(page, gap.text))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, key=gap.page: self._go(key))
            self.table.setCellWidget(row, 2, button)
        self.table.resizeRowsToContents()
        reason_label = QLabel(self.tr("&Issue anyway because:"), self)
        self.reason = QPlainTextEdit(self)
        self.reason.setAccessibleName(self.tr("Why it is issued with these gaps"))
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        reason_label.setBuddy(self.reason)
        self.buttons, self.issue_button = ok_and_cancel(self, self.tr("Issue anyway"))
        self.issue_button.setEnabled(False)
        self.issue_button.setAutoDefault(False)
        self.reason.textChanged.connect(
            lambda: self.issue_button.setEnabled(bool(self.reason.toPlainText().strip()))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # rows fit their wrapped text at the shown width

    def _go(self, page: str) -> None:
        self.go_to = page
        self.reject()

    @classmethod
    def ask(cls, parent: QWidget | None, recipient: str, gaps: tuple[Gap, ...]) -> GateAnswer:
        dialog = cls(recipient, gaps, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        reason = " ".join(dialog.reason.toPlainText().split())
        answer = GateAnswer(accepted and bool(reason), reason if accepted else "", dialog.go_to)
        dialog.deleteLater()
        return answer


class IssueHowDialog(QDialog):
    """How the copy goes (printed, handed over, sent), its formats, and an amendment's reason."""

    def __init__(
        self,
        recipient: str,
        document_label: str,
        step: NextIssue | None,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        title = self.tr("Issue the {0} for {1}").format(document_label.lower(), recipient)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.step = step or NextIssue(1, None, changed=False)  # None: several copies at once
        step = self.step
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("How does this copy reach them?"), self))
        self.methods = QButtonGroup(self)
        self.method_buttons: dict[str, QRadioButton] = {}
        texts = {
            "printed": self.tr("&Printed and posted"),
            "handed_over": self.tr("&Handed over in person"),
            "sent_secure": self.tr("&Sent through the council's secure system"),
        }
        for key in METHODS:
            button = QRadioButton(texts[key], self)
            self.methods.addButton(button)
            self.method_buttons[key] = button
            layout.addWidget(button)
        self.method_buttons["printed"].setChecked(True)
        formats = QHBoxLayout()
        formats.addWidget(QLabel(self.tr("Formats:"), self))
        self.word = QCheckBox(self.tr("&Word"), self)
        self.pdf = QCheckBox(self.tr("P&DF"), self)
        for box in (self.word, self.pdf):
            box.setChecked(True)
            formats.addWidget(box)
        formats.addStretch(1)
        layout.addLayout(formats)
        self.reason = QPlainTextEdit(self)
        self.reason.setAccessibleName(self.tr("What changed and why"))
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        previous = step.previous
        if step.changed and previous is not None:
            when = previous.issued_at
            note = QLabel(
                self.tr(
                    "Version {0} of this copy was issued on {1}. It has changed since, so this "
                    "will be version {2}: its first page says what changed. Say what changed "
                    "and why (the reader sees this on that page):"
                ).format(previous.version, f"{when.day} {when:%B %Y}", step.version),
                self,
            )
            note.setWordWrap(True)
            note.setBuddy(self.reason)
            layout.addWidget(note)
            layout.addWidget(self.reason)
        else:
            self.reason.hide()
            if previous is not None:
                again = QLabel(
                    self.tr(
                        "This is version {0} again: it is unchanged since it was issued."
                    ).format(previous.version),
                    self,
                )
                again.setWordWrap(True)
                layout.addWidget(again)
        self.buttons, self.issue_button = ok_and_cancel(self, self.tr("Issue"))
        layout.addWidget(self.buttons)
        for signal in (self.word.toggled, self.pdf.toggled):
            signal.connect(self._update)
        self.reason.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ready = self.word.isChecked() or self.pdf.isChecked()
        if self.reason.isVisibleTo(self):
            ready = ready and bool(self.reason.toPlainText().strip())
        self.issue_button.setEnabled(ready)

    def answer(self) -> HowAnswer:
        method = next(k for k, b in self.method_buttons.items() if b.isChecked())
        formats = tuple(
            fmt for fmt, box in (("docx", self.word), ("pdf", self.pdf)) if box.isChecked()
        )
        reason = " ".join(self.reason.toPlainText().split()) if self.step.changed else ""
        return HowAnswer(method, formats, reason)

    @classmethod
    def ask(
        cls, parent: QWidget | None, recipient: str, document_label: str, step: NextIssue | None
    ) -> HowAnswer | None:
        dialog = cls(recipient, document_label, step, parent)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        answer = dialog.answer() if accepted else None
        dialog.deleteLater()
        return answer


class RecipientsDialog(QDialog):
    """Who gets a copy: every parent, carer and relative, the proposed ones ticked."""

    def __init__(self, choices: tuple[RecipientChoice, ...], parent: QWidget | None) -> None:
        super().__init__(parent)
        title = self.tr("Who gets a copy?")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(620, 360)
        intro = QLabel(
            self.tr(
                "Parents and carers with parental responsibility are ticked. Tick anyone else "
                "who should have their own copy; each copy is checked before it is issued."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("People who can receive a copy"))
        self.choices = choices
        for choice in choices:
            text = choice.describe().split(": ", 1)[1]
            if not choice.proposed:
                text += self.tr(" (not proposed: {0})").format(choice.why_not_proposed)
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = Qt.CheckState.Checked if choice.proposed else Qt.CheckState.Unchecked
            item.setCheckState(checked)
            self.list.addItem(item)
        self.buttons, self.ok_button = ok_and_cancel(self, self.tr("Issue to those ticked"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)

    def chosen(self) -> list[Audience]:
        return [
            choice.audience
            for row, choice in enumerate(self.choices)
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    @classmethod
    def ask(cls, parent: QWidget | None, choices: tuple[RecipientChoice, ...]) -> list[Audience]:
        dialog = cls(choices, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.chosen() if accepted else []
        dialog.deleteLater()
        return chosen
