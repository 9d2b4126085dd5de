"""Renders a document model to Word (DOCX) with python-docx: marked headers, page fields, RTL."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from chairdesk.export import model as m
from chairdesk.export.chart import chart_png
from chairdesk.export.text import (
    direction_runs,
    split_paragraphs,
    starts_rtl,
    strip_bidi_controls,
)

FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
MARK = RGBColor(0xB0, 0x00, 0x20)
DONE_INK = RGBColor(0x1E, 0x6B, 0x2E)

# Word's extended properties with nothing that names a tool or a person (DESIGN.md §6).
_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    'docPropsVTypes"><Application></Application><DocSecurity>0</DocSecurity>'
    "<ScaleCrop>false</ScaleCrop><Company></Company><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _shade(element: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    element.append(shd)


# Children of w:pPr that must come after w:bidi and w:shd (Word rejects out-of-order XML).
_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_AFTER_SHD = (
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    *_AFTER_BIDI,
)


def _bidi(paragraph: Any) -> None:
    """Marks a paragraph as right-to-left (its first strong letter is Arabic or Hebrew)."""
    paragraph._p.get_or_add_pPr().insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _cell_shade(cell: Any, fill: str) -> None:
    _shade(cell._tc.get_or_add_tcPr(), fill)


def _add_text(
    paragraph: Any,
    text: str,
    bold: bool = False,
    color: RGBColor | None = None,
    size: float | None = None,
) -> None:
    """Adds text as runs, marking each right-to-left run so Word lays it out correctly.

    Direction is carried by w:rtl on the run and w:bidi on the paragraph, never by invisible
    override characters (any pasted ones are taken out)."""
    for piece, rtl in direction_runs(strip_bidi_controls(text)):
        run = paragraph.add_run(piece)
        run.bold = bold or None
        if color is not None:
            run.font.color.rgb = color
        if size is not None:
            run.font.size = Pt(size)
        if rtl:
            rpr = run._r.get_or_add_rPr()
            rpr.get_or_add_rtl()
            if bold:
                rpr.get_or_add_bCs()


def _style(container: Any, name: str | None) -> Any:
    """The style object for `name`: python-docx searches every style per name lookup."""
    if name is None:
        return None
    part = container.part
    cache: dict[str, Any] = part.__dict__.setdefault("_chairdesk_styles", {})
    if name not in cache:
        cache[name] = part.document.styles[name]
    return cache[name]


def _paragraph(
    container: Any,
    text: str,
    lead: str = "",
    style: str | None = None,
    bold: bool = False,
    color: RGBColor | None = None,
) -> Any:
    paragraph = container.add_paragraph(style=_style(container, style))
    if starts_rtl(text or lead):  # the body sets the direction, not a lead such as a name
        _bidi(paragraph)
    if lead:
        _add_text(paragraph, lead + " ", bold=True)
    _add_text(paragraph, text, bold=bold, color=color)
    return paragraph


def _field(paragraph: Any, instruction: str, size: float) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay out."""
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        elif kind == "text":
            run.text = text
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)


