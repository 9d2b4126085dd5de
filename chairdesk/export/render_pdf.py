"""Renders a document model to PDF with reportlab: embedded DejaVu fonts, every page marked."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from chairdesk.export import model as m
from chairdesk.export.chart import chart_drawing
from chairdesk.export.pdf_fonts import BOLD, FONT, ITALIC, markup, needs_shaping, register_fonts
from chairdesk.export.pdf_page import numbered_canvas
from chairdesk.export.pdf_paragraph import ShapedParagraph, WrappedOnce
from chairdesk.export.text import split_paragraphs

INK = colors.HexColor("#1A1A1A")
ACCENT = colors.HexColor("#1F4E79")
PALE = colors.HexColor("#E8F0F8")
DONE = colors.HexColor("#DCEFD9")
DONE_INK = colors.HexColor("#1E6B2E")
MARGIN = 18 * mm


class _Styles:
    def __init__(self, large: bool) -> None:
        size = 16.0 if large else 10.5
        self.size = size
        self.body = ParagraphStyle(
            "body",
            fontName=FONT,
            fontSize=size,
            leading=size * 1.35,
            textColor=INK,
            spaceAfter=size * 0.45,
            bulletFontName=FONT,
            bulletFontSize=size,
        )
        self.intro = ParagraphStyle(
            "intro",
            parent=self.body,
            fontSize=size * 1.08,
            leading=size * 1.5,
            spaceAfter=size * 0.8,
        )
        self.note = ParagraphStyle(
            "note", parent=self.body, fontName=ITALIC, textColor=colors.HexColor("#555555")
        )
        self.small = ParagraphStyle(
            "small",
            parent=self.body,
            fontSize=size * 0.9,
            leading=size * 1.2,
            spaceAfter=size * 0.2,
        )
        self.bullet = ParagraphStyle(
            "bullet", parent=self.body, leftIndent=size * 1.3, bulletIndent=size * 0.2
        )
        self.cell = ParagraphStyle("cell", parent=self.body, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cellb", parent=self.cell, fontName=BOLD)
        self.title = ParagraphStyle(
            "title",
            parent=self.body,
            fontName=BOLD,
            fontSize=size * 2,
            leading=size * 2.4,
            textColor=ACCENT,
            spaceAfter=size,
        )
        self.banner = ParagraphStyle(
            "banner",
            parent=self.body,
            fontName=BOLD,
            fontSize=size * 1.8,
            leading=size * 2.2,
            textColor=colors.white,
            spaceAfter=0,
        )
        self.h = [
            self.banner,
            ParagraphStyle(
                "h1",
                parent=self.body,
                fontName=BOLD,
                fontSize=size * 1.45,
                leading=size * 1.8,
                textColor=ACCENT,
                spaceBefore=size * 1.1,
                spaceAfter=size * 0.4,
                keepWithNext=1,
            ),
            ParagraphStyle(
                "h2",
                parent=self.body,
                fontName=BOLD,
                fontSize=size * 1.2,
                leading=size * 1.5,
                spaceBefore=size * 0.8,
                spaceAfter=size * 0.3,
                keepWithNext=1,
            ),
            ParagraphStyle(
                "h3",
                parent=self.body,
                fontName=BOLD,
                fontSize=size * 1.05,
                leading=size * 1.35,
                spaceBefore=size * 0.5,
                spaceAfter=size * 0.2,
                keepWithNext=1,
            ),
        ]


def _para(
    text: str, style: ParagraphStyle, lead: str = "", bullet: str = "", lead_gap: str = " "
) -> Flowable:
    """A paragraph, led by bold text if given: shaped and ordered by direction where the
    text needs it (right-to-left, Indic, Ge'ez, Chinese), else reportlab's own paragraph."""
    if needs_shaping(lead + text):
        segments = [(lead + lead_gap, True)] if lead else []
        return ShapedParagraph([*segments, (text, False)], style, bullet)
    body = markup(text)
    if lead:
        body = f"<b>{markup(lead)}</b>{lead_gap}{body}"
    return WrappedOnce(body, style, bulletText=bullet or None)


def _cell(text: str, style: ParagraphStyle) -> list[Flowable]:
    """A table cell's text, one paragraph per line, so long text can wrap and split."""
    return [_para(part, style) for part in split_paragraphs(text)] or [_para("", style)]


def _table(block: m.Table, width: float, s: _Styles) -> Table:
    widths = block.widths or tuple(1 / len(block.headers) for _ in block.headers)
    has_header = any(h for h in block.headers)
    rows: list[list[Any]] = []
    if has_header:
        rows.append([_cell(h, s.cell_bold) for h in block.headers])
    for row in block.rows:
        rows.append(
            [
                _cell(v, s.cell_bold if i == 0 and not has_header else s.cell)
                for i, v in enumerate(row)
            ]
        )
    table = Table(
        rows,
        colWidths=[w * width for w in widths],
        repeatRows=1 if has_header else 0,
        splitInRow=1,
        hAlign="LEFT",
    )
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#9AA5B1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if has_header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), PALE))
    else:
        style.append(("BACKGROUND", (0, 0), (0, -1), PALE))
    table.setStyle(TableStyle(style))
    return table


def _action(block: m.ActionCard, width: float, s: _Styles) -> list[Flowable]:
    mark = "✓ " if block.achieved else ""
    head = _para(
        block.status,
        ParagraphStyle(
            "cardhead",
            parent=s.cell,
            textColor=DONE_INK if block.achieved else colors.white,
            fontSize=s.size * 1.1,
            leading=s.size * 1.45,
        ),
        lead=mark + block.title,
        lead_gap="   ",
    )
    rows: list[list[Any]] = [[head, _para("", s.cell)]]
    rows += [[_cell(label, s.cell_bold), _cell(value, s.cell)] for label, value in block.fields]
    table = Table(rows, colWidths=[0.28 * width, 0.72 * width], splitInRow=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (1, 0)),
                ("BACKGROUND", (0, 0), (1, 0), DONE if block.achieved else ACCENT),
                ("BOX", (0, 0), (-1, -1), 1, DONE_INK if block.achieved else ACCENT),
                ("LINEBELOW", (0, 1), (-1, -2), 0.3, colors.HexColor("#C8D1DA")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    # Kept on one page where it fits; a card taller than a page still splits between rows.
    return [KeepTogether([table]), Spacer(1, s.size * 0.9)]


def _banner(text: str, width: float, s: _Styles) -> Table:
    table = Table([[_para(text, s.banner)]], colWidths=[width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return table


def _notice(block: m.Notice, width: float, s: _Styles) -> Table:
    cells: list[Any] = []
    if block.title:
        cells.append(_para(block.title, s.h[3]))
    cells.extend(_cell(block.text, s.cell))
    table = Table([[cells]], colWidths=[width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), PALE),
                ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _flowables(document: m.Document, width: float, s: _Styles) -> list[Flowable]:
    out: list[Flowable] = [_para(document.title, s.title)]
    for block in document.blocks:
        if isinstance(block, m.Heading):
            if block.level == 0:
                out += [
                    Spacer(1, s.size * 0.6),
                    _banner(block.text, width, s),
                    Spacer(1, s.size * 0.6),
                ]
            else:
                out.append(_para(block.text, s.h[min(block.level, 3)]))
        elif isinstance(block, m.Paragraph):
            style = {"intro": s.intro, "note": s.note, "small": s.small}.get(block.style, s.body)
            out.append(_para(block.text, style, block.lead))
        elif isinstance(block, m.BulletList):
            out += [_para(item, s.bullet, bullet="•") for item in block.items]
        elif isinstance(block, m.Notice):
            out += [_notice(block, width, s), Spacer(1, s.size * 0.8)]
        elif isinstance(block, m.Table):
            out += [_table(block, width, s), Spacer(1, s.size * 0.8)]
        elif isinstance(block, m.ActionCard):
            out += _action(block, width, s)
        elif isinstance(block, m.Glossary):
            out += [_para(e, s.body, lead=f"{t}:") for t, e in block.terms]
        elif isinstance(block, m.Chart):
            drawing = chart_drawing(block, min(width, 140 * mm), 55 * mm, FONT)
            out.append(
                KeepTogether(
                    [_para(block.title, s.small), drawing, _para(block.description, s.small)]
                )
            )
        elif isinstance(block, m.PageBreak):
            out.append(PageBreak())
        elif isinstance(block, m.Picture):
            out += _picture(block, width, s)
    return out


def _picture(block: m.Picture, width: float, s: _Styles) -> list[Flowable]:
    """A picture scaled to fit the text width and a third of the page, with its caption."""
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    reader = ImageReader(io.BytesIO(block.data))
    w, h = reader.getSize()
    scale = min(width / w, (A4[1] / 3) / h, 1.0)
    image = Image(io.BytesIO(block.data), width=w * scale, height=h * scale)
    image.hAlign = "LEFT"
    return [KeepTogether([image, _para(block.caption, s.small)]), Spacer(1, s.size * 0.6)]


def render_pdf(document: m.Document) -> bytes:
    """The document as PDF bytes."""
    register_fonts()
    s = _Styles(document.large_print)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=24 * mm,
        bottomMargin=20 * mm,
        title=document.metadata_title,
        author="",
        subject="",
        creator="",
        producer="",
        keywords=[],
        lang="en-GB",
        initialFontName=FONT,
    )
    doc.build(_flowables(document, doc.width, s), canvasmaker=numbered_canvas(document))
    return out.getvalue()
