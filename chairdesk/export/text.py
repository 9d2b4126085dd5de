"""Text hygiene shared by the document model and both renderers: cleaning, splitting, direction."""

from __future__ import annotations

import re
import unicodedata

from chairdesk.export import bidi

# XML 1.0 forbids these; python-docx raises on them and reportlab draws nonsense. C1 controls
# are legal XML but never meaningful in a conference record, so they go too.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NEWLINES = re.compile("\r\n|\r|\u2028|\u2029|\x85|\x0b|\x0c")

# Invisible direction overrides, embeddings and isolates: text pasted with them would show
# reversed in Word; direction comes from the letters themselves (export/bidi.py).
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

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
    text = _BIDI_CONTROLS.sub("", text)
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


def strip_bidi_controls(text: str) -> str:
    """Text without invisible direction overrides, embeddings or isolates."""
    return _BIDI_CONTROLS.sub("", text)


def has_rtl(text: str) -> bool:
    """Whether the text holds a right-to-left letter (by the standard library's bidi classes)."""
    return bidi.has_rtl(text)


def starts_rtl(text: str) -> bool:
    """Whether the first strongly directional letter is right-to-left (the paragraph's base)."""
    return bidi.base_rtl(text)


def direction_runs(text: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_rtl) runs by the bidi algorithm's resolved levels, so each
    right-to-left run can be marked as such (digits and left-to-right words are not)."""
    if not has_rtl(text):
        return [(text, False)] if text else []
    levels = bidi.levels(text, starts_rtl(text))
    runs: list[tuple[str, bool]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or levels[i] % 2 != levels[start] % 2:
            runs.append((text[start:i], levels[start] % 2 == 1))
            start = i
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
