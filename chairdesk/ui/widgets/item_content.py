"""The middle of the Run page: what is recorded under the agenda item on screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from chairdesk.domain import AgendaKind, Heading, ParticipantRole, PersonRole
from chairdesk.meeting_models import agency_headings
from chairdesk.services.permissions import Permission, may
from chairdesk.ui.widgets.danger_panel import DangerPanel
from chairdesk.ui.widgets.decision_panel import ChildDecisionBox, professionals_of
from chairdesk.ui.widgets.dissent_dialog import DissentDialog
from chairdesk.ui.widgets.heading_section import HeadingSection
from chairdesk.ui.widgets.scaling_panel import ScalingPanel
from chairdesk.ui.widgets.share_choice import context_of
from chairdesk.ui.widgets.statements_panel import StatementsPanel
from chairdesk.views import AgendaItemView, ConferenceView, EntryView

Perform = Callable[[Callable[[], Any]], Any]
_MAPPING = (
    (Heading.WORRY, "Danger and harm"),
    (Heading.COMPLICATING_FACTOR, "Complicating factors"),
    (Heading.STRENGTH, "Strengths"),
    (Heading.EXISTING_SAFETY, "Safety"),
    (Heading.GREY_AREA, "Grey areas"),
)


class ItemContent(QWidget):
    """Builds the sections an item of this kind needs and routes their requests to services.

    `perform` runs one service call, reporting "Saving…"/"Saved"/"Not saved" and showing a
    refusal in plain words; it returns None when the call failed.
    """

    save_state_changed = Signal(str)
    record_changed = Signal()
    refused = Signal(str)  # a change this person may not make: the plain reason

    def __init__(
        self,
        services: Any,
        view: ConferenceView,
        item: AgendaItemView,
        perform: Perform,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.view = view
        self.item = item
        self._perform = perform
        self._unclaimed: list[EntryView] = list(view.entries_for(item.id))
        self.people = [
            (p.id, p.name)
            for p in view.people
            if p.role in (PersonRole.PARENT, PersonRole.CARER, PersonRole.RELATIVE)
        ]
        self.sections: list[HeadingSection] = []
        self.scaling_panel: ScalingPanel | None = None
        self.danger_panel: DangerPanel | None = None
        self.decision_boxes: list[ChildDecisionBox] = []
        self.statements_panel: StatementsPanel | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._build(item.kind)
        self._section(
            self.tr("Other notes under this item"), Heading.NOTE, lambda e: True, always=False
        )
        self._layout.addStretch(1)

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
                    lambda e, pid=parent.id: (
                        e.heading == Heading.VIEW and e.speaker_participant_id == pid
                    ),
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
                    lambda e, cid=child.id: e.heading == Heading.VIEW and e.child_id == cid,
                    child_id=child.id,
                )
                self._section(
                    self.tr("How %1's views were obtained").replace("%1", child.name),
                    Heading.HOW_OBTAINED,
                    lambda e, cid=child.id: e.heading == Heading.HOW_OBTAINED and e.child_id == cid,
                    child_id=child.id,
                )
            if getattr(self.services, "conduct", None) is not None and self.view.children:
                self.statements_panel = StatementsPanel(
                    self.services, self.view.summary.id, self.view.children, self._perform, self
                )
                self.statements_panel.changed.connect(self.record_changed)
                self._layout.addWidget(self.statements_panel)
        elif kind == AgendaKind.INFORMATION_MAPPING:
            for heading, label in _MAPPING:
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
            self._decision_boxes()
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
        self._unclaimed = [e for e in self._unclaimed if e not in mine]
        section = HeadingSection(
            self.services.entries,
            title,
            agenda_item_id=self.item.id,
            heading=heading,
            entries=mine,
            people=self.people,
            parent=self,
            **creation,
        )
        section.save_state_changed.connect(self.save_state_changed)
        section.entry_changed.connect(lambda _entry: self.record_changed.emit())
        section.refused.connect(self.refused)
        self._layout.addWidget(section)
        self.sections.append(section)

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

    def _danger_visibility(self, statement_id: int, visibility: Any, withheld: tuple) -> None:
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

    def _decision_boxes(self) -> None:
        professionals = professionals_of(self.view.participants)
        decisions = {d.child_id: d for d in self.view.decisions}
        may_decide = may(self.services.context.role, Permission.DECIDE)
        for child in self.view.children:
            siblings = len(self.view.children) - 1
            box = ChildDecisionBox(child, professionals, self, siblings=siblings)
            box.show_decision(decisions.get(child.id))
            if not may_decide:
                box.set_read_only(self.tr("Only a chair can record recommendations and decisions"))
            box.recommendation_requested.connect(self._recommend)
            box.decision_requested.connect(self._decide)
            box.dissent_requested.connect(self._dissent)
            self._layout.addWidget(box)
            self.decision_boxes.append(box)

    def _box(self, child_id: int) -> ChildDecisionBox:
        return next(b for b in self.decision_boxes if b.child.id == child_id)

    def _recommend(
        self,
        child_id: int,
        agency: str,
        name: str,
        participant_id: int | None,
        outcome: Any,
        category: Any,
        reason: str,
    ) -> None:
        asked = self._box(child_id)
        children = (
            [b.child.id for b in self.decision_boxes]
            if asked.every_child.isChecked()
            else [child_id]
        )
        for child in children:  # one recommendation per child, each saved as it is made
            decision = self._perform(
                lambda child=child: self.services.decisions.record_recommendation(
                    self.view.summary.id,
                    child,
                    agency,
                    outcome,
                    category,
                    reason,
                    name=name,
                    participant_id=participant_id,
                )
            )
            if decision is None:
                return
            self._box(child).show_decision(decision)
            self.record_changed.emit()
        asked.recommendation_recorded()
        asked.every_child.setChecked(False)

    def _decide(
        self,
        child_id: int,
        harm: bool,
        outcome: Any,
        category: Any,
        reasons: str,
        chair_decided: bool,
    ) -> None:
        decision = self._perform(
            lambda: self.services.decisions.decide(
                self.view.summary.id,
                child_id,
                likely_significant_harm=harm,
                outcome=outcome,
                category=category,
                reasons=reasons,
                chair_decided=chair_decided,
            )
        )
        if decision is not None:
            self._box(child_id).show_decision(decision)
            self.record_changed.emit()

    def _dissent(self, decision_id: int) -> None:
        request = DissentDialog.ask(self, professionals_of(self.view.participants))
        if request is None:
            return
        decision = self._perform(
            lambda: self.services.decisions.add_dissent(
                decision_id,
                request.name,
                request.reason,
                agency=request.agency,
                participant_id=request.participant_id,
            )
        )
        if decision is not None:
            self._box(decision.child_id).show_decision(decision)
            self.record_changed.emit()


def family_participants(view: ConferenceView) -> Sequence[Any]:
    return [p for p in view.participants if p.role.is_family and p.person_id is not None]
