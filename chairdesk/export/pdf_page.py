"""What every PDF page carries: the marking, the family reference and recipient, page numbers.

The reference and the recipient share the line under the marking when both fit; otherwise
each gets a line of its own, and anything still wider than the page is shortened with an
ellipsis, so the two never overlap whatever their length or script.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from chairdesk.export import model as m
from chairdesk.export.pdf_fonts import BOLD, FONT, needs_shaping, visual
from chairdesk.export.pdf_paragraph import draw_line
from chairdesk.export.shaping import layout, width_of

INK = colors.HexColor("#1A1A1A")
MARK = colors.HexColor("#B00020")
RULE = colors.HexColor("#9AA5B1")
MARGIN = 18 * mm
GAP = 8 * mm  # the least space between the reference and the recipient on one line
ELLIPSIS = "…"


def _width(text: str, size: float, bold: bool = False) -> float:
    if needs_shaping(text):
        return width_of(text, size, bold)
    return float(pdfmetrics.stringWidth(visual(text), BOLD if bold else FONT, size))


def fitted(text: str, size: float, width: float, bold: bool = False) -> str:
    """The text, or as much of it as fits in `width` followed by an ellipsis."""
    if _width(text, size, bold) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _width(text[:middle].rstrip() + ELLIPSIS, size, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def draw_text(
    target: Any, text: str, x: float, y: float, size: float, bold: bool = False, align: str = "left"
) -> None:
    """One line of any script at x (its left, centre or right end by `align`), baseline y."""
    if not needs_shaping(text):
        target.setFont(BOLD if bold else FONT, size)
        draw = {"left": target.drawString, "centre": target.drawCentredString}
        draw.get(align, target.drawRightString)(x, y, visual(text))
        return
    lines, _ = layout([(text, bold)], size, [1e9])
    if not lines:
        return
    line = lines[0]
    left = {"left": x, "centre": x - line.width / 2, "right": x - line.width}[align]
    draw_line(target, line, left, y)


def _mark_page(target: Any, document: m.Document, number: int, total: int) -> None:
    w, h = A4
    inner = w - 2 * MARGIN
    target.saveState()
    target.setFillColor(MARK)
    marking = fitted(document.marking, 10, inner, True)
    draw_text(target, marking, w / 2, h - 11 * mm, 10, True, "centre")
    target.setFillColor(INK)
    reference = document.reference_line()
    recipient = document.recipient_line()
    size = 8.5
    if _width(reference, size) + GAP + _width(recipient, size) <= inner:
        draw_text(target, reference, MARGIN, h - 16 * mm, size)
        draw_text(target, recipient, w - MARGIN, h - 16 * mm, size, align="right")
        rule = h - 18 * mm
    else:
        draw_text(target, fitted(reference, size, inner), MARGIN, h - 15 * mm, size)
        recipient = fitted(recipient, size, inner)
        draw_text(target, recipient, w - MARGIN, h - 18.6 * mm, size, align="right")
        rule = h - 20 * mm
    target.setStrokeColor(RULE)
    target.line(MARGIN, rule, w - MARGIN, rule)
    target.line(MARGIN, 15 * mm, w - MARGIN, 15 * mm)
    pages = document.page_line(number, total)
    target.setFillColor(MARK)
    marking = fitted(document.marking, 9, inner - _width(pages, 9) - GAP, True)
    draw_text(target, marking, MARGIN, 10 * mm, 9, True)
    target.setFillColor(INK)
    draw_text(target, pages, w - MARGIN, 10 * mm, 9, align="right")
    target.restoreState()


def numbered_canvas(document: m.Document) -> type[canvas.Canvas]:
    """A canvas that holds pages back until the end, so each can say "Page N of M"."""

    class NumberedCanvas(canvas.Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _mark_page(self, document, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas
