"""The decision item on the Run page: one box per child, and what the chair asks of each.

Recommendations, the decision and any dissent are each one service call, made as the chair
asks; the box then shows what was stored. Built by ItemContent (item_content.py).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from chairdesk.services.permissions import Permission, may
from chairdesk.ui.widgets.decision_panel import ChildDecisionBox, professionals_of
from chairdesk.ui.widgets.dissent_dialog import DissentDialog

if TYPE_CHECKING:
    from chairdesk.ui.widgets.item_content import ItemContent


class ChildDecisions:
    """The boxes (kept in the content's `decision_boxes`) and their requests."""

    def __init__(self, content: ItemContent) -> None:
        self.content = content
        self.boxes = content.decision_boxes
        professionals = professionals_of(self.content.view.participants)
        decisions = {d.child_id: d for d in self.content.view.decisions}
        may_decide = may(self.content.services.context.role, Permission.DECIDE)
        for child in self.content.view.children:
            siblings = len(self.content.view.children) - 1
            box = ChildDecisionBox(child, professionals, self.content, siblings=siblings)
            box.show_decision(decisions.get(child.id))
            if not may_decide:
                box.set_read_only(
                    self.content.tr("Only a chair can record recommendations and decisions")
                )
            box.recommendation_requested.connect(self._recommend)
            box.decision_requested.connect(self._decide)
            box.dissent_requested.connect(self._dissent)
            self.content._layout.addWidget(box)
            self.boxes.append(box)

    def _box(self, child_id: int) -> ChildDecisionBox:
        return next(b for b in self.boxes if b.child.id == child_id)

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
        children = [b.child.id for b in self.boxes] if asked.every_child.isChecked() else [child_id]
        for child in children:  # one recommendation per child, each saved as it is made
            decision = self.content._perform(
                partial(
                    self.content.services.decisions.record_recommendation,
                    self.content.view.summary.id,
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
            self.content.record_changed.emit()
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
        decision = self.content._perform(
            lambda: self.content.services.decisions.decide(
                self.content.view.summary.id,
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
            self.content.record_changed.emit()

    def _dissent(self, decision_id: int) -> None:
        request = DissentDialog.ask(self.content, professionals_of(self.content.view.participants))
        if request is None:
            return
        decision = self.content._perform(
            lambda: self.content.services.decisions.add_dissent(
                decision_id,
                request.name,
                request.reason,
                agency=request.agency,
                participant_id=request.participant_id,
            )
        )
        if decision is not None:
            self._box(decision.child_id).show_decision(decision)
            self.content.record_changed.emit()
