"""The plan's actions as stored: in their order, renumbered, and progress notes that follow an
action into a review prepared before the note was written."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import ConferenceStatus
from chairdesk.models import Action, Conference, ProgressNote


def ordered_actions(session: Session, conference_id: int) -> list[Action]:
    return list(
        session.scalars(
            select(Action)
            .where(Action.conference_id == conference_id)
            .order_by(Action.position, Action.id)
        )
    )


def renumber(actions: list[Action]) -> None:
    for number, action in enumerate(actions, start=1):
        action.position = number


def number_of(session: Session, action: Action) -> int:
    """The action's number as the plan shows it (1 is the first)."""
    ids = [a.id for a in ordered_actions(session, action.conference_id)]
    return ids.index(action.id) + 1


def write_note(
    session: Session,
    action: Action,
    text: str,
    noted_on: date,
    author: str,
    core_group_id: int | None = None,
    at: datetime | None = None,
) -> None:
    """Add a progress note, and to any copy of the action already carried into a review that
    has not happened yet, so that review shows progress recorded after it was prepared."""
    action.progress.append(
        ProgressNote(
            noted_on=noted_on,
            text=text,
            author=author,
            core_group_id=core_group_id,
            created_at=datetime.now().replace(microsecond=0) if at is None else at,
        )
    )
    carried = session.scalars(
        select(Action)
        .join(Conference, Conference.id == Action.conference_id)
        .where(Action.carried_from_id == action.id, Conference.status == ConferenceStatus.PLANNED)
    ).all()
    for later in carried:
        write_note(session, later, text, noted_on, author, core_group_id)
