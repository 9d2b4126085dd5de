"""The Run page: the agenda stepper, the current item large in the middle, the note bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import AgendaKind, AgendaStatus, ConferenceStatus
from chairdesk.errors import ChairDeskError, RuleError
from chairdesk.services.room_change import ItemEntries, RoomRefresh
from chairdesk.ui.off_thread import freeze_start_up_objects, wait_off_thread
from chairdesk.ui.run_moves import (
    SHORTCUTS,
    ask_exclusion,
    file_bar_note,
    fix_tab_order,
    install_shortcuts,
    next_to_start,
    previous_of,
    start_after_parents_not_first,
)
from chairdesk.ui.services import UiServices
from chairdesk.ui.widgets.agenda_stepper import AgendaStepper
from chairdesk.ui.widgets.autosave import SAVED, SAVING, AutosaveField, not_saved
from chairdesk.ui.widgets.conclude_question import confirm_conclude
from chairdesk.ui.widgets.day_panel import DayPanel
from chairdesk.ui.widgets.exclusion_panel import ExclusionPanel
from chairdesk.ui.widgets.item_content import ItemContent
from chairdesk.ui.widgets.item_timer import ItemTimer
from chairdesk.ui.widgets.minute_bar import MinuteTakerBar
from chairdesk.ui.widgets.quoracy_dialog import settle_quoracy
from chairdesk.ui.widgets.share_choice import cannot_share, context_of
from chairdesk.ui.widgets.sitting_panel import SittingPanel
from chairdesk.ui.widgets.skip_item_dialog import SkipItemDialog
from chairdesk.views import AgendaItemView, ConferenceView


class _Opening(NamedTuple):
    """What opening a conference reads, in one call on a worker thread."""

    view: ConferenceView
    first: AgendaItemView | None  # the item in progress, else the first
    items: Sequence[AgendaItemView]
    entries: ItemEntries | None  # the first item's
    unchanged: bool  # the view is the one the item on screen was built from


class RunPage(QWidget):
    """Runs one conference. Every change goes through the services as it happens."""

    save_state_changed = Signal(str)
    conference_changed = Signal(int)
    current_item_changed = Signal(int)  # conference id: the parents' screen follows at once
    room_changed = Signal(int, int)  # conference id, RoomRefresh (services/room_change.py)
    plan_requested = Signal(int)  # conference id: the chair wants the Plan page

    def __init__(self, services: UiServices, parent: QWidget | None = None) -> None:
        # Built when the first conference is run. Its building makes many objects (its first
        # list box has PySide create dozens of enums), and a full collection set off meanwhile
        # would scan all of start-up's objects on the GUI thread: they are frozen first.
        freeze_start_up_objects()
        super().__init__(parent)
        self.services = services
        self.conference_id: int | None = None
        self.view: ConferenceView | None = None
        self.content: ItemContent | None = None
        self._item_on_screen: int | None = None
        # The view is read once when a conference loads, and again only after a change it
        # shows (an item started, a decision); an item's entries are read on their own.
        self._view_stale = False
        self.setAccessibleName(self.tr("Run the conference"))

        self.stepper = AgendaStepper(self)
        self.exclusions = ExclusionPanel(self)
        self.day = DayPanel(services, self._perform, self)
        self.day.changed.connect(self._day_changed)
        self.heading = QLabel(self)
        self.heading.setAccessibleName(self.tr("Conference"))
        self.heading.setStyleSheet("color: #444;")
        self.heading.setWordWrap(True)  # a long family name never widens the page
        self.title = QLabel(self)
        self.title.setAccessibleName(self.tr("Agenda item on screen"))
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 22pt; font-weight: 600;")
        self.timer = ItemTimer(services.context.now, self)
        self.start_button = QPushButton(self.tr("Start this item"), self)
        self.start_button.setAccessibleName(self.tr("Start this agenda item"))
        self.conclude_button = QPushButton(self.tr("Conclude the conference"), self)
        self.conclude_button.setAccessibleName(self.tr("Conclude the conference"))
        self.conclude_button.setToolTip(
            self.tr("Ends the meeting: the record, outcome letter and plan can then be issued.")
        )
        self.conclude_button.hide()
        self.problem = QLabel(self)
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #8e1b1b; font-weight: 600;")
        self.problem.hide()
        self.save_state = QLabel(self)
        self.save_state.setAccessibleName(self.tr("Save state"))
        self.item_scroll = QScrollArea(self)
        self.item_scroll.setWidgetResizable(True)
        self.item_scroll.setAccessibleName(self.tr("What is recorded under this item"))
        self.item_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Always there: a scroll bar appearing as a box grows would narrow and re-wrap every
        # box, moving the one under the pointer.
        self.item_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.bar = MinuteTakerBar(self)
        self.bar.set_share_refusal(cannot_share(context_of(services.entries)))

        left = QVBoxLayout()
        left.addWidget(self.stepper, 3)
        left.addWidget(self.exclusions, 0)
        self.sittings = SittingPanel(services, self)
        self.sittings.changed.connect(self._after_sitting_change)
        self.sittings.refused.connect(self._show_problem)
        left.addWidget(self.sittings, 0)
        left.addWidget(self.day, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.timer)
        title_row.addWidget(self.start_button)
        title_row.addWidget(self.conclude_button)
        centre = QVBoxLayout()
        centre.addWidget(self.heading)
        centre.addLayout(title_row)
        centre.addWidget(self.problem)
        centre.addWidget(self.item_scroll, 1)
        centre.addWidget(self.save_state, 0, Qt.AlignmentFlag.AlignRight)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(centre, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.bar)
        self._fix_tab_order()

        self.stepper.shown_item_changed.connect(self.show_item)
        self.stepper.start_requested.connect(self.start_item)
        self.stepper.next_requested.connect(self.start_next)
        self.stepper.previous_requested.connect(self.show_previous)
        self.stepper.skip_requested.connect(self.skip_item)
        self.start_button.clicked.connect(self._start_shown)
        self.conclude_button.clicked.connect(self.conclude)
        self.exclusions.exclude_requested.connect(self.exclude_participant)
        self.exclusions.end_requested.connect(self.end_exclusion)
        self.bar.note_requested.connect(self.file_note)
        self.save_state_changed.connect(self.save_state.setText)
        install_shortcuts(
            self,
            {
                "Alt+Right": self.start_next,
                "Alt+Left": self.show_previous,
                "Ctrl+Return": self._start_shown,
                "Ctrl+Shift+K": self.stepper.skip_button.click,
                "Ctrl+G": self.stepper.list.setFocus,
                "Ctrl+J": self._focus_content,
                "Ctrl+M": self.bar.text.setFocus,
                "Ctrl+Shift+M": self.bar.speaker.setFocus,
                "Ctrl+Shift+E": self.exclude_participant,
            },
        )

    # Loading and showing

    def load_conference(self, conference_id: int) -> None:
        freeze_start_up_objects()
        self.flush_pending_saves()
        # The item on screen is kept, widgets and all, if nothing the conference's view shows
        # has changed since it was built (opened again from Home): compared on the worker.
        built = self.content.view if self.content is not None else None
        if conference_id != self.conference_id:
            built = None
        self.conference_id = conference_id
        agenda, sharing = self.services.agenda, self.services.sharing

        def read() -> _Opening:
            # One read on one worker: each wait for a worker holds the window a few ms.
            view = sharing.view(conference_id)
            first = agenda.current_item(conference_id) or (view.agenda[0] if view.agenda else None)
            entries = sharing.entries_of_item(first.id) if first is not None else None
            unchanged = built is not None and view == built
            return _Opening(view, first, agenda.items(conference_id), entries, unchanged)

        opening: _Opening = wait_off_thread(read, "run-page-view")
        self.view = opening.view
        self._view_stale = False
        summary = self.view.summary
        self.heading.setText(
            f"{summary.family_name} ({summary.case_reference}): {summary.kind.label}, "
            f"{summary.model.label}"
        )
        self.bar.set_participants(self.view.participants)
        self.exclusions.show_exclusions(self.view.exclusions)
        self.sittings.show_sittings(conference_id, self.view.people, self.view.sittings)
        self.day.show_view(self.view)
        first = opening.first
        self.stepper.show_agenda(opening.items, first.id if first else None)
        if first is not None:
            self.show_item(first.id, opening.entries, keep=opening.unchanged)

    def shown_item(self) -> AgendaItemView | None:
        shown = self.stepper.shown_id()
        return next((i for i in self.stepper.items if i.id == shown), None)

    def show_item(
        self, item_id: int, entries: ItemEntries | None = None, *, keep: bool = False
    ) -> None:
        """Show an item in the middle without starting it; pending words are saved first.
        `entries` are the item's, when they have just been read; `keep`: the item already on
        screen stays as it is (nothing it shows has changed)."""
        if self.conference_id is None:
            return
        self.flush_pending_saves()
        view = self._fresh_view()
        item = next((i for i in view.agenda if i.id == item_id), None)
        if item is None:
            return
        if item_id != self._item_on_screen:
            self._show_problem("")  # a refusal belongs to the item it happened on
        self._item_on_screen = item_id
        if self.stepper.shown_id() != item_id:
            self._refresh_agenda(item_id)
        self.title.setText(item.title)
        self.timer.show_item(item)
        self.start_button.setVisible(item.status != AgendaStatus.IN_PROGRESS)
        self.conclude_button.setVisible(
            item.kind == AgendaKind.CLOSE
            and view.summary.status in (ConferenceStatus.PLANNED, ConferenceStatus.IN_PROGRESS)
        )
        if keep and self.content is not None and self.content.item.id == item_id:
            return
        old = self.item_scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        if entries is None or entries.agenda_item_id != item_id:
            sharing = self.services.sharing
            entries = wait_off_thread(lambda: sharing.entries_of_item(item_id), "run-page-read")
        self.content = ItemContent(self.services, view, item, entries, self._perform)
        self.content.save_state_changed.connect(self._relay_save_state)
        self.content.record_changed.connect(self._record_changed)
        self.content.room_changed.connect(self._room_changed)
        self.content.refused.connect(self._show_problem)
        self.content.built.connect(self._fix_tab_order)  # the sections built a turn later
        self.item_scroll.setWidget(self.content)
        self._fix_tab_order()

    # Moving through the agenda

    def start_item(self, item_id: int) -> bool:
        """Start an item; an agency before the parents asks the chair why (parents first)."""
        if self.conference_id is None:
            return False
        self.flush_pending_saves()
        item = next((i for i in self.stepper.items if i.id == item_id), None)
        try:
            self.services.agenda.start_item(item_id)
        except RuleError as refusal:
            if not start_after_parents_not_first(self, item, str(refusal)):
                return False
        except ChairDeskError as error:
            self._show_problem(str(error))
            return False
        self._show_problem("")
        self._view_stale = True
        self._refresh_agenda(item_id)
        self.show_item(item_id)
        self.current_item_changed.emit(self.conference_id)
        self.conference_changed.emit(self.conference_id)
        self._focus_content()
        return True

    def conclude(self) -> None:
        """End the meeting: the conference is concluded and its documents can be issued."""
        if self.conference_id is None:
            return
        self.flush_pending_saves()
        if not confirm_conclude(self, self._fresh_view().agenda):
            return
        conference_id = self.conference_id
        if not settle_quoracy(self, self.services, conference_id, self._perform):
            self.load_conference(conference_id)
            self.conference_changed.emit(conference_id)
            return
        if self._perform(lambda: self.services.agenda.conclude(conference_id)) is None:
            return
        self.load_conference(conference_id)
        self.conference_changed.emit(conference_id)

    def start_next(self) -> None:
        target = next_to_start(self.stepper.items, self.shown_item())
        if target is not None:
            self.start_item(target.id)

    def show_previous(self) -> None:
        before = previous_of(self.stepper.items, self.shown_item())
        if before is not None:
            self.show_item(before.id)

    def skip_item(self, item_id: int) -> None:
        item = next((i for i in self.stepper.items if i.id == item_id), None)
        if item is None or self.conference_id is None:
            return
        reason = SkipItemDialog.ask(self, item.title)
        if reason is None:
            return
        if self._perform(lambda: self.services.agenda.skip_item(item_id, reason)) is not None:
            self._view_stale = True
            self._refresh_agenda(item_id)
            self.show_item(item_id)
            self.current_item_changed.emit(self.conference_id)

    # Notes, exclusions

    def file_note(
        self,
        speaker: str,
        participant_id: int | None,
        heading: Any,
        text: str,
        visibility: Any = None,
    ) -> None:
        """File the bar's note (ui/run_moves.py)."""
        file_bar_note(self, speaker, participant_id, heading, text, visibility)

    def exclude_participant(self) -> None:
        if self.view is not None and self.conference_id is not None and ask_exclusion(self):
            self._after_exclusion_change()

    def end_exclusion(self, exclusion_id: int) -> None:
        if self._perform(lambda: self.services.agenda.end_exclusion(exclusion_id)) is not None:
            self._after_exclusion_change()

    # Saving

    def flush_pending_saves(self) -> None:
        """Save every field with unsaved words now (changing item, closing the window)."""
        for field in self.findChildren(AutosaveField):
            field.flush()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush_pending_saves()
        super().closeEvent(event)

    def _perform(self, call: Callable[[], Any]) -> Any:
        self._relay_save_state(SAVING)
        try:
            result = call()
        except ChairDeskError as error:
            self._relay_save_state(not_saved(str(error)))
            self._show_problem(str(error))
            return None
        self._relay_save_state(SAVED)
        self._show_problem("")
        return result if result is not None else True

    def _day_changed(self) -> None:
        if self.conference_id is not None:
            self.view = self.services.sharing.view(self.conference_id)
            self._view_stale = False
            self.day.show_view(self.view)
            self.conference_changed.emit(self.conference_id)

    def _relay_save_state(self, state: str) -> None:
        self.save_state_changed.emit(state)

    def _fresh_view(self) -> ConferenceView:
        """The conference's view, read again only if something it shows has changed."""
        assert self.conference_id is not None
        if self.view is None or self._view_stale:
            self.view = self._read_view(self.conference_id)
            self._view_stale = False
        return self.view

    def _read_view(self, conference_id: int) -> ConferenceView:
        """The whole view, read on a worker thread while the window keeps breathing."""
        sharing = self.services.sharing
        view: ConferenceView = wait_off_thread(lambda: sharing.view(conference_id), "run-page-view")
        return view

    def _record_changed(self) -> None:
        """A danger statement, score, statement or decision changed: the room follows now."""
        self._view_stale = True
        if self.conference_id is not None:
            self.current_item_changed.emit(self.conference_id)

    def _room_changed(self, refresh: int) -> None:
        """An entry changed; services/room_change.py said how soon the room must follow."""
        if self.conference_id is not None and refresh != RoomRefresh.NOTHING:
            self.room_changed.emit(self.conference_id, refresh)

    def _after_exclusion_change(self) -> None:
        assert self.conference_id is not None
        self._view_stale = True
        self.exclusions.show_exclusions(self.services.agenda.exclusions(self.conference_id))
        self.current_item_changed.emit(self.conference_id)

    def _after_sitting_change(self) -> None:
        """A sitting began or ended: the panel, and the parents' screen, follow it."""
        assert self.conference_id is not None
        self._show_problem("")
        self.view = view = self.services.sharing.view(self.conference_id)
        self._view_stale = False
        self.sittings.show_sittings(self.conference_id, view.people, view.sittings)
        self.current_item_changed.emit(self.conference_id)

    def _refresh_agenda(self, shown_id: int | None) -> None:
        if self.conference_id is not None:
            agenda, conference_id = self.services.agenda, self.conference_id
            items = wait_off_thread(lambda: agenda.items(conference_id), "run-page-read")
            self.stepper.show_agenda(items, shown_id)

    def _start_shown(self) -> None:
        shown = self.stepper.shown_id()
        if shown is not None:
            self.start_item(shown)

    def _focus_content(self) -> None:
        target = self.content.first_field() if self.content else None
        if target is not None:
            target.setFocus()
            self.item_scroll.ensureWidgetVisible(target)

    def _show_problem(self, text: str) -> None:
        # Services speak in lower case so their words fit into sentences; here they stand alone.
        self.problem.setText(text[:1].upper() + text[1:])
        self.problem.setVisible(bool(text))

    def _fix_tab_order(self) -> None:
        fix_tab_order(self)


__all__ = ["SHORTCUTS", "RunPage"]  # the page's keys, listed by its help (ui/page_help.py)
