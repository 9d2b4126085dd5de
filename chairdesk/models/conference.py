"""A conference, who took part, the reports it received and its agenda."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chairdesk.domain import (
    AgendaKind,
    AgendaStatus,
    Attendance,
    ConferenceKind,
    ConferenceStatus,
    MeetingModel,
    ParticipantRole,
    Visibility,
)
from chairdesk.models.base import Base, enum_column


class Conference(Base):
    __tablename__ = "conference"
    __table_args__ = (Index("ix_conference_scheduled_at", "scheduled_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ConferenceKind] = mapped_column(enum_column(ConferenceKind))
    model: Mapped[MeetingModel] = mapped_column(enum_column(MeetingModel))
    scheduled_at: Mapped[datetime]
    venue: Mapped[str] = mapped_column(default="")
    chair_name: Mapped[str] = mapped_column(default="")
    minute_taker_name: Mapped[str] = mapped_column(default="")
    strategy_discussion_on: Mapped[date | None]
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("conference.id"), index=True)
    status: Mapped[ConferenceStatus] = mapped_column(
        enum_column(ConferenceStatus), default=ConferenceStatus.PLANNED
    )
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    lead_social_worker: Mapped[str] = mapped_column(default="")
    core_group_on: Mapped[date | None]
    review_on: Mapped[date | None]
    outcome_letter_sent_on: Mapped[date | None]
    record_issued_on: Mapped[date | None]
    plan_end_conditions: Mapped[str] = mapped_column(Text, default="")
    parents_not_first_reason: Mapped[str] = mapped_column(Text, default="")
    inquorate_reason: Mapped[str] = mapped_column(Text, default="")
    # The pre-meeting checklist (DESIGN.md §1, step 2).
    chair_met_parents: Mapped[bool] = mapped_column(default=False)
    advocate_offered: Mapped[bool] = mapped_column(default=False)
    interpreter_booked: Mapped[bool] = mapped_column(default=False)
    leaflet_given: Mapped[bool] = mapped_column(default=False)
    told_speak_first: Mapped[bool] = mapped_column(default=False)
    child_seen: Mapped[bool] = mapped_column(default=False)
    checklist_notes: Mapped[str] = mapped_column(Text, default="")
    # The interpreter (never a family member) and who attends separately (issue 13).
    interpreter_language: Mapped[str] = mapped_column(default="")
    interpreter_name: Mapped[str] = mapped_column(default="")
    attends_separately: Mapped[str] = mapped_column(Text, default="")
    # An adjournment: the same conference continues on another day.
    adjourned_at: Mapped[datetime | None]
    reconvene_on: Mapped[date | None]
    adjourn_reason: Mapped[str] = mapped_column(Text, default="")

    participants: Mapped[list[Participant]] = relationship(
        back_populates="conference", order_by="Participant.id", cascade="all, delete-orphan"
    )
    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="conference", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )
    reports: Mapped[list[Report]] = relationship(
        back_populates="conference", order_by="Report.id", cascade="all, delete-orphan"
    )


class Participant(Base):
    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str]
    role: Mapped[ParticipantRole] = mapped_column(enum_column(ParticipantRole))
    agency: Mapped[str] = mapped_column(default="")
    job_title: Mapped[str] = mapped_column(default="")
    invited: Mapped[bool] = mapped_column(default=True)
    attendance: Mapped[Attendance] = mapped_column(
        enum_column(Attendance), default=Attendance.INVITED
    )
    present_for: Mapped[str] = mapped_column(default="")
    # A late arrival: when they came in and what they missed.
    arrived_at: Mapped[datetime | None]
    items_missed: Mapped[str] = mapped_column(Text, default="")

    conference: Mapped[Conference] = relationship(back_populates="participants")


class Exclusion(Base):
    __tablename__ = "exclusion"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    # The participant row is where the chair clicked; the person is who was out of the room.
    # Filtering follows the person, so editing, unlinking or removing the participant later
    # never puts back into their copy what was said while they were out (DESIGN.md §4).
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(Text)
    agenda_item_ids: Mapped[list[int]] = mapped_column(JSON, default=list)


class Sitting(Base):
    """Part of a conference held with some of the family only (parents who must not meet).

    One conference, one record: what is recorded while a sitting is live belongs to the family
    members in it, and to no other family member; what is recorded outside any sitting is
    everyone's (DESIGN.md §4 and services/redaction.py).
    """

    __tablename__ = "sitting"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(default="")
    person_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class Report(Base):
    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    agency: Mapped[str]
    author: Mapped[str] = mapped_column(default="")
    title: Mapped[str] = mapped_column(default="")
    received_on: Mapped[date | None]
    shared_with_parents_on: Mapped[date | None]
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility), default=Visibility.SHARED
    )
    withheld_from: Mapped[list[int]] = mapped_column(JSON, default=list)

    conference: Mapped[Conference] = relationship(back_populates="reports")


class AgendaItem(Base):
    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[AgendaKind] = mapped_column(enum_column(AgendaKind))
    title: Mapped[str]
    position: Mapped[int]
    status: Mapped[AgendaStatus] = mapped_column(
        enum_column(AgendaStatus), default=AgendaStatus.PENDING
    )
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    agency: Mapped[str] = mapped_column(default="")
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )

    conference: Mapped[Conference] = relationship(back_populates="agenda")


class CoreGroupMeeting(Base):
    __tablename__ = "core_group_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date]
    attendees: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class ChildStatement(Base):
    """A child's own statement (a drawing, a letter, a photo) attached to the child's views.
    The bytes live in the encrypted database like everything else."""

    __tablename__ = "child_statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    child_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str]
    media_type: Mapped[str]
    description: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility), default=Visibility.PROFESSIONALS
    )
    added_at: Mapped[datetime]
    # Last, so reading the other columns never walks the file's pages (SQLite stores a row's
    # columns in order; a list of statements then costs nothing however large they are).
    content: Mapped[bytes] = mapped_column(LargeBinary)
