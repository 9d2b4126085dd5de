"""What is due for each conference, stored when the conference changes (Home's due board).

The rows are worked out by services/due_board.py from the conference, its reports, core groups
and decisions, the family's births, whether a review follows it, and the council's timescales;
Home reads a sorted page of them. `DueState` holds the fingerprint of the timescale rules the
rows were worked out with (none yet: worked out afresh on the next read).

The two listeners below are registered with the models, so no session can change a conference
without the board hearing of it, whichever service made the change; what they do is the
services' (services/due_board.py, imported when first needed).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ForeignKey, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from chairdesk.models.base import Base


class DueRow(Base):
    """One thing due for one conference."""

    __tablename__ = "due_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    what: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(index=True)
    #: The conference's day: Home lists the conferences of the last 400 days and next 60.
    held_on: Mapped[date]
    #: Shown from this day only (a report to share appears a week before it is due).
    shown_from: Mapped[date | None]


class DueState(Base):
    """One row: the fingerprint of the rules the stored due rows were worked out with."""

    __tablename__ = "due_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    rules_key: Mapped[str] = mapped_column(default="")


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _context: Any) -> None:
    from chairdesk.services.due_board import note_changes

    note_changes(session)


@event.listens_for(Session, "before_commit")
def _bring_up_to_date(session: Session) -> None:
    from chairdesk.services.due_board import bring_up_to_date

    bring_up_to_date(session)


@event.listens_for(Session, "after_commit")
def _count_writes(session: Session) -> None:
    if session.info.pop("due_board.wrote", False):
        database = session.info.get("database")
        if database is not None:
            database.writes += 1
