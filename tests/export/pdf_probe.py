"""Looking inside a PDF as a reader would: words with their boxes, embedded fonts, glyphs."""

from __future__ import annotations

import html
import io
import re
import subprocess
import unicodedata
from dataclasses import dataclass

import pypdf
from fontTools.ttLib import TTFont
from pypdf.generic import ByteStringObject, ContentStream, TextStringObject

from tests.support.tools import need_tool

# poppler marks right-to-left runs in its output with embedding characters; a reader's text
# has none, so they are taken out before comparing.
_POPPLER_MARKS = re.compile("[\u200e\u200f\u202a-\u202e]")
_RLE_RUN = re.compile("(\u202b[^\u202c]*\u202c)")


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float  # from the top of the page
    x1: float
    y1: float


def words(data: bytes) -> list[Word]:
    """Every word poppler finds, with its box in points (pdftotext -bbox)."""
    tool = need_tool("pdftotext")
    out = subprocess.run(
        [tool, "-bbox", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")
    found: list[Word] = []
    page = 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line
        )
        if match:
            x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
            found.append(Word(page, html.unescape(match.group(5)), x0, y0, x1, y1))
    return found


def nfkc(text: str) -> str:
    """NFKC (folding Arabic presentation forms back to letters) without poppler's direction
    marks or the invisible joiners (ZWNJ keeps Persian "می‌خواهیم" apart when drawn, but is
    no glyph a reader can copy)."""
    return (
        unicodedata.normalize("NFKC", _POPPLER_MARKS.sub("", text))
        .replace("\u200c", "")
        .replace("\u200d", "")
    )


def same_word(found: str, wanted: str) -> bool:
    """A word read back equals one written, in logical or in visual (reversed) order."""
    found, wanted = nfkc(found), nfkc(wanted)
    return found in (wanted, wanted[::-1])


def logical_lines(text: str, rtl: bool) -> str:
    """pdftotext's plain output in reading order.

    poppler writes each line left to right, with each right-to-left run already in reading
    order between embedding marks; in a right-to-left paragraph the runs of a line are read
    from the right, so their order is reversed here. Lines stay in the order poppler gives.
    """
    if not rtl:
        return nfkc(text)
    out = []
    for line in text.splitlines():
        pieces = [p for p in _RLE_RUN.split(line) if p]
        out.append("".join(reversed(pieces)))
    return nfkc("\n".join(out))


def squeeze(text: str) -> str:
    return "".join(nfkc(text).split())


def embedded_fonts(data: bytes) -> dict[str, tuple[TTFont, dict[int, str]]]:
    """Each embedded TrueType font by its base name: the font program and its ToUnicode map."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts: dict[str, tuple[TTFont, dict[int, str]]] = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        if not font_dict:
            continue
        for ref in font_dict.get_object().values():
            font = ref.get_object()
            name = str(font["/BaseFont"])
            if name in fonts:
                continue
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{name} is not embedded"
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            fonts[name] = (program, _to_unicode(font["/ToUnicode"].get_object().get_data()))
    return fonts


def _to_unicode(cmap: bytes) -> dict[int, str]:
    mapping = {}
    chars = b"".join(re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S))
    for code, text in re.findall(rb"<([0-9A-F]+)> <([0-9A-F]+)>", chars):
        mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return mapping


def _bytes(item: object) -> bytes:
    if isinstance(item, TextStringObject):
        return bytes(item.get_original_bytes())
    if isinstance(item, ByteStringObject):
        return bytes(item)
    return b""


def used_codes(data: bytes) -> dict[str, set[int]]:
    """The character codes each font draws, read from every page's content stream."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    used: dict[str, set[int]] = {}
    for page in reader.pages:
        fonts = page["/Resources"].get_object()["/Font"].get_object()
        current = ""
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = str(fonts[operands[0]].get_object()["/BaseFont"])
            elif operator in (b"Tj", b"'", b'"'):
                used.setdefault(current, set()).update(_bytes(operands[-1]))
            elif operator == b"TJ":
                for item in operands[0]:
                    used.setdefault(current, set()).update(_bytes(item))
    return used


def missing_glyphs(data: bytes) -> list[str]:
    """Characters drawn with the empty .notdef box, as 'font: text', in every embedded font."""
    fonts = embedded_fonts(data)
    missing = []
    for name, codes in used_codes(data).items():
        program, to_unicode = fonts[name]
        # reportlab's subsets map codes to glyphs by a Macintosh (1, 0) table
        table = program["cmap"].getcmap(1, 0)
        cmap = table.cmap if table is not None else {}
        notdef = program.getGlyphOrder()[0]
        for code in codes:
            if cmap.get(code, notdef) == notdef:
                missing.append(f"{name}: {to_unicode.get(code)!r}")
    return missing


def drawn_runs(data: bytes, page: int) -> list[tuple[float, float, str]]:
    """Each text-showing operation of a page as (baseline y, x, text), read by pypdf."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    runs: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text:
            runs.append((round(tm[5] + cm[5], 1), tm[4] + cm[4], text.rstrip("\n")))

    reader.pages[page - 1].extract_text(visitor_text=visit)
    return runs
