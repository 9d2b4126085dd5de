"""The record says when parents had each report, what was done before the meeting and who the
family's social workers have been; the plan shows the workers too. Read back from the written
Word file (unzipped XML) and the PDF (pdftotext)."""

from __future__ import annotations

import pytest

from chairdesk.export import DocumentKind, build_document, render_docx, render_pdf
from chairdesk.views import ConferenceView
from tests.export.readers import docx_body_text, normal, pdf_text
from tests.export.sample_views import FATHER, MOTHER, RESTRICTED, parent_view, review_view

FORMATS = ("docx", "pdf")


def _text(kind: DocumentKind, view: ConferenceView, form: str) -> str:
    document = build_document(kind, view)
    if form == "docx":
        return normal(docx_body_text(render_docx(document)))
    return normal(pdf_text(render_pdf(document), layout=False))


@pytest.mark.parametrize("form", FORMATS)
def test_record_reports_say_how_many_working_days_before_the_parents_had_them(form: str) -> None:
    text = _text(DocumentKind.RECORD, review_view(), form)
    reports = text[text.index("Reports") :]
    assert "On 27 February 2025: the parents received this report 5 working days before" in (
        reports
    )
    assert (
        "On 1 March 2025: the parents received this report 4 working days before. "
        "Late: at least 5 working days are needed"
    ) in reports
    assert "No: for professionals only" in reports
    # The late report is flagged on its own, in words, not only in the table.
    assert "Reports shared late with the parents" in reports
    assert (
        "Health report (Health Visiting Service): received 4 working days before, "
        "not 5 working days before as the council requires"
    ) in reports
    assert "Social worker's report (Children's Social Care): received" not in reports


@pytest.mark.parametrize("form", FORMATS)
def test_record_parent_copy_flags_a_late_report_and_lists_no_restricted_one(form: str) -> None:
    text = _text(DocumentKind.RECORD, parent_view(review_view(), MOTHER), form)
    assert "Reports the parents did not have in time" in text
    assert "the parents received this report 4 working days before" in text
    assert RESTRICTED["police_report"] not in text


@pytest.mark.parametrize("form", FORMATS)
def test_record_before_the_meeting_lists_the_checklist_with_advocacy_services(form: str) -> None:
    text = _text(DocumentKind.RECORD, review_view(), form)
    order = ["Who was there", "Allocated social workers", "Before the meeting", "Reports"]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    checklist = text[positions[2] : positions[3]]
    for line in (
        "The chair met the parents before the conference Yes",
        "An advocate was offered Yes. Local advocacy services named: "
        "Westshire Family Advocacy, 01632 960 123; Family Rights Group advice line",
        "An interpreter was booked No, although Craig Dawson needs an interpreter",
        "The parents had the leaflet on what to expect Yes",
        "The parents were told they would speak first Yes",
    ):
        assert line in checklist
    assert RESTRICTED["checklist_notes"] in checklist


@pytest.mark.parametrize("form", FORMATS)
def test_record_checklist_notes_stay_out_of_a_parent_copy(form: str) -> None:
    text = _text(DocumentKind.RECORD, parent_view(review_view(), FATHER), form)
    assert "The parents were told they would speak first Yes" in text
    assert RESTRICTED["checklist_notes"] not in text


@pytest.mark.parametrize("kind", [DocumentKind.RECORD, DocumentKind.PLAN])
@pytest.mark.parametrize("form", FORMATS)
def test_record_and_plan_show_each_social_worker_and_the_change(
    form: str, kind: DocumentKind
) -> None:
    text = _text(kind, review_view(), form)
    history = text[text.index("Allocated social workers") :]
    assert "Marcus Bell Westshire Assessment Team 19 August 2024 12 January 2025" in history
    assert "Priya Nair Westshire Child Protection Team 13 January 2025 now" in history
    assert (
        "Change of worker: The allocated social worker changed on 13 January 2025 "
        "from Marcus Bell to Priya Nair."
    ) in history
    parent = _text(kind, parent_view(review_view(), MOTHER), form)
    assert "Your social workers" in parent and "from Marcus Bell to Priya Nair" in parent
