"""The record says how the day went: the interpreter, a late arrival and what was missed, an
adjournment, each child's words under the child's name and the child's own drawing. A
parent's copy holds no note meant for the chair or the professionals."""

from __future__ import annotations

import io
import subprocess
from datetime import date, datetime

import docx
import pytest

from chairdesk.domain import AgendaKind, Attendance, Heading
from chairdesk.export.builder import build_document
from chairdesk.export.files import render
from chairdesk.export.model import DocumentKind
from chairdesk.services.agenda import AgendaService
from chairdesk.services.conduct import ConductService
from chairdesk.services.entries import EntryService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.sharing import SharingService
from tests.services.builders import (
    MOTHER,
    OLDER_CHILD,
    YOUNGER_CHILD,
    agenda_item,
    fixed_context,
    make_conference,
    participant_id,
    person_id,
)
from tests.services.test_conduct import drawing_png


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "record.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _docx(data: bytes) -> tuple[str, int]:
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            text += "\n" + " | ".join(cell.text for cell in row.cells)
    return text, len(document.inline_shapes)


@pytest.fixture
def conducted(database):
    return conduct_a_day(database)


def conduct_a_day(database):
    """A conference with every exception of the day, concluded."""
    conference = make_conference(database)
    context = fixed_context(database, datetime(2026, 12, 1, 11, 0))
    view = SharingService(context).view(conference.id)
    prepare, conduct = PrepareService(context), ConductService(context)
    prepare.update_details(
        conference.id,
        interpreter_language="Polish",
        interpreter_name="Ana Ruiz",
        attends_separately="Daniel Okafor attends separately: a non-molestation order.",
    )
    mother = participant_id(view, MOTHER)
    prepare.set_attendance(mother, Attendance.PRESENT)
    conduct.arrived_late(mother, datetime(2026, 12, 1, 10, 25), "Introductions")
    maya, leo = person_id(view, OLDER_CHILD), person_id(view, YOUNGER_CHILD)
    child_item = agenda_item(view, AgendaKind.CHILD_VIEWS).id
    entries = EntryService(context)
    entries.add_entry(child_item, Heading.VIEW, "I like my bedroom.", child_id=maya)
    entries.add_entry(child_item, Heading.VIEW, "Leo pointed at the dog.", child_id=leo)
    conduct.attach_statement(
        conference.id, maya, "houses.png", drawing_png(), description="Three houses", shared=True
    )
    conduct.attach_statement(conference.id, leo, "secret.png", drawing_png())
    conduct.adjourn(conference.id, date(2026, 12, 8), "Police could not attend")
    conduct.go_ahead(conference.id, "Note for professionals: police report read in full")
    AgendaService(context).conclude(conference.id)
    return context, conference.id


def test_conduct_record_for_professionals_says_how_the_day_went(conducted, tmp_path):
    context, conference_id = conducted
    view = SharingService(context).view(conference_id)
    document = build_document(DocumentKind.RECORD, view)
    pdf = " ".join(_pdf_text(render(document, "pdf"), tmp_path).split())
    text, pictures = _docx(render(document, "docx"))
    for found in (pdf, " ".join(text.split())):
        assert "Ana Ruiz" in found and "interpreted in Polish" in found
        assert "arrived late at 10:25 (missed: Introductions)" in found
        assert "adjourned on" in found and "continued on Tuesday 8 December 2026" in found
        assert "Police could not attend" in found
        assert "non-molestation order" in found
        assert "police report read in full" in found
        assert f"{OLDER_CHILD}: I like my bedroom." in found
        assert f"{YOUNGER_CHILD}: Leo pointed at the dog." in found
        assert "houses.png" in found and "secret.png" in found
        assert "record why" not in found
    assert pictures == 2


def test_conduct_parents_copy_has_no_note_for_the_chair(conducted, tmp_path):
    context, conference_id = conducted
    sharing = SharingService(context)
    mother = next(a for a in sharing.audiences(conference_id) if a.recipient_name == MOTHER)
    document = build_document(DocumentKind.RECORD, sharing.view(conference_id, mother))
    pdf = " ".join(_pdf_text(render(document, "pdf"), tmp_path).split())
    text, pictures = _docx(render(document, "docx"))
    for found in (pdf, " ".join(text.split())):
        assert "interpreted in Polish" in found
        assert f"{OLDER_CHILD}: I like my bedroom." in found
        assert "houses.png" in found  # shared with the parents
        assert "secret.png" not in found  # kept for professionals
        for note in (
            "police report read in full",
            "Police could not attend",
            "non-molestation",
            "record why",
        ):
            assert note not in found
    assert pictures == 1
