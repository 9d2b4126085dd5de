"""A long conference on the Run page: the item in progress first, the rest a turn later.

In the real main window with the parents' screen open. The first section of the item in
progress (its newest entries) is on screen as soon as the conference opens; the item's later
sections follow on the next turns of the event loop. Once they are in, every entry can be
reached with the keyboard in screen order, edited and saved, and the parents' screen shows the
shared words and never the professionals-only ones.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from chairdesk.domain import AgendaKind, Attendance, Heading, MeetingModel, Visibility
from chairdesk.meeting_models import INFORMATION_MAPPING
from tests.ui.run_support import OFFSCREEN_LIMITS, section, settled

DANA = "Dana Testwood's views"
LEE = "Lee Brookfield's views"
SECRET = "MARKER-professionals-only-lee"


def _long_parents_item(services: Any, family: Any) -> Any:
    """Ten views from each parent; Lee's newest is professionals-only. The item is started."""
    for participant in (family.mother_participant_id, family.father_participant_id):
        services.prepare.set_attendance(participant, Attendance.PRESENT)
    item = next(
        i for i in services.agenda.items(family.conference_id) if i.kind == AgendaKind.PARENTS_VIEWS
    )
    for number in range(10):
        for participant, name in (
            (family.mother_participant_id, "Dana Testwood"),
            (family.father_participant_id, "Lee Brookfield"),
        ):
            secret = name.startswith("Lee") and number == 9
            services.entries.add_entry(
                item.id,
                Heading.VIEW,
                SECRET if secret else f"{name} view {number}",
                speaker_participant_id=participant,
                speaker_name=name,
                visibility=Visibility.PROFESSIONALS if secret else Visibility.SHARED,
            )
    services.agenda.start_item(item.id)
    return item


def _open_with_screen(window: Any, conference_id: int) -> Any:
    window.parent_screen_may_cover = True  # one screen here: the chair said yes
    window.toggle_parent_screen()
    window.open_conference(conference_id)
    return window.page("run")


@OFFSCREEN_LIMITS
def test_run_long_conference_opens_on_the_newest_entries_and_the_rest_follow(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    item = _long_parents_item(services, family)
    page = _open_with_screen(window, family.conference_id)
    content = page.content
    assert page.stepper.shown_id() == item.id
    # Straight after opening, before the event loop turns: Dana's newest four are there.
    first = content.sections[0]
    assert first.title() == DANA
    assert [e.field.toPlainText() for e in first.editors] == [
        f"Dana Testwood view {n}" for n in range(6, 10)
    ]
    assert not content.settled  # Lee's views follow a turn later
    qtbot.waitUntil(lambda: content.settled)
    assert [s.title() for s in content.sections] == [DANA, LEE]
    assert [e.field.toPlainText() for e in section(page, LEE).editors] == [
        *(f"Lee Brookfield view {n}" for n in range(6, 9)),
        SECRET,
    ]
    # In screen order: each section under its own button for the earlier views.
    layout = content.layout()
    dana_button, lee_button = content.earlier_buttons
    places = [layout.indexOf(w) for w in (dana_button, first, lee_button, section(page, LEE))]
    assert places == sorted(places)
    assert LEE in lee_button.accessibleName()


@OFFSCREEN_LIMITS
def test_run_long_conference_a_later_section_is_reached_by_tab_and_saves(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    _long_parents_item(services, family)
    page = _open_with_screen(window, family.conference_id)
    qtbot.waitUntil(lambda: page.content.settled)
    dana, lee = section(page, DANA), section(page, LEE)
    # Tab from Dana's "Add another" goes on into Lee's section, not off to the note bar.
    seen: list[QWidget] = []
    widget: QWidget = dana.add_button
    while widget is not page.bar.text and len(seen) < 200:
        widget = widget.nextInFocusChain()
        seen.append(widget)
    assert lee.editors[0].field in seen

    editor = lee.editors[-2]  # Lee's newest shared view, in the section built a turn later
    editor.field.setFocus()
    editor.field.selectAll()
    qtbot.keyClicks(editor.field, "Lee says the garden fence is mended")
    editor.flush()
    stored = {e.id: e.text for e in services.entries.entries_for_item(editor.entry.agenda_item_id)}
    assert stored[editor.entry.id] == "Lee says the garden fence is mended"
    screen = window.parent_screen
    qtbot.waitUntil(lambda: "garden fence is mended" in screen.text())
    assert "Lee Brookfield view 8" not in screen.text()
    assert SECRET not in screen.text()


@OFFSCREEN_LIMITS
def test_run_long_conference_another_item_and_back_shows_every_entry(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    item = _long_parents_item(services, family)
    page = _open_with_screen(window, family.conference_id)
    other = next(i for i in page.stepper.items if i.id != item.id)
    page.show_item(other.id)
    settled(page)
    page.show_item(item.id)
    settled(page)
    button = next(b for b in page.content.earlier_buttons if LEE in b.accessibleName())
    button.click()
    shown = [e.field.toPlainText() for e in section(page, LEE).editors]
    assert shown == [*(f"Lee Brookfield view {n}" for n in range(9)), SECRET]


@OFFSCREEN_LIMITS
def test_run_long_conference_later_sections_keep_their_place_above_the_danger_panel(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    """Information mapping lists its headings, then the danger statements: a heading built a
    turn later still sits in its own place, not under the panel."""
    services.prepare.update_details(family.conference_id, model=MeetingModel.STRENGTHENING_FAMILIES)
    window.open_conference(family.conference_id)
    window.show_page("run")
    page = window.page("run")
    item = next(i for i in page.stepper.items if i.kind == AgendaKind.INFORMATION_MAPPING)
    page.show_item(item.id)
    content = settled(page)
    layout = content.layout()
    in_order = sorted(
        (*content.sections, content.danger_panel), key=lambda widget: layout.indexOf(widget)
    )
    assert [w.title() for w in in_order[:-1]] == [label for _heading, label in INFORMATION_MAPPING]
    assert in_order[-1] is content.danger_panel


@OFFSCREEN_LIMITS
def test_run_long_conference_opened_again_keeps_the_item_unless_something_changed(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    """Back from Home to the same conference: the item on screen is kept as the chair left it
    (Lee's earlier views still open) when nothing it shows has changed, and built again, with
    the new words, when something has."""
    item = _long_parents_item(services, family)
    page = _open_with_screen(window, family.conference_id)
    settled(page)
    next(b for b in page.content.earlier_buttons if LEE in b.accessibleName()).click()
    shown = page.content
    window.show_page("home")
    window.open_conference(family.conference_id)
    assert page.content is shown  # nothing changed: the same editors, not built again
    assert len(section(page, LEE).editors) == 10

    window.show_page("home")
    services.entries.add_entry(
        item.id,
        Heading.VIEW,
        "Dana says the new tenancy starts on Monday",
        speaker_participant_id=family.mother_participant_id,
        speaker_name="Dana Testwood",
    )
    window.open_conference(family.conference_id)
    assert page.content is not shown
    assert section(page, DANA).editors[-1].field.toPlainText() == (
        "Dana says the new tenancy starts on Monday"
    )
    qtbot.waitUntil(lambda: "new tenancy starts on Monday" in window.parent_screen.text())
