"""The record as it is typed: entries under an agenda item's headings, their text and visibility.

Text rule (RELIABILITY.md §11): any Unicode text is stored exactly as given, including
right-to-left script, emoji, control characters and passages of 200,000 characters, with two
exceptions. NUL characters (U+0000) are removed, because they are invisible, carry no meaning
and PostgreSQL cannot store them; and text longer than ``MAX_TEXT_LENGTH`` characters, or
holding a broken character (an unpaired surrogate), is refused with a ValidationError.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import Heading, Origin, PersonRole, Visibility
from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import AgendaItem, Entry, Participant, Person
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load, load_conference
from chairdesk.services.protection import kept_apart_default
from chairdesk.services.row_views import entry_view
from chairdesk.services.visibility import choose_visibility, default_visibility
from chairdesk.views import EntryView

MAX_TEXT_LENGTH = 1_000_000
CHILD_ROLES = (PersonRole.CHILD, PersonRole.UNBORN)

E = TypeVar("E", bound=StrEnum)


def clean_text(text: str, what: str = "the text") -> str:
    """The text to store: unchanged except that NUL characters are removed.

    Raises:
        ValidationError: not a string, longer than ``MAX_TEXT_LENGTH``, or holding an
            unpaired surrogate (which no file or database can hold).
    """
    if not isinstance(text, str):
        raise ValidationError(f"{what} must be text")
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            f"{what} is {len(text):,} characters long; the most one entry can hold is "
            f"{MAX_TEXT_LENGTH:,}: split it into smaller parts"
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValidationError(
            f"{what} holds a broken character at position {error.start + 1}; "
            "retype that part or paste it again"
        ) from error
    return text.replace("\x00", "")


def require_reason(reason: str, message: str) -> str:
    """The reason, cleaned; a RuleError with `message` when it is blank."""
    cleaned = clean_text(reason, "the reason")
    if not cleaned.strip():
        raise RuleError(message)
    return cleaned


def as_enum(kind: type[E], value: object, what: str) -> E:
    """`value` as a member of `kind`, or a ValidationError listing the allowed values."""
    try:
        return kind(value)  # type: ignore[arg-type]
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise ValidationError(f"{what} must be one of {allowed}, not {value!r}") from None


def check_child(session: Session, family_id: int, child_id: int) -> Person:
    """The child (or unborn child) of this family, or a ValidationError."""
    child = session.get(Person, child_id)
    if child is None or child.family_id != family_id or child.role not in CHILD_ROLES:
        raise ValidationError(f"person {child_id} is not a child or unborn child of this family")
    return child


def check_participant(session: Session, conference_id: int, participant_id: int) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None or participant.conference_id != conference_id:
        raise ValidationError(f"participant {participant_id} is not at this conference")
    return participant


class EntryService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def add_entry(
        self,
        agenda_item_id: int,
        heading: Heading,
        text: str,
        *,
        origin: Origin = Origin.TYPED,
        speaker_participant_id: int | None = None,
        speaker_name: str = "",
        child_id: int | None = None,
        visibility: Visibility | None = None,
        withheld_from: Iterable[int] = (),
    ) -> EntryView:
        """File a contribution under one heading of an agenda item.

        Args:
            visibility: None gives the default for the origin (`default_visibility`).
            withheld_from: person ids of this family, only with `Visibility.WITHHELD`.
        """
        chosen_heading = as_enum(Heading, heading, "heading")
        chosen_origin = as_enum(Origin, origin, "origin")
        stored = clean_text(text)
        speaker = clean_text(speaker_name, "the speaker's name").strip()
        with self.context.database.transaction() as session:
            item = load(session, AgendaItem, agenda_item_id)
            conference = load_conference(session, item.conference_id)
            chosen, withheld = choose_visibility(
                self.context,
                session,
                conference.family_id,
                visibility,
                withheld_from,
                default=default_visibility(chosen_origin, self.context.role),
            )
            participant = None
            if speaker_participant_id is not None:
                participant = check_participant(session, conference.id, speaker_participant_id)
                speaker = speaker or participant.name
            if visibility is None and chosen == Visibility.SHARED:
                # A parent's words, chosen from who is there or typed by name.
                chosen, withheld = kept_apart_default(session, conference, participant, speaker)
            if child_id is not None:
                check_child(session, conference.family_id, child_id)
            now = self.context.now()
            entry = Entry(
                conference_id=conference.id,
                agenda_item_id=item.id,
                heading=chosen_heading,
                text=stored,
                visibility=chosen,
                withheld_from=withheld,
                origin=chosen_origin,
                speaker_name=speaker,
                speaker_participant_id=speaker_participant_id,
                child_id=child_id,
                author=self.context.user,
                created_at=now,
                updated_at=now,
            )
            session.add(entry)
            session.flush()
            audit.record(
                session,
                self.context,
                "entry.add",
                "entry",
                entry.id,
                conference.id,
                {
                    "heading": chosen_heading.value,
                    "origin": chosen_origin.value,
                    "visibility": chosen.value,
                },
            )
            return entry_view(entry)

    def update_text(self, entry_id: int, text: str) -> EntryView:
        """The autosave path: one small committed transaction, no view rebuilt."""
        stored = clean_text(text)
        with self.context.database.transaction() as session:
            entry = load(session, Entry, entry_id)
            if entry.text != stored:
                entry.text = stored
                entry.updated_at = self.context.now()
                audit.record(
                    session,
                    self.context,
                    "entry.text",
                    "entry",
                    entry.id,
                    entry.conference_id,
                    {"characters": len(stored)},
                )
            return entry_view(entry)

    def set_visibility(
        self, entry_id: int, visibility: Visibility, withheld_from: Iterable[int] = ()
    ) -> EntryView:
        """Share, restrict to professionals, or withhold from named people of this family."""
        with self.context.database.transaction() as session:
            entry = load(session, Entry, entry_id)
            conference = load_conference(session, entry.conference_id)
            before = entry.visibility
            chosen, withheld = choose_visibility(
                self.context,
                session,
                conference.family_id,
                visibility,
                withheld_from,
                default=default_visibility(entry.origin),
                previous=before,
            )
            entry.visibility = chosen
            entry.withheld_from = withheld
            entry.updated_at = self.context.now()
            audit.record(
                session,
                self.context,
                "entry.visibility",
                "entry",
                entry.id,
                entry.conference_id,
                {"from": before.value, "to": chosen.value, "withheld_from": len(withheld)},
            )
            return entry_view(entry)

    def delete_entry(self, entry_id: int) -> None:
        with self.context.database.transaction() as session:
            entry = load(session, Entry, entry_id)
            audit.record(
                session, self.context, "entry.delete", "entry", entry.id, entry.conference_id
            )
            session.delete(entry)

    def entries(self, conference_id: int) -> tuple[EntryView, ...]:
        """Every entry of the conference (professionals' screen), in agenda order."""
        with self.context.database.transaction() as session:
            load_conference(session, conference_id)
            rows = session.scalars(
                select(Entry)
                .join(AgendaItem, AgendaItem.id == Entry.agenda_item_id)
                .where(Entry.conference_id == conference_id)
                .order_by(AgendaItem.position, Entry.id)
            ).all()
            return tuple(entry_view(e) for e in rows)

    def entries_for_item(self, agenda_item_id: int) -> tuple[EntryView, ...]:
        with self.context.database.transaction() as session:
            load(session, AgendaItem, agenda_item_id)
            rows = session.scalars(
                select(Entry).where(Entry.agenda_item_id == agenda_item_id).order_by(Entry.id)
            ).all()
            return tuple(entry_view(e) for e in rows)


__all__ = ["MAX_TEXT_LENGTH", "EntryService", "clean_text", "default_visibility", "entry_view"]
