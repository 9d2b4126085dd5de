"""Issued documents as stored: the rows, their versions, and the views the screens read."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from chairdesk.export import DocumentKind
from chairdesk.export.issued_pages import CopyIssued
from chairdesk.models import AuditEvent, IssuedDocument
from chairdesk.services.base import ServiceContext
from chairdesk.views import Audience, ConferenceView

METHODS = {
    "printed": "printed",
    "handed_over": "handed over",
    "sent_secure": "sent through the council's secure system",
}


@dataclass(frozen=True)
class IssuedView:
    """One issued file (its bytes stay in the database)."""

    id: int
    conference_id: int
    document: DocumentKind
    recipient_person_id: int | None
    recipient: str
    version: int
    format: str
    large_print: bool
    sha256: str
    size: int
    issued_by: str
    issued_at: datetime
    method: str
    amendment_reason: str
    gaps_reason: str
    path: Path | None = None  # where this issue wrote it, when it was just written

    @property
    def method_text(self) -> str:
        return METHODS.get(self.method, self.method)


@dataclass(frozen=True)
class NextIssue:
    """What issuing this copy now would be: its version and whether it is an amendment."""

    version: int
    previous: IssuedView | None  # the latest version issued, if any
    changed: bool  # the words differ from the latest version: an amendment needs a reason


def chain_head(session: Session, event: AuditEvent) -> str | None:
    """The audit trail's head as this document was issued, "count:digest" (the issuing event is
    the newest). Kept with the issued document, it anchors the trail outside the key file:
    `chairdesk audit verify` fails if the trail no longer reaches it."""
    session.flush()
    if not event.digest:
        return None
    count = session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.id <= event.id))
    return f"{count}:{event.digest}"


def copies_issued_before(context: ServiceContext, view: ConferenceView) -> tuple[CopyIssued, ...]:
    """The copies of this conference's documents issued so far, formats of one issue together.

    The professionals' record's own issues are left out: they would change the words of the
    record they are listed in, so issuing it in a second format would need a new version.
    """
    with context.database.transaction() as session:
        rows = session.scalars(
            select(IssuedDocument)
            .options(defer(IssuedDocument.content), defer(IssuedDocument.content_text))
            .where(IssuedDocument.conference_id == view.summary.id)
            .order_by(IssuedDocument.id)
        ).all()
        grouped: dict[tuple[object, ...], list[IssuedDocument]] = {}
        for row in rows:
            if row.document == DocumentKind.RECORD.value and row.recipient_person_id is None:
                continue  # the professionals' record itself: listing it would change its words
            key = (row.document, row.recipient_person_id, row.version, row.issued_at, row.method)
            grouped.setdefault(key, []).append(row)
        return tuple(
            CopyIssued(
                document=DocumentKind(group[0].document).label,
                recipient=group[0].recipient_label or "Professionals",
                version=group[0].version,
                formats=" and ".join(r.format.upper() for r in group),
                method=METHODS.get(group[0].method, group[0].method),
                issued_at=group[0].issued_at,
                issued_by=group[0].issued_by,
                gaps_reason=group[0].gaps_reason,
            )
            for group in grouped.values()
        )


def stored_rows(
    session: Session, conference_id: int, kind: DocumentKind, audience: Audience
) -> list[IssuedDocument]:
    query = select(IssuedDocument).where(
        IssuedDocument.conference_id == conference_id,
        IssuedDocument.document == DocumentKind(kind).value,
    )
    if audience.recipient_person_id is None:
        query = query.where(IssuedDocument.recipient_person_id.is_(None))
    else:
        query = query.where(IssuedDocument.recipient_person_id == audience.recipient_person_id)
    return list(session.scalars(query.order_by(IssuedDocument.id)))


def next_version(
    session: Session, conference_id: int, kind: DocumentKind, audience: Audience, digest: str
) -> NextIssue:
    rows = stored_rows(session, conference_id, kind, audience)
    if not rows:
        return NextIssue(1, None, changed=False)
    latest = max(rows, key=lambda r: (r.version, r.id))
    if latest.content_sha256 == digest:
        return NextIssue(latest.version, issued_view(latest), changed=False)
    return NextIssue(latest.version + 1, issued_view(latest), changed=True)


def issued_view(row: IssuedDocument) -> IssuedView:
    return IssuedView(
        id=row.id,
        conference_id=row.conference_id,
        document=DocumentKind(row.document),
        recipient_person_id=row.recipient_person_id,
        recipient=row.recipient_label or "Professionals",
        version=row.version,
        format=row.format,
        large_print=row.large_print,
        sha256=row.sha256,
        size=len(row.content),
        issued_by=row.issued_by,
        issued_at=row.issued_at,
        method=row.method,
        amendment_reason=row.amendment_reason,
        gaps_reason=row.gaps_reason,
    )


def replace_path(view: IssuedView, path: Path) -> IssuedView:
    return replace(view, path=path)


def text_hash(text: str) -> str | None:
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None


__all__ = [
    "METHODS",
    "IssuedView",
    "NextIssue",
    "chain_head",
    "copies_issued_before",
    "issued_view",
    "next_version",
    "replace_path",
    "stored_rows",
    "text_hash",
]
