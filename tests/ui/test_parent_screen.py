"""The parents' screen never shows what anyone in the room may not see, however things change.

The room is everyone present from the family: parents linked to the family record, a father
typed in by name only, a child. The screen is built by the services for that room
(services/room.py) and drawn only while it is on show; the chair can blank it with F8.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from chairdesk.domain import (
    PARENT_HEADING_LABELS,
    AgendaKind,
    Attendance,
    Heading,
    MeetingModel,
    ParticipantRole,
    Visibility,
)
from chairdesk.meeting_models import agency_headings
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
    if not window.parent_screen.isVisible():
        window.parent_screen_may_cover = True  # one screen here: the chair said yes
        window.toggle_parent_screen()  # Ctrl+Shift+P, as the chair does
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
    item = next(
        i for i in services.agenda.items(family.conference_id) if i.kind == AgendaKind.PARENTS_VIEWS
    )
    assert item.title in text

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
    screen.show()
    screen.show_conference(family.conference_id)
    # Built off the GUI thread when a conference opens (services/room_change.py).
    qtbot.waitUntil(lambda: "will start shortly" in screen.text())


def _withheld_from(services: Any, item_id: int, person_id: int, text: str) -> None:
    services.entries.add_entry(
        item_id, Heading.VIEW, text, visibility=Visibility.WITHHELD, withheld_from=(person_id,)
    )


def test_parent_screen_counts_a_father_typed_in_by_name(
    window: Any, services: Any, family: Any
) -> None:
    """A father added on Prepare by name only is someone nothing withheld may reach."""
    item_id, _ids = _meeting(services, family)
    services.prepare.set_attendance(family.father_participant_id, Attendance.ABSENT)
    typed = services.prepare.add_participant(
        family.conference_id, "Lee Brookfield", ParticipantRole.PARENT
    )
    assert typed.person_id is None
    services.prepare.set_attendance(typed.id, Attendance.PRESENT)
    window.open_conference(family.conference_id)
    text = _refresh(window, family.conference_id)
    assert SHARED in text
    # Withheld from the father: he is in the room under a name, not a link, so it stays off.
    assert WITHHELD not in text
    # Even what is withheld from someone else entirely is kept off while he is unlinked.
    _withheld_from(services, item_id, family.mother_id, "MARKER-KEPT-FROM-MOTHER")
    assert "MARKER-KEPT-FROM-MOTHER" not in _refresh(window, family.conference_id)


def test_parent_screen_counts_a_child_in_the_room(window: Any, services: Any, family: Any) -> None:
    item_id, _ids = _meeting(services, family)
    view = services.sharing.view(family.conference_id)
    poppy = next(p for p in view.people if p.name.startswith("Poppy"))
    services.prepare.set_attendance(family.father_participant_id, Attendance.ABSENT)
    _withheld_from(services, item_id, poppy.id, "MARKER-KEPT-FROM-POPPY")
    window.open_conference(family.conference_id)
    assert "MARKER-KEPT-FROM-POPPY" in _refresh(window, family.conference_id)
    child = services.prepare.add_participant(
        family.conference_id, poppy.name, ParticipantRole.CHILD, person_id=poppy.id
    )
    services.prepare.set_attendance(child.id, Attendance.PRESENT)
    assert "MARKER-KEPT-FROM-POPPY" not in _refresh(window, family.conference_id)


def test_parent_screen_is_built_only_while_shown(window: Any, services: Any, family: Any) -> None:
    item_id, _ids = _meeting(services, family)
    window.open_conference(family.conference_id)
    screen = window.parent_screen
    assert not screen.isVisible()
    before = screen.builds
    for n in range(5):
        services.entries.add_entry(item_id, Heading.VIEW, f"note {n}")
        window.page("run").current_item_changed.emit(family.conference_id)
    assert screen.builds == before  # nothing built for a hidden screen
    assert "Parents' screen: off" in window.family_screen_state.text()
    window.parent_screen_may_cover = True  # one screen here: the chair said yes
    window.toggle_parent_screen()
    assert "note 4" in screen.text()  # shown: up to date at once
    assert "things" in window.family_screen_state.text()


def test_parent_screen_f8_blanks_it_at_once(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    _meeting(services, family)
    window.open_conference(family.conference_id)
    assert SHARED in _refresh(window, family.conference_id)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert SHARED not in window.parent_screen.text()
    assert "paused" in window.parent_screen.text()
    assert "PAUSED" in window.family_screen_state.text()
    # Changes while paused stay off the screen until the chair shows it again.
    assert SHARED not in _refresh(window, family.conference_id)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert SHARED in window.parent_screen.text()


def _type_note(qtbot: Any, window: Any, text: str, *, share: bool) -> None:
    page = window.page("run")
    window.show_page("run")
    if page.bar.share.isChecked() != share:
        qtbot.mouseClick(page.bar.share, Qt.MouseButton.LeftButton)
    page.bar.text.setFocus()
    qtbot.keyClicks(page.bar.text, text)
    qtbot.keyClick(page.bar.text, Qt.Key.Key_Return)


def test_parent_screen_note_bar_notes_wait_for_the_chair(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    """Typed in a hurry, a note goes to professionals; only a ticked note reaches the family."""
    _meeting(services, family)
    window.open_conference(family.conference_id)
    _refresh(window, family.conference_id)
    page = window.page("run")
    assert not page.bar.share.isChecked()
    _type_note(qtbot, window, "New allegation against the father, interview next week", share=False)
    assert page.bar.text.text() == ""  # filed
    assert "New allegation" not in window.parent_screen.text()
    _type_note(qtbot, window, "Mum has kept every appointment", share=True)
    assert "Mum has kept every appointment" in window.parent_screen.text()
    assert page.bar.share.isChecked()  # the choice stays for the next note
    notes = {e.text: e.visibility for e in services.entries.entries(family.conference_id)}
    assert (
        notes["New allegation against the father, interview next week"] == Visibility.PROFESSIONALS
    )
    assert notes["Mum has kept every appointment"] == Visibility.SHARED


def test_parent_screen_a_minute_taker_cannot_tick_parents_see_this(
    qtbot: Any, services: Any, family: Any
) -> None:
    from dataclasses import replace

    from chairdesk.domain import UserRole
    from chairdesk.ui.run_page import RunPage
    from chairdesk.ui.services import UiServices

    minutes = UiServices.create(
        replace(services.context, user="Sam Minutes", role=UserRole.MINUTE_TAKER)
    )
    page = RunPage(minutes)
    qtbot.addWidget(page)
    page.load_conference(family.conference_id)
    assert not page.bar.share.isEnabled()
    assert "only a chair" in page.bar.share.toolTip().lower()
    assert page.bar.visibility() == Visibility.PROFESSIONALS


def test_parent_screen_tells_the_chair_a_finished_conference_has_finished(
    qtbot: Any, window: Any, services: Any
) -> None:
    """The window's status line says what the room sees: a concluded conference's screen
    thanks the family, so the chair is not told it waits for the conference to start."""
    from chairdesk.services.demo import load_demo

    initial_id, _review_id = load_demo(services.context)  # both demo conferences concluded
    window.open_conference(initial_id)
    window.parent_screen_may_cover = True  # one screen here: the chair said yes
    window.toggle_parent_screen()
    qtbot.waitUntil(lambda: "has finished" in window.parent_screen.text())
    state = window.family_screen_state.text()
    assert "the conference has finished" in state
    assert "waiting" not in state


def test_parent_screen_puts_headings_in_the_meeting_models_order(
    qtbot: Any, services: Any, family: Any
) -> None:
    """What the room sees follows the model's order (as Run and the parents' copies do), not the
    order in which the first entry under each heading happened to be typed."""
    model = MeetingModel.SIGNS_OF_SAFETY
    services.prepare.update_details(family.conference_id, model=model)
    for participant in (family.mother_participant_id, family.father_participant_id):
        services.prepare.set_attendance(participant, Attendance.PRESENT)
    items = services.agenda.items(family.conference_id)
    parents = next(i for i in items if i.kind == AgendaKind.PARENTS_VIEWS)
    services.agenda.start_item(parents.id)  # parents speak first
    services.agenda.finish_item(parents.id)
    item = next(i for i in items if i.kind == AgendaKind.AGENCY)
    services.agenda.start_item(item.id)
    said = list(reversed(agency_headings(model)))  # typed last heading first
    for heading, _label in said:
        services.entries.add_entry(item.id, heading, f"Said under {heading.value}")
    screen = ParentScreen(services)
    qtbot.addWidget(screen)
    screen.show()
    screen.show_conference(family.conference_id)
    qtbot.waitUntil(lambda: "Said under" in screen.text())

    text = screen.text()
    shown = [PARENT_HEADING_LABELS[h] for h, _label in agency_headings(model)]
    assert sorted(shown, key=text.index) == shown
