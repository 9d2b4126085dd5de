"""Text hygiene shared by the document model and both renderers: cleaning, splitting, direction."""

from __future__ import annotations

import re
import unicodedata

# XML 1.0 forbids these; python-docx raises on them and reportlab draws nonsense. C1 controls
# are legal XML but never meaningful in a conference record, so they go too.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NEWLINES = re.compile("\r\n|\r|\u2028|\u2029|\x85|\x0b|\x0c")

# Strong right-to-left letters: Hebrew, Arabic, Syriac, Thaana, NKo and the presentation forms.
_RTL_CHARS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL = re.compile(f"[{_RTL_CHARS}]")
_LTR = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
# A run of right-to-left words, with the spaces and punctuation between them.
RTL_RUN = re.compile(f"[{_RTL_CHARS}](?:[{_RTL_CHARS}\\s\\d.,'\"()\\-]*[{_RTL_CHARS}])?")

CHUNK = 2000  # characters per paragraph; reportlab slows badly on one huge paragraph

_WINDOWS_RESERVED = {
    "CON", "PRN", "AUX", "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}  # fmt: skip


def clean(text: str) -> str:
    """Text with newlines made plain, tabs as spaces and XML-forbidden characters removed."""
    text = _NEWLINES.sub("\n", text)
    text = _FORBIDDEN.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    return text.replace("\t", "    ")


def clean_line(text: str) -> str:
    """Like `clean`, for a one-line value (a name, a label): newlines become spaces."""
    return " ".join(clean(text).split("\n")).strip()


def split_paragraphs(text: str, chunk: int = CHUNK) -> list[str]:
    """The paragraphs of a passage: one per non-blank line, long ones cut at a space."""
    out: list[str] = []
    for line in clean(text).split("\n"):
        line = line.strip()
        while len(line) > chunk:
            cut = line.rfind(" ", chunk // 2, chunk)
            if cut <= 0:
                cut = chunk
            out.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        if line:
            out.append(line)
    return out


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def starts_rtl(text: str) -> bool:
    """Whether the first strongly directional letter is right-to-left (the paragraph's base)."""
    rtl = _RTL.search(text)
    if rtl is None:
        return False
    ltr = _LTR.search(text)
    return ltr is None or rtl.start() < ltr.start()


def direction_runs(text: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_rtl) runs, so each right-to-left run can be marked as such."""
    runs: list[tuple[str, bool]] = []
    pos = 0
    for match in RTL_RUN.finditer(text):
        if match.start() > pos:
            runs.append((text[pos : match.start()], False))
        runs.append((match.group(), True))
        pos = match.end()
    if pos < len(text):
        runs.append((text[pos:], False))
    return runs


def safe_filename(text: str, fallback: str = "document") -> str:
    """A file name safe on Windows, macOS and Linux: no reserved characters or device names."""
    name = unicodedata.normalize("NFC", clean_line(text))
    name = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "-", name)
    name = re.sub(r"\s+", " ", name)
    name = re.sub(r"-{2,}", "-", name).strip(" .-")
    if len(name) > 120:
        name = name[:120].rstrip(" .-")
    if not name:
        name = fallback
    stem = name.split(".")[0].strip().upper()
    if stem in _WINDOWS_RESERVED:
        name = f"_{name}"
    return name
