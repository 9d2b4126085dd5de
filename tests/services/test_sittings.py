"""Split sittings: one conference held in parts for parents who must not meet. Each parent's
copy holds their own sitting and the parts for everyone; the parents' screen follows the sitting
that is live; a package keeps them. On SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chairdesk.domain import AgendaKind, Attendance, Heading, UserRole
from chairdesk.errors import PermissionDeniedError, ValidationError
from chairdesk.export import DocumentKind
from chairdesk.services.base import ServiceContext
from chairdesk.services.entries import EntryService
from chairdesk.services.issuing import IssueService
from chairdesk.services.package import PackageService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.room import RoomService
from chairdesk.services.sharing import SharingService
from chairdesk.services.sittings import SittingService
from tests.export.readers import normal, pdf_text
from tests.services.builders import FATHER, MOTHER, agenda_item, participant_id
from tests.services.test_privacy_rules import Meeting, _all_text, _meeting


def _split(m: Meeting) -> None:
    """Together, then the mother's sitting, then the father's, then together again."""
    parents = agenda_item(m.view, AgendaKind.PARENTS_VIEWS)
    entries = EntryService(m.context)
    sittings = SittingService(m.context)
    entries.add_entry(parents.id, Heading.VIEW, "TOGETHER-BEFORE")
    m.clock.tick()
    sittings.start(m.conference_id, [m.ids[MOTHER]], "With the mother")
    m.clock.tick()
    entries.add_entry(parents.id, Heading.VIEW, "MOTHER-SITTING new address near school")
    m.clock.tick()
    sittings.start(m.conference_id, [m.ids[FATHER]], "With the father")
    m.clock.tick()
    entries.add_entry(parents.id, Heading.VIEW, "FATHER-SITTING court date next month")
    m.clock.tick()
    sittings.end(m.conference_id)
    m.clock.tick()
    entries.add_entry(parents.id, Heading.VIEW, "TOGETHER-AFTER")


def test_sittings_each_parents_copy_holds_their_own_sitting(database) -> None:  # type: ignore[no-untyped-def]
    m = _meeting(database)
    _split(m)
    hers, his = _all_text(m.copy_of(MOTHER)), _all_text(m.copy_of(FATHER))
    assert "MOTHER-SITTING" in hers and "FATHER-SITTING" not in hers
    assert "FATHER-SITTING" in his and "MOTHER-SITTING" not in his
    for text in (hers, his):
        assert "TOGETHER-BEFORE" in text and "TOGETHER-AFTER" in text
    everything = _all_text(m.professionals())
    assert "MOTHER-SITTING" in everything and "FATHER-SITTING" in everything
    assert [s.label for s in m.professionals().sittings] == ["With the mother", "With the father"]
    assert [s.label for s in m.copy_of(MOTHER).sittings] == ["With the mother"]


def test_sittings_the_record_says_so_in_each_copy(database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    m = _meeting(database)
    _split(m)
    sharing = SharingService(m.context)
    for who, words in ((m.ids[MOTHER], "This copy holds the sitting you were in"), (None, "")):
        out = tmp_path / f"record-{who}.pdf"
        audience = sharing.audience_for(m.conference_id, who)
        IssueService(m.context).export(m.conference_id, DocumentKind.RECORD, audience, "pdf", out)
        text = normal(pdf_text(out.read_bytes(), layout=False))
        if who is None:
            assert "Separate sittings" in text and "With the father" in text
        else:
            assert words in text and "With the father" not in text
            assert "FATHER-SITTING" not in text


def test_sittings_the_parents_screen_follows_the_live_sitting(database) -> None:  # type: ignore[no-untyped-def]
    m = _meeting(database)
    prepare = PrepareService(m.context)
    for name in (MOTHER, FATHER):  # both marked present for the day
        prepare.set_attendance(participant_id(m.view, name), Attendance.PRESENT)
    parents = agenda_item(m.view, AgendaKind.PARENTS_VIEWS)
    from chairdesk.services.agenda import AgendaService

    AgendaService(m.context).start_item(parents.id)
    sittings, rooms = SittingService(m.context), RoomService(m.context)
    sittings.start(m.conference_id, [m.ids[MOTHER]])
    m.clock.tick()
    EntryService(m.context).add_entry(parents.id, Heading.VIEW, "MOTHER-SITTING")
    screen = rooms.screen(m.conference_id)
    assert "MOTHER-SITTING" in [e.text for e in screen.entries]
    m.clock.tick()
    sittings.start(m.conference_id, [m.ids[FATHER]])
    screen = rooms.screen(m.conference_id)
    assert "MOTHER-SITTING" not in [e.text for e in screen.entries]
    m.clock.tick()
    sittings.end(m.conference_id)
    # Together again: neither parent's sitting is on the shared screen.
    assert "MOTHER-SITTING" not in [e.text for e in rooms.screen(m.conference_id).entries]


def test_sittings_survive_a_package(database, second_database) -> None:  # type: ignore[no-untyped-def]
    m = _meeting(database)
    _split(m)
    package = PackageService(m.context).export_package(m.conference_id)
    there = ServiceContext(second_database, clock=m.clock)
    imported = PackageService(there).import_package(package, keep_sharing=True)
    sharing = SharingService(there)
    view = sharing.view(imported.id)
    father = next(p.id for p in view.people if p.name == FATHER)
    his = _all_text(sharing.view(imported.id, sharing.audience_for(imported.id, father)))
    assert "FATHER-SITTING" in his and "MOTHER-SITTING" not in his


def test_sittings_are_a_chairs_to_start_with_family_members(database) -> None:  # type: ignore[no-untyped-def]
    m = _meeting(database)
    minutes = replace(m.context, role=UserRole.MINUTE_TAKER)
    with pytest.raises(PermissionDeniedError):
        SittingService(minutes).start(m.conference_id, [m.ids[MOTHER]])
    with pytest.raises(ValidationError, match="say which family members"):
        SittingService(m.context).start(m.conference_id, [])
    with pytest.raises(ValidationError, match="not in this family"):
        SittingService(m.context).start(m.conference_id, [999_999])
    assert SittingService(m.context).live(m.conference_id) is None
