"""Small helpers the services share: loading records or failing with a plain message."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from chairdesk.errors import NotFoundError

# The project's one atomic writer, re-exported for the services that import it from here.
from chairdesk.files import write_atomically as write_atomically
from chairdesk.models import Base, Conference

T = TypeVar("T", bound=Base)

_NAMES = {
    "Conference": "conference",
    "Person": "person",
    "Participant": "participant",
    "AgendaItem": "agenda item",
    "Entry": "entry",
    "Action": "action",
    "Decision": "decision",
    "Report": "report",
    "DangerStatement": "danger statement",
    "Scaling": "scaling",
    "Family": "family",
    "Exclusion": "exclusion",
}


def load(session: Session, model: type[T], record_id: int) -> T:
    """The record, or NotFoundError naming what was missing ("no conference with id 7")."""
    found = session.get(model, record_id)
    if found is None:
        name = _NAMES.get(model.__name__, model.__name__.lower())
        raise NotFoundError(f"no {name} with id {record_id}")
    return found


def load_conference(session: Session, conference_id: int) -> Conference:
    return load(session, Conference, conference_id)


AGENCY_CHILDRENS_SOCIAL_CARE = "Children's Social Care"


def is_childrens_social_care(agency: str) -> bool:
    lowered = agency.lower()
    return "social care" in lowered or "children's services" in lowered or lowered == "csc"
