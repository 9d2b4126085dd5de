"""The Word documents, read back by unzipping them and reading every XML part."""

from __future__ import annotations

import re

import pytest

from chairdesk.export import DocumentKind, build_document, render_docx
from tests.export.readers import docx_body_text, docx_parts, xml_text
from tests.export.sample_views import FATHER, GLOSSARY, MOTHER, RESTRICTED, parent_view, review_view


def _names(view: object) -> set[str]:
    from chairdesk.views import ConferenceView

    assert isinstance(view, ConferenceView)
    names = {p.name for p in view.people} | {p.name for p in view.participants}
    names |= {n.split()[-1] for n in names}  # surnames alone too
    return names | {view.family.family_name}


def test_docx_plan_has_part_one_before_part_two_with_every_section() -> None:
    data = render_docx(build_document(DocumentKind.PLAN, review_view()))
    text = docx_body_text(data)
    order = [
        "Part 1: Background and assessment",
        "Why there is a plan: the worries",
        "Decision and category",
        "Level of risk",
        "What is working well",
        "Parents' views",
        "The child's views",
        "Agencies' views",
        "Danger statements and safety goals",
        "What must happen for the plan to end",
        "Part 2: Actions",
        "Parents' views of the plan",
        "Core group and review",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "The level of risk now" in text.split("Part 1")[0]
    assert "6 out of 10" in text.split("Part 1")[0]
    part_two = text.split("Part 2: Actions")[1]
    assert part_two.count("How we will know") == 8
    assert part_two.count("✓ Action") == 2
    assert "Both parents asked for contact to be part of the plan." in part_two
    assert "I am glad contact is in the plan." in part_two
    assert "Elaine Brooks (professional)" in part_two and "Jodie Harwood (family)" in part_two
    assert "20 March 2025" in part_two and "4 September 2025" in part_two


def test_docx_every_page_part_carries_marking_reference_recipient_and_page_fields() -> None:
    parts = docx_parts(
        render_docx(build_document(DocumentKind.RECORD, parent_view(review_view(), MOTHER)))
    )
    headers = [n for n in parts if re.fullmatch(r"word/header\d*\.xml", n)]
    footers = [n for n in parts if re.fullmatch(r"word/footer\d*\.xml", n)]
    assert headers and footers
    for name in headers:
        text = xml_text(parts[name])
        assert "OFFICIAL-SENSITIVE" in text
        assert "CP-2025-0417" in text and "For: Jodie Harwood" in text
    for name in footers:
        assert "OFFICIAL-SENSITIVE" in xml_text(parts[name])
        assert re.search(r"<w:instrText[^>]*>\s*PAGE\s*</w:instrText>", parts[name])
        assert re.search(r"<w:instrText[^>]*>\s*NUMPAGES\s*</w:instrText>", parts[name])
    # Every section of the body points at a marked header and footer.
    sections = re.findall(r"<w:sectPr.*?</w:sectPr>", parts["word/document.xml"], flags=re.S)
    assert sections and all("headerReference" in s and "footerReference" in s for s in sections)


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_docx_metadata_names_no_person_and_no_tool(kind: DocumentKind) -> None:
    view = parent_view(review_view(), FATHER)
    parts = docx_parts(render_docx(build_document(kind, view, glossary=GLOSSARY)))
    core, app = parts["docProps/core.xml"], parts["docProps/app.xml"]
    values = re.sub(r"<[^>]+>", " ", core + app)
    for name in _names(view):
        assert name not in values
    for tool in ("python-docx", "python", "Microsoft", "Word", "ReportLab", "LibreOffice"):
        assert tool.lower() not in values.lower()
    assert re.search(r"<dc:creator\s*/>|<dc:creator></dc:creator>", core)
    assert re.search(r"<cp:lastModifiedBy\s*/>|<cp:lastModifiedBy></cp:lastModifiedBy>", core)
    assert re.search(r"<Application\s*/>|<Application></Application>", app)
    assert f"<dc:title>{kind.label}</dc:title>" in core


def test_docx_parent_copy_is_plain_with_glossary_and_says_parts_are_left_out() -> None:
    view = parent_view(review_view(), FATHER)
    plan = docx_body_text(render_docx(build_document(DocumentKind.PLAN, view, glossary=GLOSSARY)))
    for heading in (
        "Why we are worried",
        "What is going well",
        "What needs to happen",
        "What the words mean",
        "Your child protection plan",
    ):
        assert heading in plan
    assert "Core group:" in plan and "Neglect:" in plan
    assert "Asking for help will not count against you." in plan
    record = docx_body_text(render_docx(build_document(DocumentKind.RECORD, view)))
    assert "Some parts of the meeting are not included in your copy." in record


def test_docx_parent_copy_holds_nothing_the_view_left_out() -> None:
    view = parent_view(review_view(), FATHER)
    for kind in DocumentKind:
        everything = "\n".join(docx_parts(render_docx(build_document(kind, view))).values())
        for marker in RESTRICTED.values():
            assert marker not in everything


def test_docx_professional_record_lists_reports_exclusions_decisions_and_dissent() -> None:
    text = docx_body_text(render_docx(build_document(DocumentKind.RECORD, review_view())))
    assert "Apologies:" in text and "Dr Helen Marsh" in text
    assert "On 27 February 2025" in text and "RESTRICTED Police disclosure report" in text
    assert "Police information about a third party" in text and "10:48" in text
    assert "Dissent recorded, Elaine Brooks (Oakfield Primary School):" in text
    assert "Child in need plan" in text  # the school's recommendation
    held = [
        text.index(title)
        for title in (
            "2. Parents' views",
            "4. Children's social care",
            "5. Health visiting",
            "8. The children's views",
            "Decision for Maisie Harwood",
            "12. The plan",
        )
    ]
    assert held == sorted(held)


def test_docx_letter_and_leaflet_say_what_a_parent_needs() -> None:
    view = parent_view(review_view(), MOTHER)
    letter = docx_body_text(
        render_docx(build_document(DocumentKind.LETTER, view, recipient_name="Jodie Harwood"))
    )
    assert "Dear Jodie Harwood," in letter
    assert "Maisie Harwood: Child protection plan, under the category of neglect." in letter
    assert "Priya Nair" in letter and "Safeguarding Quality Team" in letter
    assert "Thursday 20 March 2025" in letter and "Thursday 4 September 2025" in letter
    leaflet = docx_body_text(render_docx(build_document(DocumentKind.LEAFLET, view)))
    assert "You will speak first" in leaflet
    assert "Westshire Family Advocacy, 01632 960 123" in leaflet
    assert "Room 2, Westshire Family Centre" in leaflet and "10:00" in leaflet
