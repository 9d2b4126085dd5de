"""Families, the people in them, and the history of their allocated social workers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chairdesk.domain import PersonRole
from chairdesk.models.base import Base, enum_column


class Family(Base):
    __tablename__ = "family"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_reference: Mapped[str] = mapped_column(unique=True)
    family_name: Mapped[str] = mapped_column(index=True)
    # Addresses are restricted by default (DOMAIN.md §7: Halton, Telford and Wrekin).
    address: Mapped[str] = mapped_column(Text, default="")
    # The chair recorded that the parents must not share information (separated parents, a
    # protected address): what one parent says starts withheld from the others.
    parents_kept_apart: Mapped[bool] = mapped_column(default=False)

    people: Mapped[list[Person]] = relationship(
        back_populates="family", order_by="Person.id", cascade="all, delete-orphan"
    )
    social_workers: Mapped[list[SocialWorkerAllocation]] = relationship(
        back_populates="family",
        order_by="SocialWorkerAllocation.from_date",
        cascade="all, delete-orphan",
    )


class Person(Base):
    __tablename__ = "person"
    __table_args__ = (Index("ix_person_name", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    name: Mapped[str]
    role: Mapped[PersonRole] = mapped_column(enum_column(PersonRole))
    gender: Mapped[str] = mapped_column(default="")
    date_of_birth: Mapped[date | None]
    due_date: Mapped[date | None]
    parental_responsibility: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(default="English")
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    address_protected: Mapped[bool] = mapped_column(default=False)
    address: Mapped[str] = mapped_column(Text, default="")
    # People withheld from named people (a new partner, a protected carer): no line of those
    # recipients' copies or of the parents' screen names them while they are in the room.
    withheld_from: Mapped[list[int]] = mapped_column(JSON, default=list)

    family: Mapped[Family] = relationship(back_populates="people")


class SocialWorkerAllocation(Base):
    __tablename__ = "social_worker_allocation"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    name: Mapped[str]
    team: Mapped[str] = mapped_column(default="")
    from_date: Mapped[date]
    to_date: Mapped[date | None]

    family: Mapped[Family] = relationship(back_populates="social_workers")
