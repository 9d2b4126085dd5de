"""The Issue page: preview each audience's copy of a document, check it, save it as Word or PDF."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from chairdesk.errors import ChairDeskError
from chairdesk.export import Document, DocumentKind, model, safe_filename
from chairdesk.services.issuing import IssueService
from chairdesk.ui.issue_checklist_dialog import IssueChecklistDialog
from chairdesk.ui.style import GOOD_COLOUR, WARNING_COLOUR, scheme
from chairdesk.views import Audience

# Short words for file names: "DEMO-1001 plan - Jodie Fernlow.pdf".
_FILE_WORDS = {
    DocumentKind.PLAN: "plan",
    DocumentKind.RECORD: "conference record",
    DocumentKind.LETTER: "outcome letter",
    DocumentKind.LEAFLET: "parents' leaflet",
}
_FORMAT_NAMES = {"docx": "Word", "pdf": "PDF"}

ChoosePath = Callable[[Path, str], "Path | None"]
ConfirmCopy = Callable[[QWidget, str, str, tuple[Any, ...], int], bool]


def document_html(document: Document) -> str:
    """Simple HTML of every block, in order, with an anchor on each heading for the outline."""
    size = "16pt" if document.large_print else "11pt"
    parts = [
        f'<div style="font-size: {size};">',
        f'<p style="background: #eef1f5; color: #1b1f24; padding: 4px;">'
        f"<b>{escape(document.page_header())}</b></p>",
        f"<h1>{escape(document.title)}</h1>",
    ]
    heading_number = 0
    for block in document.blocks:
        if isinstance(block, model.Heading):
            tag = f"h{min(block.level + 1, 4)}"
            parts.append(f'<a name="h{heading_number}"></a><{tag}>{escape(block.text)}</{tag}>')
            heading_number += 1
        else:
            parts.append(_block_html(block))
    parts.append("</div>")
    return "".join(parts)


def _cells(*cells: str, tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{cell}</{tag}>" for cell in cells) + "</tr>"


def _box(rows: str, padding: int = 4) -> str:
    return f'<table border="1" cellpadding="{padding}" cellspacing="0" width="100%">{rows}</table>'


def _block_html(block: Any) -> str:
    if isinstance(block, model.Paragraph):
        lead = f"<b>{escape(block.lead)}</b> " if block.lead else ""
        small = ' style="font-size: small;"' if block.style in ("small", "note") else ""
        return f"<p{small}>{lead}{escape(block.text)}</p>"
    if isinstance(block, model.BulletList):
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, model.Notice):
        title = f"<b>{escape(block.title)}</b><br>" if block.title else ""
        return _box(_cells(title + escape(block.text)), padding=6)
    if isinstance(block, model.Table):
        head = _cells(*map(escape, block.headers), tag="th") if any(block.headers) else ""
        return _box(head + "".join(_cells(*map(escape, row)) for row in block.rows))
    if isinstance(block, model.ActionCard):
        title = f"<b>{'✓ ' if block.achieved else ''}{escape(block.title)}</b>"
        rows = f'<tr><td colspan="2">{title} ({escape(block.status)})</td></tr>'
        rows += "".join(
            f'<tr><td width="25%"><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>'
            for k, v in block.fields
        )
        return _box(rows) + "<br>"
    if isinstance(block, model.Glossary):
        return "".join(f"<p><b>{escape(t)}</b>: {escape(e)}</p>" for t, e in block.terms)
    if isinstance(block, model.Chart):
        return f"<p><b>{escape(block.title)}</b></p><p>{escape(block.description)}</p>"
    return "<hr>" if isinstance(block, model.PageBreak) else ""


def _named(widget: Any, name: str) -> Any:
    widget.setAccessibleName(name)
    return widget


def _show(label: QLabel, text: str, colours: dict[str, str] | None) -> None:
    """Text in bold and the scheme's colour for it (the words always say it too)."""
    colour = (colours or {}).get(scheme())
    label.setStyleSheet(f"color: {colour}; font-weight: 600;" if colour else "font-weight: 600;")
    label.setText(text)


