"""Issuing documents: an audience's copy previewed, checked and written, with its audit event."""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Literal, cast

from sqlalchemy import select

from chairdesk.errors import RuleError, StorageError, ValidationError
from chairdesk.export import Document, DocumentKind, build_document, write_document
from chairdesk.models import AuditEvent
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.services.copy_check import parent_copy_checklist
from chairdesk.services.permissions import Permission, require
from chairdesk.services.plainlanguage import PlainLanguageService
from chairdesk.services.settings import SettingsService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import keys
from chairdesk.views import Audience, ConferenceView, CopyApprovalView, ParentCopyItem

FORMATS: tuple[str, ...] = ("docx", "pdf")

SECOND_APPROVAL_NEEDED = (
    "a second person (a manager or another chair) must approve this parent's copy before it is "
    "saved (a council setting); ask them to approve it: the copy was not saved"
)


@dataclass(frozen=True)
class IssuedFile:
    """A document written for one audience: where it is and the SHA-256 of its bytes on disk."""

    path: Path
    sha256: str
    kind: DocumentKind
    fmt: str
    for_parent: bool
    large_print: bool = False


@dataclass(frozen=True)
class Approval:
    """A second person's approval of one copy's content (an audit event)."""

    event_id: int
    approver: str
    at: datetime
    content_sha256: str


@dataclass(frozen=True)
class ParentCopyCheck:
    """What the chair reads before a parent's copy is saved."""

    items: tuple[ParentCopyItem, ...]  # pasted or imported text first
    withheld_count: int  # how many things are left out of this copy (never what they are)

    @property
    def pasted_count(self) -> int:
        return sum(1 for item in self.items if item.pasted_or_imported)


