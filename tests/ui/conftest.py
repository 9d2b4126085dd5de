"""UI test setup: a real encrypted database with a fictional family, and the window over it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSPHRASE

TODAY = date(2026, 3, 2)  # a Monday


@dataclass
class Family:
    """The fictional family the UI tests use, and the ids a test needs."""

    conference_id: int
    family_id: int
    mother_id: int
    father_id: int
    mother_participant_id: int
    father_participant_id: int


def _clock() -> datetime:
    return datetime.combine(TODAY, datetime.min.time()).replace(hour=9)


def make_family(services: Any, reference: str = "CP-0001", name: str = "Testwood") -> Family:
    """A conference next week: two children, two parents with PR, three agencies."""
    from chairdesk.domain import ConferenceKind, MeetingModel, ParticipantRole, PersonRole
    from chairdesk.services.conferences import NewConference, NewInvitee, NewPerson

    summary = services.conferences.create(
        NewConference(
            case_reference=reference,
            family_name=name,
            kind=ConferenceKind.INITIAL,
            model=MeetingModel.SIGNS_OF_SAFETY,
            scheduled_at=_clock() + timedelta(days=7, hours=1),
            venue="Room 2, Civic Centre",
            people=(
                NewPerson("Poppy " + name, PersonRole.CHILD, date_of_birth=date(2019, 5, 4)),
                NewPerson("Alfie " + name, PersonRole.CHILD, date_of_birth=date(2022, 1, 9)),
                NewPerson(
                    "Dana " + name,
                    PersonRole.PARENT,
                    parental_responsibility=True,
                    address="1 Example Row",
                ),
                NewPerson("Lee Brookfield", PersonRole.PARENT, parental_responsibility=True),
            ),
            invitees=(
                NewInvitee("Dana " + name, ParticipantRole.PARENT, person_index=2),
                NewInvitee("Lee Brookfield", ParticipantRole.PARENT, person_index=3),
                NewInvitee("Sam Social", ParticipantRole.PROFESSIONAL, "Children's Social Care"),
                NewInvitee("Hana Health", ParticipantRole.PROFESSIONAL, "Health Visiting"),
                NewInvitee("Sid School", ParticipantRole.PROFESSIONAL, "Example Primary School"),
            ),
            chair_name="Chris Chair",
        )
    )
    view = services.sharing.view(summary.id)
    people = {p.name: p.id for p in view.people}
    participants = {p.name: p.id for p in view.participants}
    return Family(
        conference_id=summary.id,
        family_id=summary.family_id,
        mother_id=people["Dana " + name],
        father_id=people["Lee Brookfield"],
        mother_participant_id=participants["Dana " + name],
        father_participant_id=participants["Lee Brookfield"],
    )


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    return tmp_path / "chairdesk.db"


@pytest.fixture
def ui_database(database_path: Path) -> Iterator[Any]:
    """A real encrypted database file, closed after the test."""
    from chairdesk.storage import open_database

    database = open_database(str(database_path), PASSPHRASE, create=True)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def services(ui_database: Any) -> Any:
    from chairdesk.services.base import ServiceContext
    from chairdesk.ui.services import UiServices

    return UiServices.create(ServiceContext(ui_database, clock=_clock))


@pytest.fixture
def family(services: Any) -> Family:
    return make_family(services)


@pytest.fixture
def window(qtbot: Any, services: Any, family: Family) -> Any:
    from chairdesk.ui.main_window import MainWindow

    main = MainWindow(services)
    qtbot.addWidget(main)
    qtbot.addWidget(main.parent_screen)
    main.show()
    # Once Home is painted the rest of start-up follows by itself (plans ready to end too).
    qtbot.waitUntil(lambda: main.started)
    return main
