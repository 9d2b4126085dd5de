"""Issued documents: the exact bytes that left ChairDesk, kept so they can never change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from chairdesk.models.base import Base


class IssuedDocument(Base):
    """One file as issued: never updated, only added to (DESIGN.md §4a).

    A version groups the formats issued from one check of one content (`content_sha256`, the
    document's words); a later change is a new version with the amendment's reason.
    """

    __tablename__ = "issued_document"
    __table_args__ = (
        Index("ix_issued_document_copy", "conference_id", "document", "recipient_person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"))
    document: Mapped[str] = mapped_column()  # plan, record, letter, leaflet
    recipient_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )  # None: the professionals' copy
    recipient_label: Mapped[str] = mapped_column(default="")  # as the header printed it
    version: Mapped[int]
    format: Mapped[str] = mapped_column()  # docx or pdf
    large_print: Mapped[bool] = mapped_column(default=False)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column()  # of `content`, the bytes issued
    content_sha256: Mapped[str] = mapped_column()  # of the words (what an approval covers)
    content_text: Mapped[str] = mapped_column(Text, default="")  # for the next version's changes
    issued_by: Mapped[str] = mapped_column(default="")
    issued_at: Mapped[datetime]
    method: Mapped[str] = mapped_column()  # printed, handed_over, sent_secure
    amendment_reason: Mapped[str] = mapped_column(Text, default="")
    gaps_reason: Mapped[str] = mapped_column(Text, default="")  # issued with gaps, and why
    audit_event_id: Mapped[int | None]
    # The audit chain's head when this was issued; filled in by the trust-keys work.
    audit_chain_head: Mapped[str | None] = mapped_column(default=None)
