"""PDF fonts: one shipped font per script, chosen for each character, registered when first used.

Latin, Greek and Cyrillic (with every diacritic of Polish, Romanian, Vietnamese) are drawn by
DejaVu Sans; Arabic-script languages by Noto Naskh Arabic; Hebrew, Bengali, Gurmukhi, Gujarati,
Devanagari, Tamil and Ge'ez by their Noto Sans fonts; Chinese by a cut-down Droid Sans Fallback.
All live in resources/fonts with their licences and are embedded (subset) in each PDF.
"""

from __future__ import annotations

import functools
import unicodedata
from xml.sax.saxutils import escape

import reportlab
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from chairdesk import paths

FONT, BOLD, ITALIC = "ChairDeskSans", "ChairDeskSans-Bold", "ChairDeskSans-Oblique"

# reportlab versions whose private text-drawing parts (ShapedStr, the face's glyph tables,
# makeToUnicodeCMap) this module and export/shaping.py were checked against. pyproject.toml
# pins the same range; anything else is refused rather than drawn wrongly.
CHECKED_REPORTLAB = ("5.1.",)

# Script (the first word of a letter's Unicode name) -> (regular file, bold file).
SCRIPT_FONTS: dict[str, tuple[str, str]] = {
    "arabic": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    "hebrew": ("NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    "bengali": ("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    "gurmukhi": ("NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf"),
    "gujarati": ("NotoSansGujarati-Regular.ttf", "NotoSansGujarati-Bold.ttf"),
    "devanagari": ("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    "tamil": ("NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"),
    "ethiopic": ("NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
    "chinese": ("DroidSansFallback-Chinese.ttf", "DroidSansFallback-Chinese.ttf"),
}
_NAME_SCRIPT = {
    "ARABIC": "arabic",
    "HEBREW": "hebrew",
    "BENGALI": "bengali",
    "GURMUKHI": "gurmukhi",
    "GUJARATI": "gujarati",
    "DEVANAGARI": "devanagari",
    "TAMIL": "tamil",
    "ETHIOPIC": "ethiopic",
    "CJK": "chinese",
    "IDEOGRAPHIC": "chinese",
    "HIRAGANA": "chinese",
    "KATAKANA": "chinese",
    "BOPOMOFO": "chinese",
    "FULLWIDTH": "chinese",
    "HALFWIDTH": "chinese",
}
LATIN = "latin"
# Naskh's letters are small for their point size beside DejaVu Sans; set a little larger, an
# Urdu or Arabic view reads at the size of the English around it. By registered font name.
_SCRIPT_SCALE = {"arabic": 1.15}
SIZE_SCALE: dict[str, float] = {}

# Text for glyphs reportlab gives private-use code points (ligatures, conjuncts, contextual
# forms not in the font's character map), by font face: what copying the text should give.
_GLYPH_TEXT: dict[str, dict[int, str]] = {}


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, put right in two ways.

    Characters beyond U+FFFF are written as UTF-16 surrogate pairs (reportlab writes five hex
    digits, so an emoji copied out of the PDF became an unrelated letter), and a shaped glyph
    with no character of its own maps to the text it was shaped from.
    """
    glyphs = _GLYPH_TEXT.get(fontname.split("+", 1)[-1], {})  # subset tag + face name

    def utf16(v: int) -> str:
        text = glyphs.get(v, chr(v))
        return text.encode("utf-16-be", "surrogatepass").hex().upper()

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


def glyph_text(face: str) -> dict[int, str]:
    """The private-use code -> source text table of one font face (filled by shaping)."""
    return _GLYPH_TEXT.setdefault(face, {})


def check_reportlab() -> None:
    if not reportlab.Version.startswith(CHECKED_REPORTLAB):
        raise RuntimeError(
            f"reportlab {reportlab.Version} is not a version ChairDesk's PDF text was checked "
            f"with ({', '.join(v + 'x' for v in CHECKED_REPORTLAB)})"
        )


def _remembering_widths(font: TTFont) -> TTFont:
    """The font, with the widths it measures remembered.

    reportlab measures every word of every paragraph, character by character in Python, each
    time a paragraph is wrapped (and a table's cells are wrapped more than once); a chair's
    documents use the same words again and again. Only plain strings are remembered: a shaped
    run (reportlab's ShapedStr, a str subclass) carries its own advances and is measured anew.
    """
    measure = font.stringWidth

    @functools.lru_cache(maxsize=65536)
    def remembered(text: str, size: float, encoding: str) -> float:
        return float(measure(text, size, encoding))

    def string_width(text: str, size: float, encoding: str = "utf8") -> float:
        if type(text) is str:
            return remembered(text, size, encoding)
        return float(measure(text, size, encoding))

    font.stringWidth = string_width
    return font


def register_fonts() -> None:
    """Registers DejaVu Sans from resources once per process (script fonts come when used)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    check_reportlab()
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    for name, file in (
        (FONT, "DejaVuSans.ttf"),
        (BOLD, "DejaVuSans-Bold.ttf"),
        (ITALIC, "DejaVuSans-Oblique.ttf"),
    ):
        pdfmetrics.registerFont(
            _remembering_widths(TTFont(name, str(paths.resource("fonts", file))))
        )
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


@functools.cache
def font_name(script: str, bold: bool = False, italic: bool = False) -> str:
    """The registered reportlab name of a script's font, registering it on first use."""
    register_fonts()
    if script == LATIN:
        return BOLD if bold else ITALIC if italic else FONT
    file = SCRIPT_FONTS[script][1 if bold else 0]
    name = "ChairDesk-" + file.removesuffix(".ttf")
    if name not in pdfmetrics.getRegisteredFontNames():
        font = TTFont(name, str(paths.resource("fonts", file)))
        pdfmetrics.registerFont(_remembering_widths(font))
    SIZE_SCALE[name] = _SCRIPT_SCALE.get(script, 1.0)
    return name


@functools.cache
def coverage(script: str) -> frozenset[int]:
    """The code points a script's font can draw."""
    font = pdfmetrics.getFont(font_name(script))
    return frozenset(font.face.charToGlyph)


def _covered() -> frozenset[int]:
    """The code points DejaVu Sans can draw (the plain, unshaped path)."""
    return coverage(LATIN)


@functools.cache
def letter_script(ch: str) -> str | None:
    """The script whose font draws a letter or mark; None for digits, spaces, punctuation."""
    category = unicodedata.category(ch)
    if category[0] not in "LM":
        return None
    script = _NAME_SCRIPT.get(unicodedata.name(ch, "").split(" ", 1)[0])
    if script is not None:
        return script
    return LATIN if category[0] == "L" else None


def needs_shaping(text: str) -> bool:
    """Whether text needs the shaped, direction-aware layout rather than a plain paragraph."""
    if text.isascii():
        return False
    return any(
        unicodedata.bidirectional(ch) in ("R", "AL", "AN") or letter_script(ch) not in (None, LATIN)
        for ch in text
    )


def _name(ch: str) -> str:
    return f"[{unicodedata.name(ch, f'U+{ord(ch):04X}')}]"


def drawable(text: str, covered: frozenset[int] | None = None) -> str:
    """Characters no font has (emoji, rare scripts) written as their Unicode names.

    A missing glyph would print as an empty box and copy out as the wrong character, so the
    reader sees "[SMILING FACE]" instead. Invisible joiners and variation selectors go.
    `covered` is what the drawing path can draw (DejaVu Sans alone unless given).
    """
    covered = _covered() if covered is None else covered
    if all(ord(ch) in covered for ch in text):
        return text
    out = []
    for ch in text:
        if ord(ch) in covered or ch in "\n ":
            out.append(ch)
        elif ch in "\u200c\u200d":
            out.append(ch)  # joiners steer shaping; HarfBuzz draws nothing for them
        elif unicodedata.category(ch) in ("Cf", "Mn") or 0xFE00 <= ord(ch) <= 0xFE0F:
            continue
        else:
            out.append(_name(ch))
    return "".join(out)


@functools.cache
def all_coverage() -> frozenset[int]:
    """What some shipped font draws."""
    union = set(_covered())
    for script in SCRIPT_FONTS:
        union |= coverage(script)
    return frozenset(union)


def visual(text: str) -> str:
    """Text the plain path can draw (no shaping needed: see `needs_shaping`)."""
    return drawable(text)


def markup(text: str) -> str:
    """Plain text made safe for reportlab's paragraph markup."""
    return escape(visual(text))
