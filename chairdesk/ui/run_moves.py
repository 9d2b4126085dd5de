"""The Run page's keys, its tab order, which item the next and previous keys reach, and the
requests it passes on: a note from the bar, an exclusion, parents not first."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

from chairdesk.domain import AgendaKind, AgendaStatus, Visibility
from chairdesk.services.room_change import RoomRefresh, room_refresh
from chairdesk.ui.widgets.exclude_participant_dialog import ExcludeParticipantDialog
from chairdesk.ui.widgets.item_content import family_participants
from chairdesk.ui.widgets.parents_not_first_dialog import ParentsNotFirstDialog
from chairdesk.views import AgendaItemView

if TYPE_CHECKING:
    from chairdesk.ui.run_page import RunPage

SHORTCUTS: list[tuple[str, str]] = [
    ("Alt+Right", "Start the next agenda item"),
    ("Alt+Left", "Show the previous agenda item"),
    ("Ctrl+Return", "Start the agenda item on screen"),
    ("Ctrl+Shift+K", "Skip the agenda item on screen, giving a reason"),
    ("Ctrl+G", "Go to the agenda list"),
    ("Ctrl+J", "Go to the first field of the agenda item on screen"),
    ("Ctrl+M", "Type a note in the minute-taker's bar"),
    ("Ctrl+Shift+M", "Choose the speaker in the minute-taker's bar"),
    ("Return", "In the note bar: file the note under the current item"),
    (
        "Ctrl+Shift+V",
        "Change who sees the entry, danger statement or score being edited",
    ),
    ("Ctrl+Shift+E", "Exclude a participant from part of the conference"),
]


def install_shortcuts(page: QWidget, handlers: Mapping[str, Callable[[], object]]) -> None:
    """Each key of SHORTCUTS, while the focus is anywhere on the page."""
    for key, handler in handlers.items():
        shortcut = QShortcut(QKeySequence(key), page)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(handler)


def next_to_start(
    items: Sequence[AgendaItemView], shown: AgendaItemView | None
) -> AgendaItemView | None:
    """Alt+Right: the item on screen if it has not started, else the next one not yet started,
    else simply the next one."""
    after = [i for i in items if shown is None or i.position > shown.position]
    if shown is not None and shown.status == AgendaStatus.PENDING:
        after = [shown, *after]
    target = next((i for i in after if i.status == AgendaStatus.PENDING), None)
    return target or (after[0] if after else None)


def previous_of(
    items: Sequence[AgendaItemView], shown: AgendaItemView | None
) -> AgendaItemView | None:
    """Alt+Left: the item before the one on screen."""
    before = [i for i in items if shown and i.position < shown.position]
    return before[-1] if before else None


def start_after_parents_not_first(page: RunPage, item: AgendaItemView | None, refusal: str) -> bool:
    """An agency's item refused before the parents have spoken: the chair may give the reason
    (recorded) and start it anyway, or go back. True when the item was started."""
    if item is None or item.kind != AgendaKind.AGENCY or page.conference_id is None:
        page._show_problem(refusal)
        return False
    reason = ParentsNotFirstDialog.ask(page, refusal)
    if reason is None:
        page._show_problem(
            page.tr("The parents speak first: start the parents' views, or record why not.")
        )
        return False
    agenda, conference_id = page.services.agenda, page.conference_id
    if page._perform(lambda: agenda.record_parents_not_first(conference_id, reason)) is None:
        return False
    return page._perform(lambda: agenda.start_item(item.id)) is not None


def file_bar_note(
    page: RunPage,
    speaker: str,
    participant_id: int | None,
    heading: Any,
    text: str,
    visibility: Any = None,
) -> None:
    """File the bar's note under the item in progress (or the one on screen), seen by whom the
    bar says: professionals only unless the chair ticked "Parents see this"."""
    if page.conference_id is None:
        return
    conference_id, entries = page.conference_id, page.services.entries
    current = page.services.agenda.current_item(conference_id) or page.shown_item()
    if current is None:
        return
    entry = page._perform(
        lambda: entries.add_entry(
            current.id,
            heading,
            text,
            speaker_participant_id=participant_id,
            speaker_name=speaker,
            visibility=visibility or Visibility.PROFESSIONALS,
        )
    )
    if entry is None:
        return
    page.bar.note_filed()
    if page.stepper.shown_id() == current.id:
        page.show_item(current.id)
        page.bar.text.setFocus()
    if room_refresh(None, entry) != RoomRefresh.NOTHING:
        # Filed at once, so the room sees a ticked note as soon as the chair files it.
        page.current_item_changed.emit(conference_id)


def ask_exclusion(page: RunPage) -> bool:
    """Ctrl+Shift+E: who leaves the room and for which items; True once it is recorded."""
    view = page._fresh_view()
    request = ExcludeParticipantDialog.ask(page, family_participants(view), view.agenda)
    if request is None:
        return False
    agenda = page.services.agenda
    done = page._perform(
        lambda: agenda.exclude(
            request.participant_id, request.reason, agenda_item_ids=request.agenda_item_ids
        )
    )
    return done is not None


def fix_tab_order(page: RunPage) -> None:
    """The screen reads left to right: agenda, exclusions, the item, then the note bar."""
    chain: list[QWidget] = [
        page.stepper.list,
        page.stepper.previous_button,
        page.stepper.next_button,
        page.stepper.skip_button,
        page.exclusions.list,
        page.exclusions.exclude_button,
        page.exclusions.end_button,
        page.day.late_button,
        page.day.adjourn_button,
        page.start_button,
    ]
    if page.content is not None:
        chain += [
            w
            for w in page.content.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not w.isHidden()
            and not isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox)
            and w.window() is page.window()
        ]
    chain += [page.bar.speaker, page.bar.heading, page.bar.text]
    for first, second in pairwise(chain):
        QWidget.setTabOrder(first, second)