def _header_footer(doc: Any, document: m.Document) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_text(header, document.marking, bold=True, color=MARK, size=10)
    line = section.header.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_text(line, f"{document.reference_line()}   ·   {document.recipient_line()}", size=8.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_text(footer, document.marking + "   ·   ", bold=True, color=MARK, size=9)
    # "Page {number} of {total}" in the copy's language, with Word's fields in the gaps.
    for part in re.split(r"(\{number\}|\{total\})", document.words.page):
        if part in ("{number}", "{total}"):
            _field(footer, "PAGE" if part == "{number}" else "NUMPAGES", 9)
        elif part:
            _add_text(footer, part, size=9)


def _styles(doc: Any, large: bool) -> float:
    size = 16.0 if large else 10.5
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(size)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(size * 0.45)
    for level, factor in ((1, 1.8), (2, 1.45), (3, 1.2), (4, 1.05)):
        style = doc.styles[f"Heading {level}"]
        style.font.name = FONT
        style.font.size = Pt(size * factor)
        style.font.color.rgb = ACCENT if level < 3 else RGBColor(0x1A, 0x1A, 0x1A)
        style.font.italic = False
    title = doc.styles["Title"]
    title.font.name = FONT
    title.font.size = Pt(size * 2)
    title.font.color.rgb = ACCENT
    return size


def _table(doc: Any, block: m.Table, width: float) -> None:
    has_header = any(block.headers)
    rows = ([block.headers] if has_header else []) + list(block.rows)
    if not rows:
        return
    table = doc.add_table(rows=len(rows), cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    widths = block.widths or tuple(1 / len(block.headers) for _ in block.headers)
    _column_widths(table, [width * w for w in widths])
    grid = [row.cells for row in table.rows]
    for r, row in enumerate(rows):
        for col, value in enumerate(row):
            cell = grid[r][col]
            cell.width = Cm(width * widths[col])
            bold = (has_header and r == 0) or (not has_header and col == 0)
            _fill_cell(cell, value, bold)
            if bold:
                _cell_shade(cell, "E8F0F8")
    doc.add_paragraph()


def _keep_together(table: Any) -> None:
    """Asks Word to keep a card on one page: rows whole, each row kept with the next."""
    rows = list(table.rows)
    for index, row in enumerate(rows):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if index < len(rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _column_widths(table: Any, widths_cm: list[float]) -> None:
    """Fixed column widths in the table grid, which LibreOffice follows (not only each cell)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)


def _fill_cell(cell: Any, text: str, bold: bool = False, color: RGBColor | None = None) -> None:
    parts = split_paragraphs(text) or [""]
    first = cell.paragraphs[0]
    if starts_rtl(parts[0]):
        _bidi(first)
    _add_text(first, parts[0], bold=bold, color=color)
    for part in parts[1:]:
        _paragraph(cell, part, bold=bold, color=color)


def _action(doc: Any, block: m.ActionCard, width: float) -> None:
    table = doc.add_table(rows=len(block.fields) + 1, cols=2)
    table.style = "Table Grid"
    _column_widths(table, [width * 0.28, width * 0.72])
    head = table.cell(0, 0).merge(table.cell(0, 1))
    title = ("✓ " if block.achieved else "") + block.title
    _fill_cell(
        head,
        f"{title}   {block.status}",
        bold=True,
        color=DONE_INK if block.achieved else RGBColor(0xFF, 0xFF, 0xFF),
    )
    _cell_shade(head, "DCEFD9" if block.achieved else "1F4E79")
    for row, (label, value) in zip(table.rows[1:], block.fields, strict=True):
        left, right = row.cells
        left.width, right.width = Cm(width * 0.28), Cm(width * 0.72)
        _fill_cell(left, label, bold=True)
        _fill_cell(right, value)
    _keep_together(table)
    doc.add_paragraph()


def _notice(doc: Any, block: m.Notice, width: float) -> None:
    table = doc.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.cell(0, 0)
    cell.width = Cm(width)
    _cell_shade(cell, "E8F0F8")
    if block.title:
        _fill_cell(cell, block.title, bold=True, color=ACCENT)
        for part in split_paragraphs(block.text):
            _paragraph(cell, part)
    else:
        _fill_cell(cell, block.text)
    doc.add_paragraph()


def _banner(doc: Any, text: str) -> None:
    paragraph = _paragraph(doc, text, style="Heading 1", color=RGBColor(0xFF, 0xFF, 0xFF))
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), "1F4E79")
    paragraph._p.get_or_add_pPr().insert_element_before(shd, *_AFTER_SHD)


def _blocks(doc: Any, document: m.Document, width: float) -> None:
    _paragraph(doc, document.title, style="Title")
    for block in document.blocks:
        if isinstance(block, m.Heading):
            if block.level == 0:
                _banner(doc, block.text)
            else:
                _paragraph(doc, block.text, style=f"Heading {min(block.level, 3) + 1}")
        elif isinstance(block, m.Paragraph):
            p = _paragraph(doc, block.text, lead=block.lead)
            if block.style == "note":
                for run in p.runs:
                    run.italic = True
        elif isinstance(block, m.BulletList):
            for item in block.items:
                _paragraph(doc, item, style="List Bullet")
        elif isinstance(block, m.Notice):
            _notice(doc, block, width)
        elif isinstance(block, m.Table):
            _table(doc, block, width)
        elif isinstance(block, m.ActionCard):
            _action(doc, block, width)
        elif isinstance(block, m.Glossary):
            for term, explanation in block.terms:
                _paragraph(doc, explanation, lead=f"{term}:")
        elif isinstance(block, m.Chart):
            _paragraph(doc, block.title, bold=True).paragraph_format.keep_with_next = True
            doc.add_picture(io.BytesIO(chart_png(block, 400, 160)), width=Cm(min(width, 14)))
            _paragraph(doc, block.description)
        elif isinstance(block, m.PageBreak):
            doc.add_page_break()
        elif isinstance(block, m.Picture):
            doc.add_picture(io.BytesIO(block.data), width=Cm(_picture_width(block, width)))
            _paragraph(doc, block.caption)


def _picture_width(block: m.Picture, width: float) -> float:
    """Centimetres wide: the text width at most, and never taller than 9 cm."""
    from PIL import Image

    with Image.open(io.BytesIO(block.data)) as picture:
        w, h = picture.size
    return max(1.0, min(width, 12.0, 9.0 * w / max(h, 1)))


def _metadata(doc: Any, document: m.Document) -> None:
    props = doc.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.author = ""
    props.last_modified_by = ""
    props.title = document.metadata_title
    props.subject = ""
    props.keywords = ""
    props.comments = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.language = "en-GB"
    props.version = ""
    props.revision = 1
    props.created = now
    props.modified = now


def _rewrite_app_xml(data: bytes) -> bytes:
    """Replaces the template's docProps/app.xml, which names the program that made it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue
            body = source.read(info.filename)
            if info.filename == "docProps/app.xml":
                body = _APP_XML.encode("utf-8")
            elif info.filename in ("_rels/.rels", "[Content_Types].xml"):
                body = _drop_thumbnail(body)
            target.writestr(info, body)
    return out.getvalue()


def _drop_thumbnail(xml: bytes) -> bytes:
    return re.sub(rb"<(Relationship|Override)[^>]*thumbnail\.jpeg\"\s*/>", b"", xml)


def render_docx(document: m.Document) -> bytes:
    """The document as DOCX bytes."""
    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.9))
    section.top_margin, section.bottom_margin = Cm(2.4), Cm(2.0)
    width = 21.0 - 3.8
    _styles(doc, document.large_print)
    _header_footer(doc, document)
    _blocks(doc, document, width)
    _metadata(doc, document)
    out = io.BytesIO()
    doc.save(out)
    return _rewrite_app_xml(out.getvalue())
