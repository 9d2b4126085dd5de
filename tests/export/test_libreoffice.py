"""LibreOffice opens every Word export as a real word processor would, and lays it out."""

from __future__ import annotations

from pathlib import Path

import pytest

from chairdesk.export import DocumentKind, build_document, write_document
from tests.export.readers import libreoffice_to_pdf, normal, pdf_pages
from tests.export.sample_views import FATHER, GLOSSARY, RESTRICTED, parent_view, review_view

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every document for professionals and for one parent, converted in one soffice run."""
    folder = tmp_path_factory.mktemp("docx")
    files: dict[str, Path] = {}
    for audience, view in (
        ("professionals", review_view()),
        ("parent", parent_view(review_view(), FATHER)),
    ):
        for kind in DocumentKind:
            document = build_document(kind, view, glossary=GLOSSARY)
            files[f"{kind}-{audience}"] = write_document(
                document, "docx", folder / f"{kind}-{audience}.docx"
            )
    pdfs = libreoffice_to_pdf(list(files.values()))
    return {key: pdfs[path] for key, path in files.items()}


def test_libreoffice_lays_out_every_page_marked_and_numbered(converted: dict[str, bytes]) -> None:
    for key, pdf in converted.items():
        pages = pdf_pages(pdf)
        recipient = "Craig Dawson" if key.endswith("parent") else "Professionals"
        for number, page in enumerate(pages, start=1):
            assert "OFFICIAL-SENSITIVE" in page, key
            assert "CP-2025-0417" in page and f"For: {recipient}" in page, key
            assert f"Page {number} of {len(pages)}" in page, key


def test_libreoffice_plan_shows_both_parts_in_order(converted: dict[str, bytes]) -> None:
    text = normal("\n".join(pdf_pages(converted["plan-professionals"])))
    assert text.index("Part 1: Background and assessment") < text.index("Part 2: Actions")
    assert text.count("How we will know") == 8
    parent = normal("\n".join(pdf_pages(converted["plan-parent"])))
    assert "Part 1: Why there is a plan" in parent and "Part 2: What needs to happen" in parent
    assert "What the words mean" in parent


def test_libreoffice_parent_copies_hold_nothing_restricted(converted: dict[str, bytes]) -> None:
    for key, pdf in converted.items():
        if key.endswith("parent"):
            text = "\n".join(pdf_pages(pdf))
            assert not any(marker in text for marker in RESTRICTED.values()), key
