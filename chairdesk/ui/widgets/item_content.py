"""The middle of the Run page: what is recorded under the agenda item on screen.

Its entries come from `ItemEntries` (services/room_change.py), one item's entries read on their
own, so showing an item never rebuilds the whole conference. A long section shows its newest
entries and a button for the earlier ones, so a conference of 1,500 entries opens as quickly as
a small one. The first sections (the newest entries at the top of the item) are built at once;
the others follow one per turn of the event loop (`settled` once all are in), so the window never
waits on a whole item's editors at once. Each committed change to an entry is sorted by
services/room_change.py and the answer sent on (`room_changed`) for the parents' screen; nothing
else on the page is redrawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from chairdesk.domain import AgendaKind, Heading, ParticipantRole, PersonRole
from chairdesk.meeting_models import INFORMATION_MAPPING, agency_headings
from chairdesk.services.room_change import ItemEntries, most_urgent, room_refresh
from chairdesk.ui.widgets.danger_panel import DangerPanel
from chairdesk.ui.widgets.decision_panel import ChildDecisionBox
from chairdesk.ui.widgets.heading_section import HeadingSection
from chairdesk.ui.widgets.item_decisions import ChildDecisions
from chairdesk.ui.widgets.scaling_panel import ScalingPanel
from chairdesk.ui.widgets.share_choice import context_of
from chairdesk.ui.widgets.statements_panel import StatementsPanel
from chairdesk.views import AgendaItemView, ConferenceView, EntryView

Perform = Callable[[Callable[[], Any]], Any]
#: A section with more entries than this shows the newest SHOWN_AT_FIRST and a button.
SHOWN_AT_FIRST = 4
#: Sections are built at once until this many editors are on screen; the rest one per turn.
EDITORS_AT_ONCE = 4


class ItemContent(QWidget):
    """Builds the sections an item of this kind needs and routes their requests to services.

    `perform` runs one service call, reporting "Saving…"/"Saved"/"Not saved" and showing a
    refusal in plain words; it returns None when the call failed.
    """

    save_state_changed = Signal(str)
    record_changed = Signal()  # anything but an entry: danger statements, scores, decisions
    room_changed = Signal(int)  # an entry changed: a RoomRefresh for the parents' screen
    refused = Signal(str)  # a change this person may not make: the plain reason
    built = Signal()  # the last section built later is in: every entry shown can be reached

    def __init__(
        self,
        services: Any,
        view: ConferenceView,
        item: AgendaItemView,
        entries: ItemEntries,
        perform: Perform,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.view = view
        self.item = item
        self._perform = perform
        self._unclaimed: list[EntryView] = list(entries.entries)
        self._known: dict[int, EntryView] = {}
        self.earlier_buttons: list[QPushButton] = []
        self.people = [
            (p.id, p.name)
            for p in view.people
            if p.role in (PersonRole.PARENT, PersonRole.CARER, PersonRole.RELATIVE)
        ]
        self.sections: list[HeadingSection] = []
        self.scaling_panel: ScalingPanel | None = None
        self.danger_panel: DangerPanel | None = None
        self.decision_boxes: list[ChildDecisionBox] = []
        self.decisions: ChildDecisions | None = None
        self.statements_panel: StatementsPanel | None = None
        # Sections still to build, each with the empty place it will take in the layout.
        self._later: list[tuple[QWidget, Callable[[int], None]]] = []
        self._editors_built = 0
        self._later_timer = QTimer(self)
        self._later_timer.setSingleShot(True)
        self._later_timer.setInterval(0)
        self._later_timer.timeout.connect(self._build_one_later)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._build(item.kind)
        self._section(
            self.tr("Other notes under this item"), Heading.NOTE, lambda e: True, always=False
        )
        self._layout.addStretch(1)
        if self._later:
            self._later_timer.start()

    @property
    def settled(self) -> bool:
        """Every section of the item is built (none is waiting for a turn of the event loop)."""
        return not self._later

    def _build_one_later(self) -> None:
        if not self._later:
            return
        place, build = self._later.pop(0)
        at = self._layout.indexOf(place)
        self._layout.removeWidget(place)
        place.deleteLater()
        build(at)
        if self._later:
            self._later_timer.start()
        else:
            self._later_timer.stop()
            self.built.emit()

    def first_field(self) -> QWidget | None:
        for section in self.sections:
            if section.editors:
                return section.editors[0].field
        for panel in (self.danger_panel, self.scaling_panel):
            if panel is not None:
                return panel
        return self.decision_boxes[0] if self.decision_boxes else None

    def _build(self, kind: AgendaKind) -> None:
        if kind == AgendaKind.PARENTS_VIEWS:
            parents = [
                p
                for p in self.view.participants
                if p.role in (ParticipantRole.PARENT, ParticipantRole.CARER)
            ]
            for parent in parents:
                self._section(
                    self.tr("%1's views").replace("%1", parent.name),
                    Heading.VIEW,
                    _spoken_by(parent.id),
                    speaker_name=parent.name,
                    speaker_participant_id=parent.id,
                )
            if not parents:
                self._section(self.tr("Parents' views"), Heading.VIEW)
        elif kind == AgendaKind.AGENCY:
            speaker = next(
                (p for p in self.view.participants if p.id == self.item.participant_id), None
            )
            for heading, label in agency_headings(self.view.summary.model):
                self._section(
                    self.tr(label),
                    heading,
                    speaker_name=speaker.name if speaker else "",
                    speaker_participant_id=speaker.id if speaker else None,
                )
        elif kind == AgendaKind.CHILD_VIEWS:
            for child in self.view.children:
                self._section(
                    self.tr("%1's views, in their own words").replace("%1", child.name),
                    Heading.VIEW,
                    _about_child(Heading.VIEW, child.id),
                    child_id=child.id,
                )
                self._section(
                    self.tr("How %1's views were obtained").replace("%1", child.name),
                    Heading.HOW_OBTAINED,
                    _about_child(Heading.HOW_OBTAINED, child.id),
                    child_id=child.id,
                )
            if getattr(self.services, "conduct", None) is not None and self.view.children:
                self.statements_panel = StatementsPanel(
                    self.services, self.view.summary.id, self.view.children, self._perform, self
                )
                self.statements_panel.changed.connect(self.record_changed)
                self._layout.addWidget(self.statements_panel)
        elif kind == AgendaKind.INFORMATION_MAPPING:
            for heading, label in INFORMATION_MAPPING:
                self._section(self.tr(label), heading)
            self._danger_panel()
        elif kind == AgendaKind.ANALYSIS:
            self._danger_panel()
            self._section(self.tr("Analysis"), Heading.NOTE)
        elif kind == AgendaKind.RISK_STATEMENT:
            self._section(
                self.tr("Risk statement: what may happen if nothing changes"),
                Heading.RISK_STATEMENT,
            )
            self._danger_panel()
        elif kind == AgendaKind.FAMILY_RESPONSE:
            self._section(self.tr("The family's response"), Heading.RESPONSE)
        elif kind == AgendaKind.SCALING:
            self._scaling_panel()
        elif kind == AgendaKind.DECISION:
            self.decisions = ChildDecisions(self)
        elif kind == AgendaKind.PLAN:
            hint = QLabel(self.tr("Build the plan's actions together on the Plan page."), self)
            hint.setAccessibleName(hint.text())
            self._layout.addWidget(hint)
            self._section(self.tr("What needs to happen"), Heading.NEXT_STEPS)
        else:
            self._section(self.tr("Notes"), Heading.NOTE)

    def _section(
        self,
        title: str,
        heading: Heading,
        claims: Callable[[EntryView], bool] | None = None,
        *,
        always: bool = True,
        **creation: Any,
    ) -> None:
        test = claims or (lambda e: e.heading == heading)
        mine = [e for e in self._unclaimed if test(e)]
        if not mine and not always:
            return
        claimed = {e.id for e in mine}  # by id: comparing whole entries is slow at scale
        self._unclaimed = [e for e in self._unclaimed if e.id not in claimed]
        earlier = len(mine) - SHOWN_AT_FIRST if len(mine) > SHOWN_AT_FIRST + 2 else 0

        def build(at: int | None) -> None:
            button: QPushButton | None = None
            if earlier:
                button = QPushButton(
                    self.tr("Show the %1 earlier entries").replace("%1", str(earlier)), self
                )
                button.setAccessibleName(
                    self.tr("Show the %1 earlier entries under %2")
                    .replace("%1", str(earlier))
                    .replace("%2", title)
                )
                if at is None:
                    self._layout.addWidget(button)
                else:
                    self._layout.insertWidget(at, button)
                    at += 1
                self.earlier_buttons.append(button)
            section = self._new_section(title, heading, mine[earlier:], creation, at=at)
            self.sections.append(section)
            if button is not None:
                button.clicked.connect(
                    lambda: self._show_earlier(button, section, title, heading, test, creation)
                )

        if self._editors_built < EDITORS_AT_ONCE and not self._later:
            build(None)
        else:  # its place is kept, so the sections stay in the order the item lists them
            place = QWidget(self)
            self._layout.addWidget(place)
            self._later.append((place, build))

    def _new_section(
        self,
        title: str,
        heading: Heading,
        entries: Sequence[EntryView],
        creation: dict[str, Any],
        at: int | None = None,
    ) -> HeadingSection:
        section = HeadingSection(
            self.services.entries,
            title,
            agenda_item_id=self.item.id,
            heading=heading,
            entries=entries,
            people=self.people,
            parent=self,
            **creation,
        )
        section.save_state_changed.connect(self.save_state_changed)
        section.entry_changed.connect(self._entry_changed)
        section.refused.connect(self.refused)
        if at is None:
            self._layout.addWidget(section)
        else:
            self._layout.insertWidget(at, section)
        self._editors_built += len(section.editors)
        self._known.update({e.id: e for e in entries})
        return section

    def _show_earlier(
        self,
        button: QPushButton,
        old: HeadingSection,
        title: str,
        heading: Heading,
        test: Callable[[EntryView], bool],
        creation: dict[str, Any],
    ) -> None:
        """Every entry of one section: the section is built again from what is stored."""
        for editor in old.editors:
            editor.flush()
        entries = self.services.sharing.entries_of_item(self.item.id).entries
        mine = [e for e in entries if test(e)]
        for entry in self._on_screen(old).values():
            self._known.pop(entry.id, None)
        at = self._layout.indexOf(old)
        section = self._new_section(title, heading, mine, creation, at=at)
        self.sections[self.sections.index(old)] = section
        self._layout.removeWidget(old)
        old.deleteLater()
        self._layout.removeWidget(button)
        button.deleteLater()
        self.earlier_buttons.remove(button)
        if section.editors:
            section.editors[0].field.setFocus()

    @staticmethod
    def _on_screen(section: HeadingSection) -> dict[int, EntryView]:
        return {e.entry.id: e.entry for e in section.editors if e.entry is not None}

    def _entry_changed(self, _entry: object) -> None:
        """An entry was created, changed or deleted: compare what is on screen now with what
        was, and tell the parents' screen how soon it must follow (services/room_change.py)."""
        now: dict[int, EntryView] = {}
        for section in self.sections:
            now.update(self._on_screen(section))
        refreshes = [
            room_refresh(self._known.get(entry_id), now.get(entry_id))
            for entry_id in self._known.keys() | now.keys()
            if self._known.get(entry_id) != now.get(entry_id)
        ]
        self._known = now
        self.room_changed.emit(int(most_urgent(refreshes)))

    def _danger_panel(self) -> None:
        panel = DangerPanel(self.services.analysis, self, people=self.people)
        panel.show_statements(self.view.danger_statements)
        panel.save_state_changed.connect(self.save_state_changed)
        panel.changed.connect(self.record_changed)
        panel.add_requested.connect(self._add_danger)
        panel.visibility_requested.connect(self._danger_visibility)
        self._layout.addWidget(panel)
        self.danger_panel = panel

    def _add_danger(self, danger: str, goal: str) -> None:
        conference_id = self.view.summary.id
        if (
            self._perform(
                lambda: self.services.analysis.add_danger_statement(conference_id, danger, goal)
            )
            is None
        ):
            return
        assert self.danger_panel is not None
        self.danger_panel.show_statements(self.services.analysis.danger_statements(conference_id))
        self.danger_panel.statement_added()
        self.record_changed.emit()

    def _danger_visibility(
        self, statement_id: int, visibility: Any, withheld: tuple[int, ...]
    ) -> None:
        statement = self._perform(
            lambda: self.services.analysis.update_danger_statement(
                statement_id, visibility=visibility, withheld_from=withheld
            )
        )
        if statement is not None and self.danger_panel is not None:
            self.danger_panel.show_visibility_of(statement)
            self.record_changed.emit()

    def _scaling_panel(self) -> None:
        panel = ScalingPanel(self, context=context_of(self.services.analysis))
        panel.set_people(self.view.participants, self.view.children)
        self.scaling_panel = panel
        self._show_scalings()
        panel.scaling_requested.connect(self._record_scaling)
        panel.visibility_requested.connect(self._scaling_visibility)
        self._layout.addWidget(panel)

    def _show_scalings(self) -> None:
        assert self.scaling_panel is not None
        conference_id = self.view.summary.id
        self.scaling_panel.show_scalings(
            self.services.analysis.scalings(conference_id),
            self.services.analysis.spread(conference_id),
        )

    def _record_scaling(
        self, name: str, participant_id: int | None, score: int, reason: str, child_id: int | None
    ) -> None:
        conference_id = self.view.summary.id
        done = self._perform(
            lambda: self.services.analysis.record_scaling(
                conference_id, name, score, reason, participant_id=participant_id, child_id=child_id
            )
        )
        if done is not None and self.scaling_panel is not None:
            self._show_scalings()
            self.scaling_panel.scaling_recorded()
            self.record_changed.emit()

    def _scaling_visibility(self, scaling_id: int, visibility: Any) -> None:
        scaling = self._perform(
            lambda: self.services.analysis.set_scaling_visibility(scaling_id, visibility)
        )
        if scaling is not None and self.scaling_panel is not None:
            self.scaling_panel.show_visibility_of(scaling)
            self.record_changed.emit()


def _spoken_by(participant_id: int) -> Callable[[EntryView], bool]:
    return lambda e: e.heading == Heading.VIEW and e.speaker_participant_id == participant_id


def _about_child(heading: Heading, child_id: int) -> Callable[[EntryView], bool]:
    return lambda e: e.heading == heading and e.child_id == child_id


def family_participants(view: ConferenceView) -> Sequence[Any]:
    return [p for p in view.participants if p.role.is_family and p.person_id is not None]