class IssuePage(QWidget):
    """Shows exactly what will be written for the chosen audience; a parent's copy is checked."""

    save_state_changed = Signal(str)
    conference_changed = Signal(int)
    document_issued = Signal(str)  # the SHA-256 of the file just written

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.issuing = IssueService(services.context)
        self.conference_id: int | None = None
        self.case_reference = ""
        self.document: Document | None = None
        self.last_folder: Path | None = None
        self._stale = False
        # Replaced in tests: the save dialog and the check list.
        self.choose_path: ChoosePath = self._ask_path
        self.confirm_copy: ConfirmCopy = IssueChecklistDialog.ask
        self.setAccessibleName(self.tr("Issue"))

        self.heading = _named(QLabel(self.tr("Issue"), self), self.tr("Conference"))
        self.heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.kind_box = _named(QComboBox(self), self.tr("Document"))
        for kind, text in (
            (DocumentKind.PLAN, self.tr("Child protection plan")),
            (DocumentKind.RECORD, self.tr("Conference record")),
            (DocumentKind.LETTER, self.tr("Chair's outcome letter")),
            (DocumentKind.LEAFLET, self.tr("Parents' leaflet: what to expect")),
        ):
            self.kind_box.addItem(text, kind)
        self.audience_box = _named(QComboBox(self), self.tr("Whose copy"))
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
        self.save_word_button = _named(
            QPushButton(self.tr("Save as Word…"), self), self.tr("Save as Word")
        )
        self.save_pdf_button = _named(
            QPushButton(self.tr("Save as PDF…"), self), self.tr("Save as PDF")
        )
        self.message = _named(QLabel(self), self.tr("Message"))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

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
        buttons.addWidget(self.save_word_button)
        buttons.addWidget(self.save_pdf_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(choices)
        layout.addWidget(self.audience_note)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        order = (self.kind_box, self.audience_box, self.large_print, self.outline, self.preview)
        order += (self.save_word_button, self.save_pdf_button)
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self.kind_box.currentIndexChanged.connect(self.refresh_preview)
        self.audience_box.currentIndexChanged.connect(self._audience_chosen)
        self.large_print.toggled.connect(self.refresh_preview)
        self.outline.currentRowChanged.connect(self._go_to_heading)
        self.save_word_button.clicked.connect(lambda: self.save("docx"))
        self.save_pdf_button.clicked.connect(lambda: self.save("pdf"))
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
        for audience in self.issuing.audiences(conference_id):
            self.audience_box.addItem(self._audience_text(audience), audience)
        kept = self.audience_box.findText(self._audience_text(chosen)) if chosen else -1
        self.audience_box.setCurrentIndex(max(kept, 0))
        self.audience_box.blockSignals(False)
        self._audience_chosen()

    def _audience_text(self, audience: Audience) -> str:
        if audience.is_professionals:
            return self.tr("Professionals' copy")
        return self.tr("Parent's copy for {0}").format(audience.recipient_name)

    def kind(self) -> DocumentKind:
        return DocumentKind(self.kind_box.currentData())

    def audience(self) -> Audience | None:
        audience = self.audience_box.currentData()
        return audience if isinstance(audience, Audience) else None

    def choose(
        self, kind: DocumentKind, recipient: str | None = None, *, large_print: bool = False
    ) -> None:
        """Selects a document and a copy (a recipient's name, or None for professionals)."""
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        for index in range(self.audience_box.count()):
            audience = self.audience_box.itemData(index)
            if (recipient is None and audience.is_professionals) or (
                recipient is not None and audience.recipient_name == recipient
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
        """Builds the chosen copy now, through the same service call that saving makes."""
        audience = self.audience()
        if self.conference_id is None or audience is None:
            return
        self._stale = False
        try:
            large_print = self.large_print.isChecked()
            self.document = self.issuing.preview(
                self.conference_id, self.kind(), audience, large_print=large_print
            )
        except ChairDeskError as error:
            self.document = None
            self.preview.clear()
            self.outline.clear()
            self._say(self.tr("The preview could not be made: {0}").format(error), problem=True)
            return
        self._show_audience_note(audience)
        self.preview.setHtml(document_html(self.document))
        self.outline.blockSignals(True)
        self.outline.clear()
        for heading in (b for b in self.document.blocks if isinstance(b, model.Heading)):
            # Parts and sections flush left and bold; what is inside them indented.
            item = QListWidgetItem("    " * max(heading.level - 1, 0) + heading.text)
            item.setToolTip(heading.text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, heading.text)
            if heading.level <= 1:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.outline.addItem(item)
        self.outline.blockSignals(False)

    def _show_audience_note(self, audience: Audience) -> None:
        if audience.is_professionals:
            text = self.tr(
                "Professionals' copy: it holds everything recorded, including what parents may "
                "not see. Never send it to a parent."
            )
        else:
            text = self.tr(
                "{0}'s copy: only what {0} may see. Before it is saved you will check "
                "everything in it that came from professionals."
            ).format(audience.recipient_name)
        _show(
            self.audience_note, text, WARNING_COLOUR if audience.is_professionals else GOOD_COLOUR
        )

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
        who = self.tr("professionals")
        if audience is not None and not audience.is_professionals:
            who = audience.recipient_name
        large = self.tr(" (large print)") if self.large_print.isChecked() else ""
        stem = safe_filename(f"{self.case_reference} {_FILE_WORDS[self.kind()]} - {who}{large}")
        return f"{stem}.{fmt}"

    def _default_folder(self) -> Path:
        if self.last_folder is not None:
            return self.last_folder
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents else Path.home()

    def _ask_path(self, suggested: Path, fmt: str) -> Path | None:
        name_filter = (
            self.tr("Word document (*.docx)") if fmt == "docx" else self.tr("PDF document (*.pdf)")
        )
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as {0}").format(_FORMAT_NAMES[fmt]), str(suggested), name_filter
        )
        return Path(chosen) if chosen else None

    def save(self, fmt: str) -> Path | None:
        """Asks where, checks a parent's copy with the chair, then writes it. None if not saved."""
        audience = self.audience()
        if self.conference_id is None or audience is None:
            return None
        for_parent = not audience.is_professionals
        kind = self.kind()
        if self.issuing.needs_second_approval(audience):
            self._say(
                self.tr(
                    "Not saved: your council requires a second person to approve a parent's copy "
                    "before it is saved. Approving copies is not in this version of ChairDesk "
                    "yet, so ask your manager how to send this copy for now."
                ),
                problem=True,
            )
            return None
        chosen = self.choose_path(self._default_folder() / self.suggested_name(fmt), fmt)
        if chosen is None:
            self._say(self.tr("Not saved: no file was chosen."))
            return None
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        try:
            if for_parent:
                check = self.issuing.check(self.conference_id, kind, audience)
                label = self.kind_box.currentText()
                if not self.confirm_copy(
                    self, audience.recipient_name, label, check.items, check.withheld_count
                ):
                    self._say(self.tr("Not saved: the copy was not confirmed as checked."))
                    return None
            large_print = self.large_print.isChecked()
            issued = self.issuing.export(
                self.conference_id, kind, audience, fmt, path, large_print=large_print
            )
        except ChairDeskError as error:
            self._say(self.tr("Not saved: {0}").format(error), problem=True)
            return None
        self.last_folder = issued.path.parent
        self._say(
            self.tr("Saved {0} in {1}.").format(issued.path.name, issued.path.parent), good=True
        )
        self.document_issued.emit(issued.sha256)
        return issued.path

    def _say(self, text: str, *, problem: bool = False, good: bool = False) -> None:
        _show(self.message, text, WARNING_COLOUR if problem else GOOD_COLOUR if good else None)
