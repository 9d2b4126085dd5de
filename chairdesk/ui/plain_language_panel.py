"""The plain-language panel: glossary terms explained, unexplained acronyms, reading ease."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QHelpEvent, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from chairdesk.services.plainlanguage import (
    Glossary,
    PlainLanguageReport,
    PlainLanguageService,
    TermMatch,
    council_glossary,
)
from chairdesk.services.plainlanguage import warm_up as load_dictionaries
from chairdesk.ui.off_thread import freeze_long_lived
from chairdesk.ui.style import tone
from chairdesk.ui.widgets.background import Worker, gui_relay
from chairdesk.ui.widgets.plan_preview import load_uncollected

ACRONYM_BACKGROUND = "#ffe08a"  # with dark text on it in either scheme (contrast over 12:1)
ACRONYM_TEXT = "#1b1f24"
ACRONYM_TIP = "Not in the glossary: explain it, or write it out in full."
MEETS, HARDER = "meets the target", "harder than the target"


def ease_words(ease: float | None, target: float) -> str:
    """A reading-ease score and how it compares with the target, in words."""
    if ease is None:
        return "no words yet"
    verdict = MEETS if ease >= target else HARDER
    return f"{round(ease)}, {verdict} of {round(target)}"


def glossary_of(context: Any) -> Glossary:
    """The council's glossary, read as the conference was opened (every entry field shares it;
    services/plainlanguage.py, `council_glossary`)."""
    return council_glossary(context)


class GlossaryHighlighter(QSyntaxHighlighter):
    """Underlines glossary terms (their explanation as a tooltip) and marks unknown acronyms.

    Use it on any QTextEdit or QPlainTextEdit: ``GlossaryHighlighter(edit.document(),
    services).attach(edit)``; ``attach`` makes the explanations show when the pointer rests
    on a term (a highlighter's formats do not carry tooltips by themselves).
    """

    def __init__(self, document: QTextDocument, services: Any) -> None:
        super().__init__(document)
        self.glossary: Glossary = glossary_of(services.context)
        self.term_format = QTextCharFormat()
        self.term_format.setFontUnderline(True)
        self.term_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        self.term_format.setUnderlineColor(QColor("#1d5fa8"))
        self.acronym_format = QTextCharFormat()
        self.acronym_format.setBackground(QColor(ACRONYM_BACKGROUND))
        self.acronym_format.setForeground(QColor(ACRONYM_TEXT))
        self._editors: list[QTextEdit | QPlainTextEdit] = []
        self._acronym_spans: dict[str, list[tuple[int, int, str]]] = {}

    def terms_in(self, text: str) -> tuple[TermMatch, ...]:
        return self.glossary.find_terms(text)

    def acronyms_in(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, acronym) for each unexplained acronym in ``text``."""
        found = self._acronym_spans.get(text)
        if found is None:
            found = []
            for acronym in self.glossary.unknown_acronyms(text):
                pattern = rf"(?<![\w&]){re.escape(acronym)}s?(?![\w&])"
                found.extend((m.start(), m.end(), acronym) for m in re.finditer(pattern, text))
            found.sort()
            if len(self._acronym_spans) > 2048:
                self._acronym_spans.clear()
            self._acronym_spans[text] = found
        return list(found)

    def highlightBlock(self, text: str) -> None:
        for match in self.terms_in(text):
            term_format = QTextCharFormat(self.term_format)
            term_format.setToolTip(match.term.explanation)
            self.setFormat(match.start, match.end - match.start, term_format)
        for start, end, _acronym in self.acronyms_in(text):
            self.setFormat(start, end - start, self.acronym_format)

    def tooltip_for(self, text: str, offset: int) -> str:
        """What the pointer at ``offset`` in a line of ``text`` should explain, or ""."""
        for match in self.terms_in(text):
            if match.start <= offset < match.end:
                return (
                    f"<b>{html.escape(match.term.term)}</b>: {html.escape(match.term.explanation)}"
                )
        for start, end, acronym in self.acronyms_in(text):
            if start <= offset < end:
                return f"<b>{html.escape(acronym)}</b>: {ACRONYM_TIP}"
        return ""

    def attach(self, editor: QTextEdit | QPlainTextEdit) -> None:
        """Show a term's explanation when the pointer rests on it in ``editor``."""
        self._editors.append(editor)
        editor.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        editor = next((e for e in self._editors if e.viewport() is watched), None)
        if editor is None:
            return False
        cursor = editor.cursorForPosition(event.pos())
        tip = self.tooltip_for(cursor.block().text(), cursor.positionInBlock())
        if tip:
            QToolTip.showText(event.globalPos(), tip, editor)
        else:
            QToolTip.hideText()
        return True


Sections = Sequence[tuple[str, str]]
Assessed = tuple[list[tuple[str, PlainLanguageReport]], PlainLanguageReport]

#: How long the text must rest before a requested check runs (each edit restarts the wait).
SETTLE_MS = 300


def _assess_all(glossary: Glossary, target: float, sections: Sections, whole: str) -> Assessed:
    reports = [(title, glossary.assess(text, target)) for title, text in sections]
    return reports, glossary.assess(whole, target)


class PlainLanguagePanel(QWidget):
    """Beside text that goes to parents: how easy it is to read, and the words to explain.

    `set_sections` checks at once; `request_sections` (the Plan page's, after every edit) waits
    until the text has rested for SETTLE_MS and checks on a worker thread, so a long plan (and
    textstat's dictionaries, loaded on first use) never holds the window; only the newest
    request's result is shown.
    """

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = PlainLanguageService(services.context)
        self._requested: tuple[Sections, str] | None = None
        self._request_number = 0
        self._working = False
        self._worker = Worker("plain-language")  # one thread for the panel's checks
        self.destroyed.connect(self._worker.close)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._start_worker)
        self.target = 60.0
        if services.settings is not None:
            self.target = float(services.settings.get().reading_ease_target)
        self.reports: list[tuple[str, PlainLanguageReport]] = []
        self.setAccessibleName(self.tr("Plain language"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("<b>Plain language</b>"), self)
        title.setAccessibleName(self.tr("Plain language"))
        layout.addWidget(title)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Reading ease"))
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Section"), self.tr("Reading ease")])
        self.table.setAccessibleName(self.tr("Reading ease of each section"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        self.preview = QTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("The text with its terms marked"))
        self.highlighter = GlossaryHighlighter(self.preview.document(), services)
        self.highlighter.attach(self.preview)
        layout.addWidget(self.preview, 2)
        self.acronyms = QLabel(self)
        self.acronyms.setWordWrap(True)
        self.acronyms.setAccessibleName(self.tr("Acronyms not in the glossary"))
        layout.addWidget(self.acronyms)
        self.terms = QTextBrowser(self)
        self.terms.setAccessibleName(self.tr("Terms explained in the glossary"))
        layout.addWidget(self.terms, 1)
        self.set_text("")

    def set_text(self, text: str) -> None:
        """Assess ``text``; each paragraph (text between blank lines) is a section."""
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        sections = [(_opening(p), p) for p in paragraphs]
        self.set_sections(sections, whole=text)

    @property
    def settled(self) -> bool:
        """No check waiting or running: what is shown is for the newest text."""
        return self._requested is None and not self._working and not self._settle.isActive()

    def request_sections(self, sections: Sections, whole: str | None = None) -> None:
        """Check these sections once the text has rested, off the GUI thread."""
        whole = "\n\n".join(t for _, t in sections) if whole is None else whole
        self._requested = (tuple(sections), whole)
        self._settle.start()

    def _start_worker(self) -> None:
        if self._working or self._requested is None:
            return  # the running check starts the next when it finishes
        sections, whole = self._requested
        self._requested = None
        self._request_number += 1
        number, service, target = self._request_number, self.service, self.target
        self._working = True
        post = gui_relay()  # safe to use after the panel has gone

        def work() -> None:
            load_uncollected("plain language", load_dictionaries)  # textstat's dictionaries, once
            try:  # the glossary is read here too: it is a query, not for the GUI thread
                assessed: Any = _assess_all(service.glossary(), target, sections, whole)
            except Exception as error:  # shown as no result; the next edit tries again
                assessed = error
            post(self, PlainLanguagePanel._show_assessed, (number, (sections, whole, assessed)))

        self._worker.submit(work)

    def _show_assessed(self, number: int, result: Any) -> None:
        self._working = False
        freeze_long_lived("plain language")  # the worker has just loaded the dictionaries
        sections, whole, assessed = result
        if number == self._request_number and not isinstance(assessed, Exception):
            self._show(sections, whole, assessed)
        if self._requested is not None and not self._settle.isActive():
            self._start_worker()

    def set_sections(self, sections: Sections, whole: str | None = None) -> None:
        """Assess each (title, text) section and the whole now; the preview shows the whole."""
        whole = "\n\n".join(t for _, t in sections) if whole is None else whole
        glossary = self.service.glossary()
        self._show(sections, whole, _assess_all(glossary, self.target, sections, whole))

    def _show(self, sections: Sections, whole: str, assessed: Assessed) -> None:
        self.reports, overall = assessed
        if whole.strip():
            self.summary.setText(
                self.tr("Reading ease of the whole text: {0} (higher is easier).").format(
                    ease_words(overall.reading_ease, self.target)
                )
            )
        else:
            self.summary.setText(self.tr("Nothing written yet."))
        colour = tone("good") if overall.meets_target else tone("warning")
        self.summary.setStyleSheet(f"color: {colour}; font-weight: 600;" if whole.strip() else "")
        self.table.setRowCount(len(self.reports))
        header = self.table.horizontalHeader()
        for row, (title, report) in enumerate(self.reports):
            self.table.setItem(row, 0, QTableWidgetItem(title))
            score = QTableWidgetItem(ease_words(report.reading_ease, self.target))
            score.setForeground(QColor(tone("good" if report.meets_target else "warning")))
            self.table.setItem(row, 1, score)
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(rows + header.height() + 2 * self.table.frameWidth())
        self.table.setVisible(len(self.reports) > 1)
        if self.preview.toPlainText() != whole:
            self.preview.setPlainText(whole)
        unknown = overall.unknown_acronyms
        self.acronyms.setText(
            self.tr("Not in the glossary: {0}. Explain them or write them out in full.").format(
                ", ".join(unknown)
            )
            if unknown
            else self.tr("No unexplained acronyms.")
        )
        self.acronyms.setStyleSheet(f"color: {tone('warning')};" if unknown else "")
        self.terms.setHtml(
            "<p><b>"
            + self.tr("Words the parents' copy will explain")
            + "</b></p>"
            + "".join(
                f"<p><u>{html.escape(g.term)}</u>: {html.escape(g.explanation)}</p>"
                for g in overall.glossary
            )
            if overall.glossary
            else "<p>" + self.tr("No glossary terms in this text.") + "</p>"
        )


def _opening(paragraph: str, words: int = 6) -> str:
    """A section's name: its first few words."""
    parts = paragraph.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


__all__ = ["GlossaryHighlighter", "PlainLanguagePanel", "ease_words"]
