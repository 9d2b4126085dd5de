"""What a change to the record means for the parents' screen, decided here and not in ui/.

The parents' screen (services/room.py) is rebuilt from the whole conference as the room may
see it, which costs about 100 ms with 1,500 entries: too long to do on the GUI thread after
every pause in the chair's typing. So each committed change to an entry is sorted into one of
three answers (DESIGN.md §2 and §4):

- NOTHING: nobody in the room could see the entry before or after (professionals only), so the
  screen cannot have changed.
- SOON: only the words of an entry the room may see changed, or a new entry was added. What is
  on screen was allowed a moment ago and still is; the new words may follow a moment later,
  from a view built off the GUI thread.
- AT_ONCE: something may have been taken from the room (a visibility changed, an entry was
  deleted, who spoke or which child or item it is under changed). The screen is rebuilt before
  anything else happens, so a parent never sees for a moment what was just hidden; any build
  already under way is thrown away.

This module imports no SQLAlchemy, so the UI may use it before the ORM is loaded.

The Run page reads one item's entries with `SharingService.entries_of_item`, an `ItemEntries`:
the professionals' entries of that item only. It is a type of its own, not a ConferenceView,
so it can never be handed to an export or to anything that shows a family what it holds.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass

from chairdesk.domain import Visibility
from chairdesk.views import EntryView


class RoomRefresh(enum.IntEnum):
    """How soon the parents' screen must follow a change; a larger value is more urgent."""

    NOTHING = 0
    SOON = 1
    AT_ONCE = 2


def _room_may_see(entry: EntryView | None) -> bool:
    """Whether anyone in a room could ever be shown this entry (professionals-only: never)."""
    return entry is not None and entry.visibility != Visibility.PROFESSIONALS


def room_refresh(before: EntryView | None, after: EntryView | None) -> RoomRefresh:
    """What one committed change to an entry (None: it did not exist, or no longer does)
    means for the parents' screen."""
    if not _room_may_see(before) and not _room_may_see(after):
        return RoomRefresh.NOTHING
    if before is None:
        return RoomRefresh.SOON  # new words the room may see: adding hides nothing
    if after is None:
        return RoomRefresh.AT_ONCE  # deleted: the screen must drop it now
    if dataclasses.replace(before, text=after.text, updated_at=after.updated_at) == after:
        return RoomRefresh.SOON  # only the words changed
    return RoomRefresh.AT_ONCE


def most_urgent(refreshes: list[RoomRefresh]) -> RoomRefresh:
    return max(refreshes, default=RoomRefresh.NOTHING)


@dataclass(frozen=True)
class ItemEntries:
    """The professionals' entries of one agenda item, oldest first: for the chair's Run page
    only. Deliberately not a ConferenceView, so no export or family view can take it."""

    agenda_item_id: int
    entries: tuple[EntryView, ...]

    def newest(self, count: int) -> tuple[EntryView, ...]:
        return self.entries[-count:] if count > 0 else ()


__all__ = ["ItemEntries", "RoomRefresh", "most_urgent", "room_refresh"]
