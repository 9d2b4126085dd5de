"""The parents' screen follows the chair's typing on the Run page without holding it up.

In the real main window with the parents' screen open: new shared words reach the screen a
moment later (built off the GUI thread), hiding an entry takes it off the screen at once, a
build that was under way when something was hidden is thrown away, and professionals-only
words never cause a build. A long section shows its newest entries and a button for the rest.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt

from chairdesk.domain import AgendaKind, Attendance, Heading, Visibility
from chairdesk.errors import ChairDeskError
from chairdesk.ui.run_page import RunPage
from tests.ui.run_support import OFFSCREEN_LIMITS, section, type_into_section

SHARED_WORDS = "MARKER-shared-the-house-is-calmer"
MORE_WORDS = " MARKER-more-words-after-a-pause"
SECRET_WORDS = "MARKER-professionals-police-check"
DANA = "Dana Testwood's views"


def _run_page_with_screen(window: Any, services: Any, family: Any) -> Any:
    for participant in (family.mother_participant_id, family.father_participant_id):
        services.prepare.set_attendance(participant, Attendance.PRESENT)
    item = next(
        i for i in services.agenda.items(family.conference_id) if i.kind == AgendaKind.PARENTS_VIEWS
    )
    services.agenda.start_item(item.id)
    window.open_conference(family.conference_id)
    window.parent_screen_may_cover = True  # one screen here: the chair said yes
    window.toggle_parent_screen()
    window.show_page("run")
    return window.page("run")


@OFFSCREEN_LIMITS
def test_run_room_refresh_shared_words_reach_the_screen_and_hiding_is_at_once(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    page = _run_page_with_screen(window, services, family)
    screen = window.parent_screen
    editor = type_into_section(qtbot, page, DANA, SHARED_WORDS)
    qtbot.waitUntil(lambda: SHARED_WORDS in screen.text())

    editor.field.setFocus()
    qtbot.keyClicks(editor.field, MORE_WORDS)
    editor.flush()  # the pause after typing: the words are committed
    qtbot.waitUntil(lambda: MORE_WORDS.strip() in screen.text())

    qtbot.mouseClick(editor.badge, Qt.MouseButton.LeftButton)  # professionals only
    assert services.entries.entries_for_item(editor.entry.agenda_item_id)[0].visibility == (
        Visibility.PROFESSIONALS
    )
    # At once, with no waiting: a parent never sees for a moment what was just hidden.
    assert SHARED_WORDS not in screen.text()


@OFFSCREEN_LIMITS
def test_run_room_refresh_a_build_under_way_when_something_is_hidden_is_thrown_away(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    page = _run_page_with_screen(window, services, family)
    screen = window.parent_screen
    waiting: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []
    screen.run_off_thread = lambda build, deliver: waiting.append((build, deliver))

    editor = type_into_section(qtbot, page, DANA, SHARED_WORDS)
    assert waiting, "new shared words start a build off the GUI thread"
    build, deliver = waiting.pop()
    built = build()  # the worker reads the room's view while the words are still shared
    assert SHARED_WORDS in built[0]

    qtbot.mouseClick(editor.badge, Qt.MouseButton.LeftButton)  # the chair hides them
    assert SHARED_WORDS not in screen.text()
    deliver(built)  # the worker's build arrives afterwards: stale, so it is not shown
    assert SHARED_WORDS not in screen.text()


@OFFSCREEN_LIMITS
def test_run_room_refresh_professionals_only_words_build_nothing(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    page = _run_page_with_screen(window, services, family)
    screen = window.parent_screen
    editor = section(page, DANA).editors[-1]
    qtbot.mouseClick(editor.badge, Qt.MouseButton.LeftButton)  # professionals only, first
    before = screen.builds
    type_into_section(qtbot, page, DANA, SECRET_WORDS)
    editor.field.setFocus()
    qtbot.keyClicks(editor.field, " and more")
    editor.flush()
    qtbot.wait(50)
    assert screen.builds == before
    assert SECRET_WORDS not in screen.text()


@OFFSCREEN_LIMITS
def test_run_room_refresh_a_long_section_shows_the_newest_and_a_button_for_the_rest(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    item = next(
        i for i in services.agenda.items(family.conference_id) if i.kind == AgendaKind.PARENTS_VIEWS
    )
    for number in range(10):
        services.entries.add_entry(
            item.id,
            Heading.VIEW,
            f"view number {number}",
            speaker_participant_id=family.mother_participant_id,
            speaker_name="Dana Testwood",
        )
    page = _run_page_with_screen(window, services, family)
    shown = [e.field.toPlainText() for e in section(page, DANA).editors]
    assert shown == [f"view number {n}" for n in range(6, 10)]
    button = next(b for b in page.content.earlier_buttons if "6 earlier" in b.text())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    shown = [e.field.toPlainText() for e in section(page, DANA).editors]
    assert shown == [f"view number {n}" for n in range(10)]
    assert not page.content.earlier_buttons


def test_run_room_refresh_the_view_is_read_off_the_gui_thread_and_its_errors_still_reach_the_page(
    qtbot: Any, services: Any, family: Any
) -> None:
    page = RunPage(services)
    qtbot.addWidget(page)
    readers: list[str] = []
    original = services.sharing.view

    def watched(conference_id: int, *args: Any) -> Any:
        readers.append(threading.current_thread().name)
        return original(conference_id, *args)

    services.sharing.view = watched
    page.load_conference(family.conference_id)
    assert readers and readers[0] != threading.current_thread().name
    assert page.content is not None and page.view is not None  # loaded when the call returns
    with pytest.raises(ChairDeskError):
        page.load_conference(family.conference_id + 1000)


@OFFSCREEN_LIMITS
def test_run_room_refresh_a_hidden_screen_builds_nothing_until_it_is_shown(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    page = _run_page_with_screen(window, services, family)
    screen = window.parent_screen
    window.toggle_parent_screen()  # the chair takes it off the projector
    assert not screen.isVisible()
    before = screen.builds
    type_into_section(qtbot, page, DANA, SHARED_WORDS)
    qtbot.wait(50)
    assert screen.builds == before
    window.toggle_parent_screen()
    assert SHARED_WORDS in screen.text()  # shown: up to date at once
