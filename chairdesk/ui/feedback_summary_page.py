"""Parents' feedback over a period: counts per question, comments with names taken out, export."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chairdesk.errors import ChairDeskError
from chairdesk.export import build_feedback_summary, write_document
from chairdesk.services.feedback import FeedbackService
from chairdesk.typed_dates import DateNotUnderstoodError
from chairdesk.ui.services import UiServices
from chairdesk.ui.style import tone
from chairdesk.ui.widgets.date_field import DateField
from chairdesk.views import FeedbackSummaryView

COLUMNS = ("Question", "Yes", "Partly", "No", "Not answered")


def _required(field: DateField) -> date:
    """The date in a box made with required=True (which says so itself when it is empty)."""
    chosen = field.value()
    if chosen is None:  # not reached: a required box raises first; this is for the checker
        raise DateNotUnderstoodError("Type a date, like 5/3/2027 or 5 Mar 2027")
    return chosen


class FeedbackSummaryPage(QWidget):
    """What parents said after conferences in a date range, ready to share with managers."""

    save_state_changed = Signal(str)
    conference_changed = Signal(int)

    @classmethod
    def open_window(cls, services: UiServices, parent: QWidget) -> QDialog:
        """The summary in its own window over `parent`, gone once closed."""
        window = QDialog(parent)
        window.setWindowTitle(window.tr("Parents' feedback"))
        window.setAccessibleName(window.tr("Parents' feedback"))
        QVBoxLayout(window).addWidget(cls(services, window))
        window.resize(900, 600)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.open()
        return window

    def __init__(self, services: UiServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.feedback = FeedbackService(services.context)
        self.summary: FeedbackSummaryView | None = None
        self.setAccessibleName(self.tr("Parents' feedback"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Parents' feedback after conferences"), self)
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        title.setAccessibleName(self.tr("Parents' feedback"))
        layout.addWidget(title)

        today = services.context.today()
        dates = QHBoxLayout()
        self.from_date = self._date(self.tr("From"), today - timedelta(days=91), dates)
        self.to_date = self._date(self.tr("To"), today, dates)
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.setAccessibleName(self.tr("Show the feedback for these dates"))
        self.show_button.clicked.connect(self.refresh)
        dates.addWidget(self.show_button)
        dates.addStretch(1)
        layout.addLayout(dates)

        self.totals = QLabel(self)
        self.totals.setAccessibleName(self.tr("Responses"))
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setAccessibleName(self.tr("Answers to each question"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        layout.addWidget(self.table, 2)
        comments_label = QLabel(self.tr("What parents added (names taken out)"), self)
        self.comments = QListWidget(self)
        self.comments.setAccessibleName(self.tr("What parents added"))
        self.comments.setWordWrap(True)
        comments_label.setBuddy(self.comments)
        layout.addWidget(comments_label)
        layout.addWidget(self.comments, 1)

        self.message = QLabel(self)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        exports = QHBoxLayout()
        exports.addStretch(1)
        self.csv_button = QPushButton(self.tr("Export CSV…"), self)
        self.csv_button.setAccessibleName(self.tr("Export the summary as CSV"))
        self.csv_button.clicked.connect(self.choose_csv)
        self.pdf_button = QPushButton(self.tr("Export PDF…"), self)
        self.pdf_button.setAccessibleName(self.tr("Export the summary as PDF"))
        self.pdf_button.clicked.connect(self.choose_pdf)
        exports.addWidget(self.csv_button)
        exports.addWidget(self.pdf_button)
        layout.addLayout(exports)
        self.refresh()

    def _date(self, label: str, value: date, row: QHBoxLayout) -> DateField:
        text = QLabel(label, self)
        edit = DateField(value, opens_at=value, required=True, name=label, parent=self)
        text.setBuddy(edit.edit)
        row.addWidget(text)
        row.addWidget(edit)
        return edit

    def load_conference(self, conference_id: int) -> None:
        """Feedback is summarised across conferences: opening one only refreshes the figures."""
        del conference_id
        self.refresh()

    def refresh(self) -> None:
        try:
            summary = self.feedback.summary(_required(self.from_date), _required(self.to_date))
        except DateNotUnderstoodError as error:  # said under the date too
            self._say(str(error), "warning")
            return
        except ChairDeskError as error:
            self._say(str(error), "warning")
            return
        self.summary = summary
        self.message.clear()
        self.totals.setText(
            self.tr("{0} responses from {1} conferences").format(
                summary.responses, summary.conferences
            )
        )
        self.table.setRowCount(len(summary.questions))
        for row, question in enumerate(summary.questions):
            cells = (
                question.question,
                question.yes,
                question.partly,
                question.no,
                question.not_answered,
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.comments.clear()
        self.comments.addItems(list(summary.comments) or [self.tr("No comments in this period.")])

    def _say(self, text: str, kind: str) -> None:
        self.message.setStyleSheet(f"color: {tone(kind)}; font-weight: 600;")
        self.message.setText(text)

    def _choose_path(self, title: str, pattern: str, suffix: str) -> Path | None:
        dialog = QFileDialog(self, title, str(Path.home() / f"parents-feedback.{suffix}"), pattern)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(suffix)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAccessibleName(title)
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        return Path(dialog.selectedFiles()[0])

    def choose_csv(self) -> None:
        path = self._choose_path(self.tr("Export CSV"), self.tr("CSV files (*.csv)"), "csv")
        if path is not None:
            self.export_csv(path)

    def choose_pdf(self) -> None:
        path = self._choose_path(self.tr("Export PDF"), self.tr("PDF files (*.pdf)"), "pdf")
        if path is not None:
            self.export_pdf(path)

    def export_csv(self, path: Path) -> Path | None:
        if self.summary is None:
            return None
        try:
            written = self.feedback.write_csv(self.summary, path)
        except ChairDeskError as error:
            self._say(str(error), "warning")
            return None
        self._say(self.tr("Saved {0}").format(written.name), "good")
        return written

    def export_pdf(self, path: Path) -> Path | None:
        if self.summary is None:
            return None
        marking = "OFFICIAL-SENSITIVE"
        if self.services.settings is not None:
            marking = self.services.settings.get().marking
        try:
            written = write_document(build_feedback_summary(self.summary, marking), "pdf", path)
        except ChairDeskError as error:
            self._say(str(error), "warning")
            return None
        self._say(self.tr("Saved {0}").format(written.name), "good")
        return written
