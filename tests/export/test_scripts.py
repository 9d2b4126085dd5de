"""Every family's script in a parent's PDF: shaped, in reading order, with every glyph drawn.

Each sample goes through the real export path (a parent's copy of the plan, built from a
conference view) and is read back by poppler and pypdf. Indic conjuncts do not read back
letter for letter from any PDF, so those scripts are proved by glyph coverage (no character
drawn with the empty .notdef box) and by looking at the rendered page (docs/pages/).
"""

from __future__ import annotations

import dataclasses
import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chairdesk.export import DocumentKind, build_document, render_pdf
from chairdesk.export import model as m
from chairdesk.export.text import split_paragraphs
from tests.export.pdf_probe import (
    Word,
    drawn_runs,
    logical_lines,
    missing_glyphs,
    nfkc,
    same_word,
    squeeze,
    used_codes,
    words,
)
from tests.export.readers import pdf_pages
from tests.export.sample_views import MOTHER, parent_view, review_view
from tests.export.script_samples import SAMPLES, Sample
from tests.export.test_any_text import _with_entry_text, _with_parent_names

PAGE_WIDTH = 595.2756
LEFT, RIGHT = 51.0236, PAGE_WIDTH - 51.0236  # the 18 mm margins
FONT_OF = {
    "Arabic": "NotoNaskhArabic",
    "Urdu": "NotoNaskhArabic",
    "Persian": "NotoNaskhArabic",
    "Pashto": "NotoNaskhArabic",
    "Kurdish (Sorani)": "NotoNaskhArabic",
    "Hebrew": "NotoSansHebrew",
    "Bengali": "NotoSansBengali",
    "Punjabi (Gurmukhi)": "NotoSansGurmukhi",
    "Gujarati": "NotoSansGujarati",
    "Hindi (Devanagari)": "NotoSansDevanagari",
    "Tamil": "NotoSansTamil",
    "Tigrinya": "NotoSansEthiopic",
    "Amharic": "NotoSansEthiopic",
    "Chinese": "DroidSansFallback",
}
RTL = [s for s in SAMPLES if s.rtl]
READABLE = [s for s in SAMPLES if not s.indic]


def _id(sample: Sample) -> str:
    return sample.language


@functools.cache
def _pdf(text: str, name: str = "Jodie Harwood") -> bytes:
    """A parent's copy of the plan with the parent's view in `text` and her name `name`."""
    view = _with_entry_text(review_view(), text, speaker="")
    view = _with_parent_names(view, name, "Tom Harwood")
    return render_pdf(build_document(DocumentKind.PLAN, parent_view(view, MOTHER)))


def _page_of(data: bytes, sample: Sample) -> int:
    """The page holding the sample's first sentence (searched as written, and in the order
    a right-to-left line is extracted)."""
    first = squeeze(sample.sentences[0]).rstrip(".۔。")
    for number, page in enumerate(pdf_pages(data, layout=False), start=1):
        if first in squeeze(logical_lines(page, sample.rtl)):
            return number
    raise AssertionError(f"{sample.language}: the first word is on no page")


def _centre(word: Word) -> float:
    return (word.y0 + word.y1) / 2


def _lines(data: bytes, sample: Sample) -> list[list[Word]]:
    """The lines of the sample's paragraph, top to bottom, each as its words left to right.

    Words are grouped by the middle of their boxes, since each script's font has its own
    height; a line needs two of the sample's words, so a stray match elsewhere is left out.
    """
    wanted = sample.text.split()
    page = _page_of(data, sample)
    found = [w for w in words(data) if w.page == page and any(same_word(w.text, x) for x in wanted)]
    rows: list[list[Word]] = []
    for word in sorted(found, key=_centre):
        if rows and abs(_centre(rows[-1][0]) - _centre(word)) < 3:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows if len(row) >= 2]


@pytest.mark.parametrize("sample", SAMPLES, ids=_id)
def test_script_is_drawn_with_its_own_font_and_no_missing_glyph(sample: Sample) -> None:
    data = _pdf(sample.text, sample.name)
    assert missing_glyphs(data) == []
    fonts = used_codes(data)
    if sample.language in FONT_OF:
        assert any(FONT_OF[sample.language] in name for name in fonts), sorted(fonts)
    text = "\n".join(pdf_pages(data, layout=False))
    assert "LETTER" not in text and "IDEOGRAPH" not in text  # no character written as its name


