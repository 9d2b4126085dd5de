"""The Issue page: preview each audience's copy of a document, check it, save it as Word or PDF."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from chairdesk.export import Document, DocumentKind
from chairdesk.services.issued import IssuedService
from chairdesk.services.issuing import IssueService
from chairdesk.services.permissions import Permission, may
from chairdesk.ui.approval_panel import ApprovalPanel
from chairdesk.ui.issue_checklist_dialog import IssueChecklistDialog
from chairdesk.ui.issue_dialogs import IssueGateDialog, IssueHowDialog, RecipientsDialog
from chairdesk.ui.issue_files import ask_save_path, file_name
from chairdesk.ui.issue_flow import (
    ask_folder,
    ask_for_approval,
    issue_chosen_copy,
    issue_to_several,
    save_copy,
    save_issued_again,
)
from chairdesk.ui.issue_preview import refresh_preview
from chairdesk.ui.issued_panel import IssuedPanel
from chairdesk.ui.style import GOOD_COLOUR, WARNING_COLOUR
from chairdesk.ui.widgets.document_view import HtmlFeeder, document_html, show_in_colour
from chairdesk.views import Audience

__all__ = ["IssuePage", "document_html"]

ChoosePath = Callable[[Path, str], "Path | None"]
ConfirmCopy = Callable[[QWidget, str, str, tuple[Any, ...], int], bool]


def _named(widget: Any, name: str) -> Any:
    widget.setAccessibleName(name)
    return widget


class IssuePage(QWidget):
    """Shows exactly what will be written for the chosen audience; a parent's copy is checked."""

    save_state_changed = Signal(str)
    conference_changed = Signal(int)
    document_issued = Signal(str)  # the SHA-256 of the file just written
    page_requested = Signal(str)  # a gap is fixed on another page: prepare, run or plan

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.issuing = IssueService(services.context)
        self.issued = IssuedService(services.context)
        self.conference_id: int | None = None
        self.case_reference = ""
        self.document: Document | None = None
        self.last_folder: Path | None = None
        self._stale = False
        # Replaced in tests: the save dialog and the check list.
        self.choose_path: ChoosePath = lambda suggested, fmt: ask_save_path(self, suggested, fmt)
        self.confirm_copy: ConfirmCopy = IssueChecklistDialog.ask
        self.ask_gaps = IssueGateDialog.ask
        self.ask_how = IssueHowDialog.ask
        self.ask_recipients = RecipientsDialog.ask
        self.choose_folder: Callable[[QWidget, Path], Path | None] = ask_folder
        self.setAccessibleName(self.tr("Issue"))

        self.heading = _named(QLabel(self.tr("Issue"), self), self.tr("Conference"))
        self.heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.kind_box = _named(QComboBox(self), self.tr("Document"))
        for kind, text in (
            (DocumentKind.PLAN, self.tr("Child protection plan")),
            (DocumentKind.RECORD, self.tr("Conference record")),
            (DocumentKind.LETTER, self.tr("Chair's outcome letter")),
            (DocumentKind.LEAFLET, self.tr("Parents' leaflet: what to expect")),
            (DocumentKind.WHAT_I_NEED_TO_DO, self.tr("What I need to do (a parent's own page)")),
        ):
            self.kind_box.addItem(text, kind)
        self.audience_box = _named(QComboBox(self), self.tr("Whose copy"))
        # Long names and relationships must not widen the page past a small laptop's screen:
        # the boxes keep a sensible width and show the whole choice when opened (18 characters:
        # at 150% text in a wide font such as DejaVu Sans, 22 took the window to 1435 pixels).
        for box in (self.kind_box, self.audience_box):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(18)
        self.large_print = _named(QCheckBox(self.tr("&Large print"), self), self.tr("Large print"))
        self.large_print.setToolTip(self.tr("A larger layout for a parent who asks for one"))
        kind_label = QLabel(self.tr("&Document:"), self)
        kind_label.setBuddy(self.kind_box)
        audience_label = QLabel(self.tr("&Whose copy:"), self)
        audience_label.setBuddy(self.audience_box)

        self.audience_note = _named(QLabel(self), self.tr("Who this copy is for"))
        self.audience_note.setWordWrap(True)
        self.outline = _named(QListWidget(self), self.tr("Contents of this document"))
        self.outline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.outline.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.preview = _named(QTextBrowser(self), self.tr("Preview of exactly what will be saved"))
        self.preview.setOpenLinks(False)
        self.feeder = HtmlFeeder(self.preview)
        self._refreshing = self._again = False
        self.save_word_button = _named(
            QPushButton(self.tr("Save as Word…"), self), self.tr("Save as Word")
        )
        self.save_pdf_button = _named(
            QPushButton(self.tr("Save as PDF…"), self), self.tr("Save as PDF")
        )
        self.issue_button = _named(QPushButton(self.tr("&Issue…"), self), self.tr("Issue"))
        self.issue_button.setToolTip(
            self.tr("Check, then issue Word and PDF together; the files are kept exactly as issued")
        )
        self.issue_many_button = _named(
            QPushButton(self.tr("Issue &to…"), self), self.tr("Issue to several people")
        )
        self.issue_many_button.setToolTip(
            self.tr("Choose who gets a parent's copy of this document")
        )
        self.issued_panel = IssuedPanel(self)
        self.message = _named(QLabel(self), self.tr("Message"))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Why the save buttons are off for this copy: the role, or an approval not yet given.
        self.save_reason = _named(QLabel(self), self.tr("Why this copy cannot be saved yet"))
        self.save_reason.hide()
        self.approval_bar = ApprovalPanel(self)
        self.approval_bar.hide()

        choices = QHBoxLayout()
        for widget, stretch in ((kind_label, 0), (self.kind_box, 1), (audience_label, 0)):
            choices.addWidget(widget, stretch)
        choices.addWidget(self.audience_box, 1)
        choices.addWidget(self.large_print)
        outline_box = QWidget(self)
        outline_layout = QVBoxLayout(outline_box)
        outline_layout.setContentsMargins(0, 0, 0, 0)
        outline_label = QLabel(self.tr("C&ontents"), outline_box)
        outline_label.setBuddy(self.outline)
        outline_layout.addWidget(outline_label)
        outline_layout.addWidget(self.outline, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(outline_box)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([260, 780])
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_reason)
        buttons.addWidget(self.save_word_button)
        buttons.addWidget(self.save_pdf_button)
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.issue_many_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(choices)
        layout.addWidget(self.audience_note)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.issued_panel)
        layout.addWidget(self.approval_bar)
        layout.addLayout(buttons)
        order: tuple[QWidget, ...] = (
            self.kind_box,
            self.audience_box,
            self.large_print,
            self.outline,
            self.preview,
        )
        order += (self.approval_bar.status, self.approval_bar.ask_button)
        order += (self.save_word_button, self.save_pdf_button, self.issue_button)
        order += (self.issue_many_button,)
        order += (self.issued_panel.list, self.issued_panel.save_button)
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self.kind_box.currentIndexChanged.connect(self.refresh_preview)
        self.audience_box.currentIndexChanged.connect(self._audience_chosen)
        self.large_print.toggled.connect(self.refresh_preview)
        self.outline.currentRowChanged.connect(self._go_to_heading)
        self.save_word_button.clicked.connect(lambda: self.save("docx"))
        self.save_pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.issue_button.clicked.connect(self.issue)
        self.issue_many_button.clicked.connect(self.issue_to_several)
        self.issued_panel.save_requested.connect(lambda i: save_issued_again(self, i))
        self.approval_bar.approval_requested.connect(self.ask_for_approval)
        self._set_enabled(False)

    # Loading ------------------------------------------------------------------------------

    def load_conference(self, conference_id: int | None) -> None:
        """Shows this conference's documents, keeping the chosen document and recipient."""
        self.conference_id = conference_id
        self._set_enabled(conference_id is not None)
        if conference_id is None:
            return
        summary = self.services.conferences.summary(conference_id)
        self.case_reference = summary.case_reference
        self.heading.setText(self.tr("Issue: {0}").format(summary.case_reference))
        chosen = self.audience()
        self.audience_box.blockSignals(True)
        self.audience_box.clear()
        self.audience_box.addItem(self._audience_text(Audience.professionals()), Audience())
        for choice in self.issued_recipients(conference_id):
            text = self._audience_text(choice.audience)
            if not choice.proposed:
                text += self.tr(" (not proposed: {0})").format(choice.why_not_proposed)
            self.audience_box.addItem(text, choice.audience)
        # The same person (by id, never by name) stays chosen across reloads.
        kept = self._index_of(chosen.recipient_person_id) if chosen else -1
        self.audience_box.setCurrentIndex(max(kept, 0))
        self.audience_box.blockSignals(False)
        self._audience_chosen()
        self.issued_panel.show_rows(self.issued.issued(conference_id))

    def _index_of(self, person_id: int | None) -> int:
        for index in range(self.audience_box.count()):
            if self.audience_box.itemData(index).recipient_person_id == person_id:
                return index
        return -1

    def _audience_text(self, audience: Audience) -> str:
        if audience.is_professionals:
            return self.tr("Professionals' copy")
        return self.tr("Parent's copy for {0}").format(audience.recipient_label)

    def kind(self) -> DocumentKind:
        return DocumentKind(self.kind_box.currentData())

    def audience(self) -> Audience | None:
        audience = self.audience_box.currentData()
        return audience if isinstance(audience, Audience) else None

    def issued_recipients(self, conference_id: int) -> Any:
        from chairdesk.services.recipients import RecipientService

        return RecipientService(self.services.context).choices(conference_id)

    def choose(
        self, kind: DocumentKind, recipient: str | int | None = None, *, large_print: bool = False
    ) -> None:
        """Selects a document and a copy (a person id or name; None for professionals)."""
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        for index in range(self.audience_box.count()):
            audience = self.audience_box.itemData(index)
            if (recipient is None and audience.is_professionals) or (
                recipient is not None
                and recipient in (audience.recipient_name, audience.recipient_person_id)
            ):
                self.audience_box.setCurrentIndex(index)
                break
        else:
            raise LookupError(f"no copy for {recipient!r} in this conference")
        self.large_print.setChecked(large_print)

    def _audience_chosen(self) -> None:
        audience = self.audience()
        for_parent = audience is not None and not audience.is_professionals
        self.large_print.setEnabled(for_parent)
        if not for_parent:
            self.large_print.blockSignals(True)
            self.large_print.setChecked(False)
            self.large_print.blockSignals(False)
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Builds the chosen copy through the same service call that saving makes, on a worker
        thread, and draws it a few blocks per turn of the event loop (issue_preview.py)."""
        refresh_preview(self)

    def update_saving(self, audience: Audience) -> None:
        """Save buttons on or off for this copy, with the reason in one line when off."""
        reason = ""
        needs_approval = False
        if not audience.is_professionals:
            if not may(self.services.context.role, Permission.ISSUE_PARENT_COPY):
                reason = self.tr("Only a chair can save a parent's copy")
            else:
                needs_approval = self.issuing.needs_second_approval(audience)
        if needs_approval and self.conference_id is not None:
            # Asked of the services each time, so it is right after a restart too.
            approval = self.issuing.latest_approval(self.conference_id, self.kind(), audience)
            if not self.approval_bar.show_state(approval):
                reason = self.tr("Saving waits for a second person's approval")
        self.approval_bar.setVisible(needs_approval)
        show_in_colour(self.save_reason, reason, WARNING_COLOUR)
        self.save_reason.setVisible(bool(reason))
        for button in (self.save_word_button, self.save_pdf_button, self.issue_button):
            button.setEnabled(self.conference_id is not None and not reason)
            button.setToolTip(reason)

    def ask_for_approval(self) -> None:
        """A second person reads this copy and approves it in the approval dialog."""
        ask_for_approval(self)

    def _go_to_heading(self, row: int) -> None:
        if row >= 0:
            self.preview.scrollToAnchor(f"h{row}")

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.kind_box, self.audience_box, self.save_word_button):
            widget.setEnabled(enabled)
        self.save_pdf_button.setEnabled(enabled)

    def showEvent(self, event: QShowEvent) -> None:
        # Another page may have changed the conference while this one was hidden.
        if self._stale:
            self.refresh_preview()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._stale = True
        super().hideEvent(event)

    # Saving -------------------------------------------------------------------------------

    def suggested_name(self, fmt: str) -> str:
        """ "<case reference> plan - <recipient>.pdf", safe on every system."""
        audience = self.audience()
        recipient = None
        if audience is not None and not audience.is_professionals:
            recipient = audience.recipient_name
        large_print = self.large_print.isChecked()
        return file_name(
            self, self.case_reference, self.kind(), recipient, fmt, large_print=large_print
        )

    def save(self, fmt: str) -> Path | None:
        """Asks where, checks a parent's copy with the chair, then writes it. None if not saved.

        A saved copy is a working copy; Issue… keeps the exact bytes as the issued version.
        """
        return save_copy(self, fmt)

    def issue(self) -> Any:
        """Issues the chosen copy (gate, check, how, folder); the files issued, or None."""
        rows = issue_chosen_copy(self)
        if rows is not None and self.conference_id is not None:
            self.issued_panel.show_rows(self.issued.issued(self.conference_id))
            self.refresh_preview()
            self.document_issued.emit(rows[0].sha256)
        return rows

    def issue_to_several(self) -> Any:
        """Issues this document to each person the chair ticks, each copy checked on its own."""
        issued = issue_to_several(self)
        if self.conference_id is not None:
            self.issued_panel.show_rows(self.issued.issued(self.conference_id))
        return issued

    def select_audience(self, person_id: int | None) -> None:
        self.audience_box.setCurrentIndex(max(self._index_of(person_id), 0))

    def say(self, text: str, *, problem: bool = False, good: bool = False) -> None:
        self._say(text, problem=problem, good=good)

    def _say(self, text: str, *, problem: bool = False, good: bool = False) -> None:
        colours = WARNING_COLOUR if problem else GOOD_COLOUR if good else None
        show_in_colour(self.message, text, colours)
