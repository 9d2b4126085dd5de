"""How soon the parents' screen follows a change to an entry (services/room_change.py).

Each case makes the change through the real services and asks what it means for the room: words
the room may see can follow a moment later, anything that may hide something must be shown at
once, and professionals-only words never touch the screen.
"""

from __future__ import annotations

from chairdesk.domain import AgendaKind, Heading, Visibility
from chairdesk.services.entries import EntryService
from chairdesk.services.room_change import RoomRefresh, most_urgent, room_refresh
from chairdesk.services.sharing import SharingService
from tests.services.builders import (
    FATHER,
    agenda_item,
    fixed_context,
    make_conference,
    person_id,
)


def _setting(database):
    conference_id = make_conference(database).id
    context = fixed_context(database)
    view = SharingService(context).view(conference_id)
    item = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    return EntryService(context), SharingService(context), view, item


def test_room_change_new_shared_words_follow_soon_and_edits_to_them_too(sqlite_database):
    entries, _sharing, _view, item = _setting(sqlite_database)
    created = entries.add_entry(item.id, Heading.VIEW, "Mum says the house is calmer")
    assert room_refresh(None, created) == RoomRefresh.SOON
    edited = entries.update_text(created.id, "Mum says the house is calmer now")
    assert room_refresh(created, edited) == RoomRefresh.SOON


def test_room_change_professionals_only_words_never_touch_the_screen(sqlite_database):
    entries, _sharing, _view, item = _setting(sqlite_database)
    created = entries.add_entry(
        item.id, Heading.VIEW, "Police check pending", visibility=Visibility.PROFESSIONALS
    )
    assert room_refresh(None, created) == RoomRefresh.NOTHING
    edited = entries.update_text(created.id, "Police check pending, due Friday")
    assert room_refresh(created, edited) == RoomRefresh.NOTHING
    entries.delete_entry(created.id)
    assert room_refresh(edited, None) == RoomRefresh.NOTHING


def test_room_change_hiding_or_deleting_shared_words_is_shown_at_once(sqlite_database):
    entries, _sharing, view, item = _setting(sqlite_database)
    shared = entries.add_entry(item.id, Heading.VIEW, "Dad has started the course")
    hidden = entries.set_visibility(shared.id, Visibility.PROFESSIONALS)
    assert room_refresh(shared, hidden) == RoomRefresh.AT_ONCE
    shown = entries.set_visibility(shared.id, Visibility.SHARED)
    withheld = entries.set_visibility(shared.id, Visibility.WITHHELD, (person_id(view, FATHER),))
    assert room_refresh(shown, withheld) == RoomRefresh.AT_ONCE
    entries.delete_entry(shared.id)
    assert room_refresh(withheld, None) == RoomRefresh.AT_ONCE
    # Several changes at once: the most urgent decides.
    assert most_urgent([RoomRefresh.SOON, RoomRefresh.AT_ONCE]) == RoomRefresh.AT_ONCE
    assert most_urgent([]) == RoomRefresh.NOTHING


def test_room_change_item_entries_are_the_professionals_view_of_one_item(sqlite_database):
    entries, sharing, view, item = _setting(sqlite_database)
    for number in range(3):
        entries.add_entry(item.id, Heading.VIEW, f"view {number}")
    entries.add_entry(item.id, Heading.VIEW, "secret", visibility=Visibility.PROFESSIONALS)
    whole = sharing.view(view.summary.id)
    picked = sharing.entries_of_item(item.id)
    assert picked.entries == whole.entries_for(item.id)
    assert [e.text for e in picked.newest(2)] == ["view 2", "secret"]