@pytest.mark.parametrize("sample", READABLE, ids=_id)
def test_script_reads_back_as_written(sample: Sample) -> None:
    data = _pdf(sample.text, sample.name)
    page = pdf_pages(data, layout=False)[_page_of(data, sample) - 1]
    assert squeeze(sample.text) in squeeze(logical_lines(page, sample.rtl))


def test_bold_and_regular_arabic_in_one_paragraph_both_read_back() -> None:
    """A bold lead (the speaker) and the regular body, each from its own font's glyphs."""
    sample = SAMPLES[0]
    view = _with_entry_text(review_view(), sample.sentences[1], speaker=sample.name)
    view = _with_parent_names(view, sample.name, "Tom Harwood")
    data = render_pdf(build_document(DocumentKind.PLAN, parent_view(view, MOTHER)))
    assert any("NotoNaskhArabic-Bold" in name for name in used_codes(data))
    text = squeeze(logical_lines("\n".join(pdf_pages(data, layout=False)), rtl=True))
    assert squeeze(sample.sentences[1]) in text
    assert squeeze(sample.name + ":") in text or squeeze(":" + sample.name) in text


@pytest.mark.parametrize("sample", RTL, ids=_id)
def test_right_to_left_paragraph_lines_in_reading_order_and_right_aligned(
    sample: Sample,
) -> None:
    lines = _lines(_pdf(sample.text, sample.name), sample)
    assert len(lines) >= 3, "twelve sentences run over several lines"
    first, last = sample.sentences[0].split()[0], sample.sentences[-1].rstrip(".۔").split()[-1]
    # The first word opens the top line at its right end; the last closes the bottom line.
    assert same_word(lines[0][-1].text, first)
    assert any(same_word(w.text.strip(".۔"), last) for w in lines[-1][:2])
    ends = [max(w.x1 for w in line) for line in lines]
    assert max(ends) - min(ends) < 1, "every line ends at the same right edge"
    assert RIGHT - 10 < ends[0] <= RIGHT, "the right margin (or the box's padding inside it)"
    starts = [min(w.x0 for w in line) for line in lines]
    assert max(starts) - min(starts) > 20, "a ragged left edge: the lines are not left-aligned"


def test_mixed_direction_line_keeps_each_run_in_order_and_mirrors_brackets() -> None:
    text = "قالت الأم (Jodie Harwood) إن عمر الطفل 12 سنة."
    data = _pdf(text)
    page = next(w.page for w in words(data) if same_word(w.text, "ﻗﺎﻟﺖ"))
    runs = drawn_runs(data, page)
    y = next(y for y, _, t in runs if t == "Jodie")  # drawn as a run of its own
    seen = "".join(t for _, t in sorted((x, t) for yy, x, t in runs if yy == y))
    # Left to right as drawn: the number (late in the sentence) left of the name, the name
    # reading left to right inside brackets that face it, the sentence's start at the right.
    assert "(Jodie Harwood)" in seen, seen
    assert seen.index("12") < seen.index("(Jodie")
    assert nfkc(seen).rstrip().endswith("قالت")


def test_right_to_left_name_inside_an_english_sentence_reads_right_to_left() -> None:
    data = _pdf("Yesterday ليلى حداد visited the school.")
    found = [w for w in words(data) if same_word(w.text, "ليلى") or same_word(w.text, "حداد")]
    first = next(w for w in found if same_word(w.text, "ليلى"))
    second = next(w for w in found if same_word(w.text, "حداد") and w.page == first.page)
    assert abs(_centre(second) - _centre(first)) < 3
    assert second.x0 < first.x0  # the first name stands to the right of the family name
    yesterday = next(w for w in words(data) if w.text == "Yesterday" and w.page == first.page)
    assert abs(_centre(yesterday) - _centre(first)) < 3
    assert yesterday.x0 < second.x0  # and the English sentence still starts at the left


