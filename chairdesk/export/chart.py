"""The small risk chart: drawn natively in the PDF, rasterised to PNG for Word."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from chairdesk import paths
from chairdesk.export.model import Chart

BAR = colors.HexColor("#2E6DA4")
GRID = colors.HexColor("#BBBBBB")
RANGE = colors.HexColor("#333333")


def _geometry(chart: Chart, width: float, height: float) -> tuple[float, float, float, float]:
    """Left, bottom, plot width and plot height, leaving room for the axis labels."""
    left, bottom = 28.0, 30.0
    return left, bottom, width - left - 8.0, height - bottom - 10.0


def chart_drawing(chart: Chart, width: float, height: float, font: str) -> Drawing:
    """The chart as reportlab vector graphics, in points."""
    d = Drawing(width, height, initialFontName=font, initialFontSize=8)
    left, bottom, plot_w, plot_h = _geometry(chart, width, height)
    for tick in range(0, chart.maximum + 1, 2):
        y = bottom + plot_h * tick / chart.maximum
        d.add(Line(left, y, left + plot_w, y, strokeColor=GRID, strokeWidth=0.5))
        d.add(String(left - 6, y - 3, str(tick), fontName=font, fontSize=8, textAnchor="end"))
    slot = plot_w / max(len(chart.points), 1)
    bar_w = min(slot * 0.5, 60.0)
    for index, point in enumerate(chart.points):
        x = left + slot * index + (slot - bar_w) / 2
        centre = x + bar_w / 2
        d.add(
            String(centre, bottom - 14, point.label, fontName=font, fontSize=8, textAnchor="middle")
        )
        if point.value is None:
            d.add(
                String(
                    centre, bottom + 4, "not scaled", fontName=font, fontSize=7, textAnchor="middle"
                )
            )
            continue
        h = plot_h * point.value / chart.maximum
        d.add(Rect(x, bottom, bar_w, h, fillColor=BAR, strokeColor=None))
        if point.low is not None and point.high is not None:
            y1 = bottom + plot_h * point.low / chart.maximum
            y2 = bottom + plot_h * point.high / chart.maximum
            d.add(Line(centre, y1, centre, y2, strokeColor=RANGE, strokeWidth=1))
            d.add(Line(centre - 4, y1, centre + 4, y1, strokeColor=RANGE, strokeWidth=1))
            d.add(Line(centre - 4, y2, centre + 4, y2, strokeColor=RANGE, strokeWidth=1))
        d.add(
            String(
                centre + bar_w / 2 + 2,
                bottom + h - 9,
                f"{point.value:g}",
                fontName=font,
                fontSize=9,
                textAnchor="start",
            )
        )
    d.add(Line(left, bottom, left + plot_w, bottom, strokeColor=RANGE, strokeWidth=1))
    return d


def chart_png(chart: Chart, width: float, height: float, scale: int = 3) -> bytes:
    """The same chart as a PNG (Word has no vector format python-docx can insert)."""
    w, h = int(width * scale), int(height * scale)
    image = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(paths.resource("fonts", "DejaVuSans.ttf")), 8 * scale)
    left, bottom, plot_w, plot_h = _geometry(chart, width, height)

    def xy(x: float, y: float) -> tuple[float, float]:
        return x * scale, (height - y) * scale

    for tick in range(0, chart.maximum + 1, 2):
        y = bottom + plot_h * tick / chart.maximum
        draw.line([xy(left, y), xy(left + plot_w, y)], fill="#BBBBBB", width=max(1, scale // 2))
        draw.text(xy(left - 6, y), str(tick), fill="black", font=font, anchor="rm")
    slot = plot_w / max(len(chart.points), 1)
    bar_w = min(slot * 0.5, 60.0)
    for index, point in enumerate(chart.points):
        x = left + slot * index + (slot - bar_w) / 2
        centre = x + bar_w / 2
        draw.text(xy(centre, bottom - 10), point.label, fill="black", font=font, anchor="mm")
        if point.value is None:
            draw.text(xy(centre, bottom + 6), "not scaled", fill="black", font=font, anchor="mm")
            continue
        top = bottom + plot_h * point.value / chart.maximum
        draw.rectangle([xy(x, top), xy(x + bar_w, bottom)], fill="#2E6DA4")
        if point.low is not None and point.high is not None:
            y1 = bottom + plot_h * point.low / chart.maximum
            y2 = bottom + plot_h * point.high / chart.maximum
            for a, b in (
                ((centre, y1), (centre, y2)),
                ((centre - 4, y1), (centre + 4, y1)),
                ((centre - 4, y2), (centre + 4, y2)),
            ):
                draw.line([xy(*a), xy(*b)], fill="#333333", width=scale)
        draw.text(
            xy(centre + bar_w / 2 + 2, top - 4),
            f"{point.value:g}",
            fill="black",
            font=font,
            anchor="lm",
        )
    draw.line([xy(left, bottom), xy(left + plot_w, bottom)], fill="#333333", width=scale)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()
