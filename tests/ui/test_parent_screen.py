"""The parents' screen never shows professionals-only or withheld entries, however they change."""

from __future__ import annotations

from typing import Any

from chairdesk.domain import AgendaKind, Attendance, Heading, Visibility
from chairdesk.ui.parent_screen import ParentScreen

SHARED = "MARKER-SHARED-contact"
PROFESSIONALS = "MARKER-PROFESSIONALS-police"
WITHHELD = "MARKER-WITHHELD-address"


def _meeting(services: Any, family: Any) -> tuple[int, dict[str, int]]:
    for participant in (family.mother_participant_id, family.father_participant_id):
        services.prepare.set_attendance(participant, Attendance.PRESENT)
    item = next(
        i for i in services.agenda.items(family.conference_id) if i.kind == AgendaKind.PARENTS_VIEWS
    )
    services.agenda.start_item(item.id)
    add = services.entries.add_entry
    ids = {
        SHARED: add(item.id, Heading.VIEW, SHARED).id,
        PROFESSIONALS: add(
            item.id, Heading.VIEW, PROFESSIONALS, visibility=Visibility.PROFESSIONALS
        ).id,
        WITHHELD: add(
            item.id,
            Heading.VIEW,
            WITHHELD,
            visibility=Visibility.WITHHELD,
            withheld_from=(family.father_id,),
        ).id,
    }
    return item.id, ids


def _refresh(window: Any, conference_id: int) -> str:
    # The Run page announces changes; the window routes them to the parents' screen.
    window.page("run").current_item_changed.emit(conference_id)
    return window.parent_screen.text()


def test_parent_screen_shows_only_what_every_parent_present_may_see(
    window: Any, services: Any, family: Any
) -> None:
    _item, ids = _meeting(services, family)
    window.open_conference(family.conference_id)
    text = _refresh(window, family.conference_id)
    assert SHARED in text
    assert PROFESSIONALS not in text
    assert WITHHELD not in text  # the father is in the room
    assert "Parents' views" in text or "parents" in text.lower()

    services.entries.set_visibility(ids[PROFESSIONALS], Visibility.SHARED)
    services.entries.set_visibility(ids[SHARED], Visibility.PROFESSIONALS)
    text = _refresh(window, family.conference_id)
    assert PROFESSIONALS in text and SHARED not in text and WITHHELD not in text

    services.entries.set_visibility(ids[PROFESSIONALS], Visibility.WITHHELD, (family.mother_id,))
    text = _refresh(window, family.conference_id)
    assert PROFESSIONALS not in text and SHARED not in text and WITHHELD not in text


def test_parent_screen_follows_who_is_in_the_room(window: Any, services: Any, family: Any) -> None:
    _meeting(services, family)
    services.prepare.set_attendance(family.father_participant_id, Attendance.ABSENT)
    window.open_conference(family.conference_id)
    text = _refresh(window, family.conference_id)
    # Only the mother is here, and she may see what is kept from the father.
    assert WITHHELD in text and SHARED in text and PROFESSIONALS not in text


def test_parent_screen_is_blank_when_locked(window: Any, services: Any, family: Any) -> None:
    _meeting(services, family)
    window.open_conference(family.conference_id)
    assert SHARED in _refresh(window, family.conference_id)
    window.lock()
    assert SHARED not in _refresh(window, family.conference_id)
    assert "locked" in window.parent_screen.text()
    window.lock_page.passphrase.setText("anything")
    window.lock_page.unlock_button.click()
    assert SHARED in window.parent_screen.text()


def test_parent_screen_before_the_meeting_starts(qtbot: Any, services: Any, family: Any) -> None:
    screen = ParentScreen(services)
    qtbot.addWidget(screen)
    screen.show_conference(family.conference_id)
    assert "will start shortly" in screen.text()
