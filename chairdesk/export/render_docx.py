"""Renders a document model to Word (DOCX): marked headers, page fields, RTL.

python-docx makes the package, the styles, the header and footer and the pictures; the body's
paragraphs and tables are written as XML by export/docx_xml.py (python-docx's cell-by-cell
table calls cost several times the text they hold).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Pt, RGBColor

from chairdesk.export import docx_xml as x
from chairdesk.export import model as m
from chairdesk.export.chart import chart_png
from chairdesk.export.text import direction_runs, split_paragraphs, strip_bidi_controls

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


def _hex(color: RGBColor | None) -> str:
    return str(color) if color is not None else ""


def _table(body: x.BodyWriter, block: m.Table, width: float) -> None:
    has_header = any(block.headers)
    rows = ([block.headers] if has_header else []) + list(block.rows)
    if not rows:
        return
    widths = block.widths or tuple(1 / len(block.headers) for _ in block.headers)
    twips = [x.cm_twips(width * w) for w in widths]
    made = []
    for r, row in enumerate(rows):
        cells = []
        for col, value in enumerate(row):
            bold = (has_header and r == 0) or (not has_header and col == 0)
            content = x.cell_paragraphs(value, bold)
            cells.append(x.cell(content, twips[col], x.PALE_FILL if bold else ""))
        made.append("".join(cells))
    body.add(x.table(made, twips, align_left=True, fixed=True))
    body.add("<w:p/>")


def _action(body: x.BodyWriter, block: m.ActionCard, width: float, text_width: Length) -> None:
    """A card kept on one page where Word can: rows whole, each row kept with the next."""
    last = len(block.fields)
    title = ("✓ " if block.achieved else "") + block.title
    color = DONE_INK if block.achieved else RGBColor(0xFF, 0xFF, 0xFF)
    head = x.cell_paragraphs(f"{title}   {block.status}", True, _hex(color), keep_next=last > 0)
    # A merged cell is as wide as the two cells of python-docx's new table it was made from.
    start = x.twips(Emu(text_width // 2))
    fill = "DCEFD9" if block.achieved else "1F4E79"
    rows = [x.cell(head, 2 * start, fill, span=2)]
    left, right = x.cm_twips(width * 0.28), x.cm_twips(width * 0.72)
    for index, (label, value) in enumerate(block.fields, start=1):
        keep = index < last
        rows.append(
            x.cell(x.cell_paragraphs(label, True, keep_next=keep), left)
            + x.cell(x.cell_paragraphs(value, keep_next=keep), right)
        )
    body.add(x.table(rows, [left, right], fixed=True, keep_rows=True))
    body.add("<w:p/>")


def _notice(body: x.BodyWriter, block: m.Notice, width: float, text_width: Length) -> None:
    if block.title:
        content = x.cell_paragraphs(block.title, True, _hex(ACCENT))
        content += "".join(x.paragraph(part) for part in split_paragraphs(block.text))
    else:
        content = x.cell_paragraphs(block.text)
    grid = x.twips(Emu(text_width))
    body.add(x.table([x.cell(content, x.cm_twips(width), x.PALE_FILL)], [grid]))
    body.add("<w:p/>")


def _blocks(doc: Any, document: m.Document, width: float) -> None:
    body = x.BodyWriter(doc)
    text_width = _text_width(doc)
    body.add(x.paragraph(document.title, style_id="Title"))
    for block in document.blocks:
        if isinstance(block, m.Heading):
            if block.level == 0:
                white = _hex(RGBColor(0xFF, 0xFF, 0xFF))
                body.add(x.paragraph(block.text, style_id="Heading1", color=white, fill="1F4E79"))
            else:
                body.add(x.paragraph(block.text, style_id=f"Heading{min(block.level, 3) + 1}"))
        elif isinstance(block, m.Paragraph):
            italic = block.style == "note"
            body.add(x.paragraph(block.text, block.lead, italic=italic))
        elif isinstance(block, m.BulletList):
            body.add("".join(x.paragraph(item, style_id="ListBullet") for item in block.items))
        elif isinstance(block, m.Notice):
            _notice(body, block, width, text_width)
        elif isinstance(block, m.Table):
            _table(body, block, width)
        elif isinstance(block, m.ActionCard):
            _action(body, block, width, text_width)
        elif isinstance(block, m.Glossary):
            body.add("".join(x.paragraph(e, lead=f"{t}:") for t, e in block.terms))
        elif isinstance(block, m.Chart):
            body.add(x.paragraph(block.title, bold=True, keep_next=True))
            body.flush()
            doc.add_picture(io.BytesIO(chart_png(block, 400, 160)), width=Cm(min(width, 14)))
            body.add(x.paragraph(block.description))
        elif isinstance(block, m.PageBreak):
            body.flush()
            doc.add_page_break()
        elif isinstance(block, m.Picture):
            body.flush()
            doc.add_picture(io.BytesIO(block.data), width=Cm(_picture_width(block, width)))
            body.add(x.paragraph(block.caption))
    body.flush()


def _text_width(doc: Any) -> Length:
    """The width between the margins, as python-docx gives a new table (read back in twips)."""
    section = doc.sections[-1]
    return Emu(section.page_width - section.left_margin - section.right_margin)


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
