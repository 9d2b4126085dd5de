"""Entries: default visibility by origin, withheld from named people, any text kept, audited."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import select

from chairdesk.domain import AgendaKind, Heading, Origin, Visibility
from chairdesk.errors import NotFoundError, ValidationError
from chairdesk.models import AuditEvent
from chairdesk.services import audit
from chairdesk.services.entries import MAX_TEXT_LENGTH, EntryService, default_visibility
from chairdesk.services.sharing import SharingService
from tests.services.builders import (
    FATHER,
    MOTHER,
    OLDER_CHILD,
    agenda_item,
    fixed_context,
    make_conference,
    participant_id,
    person_id,
)


def _meeting(database):
    conference = make_conference(database)
    context = fixed_context(database)
    view = SharingService(context).view(conference.id)
    return conference, EntryService(context), view


def test_entries_default_visibility_shares_only_typed_text():
    assert default_visibility(Origin.TYPED) == Visibility.SHARED
    assert default_visibility(Origin.PASTED) == Visibility.PROFESSIONALS
    assert default_visibility(Origin.IMPORTED) == Visibility.PROFESSIONALS
    assert default_visibility(Origin.CARRIED_FORWARD) == Visibility.PROFESSIONALS


@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        (Origin.TYPED, Visibility.SHARED),
        (Origin.PASTED, Visibility.PROFESSIONALS),
        (Origin.IMPORTED, Visibility.PROFESSIONALS),
    ],
)
def test_entries_add_uses_the_default_for_its_origin(database, origin, expected):
    _, entries, view = _meeting(database)
    item = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    entry = entries.add_entry(item.id, Heading.VIEW, "We want the children home.", origin=origin)
    assert entry.visibility == expected
    assert entries.entries_for_item(item.id) == (entry,)


def test_entries_add_keeps_speaker_child_author_and_times(database):
    conference, entries, view = _meeting(database)
    item = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    entry = entries.add_entry(
        item.id,
        Heading.STRENGTH,
        "Maya is always on time for school.",
        speaker_participant_id=participant_id(view, MOTHER),
        child_id=person_id(view, OLDER_CHILD),
    )
    assert entry.speaker_name == MOTHER
    assert entry.child_id == person_id(view, OLDER_CHILD)
    assert entry.author == "chair"
    assert entry.created_at == entry.updated_at == datetime(2026, 12, 1, 10, 0)
    assert entries.entries(conference.id) == (entry,)


def test_entries_add_refuses_a_parent_as_the_child(database):
    _, entries, view = _meeting(database)
    item = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    with pytest.raises(ValidationError, match="not a child"):
        entries.add_entry(item.id, Heading.VIEW, "x", child_id=person_id(view, MOTHER))


def test_entries_withheld_needs_a_person_of_this_family(database):
    _, entries, view = _meeting(database)
    item = agenda_item(view, AgendaKind.AGENCY, "Police")
    with pytest.raises(ValidationError, match="at least one person"):
        entries.add_entry(item.id, Heading.WORRY, "x", visibility=Visibility.WITHHELD)
    stranger = SharingService(entries.context).view(make_conference(database).id).people[2].id
    with pytest.raises(ValidationError, match="not in this family"):
        entries.add_entry(
            item.id, Heading.WORRY, "x", visibility=Visibility.WITHHELD, withheld_from=[stranger]
        )
    with pytest.raises(ValidationError, match="withhold"):
        entries.add_entry(
            item.id,
            Heading.WORRY,
            "x",
            visibility=Visibility.SHARED,
            withheld_from=[person_id(view, FATHER)],
        )
    assert entries.entries_for_item(item.id) == ()


def test_entries_set_visibility_withholds_from_named_people_and_back(database):
    _, entries, view = _meeting(database)
    item = agenda_item(view, AgendaKind.AGENCY, "Police")
    pasted = entries.add_entry(item.id, Heading.WORRY, "From the strategy minutes", origin="pasted")
    father = person_id(view, FATHER)
    withheld = entries.set_visibility(pasted.id, Visibility.WITHHELD, [father])
    assert (withheld.visibility, withheld.withheld_from) == (Visibility.WITHHELD, (father,))
    with pytest.raises(ValidationError, match="at least one person"):
        entries.set_visibility(pasted.id, Visibility.WITHHELD, [])
    shared = entries.set_visibility(pasted.id, Visibility.SHARED)
    assert (shared.visibility, shared.withheld_from) == (Visibility.SHARED, ())


TEXTS = [
    "مرحبا، أنا والدة مايا",  # right-to-left
    "שלום, אני אבא של לאו",
    "Mum said 👍🏽 then 👨‍👩‍👧‍👦 and laughed",
    "bell\x07 tab\t cr\r lf\n esc\x1b del\x7f nbsp\xa0 zwj\u200d rlo\u202e end",
    "e\u0301 composed é, ligature ﬁ, maths 𝔘𝔫𝔦",
    "",
    "x" * 200_000,
    ("Dad said the flat is ready. " * 7_200)[:200_000],
]


@pytest.mark.parametrize("text", TEXTS, ids=lambda t: f"{len(t)}:{t[:8]!r}")
def test_entries_any_text_is_stored_and_read_back_unchanged(database, text):
    conference, entries, view = _meeting(database)
    item = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    added = entries.add_entry(item.id, Heading.VIEW, text)
    assert added.text == text
    assert entries.entries(conference.id)[0].text == text
    updated = entries.update_text(added.id, text + "·")
    assert updated.text == text + "·"
    assert SharingService(entries.context).view(conference.id).entries[0].text == text + "·"


def test_entries_nul_characters_are_removed_and_nothing_else(database):
    _, entries, view = _meeting(database)
    item = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    entry = entries.add_entry(item.id, Heading.VIEW, "\x00before\x00 after\x00")
    assert entry.text == "before after"
    assert entries.update_text(entry.id, "a\x00b").text == "ab"


def test_entries_text_of_a_million_characters_is_the_limit(database):
    conference, entries, view = _meeting(database)
    item = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    exactly = entries.add_entry(item.id, Heading.NOTE, "y" * MAX_TEXT_LENGTH)
    assert len(entries.entries(conference.id)[0].text) == MAX_TEXT_LENGTH
    with pytest.raises(ValidationError, match="1,000,001 characters long"):
        entries.add_entry(item.id, Heading.NOTE, "z" * (MAX_TEXT_LENGTH + 1))
    with pytest.raises(ValidationError, match="split it"):
        entries.update_text(exactly.id, "z" * (MAX_TEXT_LENGTH + 1))
    assert len(entries.entries(conference.id)) == 1


def test_entries_broken_characters_are_refused_plainly(database):
    _, entries, view = _meeting(database)
    item = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    with pytest.raises(ValidationError, match="broken character at position 4"):
        entries.add_entry(item.id, Heading.VIEW, "abc\ud800def")


def test_entries_update_text_keeps_visibility_and_moves_updated_at(database):
    _, entries, view = _meeting(database)
    item = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    entry = entries.add_entry(item.id, Heading.VIEW, "Pasted", origin=Origin.PASTED)
    later = EntryService(fixed_context(database, datetime(2026, 12, 1, 10, 9)))
    updated = later.update_text(entry.id, "Pasted and edited")
    assert updated.visibility == Visibility.PROFESSIONALS
    assert updated.created_at == datetime(2026, 12, 1, 10, 0)
    assert updated.updated_at == datetime(2026, 12, 1, 10, 9)


def test_entries_delete_removes_the_entry(database):
    conference, entries, view = _meeting(database)
    item = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    entry = entries.add_entry(item.id, Heading.VIEW, "Said in error")
    entries.delete_entry(entry.id)
    assert entries.entries(conference.id) == ()
    with pytest.raises(NotFoundError, match="no entry with id"):
        entries.update_text(entry.id, "again")


def test_entries_refuse_an_unknown_heading(database):
    _, entries, view = _meeting(database)
    item = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    with pytest.raises(ValidationError, match="heading must be one of"):
        entries.add_entry(item.id, "gossip", "x")


def test_entries_changes_are_audited_without_names_or_text(database):
    conference, entries, view = _meeting(database)
    item = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    entry = entries.add_entry(
        item.id, Heading.VIEW, "Secrettext one", speaker_participant_id=participant_id(view, MOTHER)
    )
    entries.update_text(entry.id, "Secrettext two")
    entries.update_text(entry.id, "Secrettext two")  # unchanged: nothing to record
    entries.set_visibility(entry.id, Visibility.WITHHELD, [person_id(view, FATHER)])
    entries.delete_entry(entry.id)
    with database.transaction() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.conference_id == conference.id)
            .order_by(AuditEvent.id)
        ).all()
        actions = [e.action for e in events]
        details = json.dumps([e.detail for e in events], ensure_ascii=False)
    assert actions[1:] == ["entry.add", "entry.text", "entry.visibility", "entry.delete"]
    assert "Secrettext" not in details
    assert MOTHER not in details and FATHER not in details
    assert audit.verify(entries.context).ok
