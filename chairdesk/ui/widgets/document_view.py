"""A document's blocks as simple HTML: the Issue page's preview and the approval dialog's."""

from __future__ import annotations

import time
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QTextEdit

from chairdesk.ui.style import scheme

if TYPE_CHECKING:  # the export package (python-docx, reportlab) loads on first use, off screen
    from chairdesk.export import Document


def document_html(document: Document) -> str:
    """Simple HTML of every block, in order, with an anchor on each heading for the outline."""
    return _sized(document, "".join(_html_of(document)))


def document_html_pieces(document: Document, blocks: int = 4) -> list[str]:
    """`document_html` in pieces of a few blocks each, every piece whole HTML on its own: a
    preview appends one piece per turn of the event loop, so no single setHtml is long.

    A piece starts only at a paragraph, heading, table or list (never at or just after a page
    break), where appending gives the same text, line for line, as the whole HTML at once."""
    parts = _html_of(document)
    chunks: list[list[str]] = [parts[:2]]
    for html in parts[2:]:
        whole = len(chunks[-1]) >= blocks and chunks[-1][-1] != "<hr>"
        if len(chunks) == 1 or (whole and html.startswith(_STARTS)):
            chunks.append([])
        chunks[-1].append(html)
    return [_sized(document, "".join(c)) for c in chunks]


_STARTS = ("<p", "<a", "<table", "<ul")  # a heading starts with its anchor
_MERGES = ("<p", "<a")  # a new paragraph to start in; a table or list makes its own


def _merges(piece: str) -> bool:
    return piece.split(">", 1)[-1].startswith(_MERGES)


def _sized(document: Document, html: str) -> str:
    """A large-print copy's preview at its 16pt; any other in the chair's own text size (a
    fixed size here would keep the preview small when the chair makes the text larger)."""
    return (
        f'<div style="font-size: 16pt;">{html}</div>'
        if document.large_print
        else f"<div>{html}</div>"
    )


