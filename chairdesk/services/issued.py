"""Issuing a document: the exact bytes stored, versioned, never changed (DESIGN.md §4a).

Issuing writes the chosen formats from one check, keeps each file's bytes (in the encrypted
database, with their SHA-256), the recipient, version, format, who issued it, when and how, and
clears Home's due item. A copy whose words changed since it was issued is an amendment: a new
version with a reason, whose first page says what changed; earlier versions stay as issued.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import ConferenceStatus
from chairdesk.errors import ChairDeskError, RuleError, ValidationError
from chairdesk.export import Document, DocumentKind
from chairdesk.export.files import render, write_bytes_atomically
from chairdesk.export.issued_pages import Amendment, with_amendment_page
from chairdesk.models import IssuedDocument
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load_conference
from chairdesk.services.issue_gate import Gap, describe, gaps
from chairdesk.services.issued_store import (
    METHODS,
    IssuedView,
    NextIssue,
    chain_head,
    copies_issued_before,
    issued_view,
    next_version,
    replace_path,
    stored_rows,
    text_hash,
)
from chairdesk.services.issuing import FORMATS, SECOND_APPROVAL_NEEDED, IssueService, content_digest
from chairdesk.services.permissions import Permission, require
from chairdesk.services.view_builder import kept_from
from chairdesk.views import Audience, ConferenceView


class GapsFoundError(RuleError):
    """A parent's copy with gaps, and no reason to issue it anyway."""

    def __init__(self, found: tuple[Gap, ...]) -> None:
        self.gaps = found
        super().__init__(
            f"this copy has {len(found)} gap{'s' if len(found) != 1 else ''} a parent would "
            f"read: {describe(found)}. Fix them, or issue anyway with a reason"
        )


class AmendmentNeededError(RuleError):
    """The copy changed since it was issued: a new version needs the reason."""


