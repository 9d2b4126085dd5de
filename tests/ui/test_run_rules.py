"""The parents-first rule, the note bar and visibility, as a chair meets them on the Run page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from chairdesk.domain import AgendaKind, AgendaStatus, Heading, Origin, Visibility
from chairdesk.ui.run_page import RunPage
from tests.ui import run_support
from tests.ui.run_support import OFFSCREEN_LIMITS, answer_next_dialog, section, show_active

ui_services = run_support.ui_services
conference_id = run_support.conference_id


def _page(qtbot, services, conference_id) -> RunPage:
    page = RunPage(services)
    page.load_conference(conference_id)
    show_active(qtbot, page)
    return page


def _item(services, conference_id, kind):
    return next(i for i in services.agenda.items(conference_id) if i.kind == kind)


def _show_in_list(qtbot, page, item_id) -> None:
    row = next(n for n, i in enumerate(page.stepper.items) if i.id == item_id)
    page.stepper.list.setFocus()
    page.stepper.list.setCurrentRow(row)


@OFFSCREEN_LIMITS
def test_run_parents_first_refuses_an_agency_then_a_recorded_reason_unlocks_it(
    qtbot, ui_services, conference_id
):
    page = _page(qtbot, ui_services, conference_id)
    agency = _item(ui_services, conference_id, AgendaKind.AGENCY)
    _show_in_list(qtbot, page, agency.id)
    seen = []

    def go_back(dialog):
        seen.append(dialog.explanation.text())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    answer_next_dialog(go_back)
    qtbot.keyClick(page.stepper.list, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen))
    assert "Parents speak first" in seen[0]
    assert "parents' views" in page.problem.text()
    assert _item(ui_services, conference_id, AgendaKind.AGENCY).status == AgendaStatus.PENDING

    def record_reason(dialog):
        assert not dialog.ok_button.isEnabled()  # no reason, no way on
        qtbot.keyClicks(dialog.reason.lineEdit(), "The parents asked to speak after the school")
        qtbot.keyClick(dialog.reason.lineEdit(), Qt.Key.Key_Return)

    answer_next_dialog(record_reason)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ui_services.agenda.current_item(conference_id) is not None)
    assert ui_services.agenda.current_item(conference_id).id == agency.id
    view = ui_services.sharing.view(conference_id)
    assert view.parents_not_first_reason == "The parents asked to speak after the school"
    assert not page.problem.isVisible()


@OFFSCREEN_LIMITS
def test_run_minute_bar_files_notes_under_the_current_item_and_speaker(
    qtbot, ui_services, conference_id
):
    page = _page(qtbot, ui_services, conference_id)
    parents = _item(ui_services, conference_id, AgendaKind.PARENTS_VIEWS)
    ui_services.agenda.start_item(parents.id)
    page.load_conference(conference_id)
    mary = next(p for p in page.view.participants if p.name == "Mary Ashdown")

    qtbot.keyClick(
        page, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert QApplication.focusWidget() is page.bar.speaker
    completions = page.bar.speaker.completer()
    completions.setCompletionPrefix("mary")
    assert completions.currentCompletion() == "Mary Ashdown"
    qtbot.keyClicks(page.bar.speaker, "Mary Ashdown")
    qtbot.keyClick(page.bar.speaker, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.bar.text
    qtbot.keyClicks(page.bar.text, "Says the rent arrears are now paid")
    qtbot.keyClick(page.bar.text, Qt.Key.Key_Return)
    assert page.bar.text.text() == ""

    # A later item, a shortened name and a chosen heading.
    csc = _item(ui_services, conference_id, AgendaKind.AGENCY)
    qtbot.keyClick(page.stepper.list, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    page.bar.speaker.clear()
    qtbot.keyClicks(page.bar.speaker, "priya")
    page.bar.heading.setCurrentIndex(page.bar.heading.findData(Heading.WORRY))
    qtbot.keyClicks(page.bar.text, "Home visit found no food in the fridge")
    qtbot.keyClick(page.bar.text, Qt.Key.Key_Return)

    notes = {e.text: e for e in ui_services.entries.entries(conference_id)}
    first = notes["Says the rent arrears are now paid"]
    assert (first.agenda_item_id, first.heading) == (parents.id, Heading.NOTE)
    assert (first.speaker_participant_id, first.speaker_name) == (mary.id, "Mary Ashdown")
    assert first.created_at is not None
    second = notes["Home visit found no food in the fridge"]
    assert (second.agenda_item_id, second.heading) == (csc.id, Heading.WORRY)
    assert second.speaker_name == "Priya Shah"
    # Filed notes appear at once under the item on screen, with who said them.
    assert "Priya Shah" in section(page, "What are we worried about?").editors[0].meta.text()


@OFFSCREEN_LIMITS
def test_run_pasted_text_is_professionals_only_until_the_chair_shares_it(
    qtbot, ui_services, conference_id
):
    page = _page(qtbot, ui_services, conference_id)
    parents = _item(ui_services, conference_id, AgendaKind.PARENTS_VIEWS)
    ui_services.agenda.start_item(parents.id)
    page.load_conference(conference_id)
    editor = section(page, "Mary Ashdown's views").editors[0]
    assert editor.badge.text() == "Parents see this"

    # setText, not setMimeData: the clipboard would own a Python-made QMimeData and Qt would
    # free it a second time at exit.
    QApplication.clipboard().setText(
        "From the strategy minutes: a neighbour's child was also seen."
    )
    editor.field.setFocus()
    qtbot.keyClick(editor.field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.badge.text() == "Pasted: Professionals only"
    editor.flush()
    stored = ui_services.entries.entries_for_item(parents.id)[0]
    assert stored.text == "From the strategy minutes: a neighbour's child was also seen."
    assert (stored.origin, stored.visibility) == (Origin.PASTED, Visibility.PROFESSIONALS)
    assert page.save_state.text() == "Saved"

    # One click shares it; the keyboard takes it back; both persist.
    qtbot.mouseClick(editor.badge, Qt.MouseButton.LeftButton)
    assert ui_services.entries.entries_for_item(parents.id)[0].visibility == Visibility.SHARED
    assert editor.badge.text() == "Pasted: Parents see this"
    editor.field.setFocus()
    qtbot.keyClick(
        editor.field,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert (
        ui_services.entries.entries_for_item(parents.id)[0].visibility == Visibility.PROFESSIONALS
    )
    page.load_conference(conference_id)
    reloaded = section(page, "Mary Ashdown's views").editors[0]
    assert reloaded.badge.text() == "Pasted: Professionals only"
    mary = ui_services.sharing.audiences(conference_id)[1]
    parent_view = ui_services.sharing.view(conference_id, mary)
    assert all("neighbour" not in e.text for e in parent_view.entries)


def test_run_page_concludes_the_conference_from_the_close_item(qtbot, tmp_path):
    """The chair ends the meeting from the last item; the conference is then concluded."""
    from PySide6.QtCore import Qt

    from chairdesk.domain import AgendaKind, ConferenceStatus
    from chairdesk.ui.run_page import RunPage

    services, conference_id = _conclude_fixture(tmp_path)
    page = RunPage(services)
    qtbot.addWidget(page)
    page.load_conference(conference_id)
    page.show()
    close = next(i for i in page.view.agenda if i.kind == AgendaKind.CLOSE)
    page.show_item(close.id)
    assert page.conclude_button.isVisibleTo(page)
    asked: list[str] = []

    def answer(wanted: str) -> Callable[[Any], None]:
        def press(box: Any) -> None:
            asked.append(box.windowTitle())
            button = next(b for b in box.buttons() if b.text() == wanted)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

        return press

    # Conclude asks first; keeping the meeting going changes nothing.
    answer_next_dialog(answer("Keep the meeting going"))
    qtbot.mouseClick(page.conclude_button, Qt.MouseButton.LeftButton)
    assert asked == ["Conclude the conference?"]
    assert services.conferences.summary(conference_id).status != ConferenceStatus.CONCLUDED
    assert page.conclude_button.isVisibleTo(page)
    answer_next_dialog(answer("Conclude the conference"))
    qtbot.mouseClick(page.conclude_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2
    assert services.conferences.summary(conference_id).status == ConferenceStatus.CONCLUDED
    assert not page.conclude_button.isVisibleTo(page)


def _conclude_fixture(tmp_path):
    from chairdesk.services.base import ServiceContext
    from chairdesk.storage import open_database
    from chairdesk.ui.services import UiServices
    from tests.conftest import PASSPHRASE
    from tests.services.builders import make_conference, mark_everyone_present

    database = open_database(str(tmp_path / "conclude.db"), PASSPHRASE, create=True)
    summary = make_conference(database)
    mark_everyone_present(database, summary.id)
    return UiServices.create(ServiceContext(database)), summary.id
