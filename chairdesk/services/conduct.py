"""The day as it happens beside the agenda: quoracy's choice (adjourn or go ahead with a
reason), an adjournment, a parent who arrives late, a child's own statement attached to the
child's views. Each is part of the same conference and its record (issue 13)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from chairdesk.domain import CHILD_STATEMENT_LIMIT, ConferenceStatus, PersonRole, Visibility
from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import ChildStatement, Participant, Person
from chairdesk.services import audit
from chairdesk.services.actions import plain_date, plain_text
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load, load_conference
from chairdesk.services.conduct_views import (
    conduct_view,
    needs_quoracy_choice,
    quoracy_of,
    statement_view,
)
from chairdesk.services.row_views import participant_view
from chairdesk.services.settings import SettingsService
from chairdesk.services.timescales import due_dates
from chairdesk.views import ChildStatementView, ParticipantView, QuoracyView

STATEMENT_LIMIT = CHILD_STATEMENT_LIMIT
#: What a child's statement may be, by the file's ending.
STATEMENT_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
}
_SIGNATURES = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "application/pdf": (b"%PDF",),
}


@dataclass(frozen=True)
class ProposedDates:
    """The first core group and review dates the timescales propose, with the rule in words."""

    core_group_on: date | None
    review_on: date
    review_rule: str
    reconvene_by: date


class ConductService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    # Dates ------------------------------------------------------------------------------

    def proposed_dates(self, conference_id: int) -> ProposedDates:
        """The first core group and the review as the timescales would have them."""
        rules = SettingsService(self.context).get()
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            held_on = conference.scheduled_at.date()
            dates = due_dates(conference.kind, held_on, rules)
            return ProposedDates(
                core_group_on=dates.first_core_group_by,
                review_on=dates.next_review_by,
                review_rule=dates.review_rule,
                reconvene_by=dates.inquorate_reconvene_by,
            )

    # Quoracy and adjournment ------------------------------------------------------------

    def quoracy(self, conference_id: int) -> tuple[QuoracyView, bool]:
        """Quoracy now, and whether the chair must still choose before concluding."""
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            return quoracy_of(conference), needs_quoracy_choice(conference)

    def go_ahead(self, conference_id: int, reason: str) -> None:
        """An inquorate conference goes ahead: the reason is for the professionals' record."""
        why = plain_text("the reason", reason)
        if not why:
            raise RuleError("Say why the conference goes ahead although it is not quorate.")
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            conference.inquorate_reason = why
            audit.record_change(
                session, self.context, "conference.go_ahead", conference_id, conference_id, {}
            )

    def adjourn(self, conference_id: int, reconvene_on: date, reason: str) -> None:
        """The meeting stops today and continues on `reconvene_on` as the same conference:
        the agenda, the words heard and the record carry on from where they stopped."""
        day = plain_date("the date it reconvenes", reconvene_on)
        why = plain_text("the reason", reason)
        if day is None:
            raise ValidationError("give the date the conference reconvenes")
        if day <= self.context.today():
            raise ValidationError("the conference reconvenes on a later day")
        if not why:
            raise RuleError("Say why the conference is adjourned.")
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            if conference.status in (ConferenceStatus.CONCLUDED, ConferenceStatus.ISSUED):
                raise RuleError("This conference has concluded: it cannot be adjourned now.")
            conference.adjourned_at = self.context.now()
            conference.reconvene_on = day
            conference.adjourn_reason = why
            conference.status = ConferenceStatus.IN_PROGRESS
            audit.record_change(
                session,
                self.context,
                "conference.adjourn",
                conference_id,
                conference_id,
                {"reconvene_on": day.isoformat()},
            )

    # A late arrival ---------------------------------------------------------------------

    def arrived_late(
        self, participant_id: int, arrived_at: datetime, items_missed: str
    ) -> ParticipantView:
        """Someone came in late: the time and the items they missed go in the record."""
        if not isinstance(arrived_at, datetime):
            raise ValidationError("give the time they arrived")
        missed = plain_text("the items missed", items_missed)
        with self.context.database.transaction() as session:
            participant = load(session, Participant, participant_id)
            participant.arrived_at = arrived_at
            participant.items_missed = missed
            audit.record_change(
                session,
                self.context,
                "participant.arrived_late",
                participant_id,
                participant.conference_id,
                {},
            )
            return participant_view(participant)

    # A child's own statement ------------------------------------------------------------

    def attach_statement(
        self,
        conference_id: int,
        child_id: int,
        file_name: str,
        content: bytes,
        *,
        description: str = "",
        shared: bool = False,
    ) -> ChildStatementView:
        """A drawing, letter or photo in the child's own hand, kept in the encrypted database.
        Parents see it only when `shared`."""
        name = plain_text("the file name", file_name, required=True, short=True)
        media_type = _media_type(name, content)
        note = plain_text("the description", description)
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            child = load(session, Person, child_id)
            if child.family_id != conference.family_id or child.role not in (
                PersonRole.CHILD,
                PersonRole.UNBORN,
            ):
                raise ValidationError("a child's statement belongs to a child in this family")
            statement = ChildStatement(
                conference_id=conference_id,
                child_id=child_id,
                file_name=name,
                media_type=media_type,
                content=bytes(content),
                description=note,
                visibility=Visibility.SHARED if shared else Visibility.PROFESSIONALS,
                added_at=self.context.now(),
            )
            session.add(statement)
            session.flush()
            audit.record_change(
                session,
                self.context,
                "child_statement.attach",
                statement.id,
                conference_id,
                {"size": len(content), "type": media_type},
            )
            return statement_view(statement, child.name)

    def share_statement(self, statement_id: int, shared: bool) -> None:
        with self.context.database.transaction() as session:
            statement = load(session, ChildStatement, statement_id)
            statement.visibility = Visibility.SHARED if shared else Visibility.PROFESSIONALS
            audit.record_change(
                session,
                self.context,
                "child_statement.share",
                statement_id,
                statement.conference_id,
                {"visibility": statement.visibility.value},
            )

    def remove_statement(self, statement_id: int) -> None:
        with self.context.database.transaction() as session:
            statement = load(session, ChildStatement, statement_id)
            conference_id = statement.conference_id
            session.delete(statement)
            audit.record_change(
                session, self.context, "child_statement.remove", statement_id, conference_id, {}
            )

    def statements(self, conference_id: int) -> Sequence[ChildStatementView]:
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            return conduct_view(session, conference, for_parent=False).child_statements