class IssuedService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.issuing = IssueService(context)

    # Before issuing --------------------------------------------------------------------------

    def gaps(self, conference_id: int, kind: DocumentKind, audience: Audience) -> tuple[Gap, ...]:
        """What a parent would read as missing in this copy; none for the professionals."""
        if audience.is_professionals:
            return ()
        view = self.issuing.view_for(conference_id, kind, audience)
        document = self.issuing.preview(conference_id, kind, audience)
        return gaps(view, document, DocumentKind(kind), self.context.today())

    def next_issue(
        self,
        conference_id: int,
        kind: DocumentKind,
        audience: Audience,
        built: Document | None = None,
    ) -> NextIssue:
        """The version issuing this copy now makes. `built`: the preview already made (not
        large print), so a screen need not build it twice."""
        document = built or self.issuing.preview(conference_id, kind, audience)
        digest = content_digest(document)
        with self.context.database.transaction() as session:
            return next_version(session, conference_id, DocumentKind(kind), audience, digest)

    # Issuing ---------------------------------------------------------------------------------

    def issue(
        self,
        conference_id: int,
        kind: DocumentKind,
        audience: Audience,
        out: Mapping[str, Path],
        method: str,
        *,
        large_print: bool = False,
        gaps_reason: str = "",
        amendment_reason: str = "",
    ) -> tuple[IssuedView, ...]:
        """Issues this copy in each format of `out` (format to path) from one check.

        Raises:
            ValidationError: an unknown format or way of issuing, or no format.
            PermissionDeniedError: a parent's copy by someone who is not a chair.
            RuleError: the meeting is not over; a second approval is needed; GapsFoundError;
                AmendmentNeededError (the words changed since it was issued, and no reason).
            StorageError: a file could not be written; nothing is recorded as issued.
        """
        kind = DocumentKind(kind)
        formats = [fmt for fmt in FORMATS if fmt in out]
        if not formats or set(out) - set(FORMATS):
            raise ValidationError("choose the formats to issue: docx, pdf or both")
        if method not in METHODS:
            raise ValidationError(f"say how it is issued: one of {', '.join(METHODS)}")
        if not audience.is_professionals:
            require(self.context, Permission.ISSUE_PARENT_COPY)
        gaps_reason = " ".join(gaps_reason.split())
        amendment_reason = " ".join(amendment_reason.split())
        view = self.issuing.view_for(conference_id, kind, audience)
        self._check_closed(view, kind)
        body = self.issuing.preview(conference_id, kind, audience)
        digest = content_digest(body)
        found = () if audience.is_professionals else gaps(view, body, kind, self.context.today())
        if found and not gaps_reason:
            raise GapsFoundError(found)
        if self.issuing.needs_second_approval(audience) and (
            self.issuing.approval(conference_id, kind, audience) is None
        ):
            raise RuleError(SECOND_APPROVAL_NEEDED)
        with self.context.database.transaction() as session:
            step = next_version(session, conference_id, kind, audience, digest)
            reused = {
                row.format: row.content
                for row in stored_rows(session, conference_id, kind, audience)
                if row.version == step.version and row.large_print == large_print
            }
        if step.changed and step.previous is not None and not amendment_reason:
            issued = step.previous.issued_at
            raise AmendmentNeededError(
                f"version {step.previous.version} of this copy was issued on {issued.day} "
                f"{issued:%B %Y} and it has changed since: give the reason for the amendment "
                f"(it becomes version {step.version}, which says what changed)"
            )
        document = body
        if large_print:
            document = self.issuing.preview(conference_id, kind, audience, large_print=True)
        reason = amendment_reason if step.changed else ""
        if step.version > 1:
            reason = reason or self._reason_of(conference_id, kind, audience, step.version)
            self._check_reason_may_be_read(conference_id, audience, reason)
            document = self._amended(conference_id, kind, audience, document, step, reason)
        data = {fmt: reused.get(fmt) or render(document, fmt) for fmt in formats}  # type: ignore[arg-type]
        written: list[Path] = []
        try:
            for fmt in formats:
                written.append(write_bytes_atomically(data[fmt], Path(out[fmt])))
            return self._record(
                conference_id,
                kind,
                audience,
                view,
                step.version,
                data,
                written,
                method,
                large_print=large_print,
                digest=digest,
                text=body.plain_text(),
                amendment_reason=reason,
                gaps_reason=gaps_reason if found else "",
            )
        except BaseException:
            for path in written:  # a copy with no record of its issue must not stay behind
                with contextlib.suppress(OSError):
                    path.unlink()
            raise

    # Reading back ----------------------------------------------------------------------------

    def issued(self, conference_id: int) -> tuple[IssuedView, ...]:
        """Every file issued for this conference, oldest first."""
        with self.context.database.transaction() as session:
            load_conference(session, conference_id)
            rows = session.scalars(
                select(IssuedDocument)
                .where(IssuedDocument.conference_id == conference_id)
                .order_by(IssuedDocument.id)
            ).all()
            return tuple(issued_view(row) for row in rows)

    def content(self, issued_id: int) -> tuple[IssuedView, bytes]:
        """The issued file's bytes, exactly as issued (checked against their SHA-256)."""
        with self.context.database.transaction() as session:
            row = _issued_row(session, issued_id)
            data = bytes(row.content)
            if hashlib.sha256(data).hexdigest() != row.sha256:
                raise RuleError(
                    f"issued document {issued_id} does not match the SHA-256 recorded when it was "
                    "issued: run 'chairdesk check' and restore from a backup"
                )
            return issued_view(row), data

    def caution(self, issued_id: int) -> str:
        """Before a parent's copy written again goes back to them, in one line: what has changed
        since it was issued, first anything now kept from them. "" when it says what their copy
        issued now would say, and always for the professionals' copy.

        Any line of the stored copy that their copy now lacks may have been withheld from them
        since (reworded first, or printed in their own wording), and an amendment's reason may
        name someone now kept from them: either way the copy must not be sent to them again,
        and the caution says so. It counts lines and never quotes them.
        """
        with self.context.database.transaction() as session:
            row = _issued_row(session, issued_id)
            issued, said, words = issued_view(row), row.content_text, row.content_sha256
        if issued.recipient_person_id is None:
            return ""
        kind, conference_id = issued.document, issued.conference_id
        name = issued.recipient.split(" (")[0]
        try:
            audience = self.issuing.sharing.audience_for(conference_id, issued.recipient_person_id)
        except ChairDeskError:
            return (
                f"{name} no longer receives this conference's copies: do not send this one to "
                "them again"
            )
        reason = self._reason_of(conference_id, kind, audience, issued.version)
        try:  # an amended copy also prints its reason, which may name someone kept from them
            self._check_reason_may_be_read(conference_id, audience, reason)
        except ValidationError:
            return (
                f"version {issued.version} names, in its reason for the amendment, someone or an "
                f"address kept from {name}: do not send it to them again; issue their copy now"
            )
        now = self.issuing.preview(conference_id, kind, audience)
        if content_digest(now) == words:
            return ""
        # Any line their copy no longer has may have been kept from them (reworded first, in
        # their own wording, in another language): none is taken as merely out of date.
        theirs_now = _lines(now.plain_text())
        lost = [
            line
            for line in dict.fromkeys(said.splitlines())
            if line.strip() and line not in theirs_now
        ]
        if lost:
            lines = "line" if len(lost) == 1 else "lines"
            return (
                f"version {issued.version} holds {len(lost)} {lines} that {name}'s copy no longer "
                "has, and some may have been kept from them since it was issued: do not send it "
                "to them again; issue their copy now instead"
            )
        return (
            f"{name}'s copy has changed since version {issued.version} was issued: to send "
            "them the copy as it stands, issue it again (an amendment)"
        )

    def write_copy(self, issued_id: int, out_path: Path) -> IssuedView:
        """Writes the issued bytes again to `out_path`, byte for byte."""
        view, data = self.content(issued_id)
        path = write_bytes_atomically(data, Path(out_path))
        return replace_path(view, path)

    # Inside ----------------------------------------------------------------------------------

    @staticmethod
    def _check_closed(view: ConferenceView, kind: DocumentKind) -> None:
        if kind == DocumentKind.LEAFLET:
            return
        if view.summary.status not in (ConferenceStatus.CONCLUDED, ConferenceStatus.ISSUED):
            raise RuleError(
                f"the meeting has not closed, so its {kind.label.lower()} cannot be issued yet: "
                "conclude it on the Run page first"
            )

    def _check_reason_may_be_read(
        self, conference_id: int, audience: Audience, reason: str
    ) -> None:
        """The amendment's reason is printed on its first page: it may not name anyone, or
        an address, kept from this parent (the same rule as the rest of their copy)."""
        if audience.is_professionals or not reason:
            return
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            if kept_from(session, conference, audience).named_in(reason):
                raise ValidationError(
                    "the reason for the amendment names someone, or an address, withheld from "
                    "this parent, and it is printed on their copy: say it without naming them "
                    "(nothing was issued)"
                )

    def _reason_of(
        self, conference_id: int, kind: DocumentKind, audience: Audience, version: int
    ) -> str:
        with self.context.database.transaction() as session:
            rows = stored_rows(session, conference_id, kind, audience)
        return next((r.amendment_reason for r in rows if r.version == version), "")

    def _amended(
        self,
        conference_id: int,
        kind: DocumentKind,
        audience: Audience,
        document: Document,
        step: NextIssue,
        reason: str,
    ) -> Document:
        with self.context.database.transaction() as session:
            rows = stored_rows(session, conference_id, kind, audience)
        earlier = [r for r in rows if r.version == step.version - 1]
        if not earlier:
            return document
        first = min(earlier, key=lambda r: r.id)
        amendment = Amendment(
            step.version, first.version, first.issued_at, reason, first.content_text
        )
        return with_amendment_page(document, amendment)

    def _record(
        self,
        conference_id: int,
        kind: DocumentKind,
        audience: Audience,
        view: ConferenceView,
        version: int,
        data: Mapping[str, bytes],
        paths: list[Path],
        method: str,
        *,
        large_print: bool,
        digest: str,
        text: str,
        amendment_reason: str,
        gaps_reason: str,
    ) -> tuple[IssuedView, ...]:
        now = self.context.now()
        views = []
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            for (fmt, content), path in zip(data.items(), paths, strict=True):
                sha = hashlib.sha256(content).hexdigest()
                row = IssuedDocument(
                    conference_id=conference_id,
                    document=kind.value,
                    recipient_person_id=audience.recipient_person_id,
                    recipient_label=audience.recipient_label,
                    version=version,
                    format=fmt,
                    large_print=large_print,
                    content=content,
                    sha256=sha,
                    content_sha256=digest,
                    content_text=text,
                    issued_by=self.context.user,
                    issued_at=now,
                    method=method,
                    amendment_reason=amendment_reason,
                    gaps_reason=gaps_reason,
                )
                session.add(row)
                session.flush()
                event = audit.record(
                    session,
                    self.context,
                    "document.issue",
                    "issued_document",
                    row.id,
                    conference_id,
                    {
                        "document": kind.value,
                        "recipient_person_id": audience.recipient_person_id,
                        "version": version,
                        "format": fmt,
                        "large_print": large_print,
                        "sha256": sha,
                        "method": method,
                        # The reasons are the chair's words: kept on the issued row (which
                        # this event names), their hashes here.
                        "amendment_reason_sha256": text_hash(amendment_reason),
                        "issued_with_gaps_reason_sha256": text_hash(gaps_reason),
                    },
                )
                row.audit_event_id = event.id
                row.audit_chain_head = chain_head(session, event)
                views.append(replace_path(issued_view(row), path))
            self._mark_issued(session, conference, kind, now)
        return tuple(views)

    def _mark_issued(
        self, session: Session, conference: object, kind: DocumentKind, now: datetime
    ) -> None:
        from chairdesk.models import Conference

        assert isinstance(conference, Conference)
        changes: dict[str, object] = {}
        if kind == DocumentKind.LETTER and conference.outcome_letter_sent_on is None:
            conference.outcome_letter_sent_on = now.date()
            changes["outcome_letter_sent_on"] = now.date().isoformat()
        if kind == DocumentKind.RECORD and conference.record_issued_on is None:
            conference.record_issued_on = now.date()
            changes["record_issued_on"] = now.date().isoformat()
        if kind != DocumentKind.LEAFLET and conference.status == ConferenceStatus.CONCLUDED:
            conference.status = ConferenceStatus.ISSUED
            changes["status"] = ConferenceStatus.ISSUED.value
        if changes:
            audit.record_change(
                session, self.context, "conference.issued", conference.id, conference.id, changes
            )


__all__ = [
    "METHODS",
    "AmendmentNeededError",
    "GapsFoundError",
    "IssuedService",
    "IssuedView",
    "NextIssue",
    "chain_head",
    "copies_issued_before",
]


def _lines(text: str) -> set[str]:
    return {line for line in text.splitlines() if line.strip()}


def _issued_row(session: Session, issued_id: int) -> IssuedDocument:
    row = session.get(IssuedDocument, issued_id)
    if row is None:
        raise ValidationError(f"no issued document {issued_id}: see 'chairdesk issued list'")
    return row
