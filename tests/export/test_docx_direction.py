"""The Word copy carries direction as Word expects it: w:bidi and w:rtl, never invisible marks."""

from __future__ import annotations

import re

from chairdesk.export import DocumentKind, build_document, render_docx
from tests.export.readers import docx_parts
from tests.export.sample_views import MOTHER, parent_view, review_view
from tests.export.script_samples import SAMPLES
from tests.export.test_any_text import _with_entry_text, _with_parent_names

OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")
ARABIC = next(s for s in SAMPLES if s.language == "Arabic")


def _paragraph_holding(xml: str, text: str) -> str:
    at = xml.index(text)
    start = xml.rfind("<w:p>", 0, at)
    start = max(start, xml.rfind("<w:p ", 0, at))
    return xml[start : xml.index("</w:p>", at)]


def test_docx_writes_no_direction_override_even_when_the_text_held_some() -> None:
    pasted = "\u202eRLO text\u202c and \u2067isolated\u2069 and \u202bembedded\u202c"
    view = _with_entry_text(review_view(), f"{ARABIC.sentences[0]} {pasted}", speaker="")
    view = _with_parent_names(view, "\u202e" + ARABIC.name, "Tom Harwood")
    document = build_document(DocumentKind.PLAN, parent_view(view, MOTHER))
    for name, xml in docx_parts(render_docx(document)).items():
        assert not OVERRIDES.search(xml), name
    body = docx_parts(render_docx(document))["word/document.xml"]
    assert "RLO text" in body and "isolated" in body and "embedded" in body


def test_docx_right_to_left_paragraphs_carry_bidi_and_their_runs_rtl() -> None:
    text = ARABIC.text + " (Jodie Harwood) 2025"
    view = _with_entry_text(review_view(), text, speaker="Jodie Harwood")
    view = _with_parent_names(view, ARABIC.name, "Tom Harwood")
    parts = docx_parts(render_docx(build_document(DocumentKind.PLAN, parent_view(view, MOTHER))))
    body = parts["word/document.xml"]
    paragraph = _paragraph_holding(body, ARABIC.sentences[0])
    assert "<w:bidi/>" in paragraph  # the body is Arabic, though the lead (a name) is English
    runs = re.findall(r"<w:r>(.*?)</w:r>", paragraph, re.S)
    arabic = [r for r in runs if ARABIC.sentences[0].split()[0] in r]
    assert arabic and all("<w:rtl/>" in r for r in arabic)
    english = [r for r in runs if "Jodie Harwood" in r]
    assert english and not any("<w:rtl/>" in r for r in english)
    plain = _paragraph_holding(body, "Part 1")
    assert "<w:bidi/>" not in plain
    header = next(xml for name, xml in parts.items() if "header" in name and ARABIC.name in xml)
    name_run = re.findall(r"<w:r>(.*?)</w:r>", header, re.S)
    assert any(ARABIC.name in r and "<w:rtl/>" in r for r in name_run)
