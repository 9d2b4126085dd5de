"""The one declarative base, with a naming convention and a type map shared by every entity."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum as PyEnum
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Enum, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        str: String(500),
        datetime: DateTime(timezone=False),
        date: Date(),
        dict[str, Any]: JSON(),
        list[int]: JSON(),
    }


# Free text of any length (DOMAIN.md: 200,000-character passages must survive).
LongText = Text()


def enum_column(kind: type[PyEnum]) -> Enum:
    """Store an enum by its value as plain text, the same on SQLite and PostgreSQL."""
    return Enum(kind, native_enum=False, length=40, values_callable=lambda e: [m.value for m in e])