def _html_of(document: Document) -> list[str]:
    """The page header, the title, then one string of HTML per block."""
    from chairdesk.export import model

    parts = [
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
    return parts


def document_text(document: Document) -> str:
    """The words a reader sees in the preview, a line per paragraph, cell or item (no marks):
    what the plain-language check reads, made without Qt so a worker thread can make it."""
    from chairdesk.export import model

    lines = [document.page_header(), document.title]
    for block in document.blocks:
        if isinstance(block, model.Heading):
            lines.append(block.text)
        elif isinstance(block, model.Paragraph):
            lines.append(f"{block.lead} {block.text}".strip())
        elif isinstance(block, model.BulletList):
            lines.extend(block.items)
        elif isinstance(block, model.Notice):
            lines.extend(t for t in (block.title, block.text) if t)
        elif isinstance(block, model.Table):
            lines.extend(c for row in (block.headers, *block.rows) for c in row if c)
        elif isinstance(block, model.ActionCard):
            lines.append(block.title + (f" ({block.status})" if block.status else ""))
            lines.extend(t for field in block.fields for t in field)
        elif isinstance(block, model.Glossary):
            lines.extend(f"{term}: {explanation}" for term, explanation in block.terms)
        elif isinstance(block, model.Chart):
            lines.extend((block.title, block.description))
    return "\n".join(lines)


def _cells(*cells: str, tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{cell}</{tag}>" for cell in cells) + "</tr>"


def _box(rows: str, padding: int = 4) -> str:
    # 99%: at 100% Qt lays a bordered table out a pixel wider than the view (a scroll bar).
    return f'<table border="1" cellpadding="{padding}" cellspacing="0" width="99%">{rows}</table>'


def _block_html(block: Any) -> str:
    from chairdesk.export import model

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
        status = f" ({escape(block.status)})" if block.status else ""  # none: not started
        rows = f'<tr><td colspan="2">{title}{status}</td></tr>'
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


#: How long one turn of the event loop may spend appending pieces to a preview.
FEED_BUDGET_S = 0.008


class HtmlFeeder(QObject):
    """Gives a text view its HTML a piece at a time (`document_html_pieces`), appending on
    successive turns of the event loop, so a long document never holds the window; a new
    `feed` replaces one still under way. The reader's place is kept when the last piece is in.

    Once the view holds every piece, a new feed changes only what differs: the pieces it shares
    with what is shown, at the start and at the end, stay, and the ones between are taken out and
    the new ones put in their place (the same document, mark for mark, as feeding it whole). An
    edit to one action redraws a piece or two instead of the whole plan (about 80 pieces, a
    quarter of a second of the GUI thread's time at 300 actions), and opening the same plan
    again draws nothing.
    """

    finished = Signal()

    def __init__(self, view: QTextEdit) -> None:
        super().__init__(view)
        self.view = view
        view.document().setUndoRedoEnabled(False)
        self._pieces: list[str] = []
        self._next = 0  # the next piece to put in
        self._stop = 0  # where the pieces to put in end (those after it are in the view)
        self._starts: list[int] = []  # where each piece put in starts in the document
        self._tail: list[int] = []  # where the pieces kept at the end start, before the new ones
        self._at: int | None = None  # where the next piece goes (None: at the end)
        self._length = -1  # the document's length when the last piece went in
        self._scroll = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._feed)

    @property
    def settled(self) -> bool:
        """Every piece of the newest HTML is in the view."""
        return self._next >= self._stop and not self._timer.isActive()

    def feed(self, pieces: Sequence[str]) -> None:
        new = list(pieces)
        if self.settled:
            self._scroll = self.view.verticalScrollBar().value()
            old = self._pieces
            same = 0  # pieces alike at the start
            while same < min(len(old), len(new)) and old[same] == new[same]:
                same += 1
            # (Unless the view was changed since: the Issue page clears it when a copy fails.)
            whole = self._length == self.view.document().characterCount()
            if same > 0 and whole and len(self._starts) == len(old):
                self._replace(old, new, same)
                return
        self._pieces, self._next, self._stop = new, 0, len(new)
        self._starts, self._tail, self._at = [], [], None
        self._timer.start()

    def _replace(self, old: list[str], new: list[str], same: int) -> None:
        """Take out the shown pieces that differ, and put the new ones in their place."""
        kept = 0  # pieces alike at the end (not overlapping those at the start)
        while kept < min(len(old), len(new)) - same and old[-1 - kept] == new[-1 - kept]:
            kept += 1
        document = self.view.document()
        start = self._starts[same] if same < len(old) else document.characterCount() - 1
        end = self._starts[len(old) - kept] if kept else document.characterCount() - 1
        if end > start:
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
        self._tail = [at - (end - start) for at in self._starts[len(old) - kept :]]
        self._starts = self._starts[:same]
        self._pieces, self._next, self._stop, self._at = new, same, len(new) - kept, start
        self._timer.start()

    def _feed(self) -> None:
        started = time.perf_counter()
        document = self.view.document()
        while self._next < self._stop:
            piece = self._pieces[self._next]
            if self._next == 0:
                self.view.setHtml(piece)
                self._starts = [0]
            else:
                cursor = QTextCursor(document)
                if self._at is None:
                    cursor.movePosition(QTextCursor.MoveOperation.End)
                else:
                    cursor.setPosition(self._at)
                self._starts.append(cursor.position())
                if _merges(piece):  # a paragraph of its own, not the end of the last one
                    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
                cursor.insertHtml(piece)
                if self._at is not None:
                    self._at = cursor.position()
            self._next += 1
            if time.perf_counter() - started > FEED_BUDGET_S:
                break
        if self._next < self._stop:
            self._timer.start()
            return
        if self._tail:  # the pieces kept at the end follow the new ones
            moved = (document.characterCount() - 1 if self._at is None else self._at) - self._tail[
                0
            ]
            self._starts += [at + moved for at in self._tail]
            self._tail = []
        self._next = self._stop = len(self._pieces)
        self._length = document.characterCount()
        self.view.verticalScrollBar().setValue(self._scroll)
        self.finished.emit()


def fill_outline(outline: QListWidget, document: Document) -> None:
    """The document's headings, parts and sections flush left and bold, the rest indented."""
    from chairdesk.export import model

    outline.blockSignals(True)
    outline.clear()
    for heading in (b for b in document.blocks if isinstance(b, model.Heading)):
        item = QListWidgetItem("    " * max(heading.level - 1, 0) + heading.text)
        item.setToolTip(heading.text)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, heading.text)
        if heading.level <= 1:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        outline.addItem(item)
    outline.blockSignals(False)


def show_in_colour(label: QLabel, text: str, colours: dict[str, str] | None) -> None:
    """Text in bold and the scheme's colour for it (the words always say it too)."""
    colour = (colours or {}).get(scheme())
    label.setStyleSheet(f"color: {colour}; font-weight: 600;" if colour else "font-weight: 600;")
    label.setText(text)
