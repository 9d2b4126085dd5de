"""The plan's actions and the progress recorded against them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chairdesk.domain import ActionOwner, ActionStatus, Visibility
from chairdesk.models.base import Base, enum_column


class Action(Base):
    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    what: Mapped[str] = mapped_column(Text, default="")
    who: Mapped[str] = mapped_column(default="")
    owner: Mapped[ActionOwner] = mapped_column(enum_column(ActionOwner), default=ActionOwner.FAMILY)
    by_when: Mapped[date | None]
    why: Mapped[str] = mapped_column(Text, default="")
    how_we_will_know: Mapped[str] = mapped_column(Text, default="")
    support: Mapped[str] = mapped_column(Text, default="")
    if_not_done: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus), default=ActionStatus.NOT_STARTED
    )
    status_reason: Mapped[str] = mapped_column(Text, default="")
    achieved_on: Mapped[date | None]
    confirmed_by: Mapped[str] = mapped_column(default="")
    reason_added: Mapped[str] = mapped_column(Text, default="")
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="SET NULL"), index=True
    )
    child_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility), default=Visibility.SHARED
    )
    withheld_from: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime | None]

    # Loaded with the actions in one query (not one per action: 300 actions cost 4.7 s).
    progress: Mapped[list[ProgressNote]] = relationship(
        order_by="ProgressNote.id", cascade="all, delete-orphan", lazy="selectin"
    )
    date_moves: Mapped[list[ActionDateMove]] = relationship(
        order_by="ActionDateMove.id", cascade="all, delete-orphan"
    )


class ProgressNote(Base):
    __tablename__ = "progress_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    core_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_group_meeting.id", ondelete="SET NULL"), index=True
    )
    noted_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(default="")
    created_at: Mapped[datetime | None]  # when it was typed (an exclusion covers it by time)


class ActionDateMove(Base):
    """An action's by-when date changed after it was set: when, by whom and why."""

    __tablename__ = "action_date_move"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    moved_at: Mapped[datetime]
    from_date: Mapped[date]
    to_date: Mapped[date | None]
    moved_by: Mapped[str] = mapped_column(default="")
    reason: Mapped[str] = mapped_column(Text, default="")