def test_a_glyph_missing_from_the_font_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The coverage check is real: Bengali forced into DejaVu Sans shows as missing glyphs."""
    from chairdesk.export import pdf_fonts, shaping

    shaping.shape.cache_clear()
    latin = pdf_fonts.font_name(pdf_fonts.LATIN)
    monkeypatch.setattr(shaping, "font_name", lambda script, bold=False, italic=False: latin)
    monkeypatch.setattr(shaping, "coverage", lambda script: pdf_fonts.all_coverage())
    try:
        view = _with_entry_text(review_view(), "আমরা আমাদের সন্তানদের ভালোবাসি।", speaker="")
        data = render_pdf(build_document(DocumentKind.PLAN, parent_view(view, MOTHER)))
    finally:
        shaping.shape.cache_clear()
    assert missing_glyphs(data)


def _header_words(data: bytes) -> list[Word]:
    return [w for w in words(data) if w.page == 1 and w.y0 < 24 * 72 / 25.4 and w.y0 > 35]


@pytest.mark.parametrize(
    ("reference", "recipient"),
    [
        ("CP-2025-0417", "Jodie Harwood"),
        (
            "CP-2025-0417/SECTION-47/LONDON-BOROUGH-OF-EXAMPLE-CHILDRENS-SERVICES-JOINT-CASE-FILE",
            "Jodie Harwood",
        ),
        (
            "CP-2025-0417",
            "Jodie Alexandra Montgomery-Fitzwilliam-Harwood, mother of Maisie and Theo Harwood",
        ),
        ("CP-2025-0417/" + "X" * 120, "فاطمہ خان " * 12),
    ],
)
def test_header_reference_and_recipient_never_overlap(reference: str, recipient: str) -> None:
    document = build_document(DocumentKind.PLAN, parent_view(review_view(), MOTHER))
    document = dataclasses.replace(document, reference=reference, recipient=recipient)
    data = render_pdf(document)
    header = _header_words(data)
    text = " ".join(w.text for w in header)
    assert "reference:" in text and "For:" in text
    for a in header:
        assert a.x0 >= LEFT - 1 and a.x1 <= RIGHT + 1, f"{a.text} runs off the page"
        for b in header:
            # Words on one line must not share any width; lines sit a full line apart.
            if a is not b and abs(_centre(a) - _centre(b)) < 6:
                apart = a.x1 <= b.x0 or b.x1 <= a.x0
                assert apart, f"{a.text!r} overlaps {b.text!r}"
    if len(reference) + len(recipient) < 40:
        assert len({round(w.y0) for w in header if w.text != "OFFICIAL-SENSITIVE"}) == 1


def test_reportlab_outside_the_checked_versions_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import reportlab

    from chairdesk.export.pdf_fonts import check_reportlab

    check_reportlab()
    monkeypatch.setattr(reportlab, "Version", "9.0.0")
    with pytest.raises(RuntimeError, match=r"reportlab 9\.0\.0"):
        check_reportlab()


_SCRIPT_CHARS = st.one_of(
    *(
        st.characters(min_codepoint=low, max_codepoint=high, exclude_categories=["Cs", "Cn"])
        for low, high in (
            (0x0600, 0x06FF),  # Arabic, with its marks and digits
            (0x0590, 0x05FF),  # Hebrew
            (0x0900, 0x097F),  # Devanagari
            (0x0980, 0x09FF),  # Bengali
            (0x0B80, 0x0BFF),  # Tamil
            (0x1200, 0x137F),  # Ethiopic
            (0x4E00, 0x4E80),  # CJK
            (0x0300, 0x036F),  # combining marks
            (0x0020, 0x007E),  # ASCII, brackets and digits
        )
    ),
    st.sampled_from(["\u200c", "\u200d", " ", "(", ")", "«", "»", "1", "٣", "😊", "\u202e"]),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(_SCRIPT_CHARS, min_size=1, max_size=300))
def test_any_mix_of_scripts_renders_with_every_glyph_drawn(text: str) -> None:
    """Broken clusters, stray marks and joiners, mixed directions: drawn, never an empty box."""
    blocks = (
        *(m.Paragraph(part) for part in split_paragraphs(text)),
        m.BulletList((text[:80].strip() or "x",)),
        m.Table(("Who", "Said"), ((text[:40].strip() or "x", text),)),
    )
    document = m.Document(
        m.DocumentKind.PLAN, "Plan", "OFFICIAL-SENSITIVE", text[:30], text[-30:], blocks
    )
    assert missing_glyphs(render_pdf(document)) == []
