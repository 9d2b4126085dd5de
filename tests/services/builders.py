"""Small, stable builders for service tests: one fictional family's conference and a fixed clock.

The Fenwick family is invented. Two children; their mother and father live apart and both
hold parental responsibility; their grandmother is invited too. Five agencies are invited,
children's social care first.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime

from chairdesk.domain import (
    AgendaKind,
    ConferenceKind,
    MeetingModel,
    ParticipantRole,
    PersonRole,
)
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import (
    ConferenceService,
    NewConference,
    NewInvitee,
    NewPerson,
)
from chairdesk.storage.engine import Database
from chairdesk.views import AgendaItemView, ConferenceSummary, ConferenceView

WHEN = datetime(2026, 12, 1, 10, 0)

OLDER_CHILD = "Maya Fenwick"
YOUNGER_CHILD = "Leo Fenwick"
MOTHER = "Sarah Fenwick"
FATHER = "Daniel Okafor"
GRANDMOTHER = "Margaret Fenwick"
FAMILY_ADDRESS = "14 Larch Close, Northfield, NF1 2ZZ"
FATHER_ADDRESS = "Flat 3, 88 Quarry Road, Westbrook, WB4 9ZZ"

AGENCIES = (
    "Children's Social Care",
    "Health visiting",
    "Oak Tree Primary School",
    "Police",
    "GP",
)

_references = itertools.count(1)


def fixed_context(database: Database, when: datetime = WHEN) -> ServiceContext:
    """A service context whose clock always says `when`."""
    return ServiceContext(database, user="chair", clock=lambda: when)


def make_conference(
    database: Database,
    *,
    kind: ConferenceKind = ConferenceKind.INITIAL,
    model: MeetingModel = MeetingModel.STRENGTHENING_FAMILIES,
) -> ConferenceSummary:
    """A new conference for a new copy of the fictional Fenwick family (a fresh case reference)."""
    people = (
        NewPerson(OLDER_CHILD, PersonRole.CHILD, date_of_birth=date(2018, 4, 12)),
        NewPerson(YOUNGER_CHILD, PersonRole.CHILD, date_of_birth=date(2021, 9, 3)),
        NewPerson(MOTHER, PersonRole.PARENT, parental_responsibility=True, address=FAMILY_ADDRESS),
        NewPerson(
            FATHER,
            PersonRole.PARENT,
            parental_responsibility=True,
            address=FATHER_ADDRESS,
            address_protected=True,
        ),
        NewPerson(GRANDMOTHER, PersonRole.RELATIVE),
    )
    professionals = (
        NewInvitee("Priya Shah", ParticipantRole.PROFESSIONAL, AGENCIES[0], "Social worker"),
        NewInvitee("Jo Bright", ParticipantRole.PROFESSIONAL, AGENCIES[1], "Health visitor"),
        NewInvitee("Tom Hale", ParticipantRole.PROFESSIONAL, AGENCIES[2], "Safeguarding lead"),
        NewInvitee("DC Ruth Ames", ParticipantRole.PROFESSIONAL, AGENCIES[3], "Detective"),
        NewInvitee("Dr Ian Cole", ParticipantRole.PROFESSIONAL, AGENCIES[4], "GP"),
    )
    family = (
        NewInvitee(MOTHER, ParticipantRole.PARENT, person_index=2),
        NewInvitee(FATHER, ParticipantRole.PARENT, person_index=3),
        NewInvitee(GRANDMOTHER, ParticipantRole.RELATIVE, person_index=4),
    )
    return ConferenceService(fixed_context(database)).create(
        NewConference(
            case_reference=f"FEN-{next(_references):05d}",
            family_name="Fenwick",
            kind=kind,
            model=model,
            scheduled_at=WHEN,
            people=people,
            invitees=family + professionals,
            address=FAMILY_ADDRESS,
            venue="Northfield Family Centre",
            chair_name="Alex Morgan",
            minute_taker_name="Sam Reid",
            strategy_discussion_on=date(2026, 11, 10),
            lead_social_worker="Priya Shah",
            social_worker_team="Northfield Assessment Team",
        )
    )


def person_id(view: ConferenceView, name: str) -> int:
    """The id of the family member called `name` (for example MOTHER)."""
    return next(p.id for p in view.people if p.name == name)


def participant_id(view: ConferenceView, name: str) -> int:
    return next(p.id for p in view.participants if p.name == name)


def agenda_item(view: ConferenceView, kind: AgendaKind, agency: str = "") -> AgendaItemView:
    """The first agenda item of `kind` (for an agency's item, that agency's)."""
    return next(a for a in view.agenda if a.kind == kind and (not agency or a.agency == agency))


def mark_everyone_present(database: Database, conference_id: int) -> None:
    """Everyone invited came: the conference is quorate and may conclude without a choice."""
    from chairdesk.domain import Attendance
    from chairdesk.services.prepare import PrepareService
    from chairdesk.services.sharing import SharingService

    context = fixed_context(database)
    prepare = PrepareService(context)
    for participant in SharingService(context).view(conference_id).participants:
        prepare.set_attendance(participant.id, Attendance.PRESENT)
