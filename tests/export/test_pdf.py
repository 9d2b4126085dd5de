"""The PDF documents, read back with poppler's pdftotext and with pypdf."""

from __future__ import annotations

import re

import pytest

from chairdesk.export import DocumentKind, build_document, render_pdf
from tests.export.readers import normal, pdf_info, pdf_page_count, pdf_pages, pdf_text
from tests.export.sample_views import FATHER, GLOSSARY, MOTHER, RESTRICTED, parent_view, review_view

ALLOWED_INFO = {
    "/Title",
    "/Author",
    "/Subject",
    "/Creator",
    "/Producer",
    "/Keywords",
    "/CreationDate",
    "/ModDate",
    "/Trapped",
}


@pytest.mark.parametrize("kind", list(DocumentKind))
@pytest.mark.parametrize("person", [None, MOTHER])
def test_pdf_every_page_is_marked_and_numbered(kind: DocumentKind, person: int | None) -> None:
    view = review_view() if person is None else parent_view(review_view(), person)
    data = render_pdf(build_document(kind, view, glossary=GLOSSARY))
    pages = pdf_pages(data)
    assert len(pages) == pdf_page_count(data)
    recipient = "Professionals" if person is None else "Jodie Harwood"
    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2  # top and bottom
        assert "Family reference: CP-2025-0417" in page
        assert f"For: {recipient}" in page
        assert f"Page {number} of {len(pages)}" in page


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_pdf_metadata_holds_only_allowed_values(kind: DocumentKind) -> None:
    view = parent_view(review_view(), FATHER)
    info = pdf_info(render_pdf(build_document(kind, view)))
    assert set(info) <= ALLOWED_INFO
    assert info.get("/Title") == kind.label
    for key in ("/Author", "/Subject", "/Creator", "/Producer", "/Keywords"):
        assert info.get(key, "") == ""
    names = {p.name for p in view.people} | {p.name for p in view.participants} | {"Harwood"}
    for value in info.values():
        assert not any(name in value for name in names)
        assert "reportlab" not in value.lower()


def test_pdf_plan_parts_are_separate_and_in_order() -> None:
    pages = pdf_pages(render_pdf(build_document(DocumentKind.PLAN, review_view())))
    part_one = next(i for i, p in enumerate(pages) if "Part 1: Background and assessment" in p)
    part_two = next(i for i, p in enumerate(pages) if "Part 2: Actions" in p)
    assert part_one < part_two
    # Part 2 starts on a page of its own: no Part 1 heading shares its page.
    assert "What must happen for the plan to end" not in pages[part_two]
    text = normal("\n".join(pages))
    assert text.index("The level of risk now") < text.index("Part 1")
    assert text.count("✓ Action") == 2
    assert "Why this action was" in text
    assert "Both parents asked for contact to be part of the plan." in text


def test_pdf_parent_plan_is_plain_and_holds_nothing_restricted() -> None:
    view = parent_view(review_view(), FATHER)
    for kind in DocumentKind:
        text = pdf_text(render_pdf(build_document(kind, view, glossary=GLOSSARY)))
        for marker in RESTRICTED.values():
            assert marker not in text
    plan = normal(pdf_text(render_pdf(build_document(DocumentKind.PLAN, view, glossary=GLOSSARY))))
    for heading in (
        "Why we are worried",
        "What is going well",
        "What needs to happen",
        "What the words mean",
        "How safe things are now",
    ):
        assert heading in plan
    record = normal(pdf_text(render_pdf(build_document(DocumentKind.RECORD, view))))
    assert "Some parts of the meeting are not included in your copy." in record


def test_pdf_large_print_uses_bigger_type_over_more_pages() -> None:
    view = parent_view(review_view(), MOTHER)
    normal_copy = render_pdf(build_document(DocumentKind.PLAN, view))
    large = render_pdf(build_document(DocumentKind.PLAN, view, large_print=True))
    assert pdf_page_count(large) > pdf_page_count(normal_copy) * 1.5
    # Body text is 16 point: pdftotext's bounding boxes give each word's height.
    import subprocess

    from tests.support.tools import need_tool

    boxes = subprocess.run(
        [need_tool("pdftotext"), "-bbox", "-f", "2", "-l", "2", "-", "-"],
        input=large,
        capture_output=True,
        check=True,
    ).stdout.decode()
    heights = [
        float(b) - float(a)
        for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', boxes)
    ]
    heights.sort()
    assert heights[len(heights) // 2] >= 16


def test_pdf_embeds_every_font_it_uses() -> None:
    import io

    import pypdf

    reader = pypdf.PdfReader(
        io.BytesIO(render_pdf(build_document(DocumentKind.PLAN, review_view())))
    )
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            if font["/Subtype"] == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
