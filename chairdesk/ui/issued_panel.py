"""The Issue page's list of what has been issued: each file, its version, how and when; any
version can be written again byte for byte."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chairdesk.services.issued import IssuedView, NextIssue


def describe(row: IssuedView) -> str:
    """ "Conference record for Dean Kestrell (father), version 2, PDF: sent ... on ..."."""
    large = " (large print)" if row.large_print else ""
    when = f"{row.issued_at.day} {row.issued_at:%B %Y} at {row.issued_at:%H:%M}"
    text = (
        f"{row.document.label}{large} for {row.recipient}, version {row.version}, "
        f"{row.format.upper()}: {row.method_text} on {when} by {row.issued_by}"
    )
    if row.amendment_reason:
        text += f". Changed because: {row.amendment_reason.rstrip('.')}"
    if row.gaps_reason:
        text += f". Issued with gaps because: {row.gaps_reason.rstrip('.')}"
    return text + "."


class IssuedPanel(QWidget):
    """What has left ChairDesk for this conference, newest first."""

    save_requested = Signal(int)  # the issued file's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Issued copies"))
        self.title = QLabel(self.tr("&Issued copies"), self)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Issued copies, newest first"))
        self.list.setWordWrap(True)
        self.title.setBuddy(self.list)
        self.save_button = QPushButton(self.tr("Save this issued file again…"), self)
        self.save_button.setAccessibleName(self.tr("Save this issued file again"))
        self.save_button.setToolTip(
            self.tr("Writes the file exactly as it was issued, byte for byte")
        )
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._save)
        self.list.currentRowChanged.connect(lambda row: self.save_button.setEnabled(row >= 0))
        self.next_note = QLabel(self)
        self.next_note.setAccessibleName(self.tr("Whether this copy was issued before"))
        self.next_note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.next_note, 1)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self.list.setMaximumHeight(110)

    def show_rows(self, rows: tuple[IssuedView, ...]) -> None:
        self.list.clear()
        for row in reversed(rows):
            item = QListWidgetItem(describe(row))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(f"SHA-256 {row.sha256}")
            self.list.addItem(item)
        if not rows:
            placeholder = QListWidgetItem(self.tr("Nothing has been issued yet."))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        self.save_button.setEnabled(False)

    def show_next(self, step: NextIssue | None) -> None:
        """Whether the chosen copy was issued before, and what issuing it now would make."""
        previous = step.previous if step is not None else None
        if step is None or previous is None:
            self.next_note.setText(self.tr("This copy has not been issued yet."))
            return
        when = f"{previous.issued_at.day} {previous.issued_at:%B %Y}"
        if step.changed:
            text = self.tr(
                "Version {0} of this copy was issued on {1} ({2}). It has changed since: "
                "issuing it makes version {3}, with the reason on its first page."
            ).format(previous.version, when, previous.method_text, step.version)
        else:
            text = self.tr(
                "Version {0} of this copy was issued on {1} ({2}); it is unchanged since."
            ).format(previous.version, when, previous.method_text)
        self.next_note.setText(text)

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _save(self) -> None:
        item = self.list.currentItem()
        issued_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(issued_id, int):
            self.save_requested.emit(issued_id)
