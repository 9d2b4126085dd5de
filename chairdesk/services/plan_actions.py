"""A plan's actions for the Plan page, read in three plain queries whatever their number.

`ActionService.actions` loads each action's date moves on first touch, one query per action
(0.1 to 1.2 s at 300 actions on the GUI thread), and builds an ORM object for every row. Here
the actions, their progress notes and their date moves are three plain reads (`Database.reading`)
made into the same `ActionView`s (a test compares them): about a tenth of the time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from chairdesk.domain import ActionOwner, ActionStatus, Visibility
from chairdesk.errors import NotFoundError
from chairdesk.services.base import ServiceContext
from chairdesk.services.due_rules import as_date, as_datetime
from chairdesk.views import ActionView, DateMoveView, ProgressNoteView

_ACTIONS = (
    "SELECT id, position, what, who, owner, by_when, why, how_we_will_know, support, "
    "if_not_done, status, status_reason, achieved_on, confirmed_by, reason_added, "
    "carried_from_id, child_ids, visibility, withheld_from, created_at "
    "FROM action WHERE conference_id = :conference ORDER BY position, id"
)
_NOTES = (
    "SELECT n.action_id, n.id, n.noted_on, n.text, n.author, n.created_at FROM progress_note n "
    "JOIN action a ON a.id = n.action_id WHERE a.conference_id = :conference ORDER BY n.id"
)
_MOVES = (
    "SELECT m.action_id, m.moved_at, m.from_date, m.to_date, m.moved_by, m.reason "
    "FROM action_date_move m JOIN action a ON a.id = m.action_id "
    "WHERE a.conference_id = :conference ORDER BY m.id"
)


# Dates as the database gives them back: the one reading, in due_rules.
_day = as_date


def _moment(value: Any) -> datetime | None:
    return None if value is None else as_datetime(value)


def _ids(value: Any) -> tuple[int, ...]:
    if value is None:
        return ()
    return tuple(json.loads(value) if isinstance(value, str) else value)


def plan_actions(context: ServiceContext, conference_id: int) -> tuple[ActionView, ...]:
    """The conference's actions in their order (position, then when added)."""
    parameters = {"conference": conference_id}
    with context.database.reading() as read:
        if not read("SELECT id FROM conference WHERE id = :conference", parameters):
            raise NotFoundError(f"no conference with id {conference_id}")
        rows = read(_ACTIONS, parameters)
        notes: dict[int, list[ProgressNoteView]] = defaultdict(list)
        for action_id, note_id, noted_on, text, author, typed_at in read(_NOTES, parameters):
            notes[action_id].append(
                ProgressNoteView(note_id, _day(noted_on), text, author, _moment(typed_at))  # type: ignore[arg-type]
            )
        moves: dict[int, list[DateMoveView]] = defaultdict(list)
        for action_id, moved_at, from_date, to_date, moved_by, reason in read(_MOVES, parameters):
            moves[action_id].append(
                DateMoveView(_moment(moved_at), _day(from_date), _day(to_date), moved_by, reason)  # type: ignore[arg-type]
            )
    return tuple(
        ActionView(
            id=r[0],
            position=r[1],
            what=r[2],
            who=r[3],
            owner=ActionOwner(r[4]),
            by_when=_day(r[5]),
            why=r[6],
            how_we_will_know=r[7],
            support=r[8],
            if_not_done=r[9],
            status=ActionStatus(r[10]),
            status_reason=r[11],
            achieved_on=_day(r[12]),
            confirmed_by=r[13],
            reason_added=r[14],
            carried_from_id=r[15],
            child_ids=_ids(r[16]),
            progress=tuple(notes[r[0]]),
            visibility=Visibility(r[17]),
            withheld_from=_ids(r[18]),
            date_moves=tuple(moves[r[0]]),
            created_at=_moment(r[19]),
        )
        for r in rows
    )


__all__ = ["plan_actions"]
