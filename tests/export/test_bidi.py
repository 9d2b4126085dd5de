"""The bidi algorithm from the standard library's data: levels and display order (UAX #9)."""

from __future__ import annotations

import pytest

from chairdesk.export.bidi import base_rtl, has_rtl, levels, visual_order
from chairdesk.export.text import clean, direction_runs


def _display(text: str) -> str:
    """Characters in display order, left to right (mirroring is HarfBuzz's, so not here)."""
    return "".join(visual_order(list(text), levels(text, base_rtl(text))))


@pytest.mark.parametrize(
    ("logical", "shown"),
    [
        # An Arabic name in an English sentence: its words are shown right to left.
        ("ليلى حداد said yes 123", "said yes 123 دادح ىليل"),
        # Hebrew first, so the paragraph is right-to-left; the number and % stay together.
        ("שלום עולם 12.5% hello", "hello 12.5% םלוע םולש"),
        # English number between Hebrew words keeps its digits in order.
        ("abc אבג 123 def", "abc 123 גבא def"),
        # Arabic-Indic and European digits after Arabic letters read left to right.
        ("مرحبا ١٢٣ و 456 كتاب.", ".باتك 456 و ١٢٣ ابحرم"),
        # Quoted Arabic inside English.
        ('He said "مرحبا بك" to me.', 'He said "كب ابحرم" to me.'),
        # An English name in brackets inside Arabic: the run is kept whole.
        ("نعم (John Smith) قال", "لاق )John Smith( معن"),
        ("- ليلى: 2025/06/01", "2025/06/01 :ىليل -"),
        # Paired brackets (rule N0) take the paragraph's direction around an English name.
        ("ليلى حداد (Jodie) 2025", "2025 )Jodie( دادح ىليل"),
        ("Mother (ليلى حداد) said", "Mother (دادح ىليل) said"),
    ],
)
def test_bidi_display_order_follows_the_unicode_algorithm(logical: str, shown: str) -> None:
    assert _display(logical) == shown


def test_bidi_direction_is_found_from_unicode_classes_not_character_ranges() -> None:
    assert has_rtl("Syriac ܐ") and has_rtl("N'Ko ߊ") and has_rtl("Thaana ހ")
    assert not has_rtl("Bengali আমরা and Chinese 我们")
    assert base_rtl("  123, ليلى then English") and not base_rtl("Jodie: ليلى")
    assert not base_rtl("আমরা ليلى")  # a Bengali letter is a strong left-to-right letter


def test_word_runs_are_marked_right_to_left_by_resolved_level() -> None:
    runs = direction_runs("ليلى حداد (Jodie) 2025")
    assert [rtl for _, rtl in runs] == [True, False, True, False]
    assert runs[1][0] == "Jodie" and runs[3][0] == "2025"
    assert "".join(piece for piece, _ in runs) == "ليلى حداد (Jodie) 2025"


def test_pasted_direction_overrides_are_taken_out_of_document_text() -> None:
    assert clean("\u202eabc\u202c \u2067def\u2069 \u200fok") == "abc def \u200fok"
