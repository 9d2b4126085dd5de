"""Lines of any script for the PDF: fonts by script, HarfBuzz shaping, bidi order, wrapping.

A paragraph is cut into runs of one font and one bidi level; each run is shaped by HarfBuzz
in its own direction (so Arabic joins, Indic clusters form and brackets mirror in
right-to-left runs); words are wrapped in reading order; each line is then put in display
order by the bidirectional algorithm (export/bidi.py), right-aligned when the paragraph is
right-to-left. The shaped runs are reportlab ShapedStr values, which reportlab's canvas draws
with HarfBuzz's positions; see pdf_fonts.CHECKED_REPORTLAB for the versions this was checked on.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Any

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from chairdesk.export import bidi
from chairdesk.export.pdf_fonts import (
    LATIN,
    SIZE_SCALE,
    all_coverage,
    coverage,
    drawable,
    font_name,
    glyph_text,
    letter_script,
)

_JOINERS = "\u200c\u200d"
_FEATURES = {"kern": True, "liga": True}


@dataclass(frozen=True)
class Piece:
    """A run drawn in one go: one font, one level, shaped, with its advance width."""

    text: str  # a ShapedStr
    font: str
    level: int
    width: float
    size: float  # the point size it is set in (see pdf_fonts.SIZE_SCALE)


@dataclass
class _Unit:
    """What wrapping cannot break: a word, or one Chinese character."""

    pieces: list[Piece]
    chars: list[tuple[str, str, int]]  # (character, font, level), for splitting long words
    space: Piece | None  # the space before it, if any

    @property
    def width(self) -> float:
        return sum(p.width for p in self.pieces)


@dataclass(frozen=True)
class Line:
    pieces: tuple[Piece, ...]  # in display order, left to right
    width: float


@functools.lru_cache(maxsize=8192)
def shape(text: str, font: str, size: float, rtl: bool) -> Piece:
    """One run shaped by HarfBuzz in the given direction, as reportlab draws it."""
    size *= SIZE_SCALE.get(font, 1.0)
    ttf = pdfmetrics.getFont(font)
    hb_font = ttf.hbFont(size)  # also gives the font its private-use glyph mapper
    buffer = hb.Buffer()
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    hb.shape(hb_font, buffer, _FEATURES)
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    starts = [*sorted({info.cluster for info in infos}), len(text)]
    per_cluster: dict[int, int] = {}
    for info in infos:
        per_cluster[info.cluster] = per_cluster.get(info.cluster, 0) + 1
    table = glyph_text(ttf.face.name.decode("latin-1"))
    chars, data, advance = [], [], 0.0
    for info, pos in zip(infos, positions, strict=True):
        gid = info.codepoint
        if per_cluster[info.cluster] == 1:
            end = starts[starts.index(info.cluster) + 1]
            source = text[info.cluster : end]
            code = _code(ttf, hb_font, gid, pos.x_advance, source, rtl, table)
        else:
            mapped = ttf.face.glyphToChar.get(gid)
            name = hb_font.glyph_to_string(gid)
            code = mapped[0] if mapped else ttf.hbAddPrivate(name, gid, pos.x_advance)
        scale = ttf.pdfScale
        x_advance = scale(pos.x_advance)
        advance += x_advance
        chars.append(chr(code))
        data.append(
            ShapeData(
                info.cluster,
                x_advance,
                scale(pos.y_advance),
                scale(pos.x_offset),
                scale(pos.y_offset),
                ttf.face.charWidths[code],
            )
        )
    shaped = ShapedStr("".join(chars), shapeData=data)
    return Piece(shaped, font, 0, advance * size / 1000, size)


def _code(
    ttf: Any, hb_font: Any, gid: int, x_advance: int, source: str, rtl: bool, table: dict[int, str]
) -> int:
    """The code reportlab draws a glyph by, chosen so the PDF's text is what was written.

    A glyph that is its cluster's only glyph (a letter in its joining form, a ligature, a
    conjunct) gets a private code whose ToUnicode entry is that cluster's text, unless the
    font's own character for the glyph is already that text, or is its mirror image (a
    bracket in a right-to-left run, which should copy as the bracket seen). Glyphs sharing a
    cluster keep the font's character (see `shape`).
    """
    mapped = ttf.face.glyphToChar.get(gid)
    own = chr(mapped[0]) if mapped else None
    if own == source or (own is not None and rtl and unicodedata.mirrored(source)):
        return int(mapped[0])
    name = f"{hb_font.glyph_to_string(gid)}|{source}"
    code = int(ttf.hbAddPrivate(name, gid, x_advance))
    table.setdefault(code, source)
    return code


def _script_fonts(text: str, bold: list[bool], italic: bool) -> list[str]:
    """The font for each character: its script's, or for neutrals the neighbouring one."""
    scripts: list[str | None] = [letter_script(ch) for ch in text]
    before: list[str | None] = []
    last: str | None = None
    for script in scripts:
        before.append(last)
        last = script or last
    after: list[str | None] = [None] * len(text)
    last = None
    for i in range(len(text) - 1, -1, -1):
        after[i] = last
        last = scripts[i] or last
    out: list[str] = []
    for i, ch in enumerate(text):
        script = scripts[i]
        if script is None or ord(ch) not in coverage(script):
            choices = (before[i], after[i], LATIN, *_all_scripts())
            script = next(
                (s for s in choices if s and (ord(ch) in coverage(s) or ch in _JOINERS)), LATIN
            )
        out.append(font_name(script, bold[i], italic))
    return out


