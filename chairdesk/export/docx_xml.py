"""The Word body written as WordprocessingML text: paragraphs, runs and tables in one pass.

python-docx builds a table cell by cell through lookups that walk the whole table (a cell's
paragraphs, its width, a merge, a style found by name each time), which made a plan of 60
actions cost several times what its text needs. Here each block's XML is written as text, in
exactly the elements and order python-docx produced for the same calls (the golden documents
and document.xml stay byte for byte the same), and a run of blocks is parsed once and put into
the body. Pictures, the header and the footer still go through python-docx.

Widths follow python-docx's own conversions (EMU to twentieths of a point, rounded), and a new
table's grid starts as the text width shared equally between its columns, as python-docx's
`add_table` makes it; see docs/decisions.md and the python-docx bound in pyproject.toml.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from docx.shared import Cm, Length

from chairdesk.export.text import direction_runs, split_paragraphs, starts_rtl, strip_bidi_controls

TABLE_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
    'w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)
PALE_FILL = "E8F0F8"


def twips(length: Length | int) -> int:
    """A length as Word's twentieths of a point, rounded as python-docx rounds them."""
    return round(int(length) / 635.0)


def cm_twips(centimetres: float) -> int:
    return twips(Cm(centimetres))


def shade(fill: str) -> str:
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'


def _text(text: str) -> str:
    """A run's content as python-docx writes it: tabs and line breaks as their own elements."""
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            value = "".join(buffer)
            space = ' xml:space="preserve"' if len(value.strip()) < len(value) else ""
            out.append(f"<w:t{space}>{escape(value)}</w:t>")
            buffer.clear()

    for ch in text:
        if ch == "\t":
            flush()
            out.append("<w:tab/>")
        elif ch in "\r\n":
            flush()
            out.append("<w:br/>")
        else:
            buffer.append(ch)
    flush()
    return "".join(out)


def runs(text: str, bold: bool = False, color: str = "", italic: bool = False) -> str:
    """Text as runs, each right-to-left run marked w:rtl (and w:bCs when bold)."""
    out = []
    for piece, rtl in direction_runs(strip_bidi_controls(text)):
        props = "<w:b/>" if bold else ""
        if rtl and bold:
            props += "<w:bCs/>"
        if italic:
            props += "<w:i/>"
        if color:
            props += f'<w:color w:val="{color}"/>'
        if rtl:
            props += "<w:rtl/>"
        body = _text(piece) if piece else ""
        out.append(
            f"<w:r><w:rPr>{props}</w:rPr>{body}</w:r>" if props else f"<w:r><w:rPr/>{body}</w:r>"
        )
    return "".join(out)


def paragraph(
    text: str,
    lead: str = "",
    style_id: str = "",
    bold: bool = False,
    color: str = "",
    *,
    italic: bool = False,
    keep_next: bool = False,
    fill: str = "",
) -> str:
    """One paragraph; right-to-left when its body (not a lead such as a name) starts so."""
    props = f'<w:pStyle w:val="{style_id}"/>' if style_id else ""
    if keep_next:
        props += "<w:keepNext/>"
    if fill:
        props += shade(fill)
    if starts_rtl(text or lead):
        props += "<w:bidi/>"
    body = runs(lead + " ", bold=True, italic=italic) if lead else ""
    body += runs(text, bold=bold, color=color, italic=italic)
    head = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{head}{body}</w:p>" if head or body else "<w:p/>"


def cell_paragraphs(text: str, bold: bool = False, color: str = "", keep_next: bool = False) -> str:
    """A cell's text, one paragraph per line (the first one even when empty)."""
    parts = split_paragraphs(text) or [""]
    return "".join(paragraph(part, bold=bold, color=color, keep_next=keep_next) for part in parts)


def cell(content: str, width: int, fill: str = "", span: int = 1) -> str:
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    shaded = shade(fill) if fill else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{grid}{shaded}</w:tcPr>{content}</w:tc>'
    )


def table(
    rows: Iterable[str],
    grid: Iterable[int],
    *,
    align_left: bool = False,
    fixed: bool = False,
    keep_rows: bool = False,
) -> str:
    """A Table Grid table of the given rows (each a run of w:tc) and column widths."""
    props = '<w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
    if align_left:
        props += '<w:jc w:val="left"/>'
    if fixed:
        props += '<w:tblLayout w:type="fixed"/>'
    columns = "".join(f'<w:gridCol w:w="{w}"/>' for w in grid)
    row_props = "<w:trPr><w:cantSplit/></w:trPr>" if keep_rows else ""
    body = "".join(f"<w:tr>{row_props}{row}</w:tr>" for row in rows)
    return (
        f"<w:tbl><w:tblPr>{props}{TABLE_LOOK}</w:tblPr><w:tblGrid>{columns}</w:tblGrid>"
        f"{body}</w:tbl>"
    )


class BodyWriter:
    """Collects block XML and puts it into the document body, before its section properties."""

    def __init__(self, document: object) -> None:
        body = document.element.body  # type: ignore[attr-defined]
        self._end = body.sectPr
        self._body = body
        self._parts: list[str] = []

    def add(self, xml: str) -> None:
        self._parts.append(xml)

    def flush(self) -> None:
        """Parses what was collected in one go (before python-docx adds anything itself)."""
        if not self._parts:
            return
        holder = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self._parts)}</w:body>")
        self._parts.clear()
        for element in list(holder):
            if self._end is not None:
                self._end.addprevious(element)
            else:
                self._body.append(element)