def _squeezed(text: str) -> str:
    """Letters and digits only, case-folded: survives the cleaning and splitting export does."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def items_in_document(
    items: tuple[ParentCopyItem, ...], document: Document
) -> tuple[ParentCopyItem, ...]:
    """The check list items this document shows.

    An item is left off only when its excerpt is certainly not in the document's text, so a
    letter does not list every contribution to the meeting; anything doubtful stays on.
    """
    text = _squeezed(document.plain_text())
    return tuple(item for item in items if _squeezed(item.excerpt.rstrip("…")) in text)


class IssueService:
    """Builds each audience's copy only from the sharing service's view, then writes it."""

    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.sharing = SharingService(context)

    def audiences(self, conference_id: int) -> tuple[Audience, ...]:
        """Professionals, then each parent, carer or relative who can receive their own copy."""
        return self.sharing.audiences(conference_id)

    def needs_second_approval(self, audience: Audience) -> bool:
        """Whether saving this audience's copy waits for a second person (a council setting)."""
        if audience.is_professionals:
            return False
        return SettingsService(self.context).get().require_second_approval

    def preview(
        self,
        conference_id: int,
        kind: DocumentKind,
        audience: Audience,
        *,
        large_print: bool = False,
    ) -> Document:
        """Exactly the document `export` would write for this audience now."""
        view = self.view_for(conference_id, kind, audience)
        document = self._build(view, kind, large_print)
        if DocumentKind(kind) == DocumentKind.RECORD and audience.is_professionals:
            from chairdesk.export.issued_pages import with_copies_issued
            from chairdesk.services.issued_store import copies_issued_before

            document = with_copies_issued(document, copies_issued_before(self.context, view))
        return document

    def view_for(
        self, conference_id: int, kind: DocumentKind, audience: Audience
    ) -> ConferenceView:
        """The audience's view a document is built from; a record's, as the meeting closed."""
        view = self.sharing.view(conference_id, audience)
        if DocumentKind(kind) != DocumentKind.RECORD:
            return view
        from chairdesk.services.as_closed import as_closed

        with self.context.database.transaction() as session:
            return as_closed(session, view)

    def check(self, conference_id: int, kind: DocumentKind, audience: Audience) -> ParentCopyCheck:
        """Everything from a professionals' source that this copy holds, pasted text first."""
        view = self.view_for(conference_id, kind, audience)
        document = self._build(view, kind, large_print=False)
        items = items_in_document(parent_copy_checklist(view), document)
        return ParentCopyCheck(items, view.withheld_count)

    def export(
        self,
        conference_id: int,
        kind: DocumentKind,
        audience: Audience,
        fmt: str,
        out_path: Path,
        *,
        large_print: bool = False,
    ) -> IssuedFile:
        """Writes the audience's copy atomically and records an audit event with its hash.

        Raises:
            ValidationError: an unknown format.
            RuleError: a parent's copy while the council requires a second approval.
            StorageError: the folder is missing, read-only or full; nothing new is left there.
        """
        if fmt not in FORMATS:
            raise ValidationError(f"unknown format {fmt!r}: choose docx or pdf")
        if not audience.is_professionals:
            require(self.context, Permission.ISSUE_PARENT_COPY)
        kind = DocumentKind(kind)
        document = self.preview(conference_id, kind, audience, large_print=large_print)
        approval_event_id = None
        if self.needs_second_approval(audience):
            # Large print changes the layout, not the words an approval covers.
            approved = self.preview(conference_id, kind, audience) if large_print else document
            approval = self._approval_of(conference_id, kind, audience, content_digest(approved))
            if approval is None:
                raise RuleError(SECOND_APPROVAL_NEEDED)
            approval_event_id = approval.event_id
        written = Path(write_document(document, cast(Literal["docx", "pdf"], fmt), Path(out_path)))
        try:
            digest = hashlib.sha256(written.read_bytes()).hexdigest()
        except OSError as error:
            _remove(written)
            raise StorageError(
                f"{written.name} was written but could not be read back to check it, "
                "so it has been removed: try again or choose another folder"
            ) from error
        try:
            with self.context.database.transaction() as session:
                audit.record(
                    session,
                    self.context,
                    "document.export",
                    "conference",
                    conference_id,
                    conference_id,
                    {
                        "document": kind.value,
                        "audience": "professionals" if audience.is_professionals else "parent",
                        "recipient_person_id": audience.recipient_person_id,
                        "format": fmt,
                        "large_print": large_print,
                        "sha256": digest,
                        "approval_event_id": approval_event_id,
                    },
                )
        except BaseException:
            # A copy with no audit event must not stay behind to be sent.
            _remove(written)
            raise
        return IssuedFile(written, digest, kind, fmt, document.for_parent, large_print)

    def approve(
        self,
        conference_id: int,
        kind: DocumentKind,
        audience: Audience,
        approver: str,
        passphrase: str,
    ) -> Approval:
        """A second person approves exactly this copy's content, with their own passphrase.

        The approval holds the SHA-256 of the content; any change afterwards needs a new one.

        Raises:
            IncorrectPassphraseError, UnlockDelayedError: the approver's passphrase.
            PermissionDeniedError: the approver is a minute-taker.
            RuleError: the approver is the person saving the copy.
        """
        from chairdesk.services.accounts import AccountService

        account = AccountService(self.context).verify(approver, passphrase)
        if keys.account_key_name(account.name) == keys.account_key_name(self.context.user):
            raise RuleError(
                "the approval must come from a second person, not the one saving the copy"
            )
        acting = replace(self.context, user=account.name, role=account.role)
        require(acting, Permission.APPROVE)
        kind = DocumentKind(kind)
        digest = content_digest(self.preview(conference_id, kind, audience))
        with self.context.database.transaction() as session:
            event = audit.record(
                session,
                acting,
                "document.approve",
                "conference",
                conference_id,
                conference_id,
                {
                    "document": kind.value,
                    "recipient_person_id": audience.recipient_person_id,
                    "content_sha256": digest,
                },
            )
            return Approval(event.id, account.name, event.at, digest)

    def approval(
        self, conference_id: int, kind: DocumentKind, audience: Audience
    ) -> Approval | None:
        """The approval that covers this copy's content as it is now, if there is one."""
        document = self.preview(conference_id, DocumentKind(kind), audience)
        return self._approval_of(conference_id, kind, audience, content_digest(document))

    def latest_approval(
        self, conference_id: int, kind: DocumentKind, audience: Audience
    ) -> CopyApprovalView | None:
        """Whether this copy is approved, read from the audit trail: the same after a restart.

        The newest approval that covers the copy as it would be exported now; failing that, the
        newest approval of this copy at all, with `matches_current` False (the content changed
        since). Approvals given by the person now using ChairDesk are left out, as they cannot
        approve their own save. None when nobody else has approved this copy.
        """
        kind = DocumentKind(kind)
        approvals = self._approvals(conference_id, kind, audience)
        if not approvals:
            return None  # nothing to compare, so the copy need not be built
        digest = content_digest(self.preview(conference_id, kind, audience))
        shown = next((a for a in approvals if a.content_sha256 == digest), approvals[0])
        return CopyApprovalView(
            event_id=shown.event_id,
            approver=shown.approver,
            approved_at=shown.at,
            content_sha256=shown.content_sha256,
            matches_current=shown.content_sha256 == digest,
        )

    def _approval_of(
        self, conference_id: int, kind: DocumentKind, audience: Audience, digest: str
    ) -> Approval | None:
        approvals = self._approvals(conference_id, kind, audience)
        return next((a for a in approvals if a.content_sha256 == digest), None)

    def _approvals(
        self, conference_id: int, kind: DocumentKind, audience: Audience
    ) -> tuple[Approval, ...]:
        """Every approval of this copy by someone other than the current user, newest first.

        One query; the copy is told apart by the event's detail in Python, since JSON
        comparisons differ between SQLite and PostgreSQL.
        """
        document = DocumentKind(kind).value
        user = keys.account_key_name(self.context.user)
        with self.context.database.transaction() as session:
            events = session.scalars(
                select(AuditEvent)
                .where(
                    AuditEvent.conference_id == conference_id,
                    AuditEvent.action == "document.approve",
                )
                .order_by(AuditEvent.id.desc())
            ).all()
        return tuple(
            Approval(event.id, event.user, event.at, str(event.detail.get("content_sha256")))
            for event in events
            if event.detail.get("document") == document
            and event.detail.get("recipient_person_id") == audience.recipient_person_id
            and isinstance(event.detail.get("content_sha256"), str)
            and keys.account_key_name(event.user) != user
        )

    def _build(self, view: ConferenceView, kind: DocumentKind, large_print: bool) -> Document:
        document = self._labelled(build_document(kind, view, large_print=large_print), view)
        if not document.for_parent:
            return document
        # The glossary explains the words this copy actually uses, the builder's own included.
        glossary = PlainLanguageService(self.context).glossary_for([document.plain_text()])
        if not glossary:
            return document
        built = build_document(kind, view, glossary=glossary, large_print=large_print)
        return self._labelled(built, view)

    @staticmethod
    def _labelled(document: Document, view: ConferenceView) -> Document:
        """Each page's header says who the copy is for with the relationship ("(father)")."""
        audience = view.audience
        if audience.is_professionals or not audience.relationship:
            return document
        return replace(document, recipient=audience.recipient_label)


def content_digest(document: Document) -> str:
    """SHA-256 of what a copy says (its text, not its layout): what an approval covers."""
    return hashlib.sha256(document.plain_text().encode("utf-8")).hexdigest()


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


__all__ = [
    "FORMATS",
    "SECOND_APPROVAL_NEEDED",
    "Approval",
    "IssueService",
    "IssuedFile",
    "ParentCopyCheck",
    "content_digest",
    "items_in_document",
]