def _media_type(name: str, content: bytes) -> str:
    if not isinstance(content, bytes | bytearray):
        raise ValidationError("a statement is a file")
    if not content:
        raise ValidationError(f"{name} is empty")
    if len(content) > STATEMENT_LIMIT:
        raise ValidationError(
            f"{name} is larger than {STATEMENT_LIMIT // (1024 * 1024)} MB: scan or photograph "
            "it at a lower resolution"
        )
    ending = "." + name.rsplit(".", 1)[-1].casefold() if "." in name else ""
    media_type = STATEMENT_TYPES.get(ending)
    if media_type is None:
        raise ValidationError(f"{name} is not a picture, PDF or text file (PNG, JPEG, PDF or TXT)")
    signatures = _SIGNATURES.get(media_type)
    if signatures and not bytes(content).startswith(signatures):
        raise ValidationError(f"{name} is not really a {ending[1:].upper()} file")
    if media_type.startswith("image/"):
        _check_picture(name, bytes(content))
    return media_type


def _check_picture(name: str, content: bytes) -> None:
    """A picture the documents can show: it opens, whole, and is not absurdly large."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as picture:
            picture.load()
            width, height = picture.size
    except Exception as error:  # Pillow raises many kinds for a damaged file
        raise ValidationError(f"{name} is damaged: the picture cannot be opened") from error
    if width * height > 40_000_000:
        raise ValidationError(f"{name} is too large a picture: photograph it at a lower size")
