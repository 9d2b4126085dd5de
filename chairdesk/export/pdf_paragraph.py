"""A reportlab flowable for text in any script: shaped, ordered and aligned by direction."""

from __future__ import annotations

from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from chairdesk.export.bidi import base_rtl
from chairdesk.export.pdf_fonts import BOLD, ITALIC
from chairdesk.export.shaping import Line, layout

ASCENT = 0.93  # of the font size: where the first baseline sits below the top


class WrappedOnce(Paragraph):  # type: ignore[misc]
    """reportlab's paragraph, broken into lines once for each width it is offered.

    A table wraps each cell more than once (to size its rows, then to draw or split them), and
    keeping a card together wraps it again; reportlab breaks the lines anew each time, word by
    word. The lines for the same width are the same, so they are kept.
    """

    _wrapped: tuple[float, float, float] | None = None  # (offered width, width, height)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        wrapped = self._wrapped
        # reportlab's split drops the lines it found when it cannot use them: wrap anew then.
        if wrapped is not None and wrapped[0] == avail_width and hasattr(self, "blPara"):
            self.width, self.height = wrapped[1], wrapped[2]
            return self.width, self.height
        width, height = super().wrap(avail_width, avail_height)
        self._wrapped = (avail_width, width, height)
        return width, height


class ShapedParagraph(Flowable):  # type: ignore[misc]
    """A paragraph of (text, bold) segments, wrapped like reportlab's Paragraph.

    Right-to-left paragraphs are right-aligned and their bullet stands on the right. The
    direction is the last segment's (the body, not a bold lead such as the speaker's name):
    its first strong letter, Arabic or Hebrew, makes it right-to-left.
    """

    def __init__(
        self, segments: list[tuple[str, bool]], style: ParagraphStyle, bullet: str = ""
    ) -> None:
        super().__init__()
        self.segments = segments
        self.style = style
        self.bullet = bullet
        self.lines: list[Line] = []
        self.rtl = False
        self._wrapped_at: float | None = None

    def _bold(self) -> bool:
        return bool(self.style.fontName == BOLD)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._wrapped_at != avail_width:
            style = self.style
            inner = avail_width - style.leftIndent - style.rightIndent
            segments = [(t, b or self._bold()) for t, b in self.segments]
            self.lines, self.rtl = layout(
                segments,
                style.fontSize,
                [max(inner, style.fontSize)],
                style.fontName == ITALIC,
                base_rtl(segments[-1][0]) if segments else False,
            )
            self._wrapped_at = avail_width
        self.width = avail_width
        self.height = len(self.lines) * self.style.leading
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        fit = int((avail_height + 1e-6) // self.style.leading)
        if fit <= 0:
            return []
        if fit >= len(self.lines):
            return [self]
        first, rest = (self._part(self.lines[:fit]), self._part(self.lines[fit:]))
        first.spaceAfter = 0
        rest.spaceBefore = 0
        rest.bullet = ""
        return [first, rest]

    def _part(self, lines: list[Line]) -> ShapedParagraph:
        part = ShapedParagraph(self.segments, self.style, self.bullet)
        part.lines, part.rtl, part._wrapped_at = lines, self.rtl, self._wrapped_at
        return part

    def draw(self) -> None:
        canvas: Canvas = self.canv
        style = self.style
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        alignment = style.alignment
        if self.rtl and alignment == TA_LEFT:
            alignment = TA_RIGHT
        left = style.leftIndent
        right = self.width - style.rightIndent
        if self.rtl:  # the indent that makes room for a bullet goes on the right
            left, right = style.rightIndent, self.width - style.leftIndent
        for index, line in enumerate(self.lines):
            y = self.height - index * style.leading - style.fontSize * ASCENT
            if alignment == TA_RIGHT:
                x = right - line.width
            elif alignment == TA_CENTER:
                x = (left + right - line.width) / 2
            else:
                x = left
            draw_line(canvas, line, x, y)
        if self.bullet and self.lines:
            y = self.height - style.fontSize * ASCENT
            canvas.setFont(style.bulletFontName, style.bulletFontSize)
            if self.rtl:
                canvas.drawRightString(self.width - style.bulletIndent, y, self.bullet)
            else:
                canvas.drawString(style.bulletIndent, y, self.bullet)
        canvas.restoreState()


def draw_line(canvas: Any, line: Line, x: float, y: float) -> None:
    """Draws one laid-out line with its left end at x, baseline y."""
    for piece in line.pieces:
        canvas.setFont(piece.font, piece.size)
        canvas.drawString(x, y, piece.text)
        x += piece.width