@functools.cache
def _all_scripts() -> tuple[str, ...]:
    from chairdesk.export.pdf_fonts import SCRIPT_FONTS

    return tuple(SCRIPT_FONTS)


def _pieces(chars: list[tuple[str, str, int]], size: float) -> list[Piece]:
    """Characters in reading order grouped into shaped runs of one font and one level."""
    out: list[Piece] = []
    start = 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or chars[i][1:] != chars[start][1:]:
            text = "".join(c for c, _, _ in chars[start:i])
            font, level = chars[start][1], chars[start][2]
            piece = shape(text, font, size, level % 2 == 1)
            out.append(Piece(piece.text, font, level, piece.width, piece.size))
            start = i
    return out


def _breakable(ch: str) -> bool:
    """Whether a line may break before this character inside a word (CJK, long words)."""
    return unicodedata.category(ch)[0] != "M" and ch not in _JOINERS


def _units(text: str, bold: list[bool], italic: bool, size: float, rtl: bool) -> list[_Unit]:
    fonts = _script_fonts(text, bold, italic)
    levels = bidi.levels(text, rtl)
    chinese = {font_name("chinese", False), font_name("chinese", True)}
    units: list[_Unit] = []
    word: list[tuple[str, str, int]] = []
    space: Piece | None = None

    def close() -> None:
        nonlocal word, space
        if word:
            units.append(_Unit(_pieces(word, size), word, space))
        word, space = [], None

    for i, ch in enumerate(text):
        if ch == " ":
            close()
            s = shape(" ", fonts[i], size, False)
            space = Piece(s.text, fonts[i], levels[i], s.width, s.size)
        elif fonts[i] in chinese and unicodedata.category(ch) == "Lo":
            close()
            word = [(ch, fonts[i], levels[i])]
            close()
        else:
            word.append((ch, fonts[i], levels[i]))
    close()
    return units


def _split_long(unit: _Unit, width: float, size: float) -> list[_Unit]:
    """A word wider than the line cut between characters, each part as wide as fits."""
    parts: list[_Unit] = []
    current: list[tuple[str, str, int]] = []
    used = 0.0
    for char in unit.chars:
        w = shape(char[0], char[1], size, char[2] % 2 == 1).width
        if current and used + w > width and _breakable(char[0]):
            parts.append(_Unit(_pieces(current, size), current, None))
            current, used = [], 0.0
        current.append(char)
        used += w
    if current:
        parts.append(_Unit(_pieces(current, size), current, None))
    parts[0].space = unit.space
    return parts


def layout(
    segments: list[tuple[str, bool]],
    size: float,
    widths: list[float],
    italic: bool = False,
    rtl: bool | None = None,
) -> tuple[list[Line], bool]:
    """Lines of text (segments of (text, bold)), wrapped to widths[i] for line i (the last
    width repeats), in display order; and whether the paragraph is right-to-left (given, or
    by its first strong letter)."""
    text = "".join(drawable(t, all_coverage()) for t, _ in segments)
    bold: list[bool] = []
    for t, b in segments:
        bold += [b] * len(drawable(t, all_coverage()))
    rtl = bidi.base_rtl(text) if rtl is None else rtl
    lines: list[list[_Unit]] = [[]]
    used = 0.0
    pending = _units(text, bold, italic, size, rtl)
    while pending:
        unit = pending.pop(0)
        limit = widths[min(len(lines) - 1, len(widths) - 1)]
        gap = unit.space.width if unit.space and lines[-1] else 0.0
        if used + gap + unit.width <= limit or (not lines[-1] and unit.width <= limit):
            lines[-1].append(unit)
            used += gap + unit.width
        elif not lines[-1]:
            pending[:0] = _split_long(unit, limit, size)
        else:
            lines.append([])
            used = 0.0
            pending.insert(0, unit)
    return [_display(line) for line in lines if line], rtl


def _display(units: list[_Unit]) -> Line:
    logical: list[Piece] = []
    for index, unit in enumerate(units):
        if index and unit.space is not None:
            logical.append(unit.space)
        logical.extend(unit.pieces)
    ordered = bidi.visual_order(logical, [p.level for p in logical])
    return Line(tuple(ordered), sum(p.width for p in ordered))


def width_of(text: str, size: float, bold: bool = False) -> float:
    """The width of text set on one line."""
    lines, _ = layout([(text, bold)], size, [1e9])
    return sum(line.width for line in lines)
