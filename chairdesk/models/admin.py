"""Parent feedback, the audit trail, council settings and user accounts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from chairdesk.domain import FeedbackAnswer, UserRole
from chairdesk.models.base import Base, enum_column


class Feedback(Base):
    """A parent's answers after a conference. Anonymous: no participant is linked."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    submitted_on: Mapped[date]
    reports_in_time: Mapped[FeedbackAnswer] = mapped_column(enum_column(FeedbackAnswer))
    understood_process: Mapped[FeedbackAnswer] = mapped_column(enum_column(FeedbackAnswer))
    spoke_first: Mapped[FeedbackAnswer] = mapped_column(enum_column(FeedbackAnswer))
    felt_listened_to: Mapped[FeedbackAnswer] = mapped_column(enum_column(FeedbackAnswer))
    understands_actions: Mapped[FeedbackAnswer] = mapped_column(enum_column(FeedbackAnswer))
    comments: Mapped[str] = mapped_column(Text, default="")


class AuditEvent(Base):
    """Append-only. Each row's digest covers the previous digest, so edits break the chain."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    user: Mapped[str] = mapped_column(default="")
    action: Mapped[str] = mapped_column(index=True)
    record_type: Mapped[str] = mapped_column(default="")
    record_id: Mapped[int | None]
    conference_id: Mapped[int | None] = mapped_column(index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    digest: Mapped[str] = mapped_column(default="")
    #: The acting account's Ed25519 signature of the digest (hex), and which key made it.
    signature: Mapped[str] = mapped_column(Text, default="")
    key_id: Mapped[str] = mapped_column(default="")


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class UserAccount(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    role: Mapped[UserRole] = mapped_column(enum_column(UserRole))
    password_hash: Mapped[str] = mapped_column(Text)
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    failed_unlocks: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]


class SigningKey(Base):
    """Each account's public keys, kept after the account is removed so that its events can
    still be verified (storage/keyring.py)."""

    __tablename__ = "signing_key"

    key_id: Mapped[str] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(index=True)
    name: Mapped[str]
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    wrap_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]


class AuditAnchor(Base):
    """The audit chain's key, kept here once the database key has changed (one row)."""

    __tablename__ = "audit_anchor"

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_key: Mapped[bytes] = mapped_column(LargeBinary)
