"""What the conference heard and decided: entries, danger statements, scaling and decisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chairdesk.domain import Category, Heading, Origin, Outcome, Visibility
from chairdesk.models.base import Base, enum_column


class Entry(Base):
    """The unit of the record: one contribution under one heading of one agenda item."""

    __tablename__ = "entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True
    )
    heading: Mapped[Heading] = mapped_column(enum_column(Heading))
    text: Mapped[str] = mapped_column(Text)
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility))
    withheld_from: Mapped[list[int]] = mapped_column(JSON, default=list)
    origin: Mapped[Origin] = mapped_column(enum_column(Origin), default=Origin.TYPED)
    speaker_name: Mapped[str] = mapped_column(default="")
    speaker_participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    child_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    author: Mapped[str] = mapped_column(default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DangerStatement(Base):
    __tablename__ = "danger_statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility), default=Visibility.SHARED
    )
    withheld_from: Mapped[list[int]] = mapped_column(JSON, default=list)
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("danger_statement.id", ondelete="SET NULL"), index=True
    )
    # When it was recorded: an exclusion covers it if the person was out then.
    created_at: Mapped[datetime | None]

    safety_goal: Mapped[SafetyGoal | None] = relationship(
        back_populates="danger_statement", cascade="all, delete-orphan", uselist=False
    )


class SafetyGoal(Base):
    __tablename__ = "safety_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    danger_statement_id: Mapped[int] = mapped_column(
        ForeignKey("danger_statement.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(Text)

    danger_statement: Mapped[DangerStatement] = relationship(back_populates="safety_goal")


class Scaling(Base):
    __tablename__ = "scaling"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    scorer_name: Mapped[str]
    child_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    danger_statement_id: Mapped[int | None] = mapped_column(
        ForeignKey("danger_statement.id", ondelete="SET NULL"), index=True
    )
    score: Mapped[int]
    reason: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility), default=Visibility.SHARED
    )
    created_at: Mapped[datetime | None]


class Decision(Base):
    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    child_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    likely_significant_harm: Mapped[bool]
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome))
    category: Mapped[Category | None] = mapped_column(enum_column(Category))
    reasons: Mapped[str] = mapped_column(Text, default="")
    chair_decided: Mapped[bool] = mapped_column(default=False)
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime | None]

    recommendations: Mapped[list[Recommendation]] = relationship(
        order_by="Recommendation.id", cascade="all, delete-orphan"
    )
    dissents: Mapped[list[Dissent]] = relationship(
        order_by="Dissent.id", cascade="all, delete-orphan"
    )


class Recommendation(Base):
    """One agency's recommendation on one child's decision."""

    __tablename__ = "recommendation"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decision.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    agency: Mapped[str]
    name: Mapped[str] = mapped_column(default="")
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome))
    category: Mapped[Category | None] = mapped_column(enum_column(Category))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime | None]


class Dissent(Base):
    __tablename__ = "dissent"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decision.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str]
    agency: Mapped[str] = mapped_column(default="")
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime | None]
