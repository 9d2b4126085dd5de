"""Shared setup for the Run and Plan page tests: a real database, real services, a family."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from chairdesk.domain import ConferenceKind, MeetingModel, ParticipantRole, PersonRole
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import NewConference, NewInvitee, NewPerson
from chairdesk.ui.services import UiServices

PASSPHRASE = "correct horse battery staple"

# Pop-ups (completers, combo lists) ask the offscreen platform for things it cannot do.
OFFSCREEN_LIMITS = pytest.mark.qt_log_ignore(
    "does not support raise", "does not support grabbing", "propagateSizeHints"
)
AGENCIES = (
    ("Priya Shah", "Children's Social Care", "Social worker"),
    ("Grace Obi", "Health Visiting", "Health visitor"),
    ("Daniel Reed", "Brookfield Primary School", "Designated safeguarding lead"),
)


def build_services(context: ServiceContext) -> UiServices:
    return UiServices.create(context)


def open_services(path: Path, create: bool = True) -> tuple[Any, UiServices]:
    from chairdesk.storage import open_database

    database = open_database(str(path), PASSPHRASE, create=create)
    return database, build_services(ServiceContext(database, user="Chair"))


def new_family_conference(
    services: UiServices,
    *,
    model: MeetingModel = MeetingModel.SIGNS_OF_SAFETY,
    reference: str = "CP-0001",
) -> int:
    """An initial conference for the fictional Ashdown family: two parents, two children."""
    people = (
        NewPerson("Mary Ashdown", PersonRole.PARENT, parental_responsibility=True),
        NewPerson("Tom Ashdown", PersonRole.PARENT, parental_responsibility=True),
        NewPerson("Lily Ashdown", PersonRole.CHILD, date_of_birth=date(2017, 3, 4)),
        NewPerson("Sam Ashdown", PersonRole.CHILD, date_of_birth=date(2021, 9, 12)),
    )
    invitees = (
        NewInvitee("Mary Ashdown", ParticipantRole.PARENT, person_index=0),
        NewInvitee("Tom Ashdown", ParticipantRole.PARENT, person_index=1),
        *(
            NewInvitee(name, ParticipantRole.PROFESSIONAL, agency=agency, job_title=title)
            for name, agency, title in AGENCIES
        ),
    )
    summary = services.conferences.create(
        NewConference(
            case_reference=reference,
            family_name="Ashdown",
            kind=ConferenceKind.INITIAL,
            model=model,
            scheduled_at=datetime(2025, 3, 10, 10, 0),
            people=people,
            invitees=invitees,
            venue="Room 2, Civic Centre",
            chair_name="Chair",
            minute_taker_name="Minute taker",
        )
    )
    return int(summary.id)


@pytest.fixture
def ui_services(tmp_path: Path) -> Iterator[UiServices]:
    database, services = open_services(tmp_path / "chairdesk.db")
    try:
        yield services
    finally:
        database.close()


@pytest.fixture
def conference_id(ui_services: UiServices) -> int:
    return new_family_conference(ui_services)


def answer_next_dialog(handle: Any) -> None:
    """Deal with the next modal dialog as a chair would, once it is open."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, run)
            return
        handle(dialog)

    QTimer.singleShot(0, run)


def settled(page: Any) -> Any:
    """The Run page's item content once every section is built (the later ones follow the
    first a turn of the event loop at a time, as they do for the chair)."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + 10
    while not page.content.settled and time.monotonic() < deadline:
        QApplication.processEvents()
    assert page.content.settled, "the item's later sections were never built"
    return page.content


def section(page: Any, title: str) -> Any:
    """The heading section on the Run page with this title."""
    for found in settled(page).sections:
        if found.title() == title:
            return found
    titles = [s.title() for s in page.content.sections]
    raise AssertionError(f"no section {title!r} on screen; there are {titles}")


def type_into_section(qtbot: Any, page: Any, title: str, text: str) -> Any:
    """Type into the blank entry of a section and wait until it is committed."""
    from PySide6.QtCore import Qt

    editor = section(page, title).editors[-1]
    if editor.entry is not None:
        editor = section(page, title).add_blank()
    editor.field.setFocus()
    qtbot.keyClicks(editor.field, text)
    qtbot.keyClick(editor.field, Qt.Key.Key_Tab)  # leaving the field saves at once
    qtbot.waitUntil(lambda: editor.entry is not None and not editor.field.is_dirty())
    return editor


def show_active(qtbot: Any, widget: Any) -> None:
    """Show a page as the active window, so its keyboard shortcuts work as on a desktop."""
    qtbot.addWidget(widget)
    widget.resize(1300, 900)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
