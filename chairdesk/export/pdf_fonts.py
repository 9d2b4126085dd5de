"""PDF text support: DejaVu Sans registered from resources, RTL shaping, glyph coverage."""

from __future__ import annotations

import functools
import unicodedata
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from chairdesk import paths
from chairdesk.export.text import has_rtl

FONT, BOLD, ITALIC = "ChairDeskSans", "ChairDeskSans-Bold", "ChairDeskSans-Oblique"


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF as UTF-16 surrogate pairs.

    reportlab writes them as five hex digits, so text copied or extracted from the PDF turns
    an emoji into an unrelated letter; this is the same CMap with that one thing put right.
    """

    def utf16(v: int) -> str:
        return chr(v).encode("utf-16-be", "surrogatepass").hex().upper()

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


def register_fonts() -> None:
    """Registers DejaVu Sans from resources once per process."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    for name, file in (
        (FONT, "DejaVuSans.ttf"),
        (BOLD, "DejaVuSans-Bold.ttf"),
        (ITALIC, "DejaVuSans-Oblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(paths.resource("fonts", file))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


@functools.cache
def _covered() -> frozenset[int]:
    """The code points DejaVu Sans can draw."""
    register_fonts()
    font = pdfmetrics.getFont(FONT)
    return frozenset(font.face.charToGlyph)


def _drawable(text: str) -> str:
    """Characters the font lacks (emoji, rare scripts) written as their Unicode names.

    A missing glyph would print as an empty box and copy out as the wrong character, so the
    reader sees "[SMILING FACE]" instead. Invisible joiners and variation selectors go.
    """
    covered = _covered()
    if all(ord(ch) in covered for ch in text):
        return text
    out = []
    for ch in text:
        if ord(ch) in covered or ch in "\n ":
            out.append(ch)
        elif unicodedata.category(ch) in ("Cf", "Mn") or 0xFE00 <= ord(ch) <= 0xFE0F:
            continue
        else:
            out.append(f"[{unicodedata.name(ch, f'U+{ord(ch):04X}')}]")
    return "".join(out)


def visual(text: str) -> str:
    """Text the PDF can draw: right-to-left runs shaped and put in display order."""
    if has_rtl(text):
        text = str(get_display(arabic_reshaper.reshape(text)))
    return _drawable(text)


def markup(text: str) -> str:
    """Plain text made safe for reportlab's paragraph markup."""
    return escape(visual(text))
