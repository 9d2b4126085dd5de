"""The day's conduct through the services: quoracy's choice, adjournment, a late arrival, an
interpreter who is never family, and a child's own statement kept for the right readers."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from chairdesk.domain import Attendance, ConferenceStatus
from chairdesk.errors import RuleError, ValidationError
from chairdesk.services.agenda import AgendaService
from chairdesk.services.conduct import ConductService
from chairdesk.services.home import HomeService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.sharing import SharingService
from tests.services.builders import (
    MOTHER,
    OLDER_CHILD,
    fixed_context,
    make_conference,
    mark_everyone_present,
    participant_id,
    person_id,
)


def drawing_png() -> bytes:
    """A small real picture, as a scanner would give: three coloured houses."""
    import io

    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (240, 120), "white")
    draw = ImageDraw.Draw(picture)
    for left, colour in ((10, "red"), (90, "green"), (170, "blue")):
        draw.rectangle((left, 50, left + 60, 110), outline=colour, width=4)
        draw.polygon([(left, 50), (left + 30, 15), (left + 60, 50)], outline=colour)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


PNG = drawing_png()


def _setup(database):
    conference = make_conference(database)
    context = fixed_context(database)
    return conference.id, context


def test_conduct_an_inquorate_conference_cannot_conclude_without_a_choice(database):
    conference_id, context = _setup(database)
    quoracy, must_choose = ConductService(context).quoracy(conference_id)
    assert not quoracy.quorate and must_choose
    with pytest.raises(RuleError, match="not quorate"):
        AgendaService(context).conclude(conference_id)
    with pytest.raises(RuleError, match="Say why"):
        ConductService(context).go_ahead(conference_id, "  ")
    ConductService(context).go_ahead(conference_id, "The school and police sent full reports.")
    summary = AgendaService(context).conclude(conference_id)
    assert summary.status == ConferenceStatus.CONCLUDED
    professionals = SharingService(context).view(conference_id)
    assert professionals.inquorate_reason == "The school and police sent full reports."
    mother = SharingService(context).audiences(conference_id)[1]
    assert SharingService(context).view(conference_id, mother).inquorate_reason == ""


def test_conduct_a_quorate_conference_concludes_without_asking(database):
    conference_id, context = _setup(database)
    mark_everyone_present(database, conference_id)
    assert ConductService(context).quoracy(conference_id)[1] is False
    assert AgendaService(context).conclude(conference_id).status == ConferenceStatus.CONCLUDED


def test_conduct_adjourning_keeps_the_conference_and_puts_the_reconvening_on_home(database):
    conference_id, context = _setup(database)
    conduct = ConductService(context)
    with pytest.raises(ValidationError, match="later day"):
        conduct.adjourn(conference_id, date(2026, 12, 1), "Not quorate")
    conduct.adjourn(conference_id, date(2026, 12, 8), "Health and school could not attend")
    view = SharingService(context).view(conference_id)
    assert view.summary.status == ConferenceStatus.IN_PROGRESS
    assert view.conduct.reconvene_on == date(2026, 12, 8)
    assert view.conduct.adjourned_at == datetime(2026, 12, 1, 10, 0)
    due = HomeService(context).due_items(date(2026, 12, 2))
    assert [(d.conference_id, d.due_on) for d in due if "Reconvene" in d.what] == [
        (conference_id, date(2026, 12, 8))
    ]
    # Still the same conference: it cannot conclude until quoracy is settled.
    with pytest.raises(RuleError, match="not quorate"):
        AgendaService(context).conclude(conference_id)


def test_conduct_a_late_arrival_is_recorded_on_the_participant(database):
    conference_id, context = _setup(database)
    view = SharingService(context).view(conference_id)
    mother = participant_id(view, MOTHER)
    PrepareService(context).set_attendance(mother, Attendance.PRESENT)
    ConductService(context).arrived_late(
        mother, datetime(2026, 12, 1, 10, 25), "Introductions and the health visitor's report"
    )
    after = next(
        p for p in SharingService(context).view(conference_id).participants if p.id == mother
    )
    assert after.arrived_at == datetime(2026, 12, 1, 10, 25)
    assert after.items_missed == "Introductions and the health visitor's report"


def test_conduct_an_interpreter_is_never_a_family_member(database):
    conference_id, context = _setup(database)
    prepare = PrepareService(context)
    with pytest.raises(RuleError, match="family member never interprets"):
        prepare.update_details(conference_id, interpreter_name=f" {MOTHER.upper()} ")
    prepare.update_details(
        conference_id, interpreter_name="Ana Ruiz", interpreter_language="Polish"
    )
    conduct = SharingService(context).view(conference_id).conduct
    assert (conduct.interpreter_name, conduct.interpreter_language) == ("Ana Ruiz", "Polish")


def test_conduct_a_childs_statement_is_for_parents_only_when_shared(database):
    conference_id, context = _setup(database)
    view = SharingService(context).view(conference_id)
    maya = person_id(view, OLDER_CHILD)
    conduct = ConductService(context)
    with pytest.raises(ValidationError, match="not really a PNG"):
        conduct.attach_statement(conference_id, maya, "house.png", b"GIF89a....")
    with pytest.raises(ValidationError, match="larger than"):
        conduct.attach_statement(conference_id, maya, "big.png", PNG + b"0" * (9 * 1024 * 1024))
    with pytest.raises(ValidationError, match="damaged"):
        conduct.attach_statement(conference_id, maya, "torn.png", PNG[:40])
    with pytest.raises(ValidationError, match="not a picture, PDF or text"):
        conduct.attach_statement(conference_id, maya, "house.exe", b"MZ....")
    with pytest.raises(ValidationError, match="belongs to a child"):
        conduct.attach_statement(conference_id, person_id(view, MOTHER), "h.png", PNG)
    drawing = conduct.attach_statement(conference_id, maya, "three houses.png", PNG)
    assert (drawing.child_name, drawing.media_type, drawing.size) == (
        OLDER_CHILD,
        "image/png",
        len(PNG),
    )
    sharing = SharingService(context)
    mother = sharing.audiences(conference_id)[1]
    assert sharing.view(conference_id).conduct.child_statements[0].content == PNG
    assert sharing.view(conference_id, mother).conduct.child_statements == ()
    conduct.share_statement(drawing.id, True)
    shared = sharing.view(conference_id, mother).conduct.child_statements
    assert [s.file_name for s in shared] == ["three houses.png"]


def test_conduct_a_childs_letter_is_stored_encrypted(tmp_path):
    """The bytes of a child's statement never appear in the database file or its journal."""
    from chairdesk.storage import open_database
    from tests.conftest import PASSPHRASE

    path = tmp_path / "statements.db"
    database = open_database(str(path), PASSPHRASE, create=True)
    try:
        conference_id, context = _setup(database)
        maya = person_id(SharingService(context).view(conference_id), OLDER_CHILD)
        words = b"Dear conference, MARKER-7f3a9c I want to live with my nan."
        ConductService(context).attach_statement(conference_id, maya, "letter.txt", words)
        assert SharingService(context).view(conference_id).conduct.child_statements[0].content == (
            words
        )
    finally:
        database.close()
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files
    for file in files:
        assert b"MARKER-7f3a9c" not in file.read_bytes(), file.name
