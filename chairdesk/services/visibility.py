"""Who may see each part of the record: the one check of a chosen visibility, and who may share."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import Origin, UserRole, Visibility
from chairdesk.errors import ValidationError
from chairdesk.models import Person
from chairdesk.services.base import ServiceContext
from chairdesk.services.permissions import Permission, may, require

# What each kind of record starts as when no one says otherwise (DESIGN.md §4). A report is
# shareable until marked otherwise, as DOMAIN.md §1 has each agency mark its own; actions and
# the analysis are built with the family in the room.
REPORT_DEFAULT = Visibility.SHARED
ACTION_DEFAULT = Visibility.SHARED
ANALYSIS_DEFAULT = Visibility.SHARED


def default_visibility(origin: Origin, role: UserRole | None = None) -> Visibility:
    """An entry's default: what a chair types is shared; pasted, imported or carried text,
    and a minute-taker's notes, are not.

    DESIGN.md §4: text that arrives from elsewhere may hold other people's information
    (the Birmingham reprimand), so the chair marks it shared once read; a minute-taker
    may not share, so their notes wait for the chair.
    """
    if Origin(origin) != Origin.TYPED:
        return Visibility.PROFESSIONALS
    if role is not None and not may(role, Permission.SHARE):
        return Visibility.PROFESSIONALS
    return Visibility.SHARED


def default_for(default: Visibility, role: UserRole | None) -> Visibility:
    """What something new starts as for this person: a kind's default for a chair; for anyone
    who may not share, professionals only until a chair shares it (DESIGN.md §4)."""
    if role is not None and not may(role, Permission.SHARE):
        return Visibility.PROFESSIONALS
    return default


def check_visibility(
    session: Session, family_id: int, visibility: object, withheld_from: Iterable[object]
) -> tuple[Visibility, list[int]]:
    """The visibility and the people it is withheld from, checked against the family.

    Raises:
        ValidationError: an unknown visibility; people given for anything but withheld;
            withheld from no one; or someone who is not a person of this family.
    """
    try:
        chosen = Visibility(visibility)  # type: ignore[arg-type]
    except ValueError:
        allowed = ", ".join(member.value for member in Visibility)
        raise ValidationError(f"visibility must be one of {allowed}, not {visibility!r}") from None
    given = list(withheld_from)
    if chosen != Visibility.WITHHELD:
        if given:
            raise ValidationError(
                "only something withheld from named people has people to withhold it from"
            )
        return chosen, []
    if not given:
        raise ValidationError("say who this is withheld from: choose at least one person")
    if any(isinstance(p, bool) or not isinstance(p, int) for p in given):
        raise ValidationError("withheld from must be people in this family")
    ids = list(dict.fromkeys(p for p in given if isinstance(p, int)))
    known = set(
        session.scalars(select(Person.id).where(Person.family_id == family_id, Person.id.in_(ids)))
    )
    strangers = [p for p in ids if p not in known]
    if strangers:
        raise ValidationError(f"person {strangers[0]} is not in this family")
    return chosen, ids


def needs_share_permission(
    chosen: Visibility, *, default: Visibility, previous: Visibility | None = None
) -> bool:
    """Whether choosing `chosen` newly shows something to parents, which only a chair may do.

    Creating something as shared when its default is not, or changing it to shared from
    anything else, does; keeping it shared, or keeping it from parents, does not.
    """
    if chosen != Visibility.SHARED:
        return False
    return (default if previous is None else previous) != Visibility.SHARED


def choose_visibility(
    context: ServiceContext,
    session: Session,
    family_id: int,
    visibility: object | None,
    withheld_from: Iterable[object] | None = None,
    *,
    default: Visibility,
    previous: Visibility | None = None,
    previous_withheld: Iterable[int] = (),
) -> tuple[Visibility, list[int]]:
    """The visibility to store for something new (`previous` None) or changed, checked.

    Call it before changing anything, so a refusal leaves the row and the audit trail as
    they were.

    Args:
        visibility: None keeps `previous`, or gives `default` for something new.
        withheld_from: None keeps `previous_withheld` while it stays withheld.
        default: what this kind of thing starts as (an entry's depends on its origin).
        previous: what the stored row has now; None when creating.

    Raises:
        ValidationError: see `check_visibility`.
        PermissionDeniedError: someone who is not a chair makes it visible to parents.
    """
    kept = default if previous is None else previous
    wanted = kept if visibility is None else visibility
    if withheld_from is None:
        stays_withheld = wanted == Visibility.WITHHELD and previous == Visibility.WITHHELD
        withheld_from = previous_withheld if stays_withheld else ()
    chosen, people = check_visibility(session, family_id, wanted, withheld_from)
    if needs_share_permission(chosen, default=default, previous=previous):
        require(context, Permission.SHARE)
    return chosen, people


__all__ = [
    "ACTION_DEFAULT",
    "ANALYSIS_DEFAULT",
    "REPORT_DEFAULT",
    "check_visibility",
    "choose_visibility",
    "default_for",
    "default_visibility",
    "needs_share_permission",
]
