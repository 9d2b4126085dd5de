"""The Review page: start a review, go through the carried actions, risk over time, de-planning."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import ActionStatus, ConferenceKind, ConferenceStatus
from chairdesk.errors import ChairDeskError
from chairdesk.ui.risk_chart import RiskChart, describe
from chairdesk.ui.style import tone
from chairdesk.ui.widgets.action_card import ActionCard, day
from chairdesk.ui.widgets.action_status_dialog import ActionStatusDialog
from chairdesk.ui.widgets.autosave import SAVED, SAVING, not_saved
from chairdesk.ui.widgets.core_group_dialog import CoreGroupDialog
from chairdesk.ui.widgets.deplanning_banner import DeplanningBanner
from chairdesk.ui.widgets.start_review_dialog import StartReviewDialog
from chairdesk.views import ConferenceSummary, CoreGroupView, DeplanningView

if TYPE_CHECKING:
    from chairdesk.ui.services import UiServices

_FINISHED = (ConferenceStatus.CONCLUDED, ConferenceStatus.ISSUED)


class ReviewPage(QWidget):
    """The last plan's actions gone through with the family, and whether the plan can end."""

    save_state_changed = Signal(str)
    conference_changed = Signal(int)
    conference_requested = Signal(int)  # "open this conference": the window routes it

    def __init__(self, services: UiServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.conference_id: int | None = None
        self.summary: ConferenceSummary | None = None
        self.next_review: ConferenceSummary | None = None
        self.cards: dict[int, ActionCard] = {}
        self.deplanning_view: DeplanningView | None = None
        self.setAccessibleName(self.tr("Review"))
        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        page = QVBoxLayout(content)

        self.heading = self._label(self.tr("Conference"), "font-size: 16pt; font-weight: 600;")
        self.message = self._label(self.tr("Message"), "color: #8e1b1b; font-weight: 600;")
        self.feedback_button = self._button(
            self.tr("Parents' feedback form…"), self.tr("Open the parents' feedback form")
        )
        self.feedback_button.clicked.connect(self.ask_feedback)
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(self.feedback_button, 0, Qt.AlignmentFlag.AlignTop)
        page.addLayout(header)
        page.addWidget(self.message)

        self.start_box = QGroupBox(self.tr("The next review"), content)
        start = QVBoxLayout(self.start_box)
        self.start_text = self._label(self.tr("About the next review"))
        self.start_button = self._button(self.tr("Start the review…"), self.tr("Start the review"))
        self.start_button.clicked.connect(self.start_review)
        self.open_button = self._button(self.tr("Open the review"), self.tr("Open the review"))
        self.open_button.clicked.connect(self._open_next_review)
        row = QHBoxLayout()
        for widget in (self.start_button, self.open_button):
            row.addWidget(widget)
        row.addStretch(1)
        start.addWidget(self.start_text)
        start.addLayout(row)
        page.addWidget(self.start_box)

        self.banner = DeplanningBanner(content)
        self.banner.bring_forward_requested.connect(self.bring_review_forward)
        self.banner_text = self.banner.heading
        self.bring_forward_button = self.banner.bring_forward_button
        page.addWidget(self.banner)

        columns = QHBoxLayout()
        page.addLayout(columns, 1)
        self.actions_box = QGroupBox(self.tr("Actions carried from the last plan"), content)
        self.actions_layout = QVBoxLayout(self.actions_box)
        self.actions_intro = self._label(self.tr("How to go through the actions"))
        self.not_yet = self._label(self.tr("What ending the plan still needs"))
        columns.addWidget(self.actions_box, 3)
        side = QVBoxLayout()
        columns.addLayout(side, 2)
        self.risk_box = QGroupBox(self.tr("Level of risk over time"), content)
        risk = QVBoxLayout(self.risk_box)
        self.risk_chart = RiskChart(self.risk_box)
        self.risk_words = self._label(self.tr("Level of risk in words"))
        risk.addWidget(self.risk_chart)
        risk.addWidget(self.risk_words)
        side.addWidget(self.risk_box)
        self.core_box = QGroupBox(self.tr("Core group meetings"), content)
        core = QVBoxLayout(self.core_box)
        self.core_list = QTextBrowser(self.core_box)
        self.core_list.setAccessibleName(self.tr("Core group meetings"))
        self.core_list.setMinimumHeight(220)
        self.core_button = self._button(
            self.tr("Record a core group…"), self.tr("Record a core group meeting")
        )
        self.core_button.clicked.connect(self.record_core_group)
        core.addWidget(self.core_list)
        core.addWidget(self.core_button, 0, Qt.AlignmentFlag.AlignLeft)
        side.addWidget(self.core_box, 1)

    def _label(self, name: str, style: str = "", parent: QWidget | None = None) -> QLabel:
        label = QLabel(parent or self)
        label.setWordWrap(True)
        label.setAccessibleName(name)
        if style:
            label.setStyleSheet(style)
        return label

    def _button(self, text: str, name: str, parent: QWidget | None = None) -> QPushButton:
        button = QPushButton(text, parent or self)
        button.setAccessibleName(name)
        return button

    # Loading ------------------------------------------------------------------------------

    def load_conference(self, conference_id: int) -> None:
        self.conference_id = conference_id
        self.refresh()

    @property
    def is_review(self) -> bool:
        return self.summary is not None and self.summary.kind == ConferenceKind.REVIEW

    @property
    def plan_conference_id(self) -> int | None:
        """Whose plan core groups check now: a review not yet held checks the plan before it."""
        summary = self.summary
        if summary is None:
            return None
        if summary.status == ConferenceStatus.PLANNED and summary.previous_id is not None:
            return summary.previous_id
        return summary.id

    def refresh(self) -> None:
        conference_id = self.conference_id
        if conference_id is None:  # no conference opened yet: nothing to show
            return
        self.message.clear()
        self.message.hide()
        summary = self.services.conferences.summary(conference_id)
        self.summary = summary
        self.next_review = next(
            (
                c
                for c in self.services.conferences.list_conferences()
                if c.previous_id == summary.id
            ),
            None,
        )
        view = self.services.sharing.view(conference_id)
        kind = "Review" if self.is_review else summary.kind.label
        self.heading.setText(
            self.tr("{0}: {1} on {2} ({3})").format(
                kind,
                summary.family_name,
                day(summary.scheduled_at.date()),
                summary.status.value.replace("_", " "),
            )
        )
        self.review_on = view.review_on
        self._show_start_section()
        self.risk_chart.set_points(view.risk_history)
        self.risk_words.setText(describe(view.risk_history))
        working = self.next_review is None and (self.is_review or summary.status in _FINISHED)
        self.actions_box.setVisible(working)
        self.core_box.setVisible(working)
        self.feedback_button.setVisible(summary.status in _FINISHED)
        if working:
            self.actions_box.setTitle(
                self.tr("Actions carried from the last plan")
                if self.is_review
                else self.tr("The plan's actions")
            )
            self._show_actions(conference_id)
            self._show_core_groups(conference_id)
        self._show_deplanning(conference_id, working)

    def _show_start_section(self) -> None:
        summary = self.summary
        assert summary is not None
        finished = summary.status in _FINISHED
        self.start_button.setVisible(finished and self.next_review is None)
        self.open_button.setVisible(self.next_review is not None)
        if self.next_review is not None:
            text = self.tr("A review has been started from this conference, for {0}.").format(
                day(self.next_review.scheduled_at.date())
            )
        elif finished:
            text = self.tr(
                "Start the review when you are ready to prepare it: the family, the people "
                "invited, the danger statements and every action come with it."
            )
        else:
            text = self.tr("The review starts from this conference once it has concluded.")
        self.start_text.setText(text)
        self.start_box.setVisible(not self.is_review or finished)

    def _show_actions(self, conference_id: int) -> None:
        while self.actions_layout.count():
            item = self.actions_layout.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None and old not in (self.actions_intro, self.not_yet):
                old.hide()  # at once: deleteLater waits for the event loop
                old.deleteLater()
        self.cards.clear()
        actions = self.services.actions.actions(conference_id)
        carried = [a for a in actions if a.carried_from_id is not None]
        added = [a for a in actions if a.carried_from_id is None]
        self.actions_intro.setText(
            self.tr(
                "Go through each action with the family. Achieved actions stay on the list, "
                "ticked, so progress is seen."
            )
            if actions
            else self.tr("The plan has no actions.")
        )
        self.actions_layout.addWidget(self.actions_intro)
        self.actions_layout.addWidget(self.not_yet)
        for group, title in ((carried, ""), (added, self.tr("Added at this review"))):
            if self.is_review and title and group:
                self.actions_layout.addWidget(self._label(title, "font-weight: 600;"))
            for action in group:
                card = ActionCard(action, self.actions_box)
                card.status_requested.connect(self.mark_action)
                self.cards[action.id] = card
                self.actions_layout.addWidget(card)
        self.actions_layout.addStretch(1)

    def _show_core_groups(self, conference_id: int) -> None:
        numbers = {a.id: a.position for a in self.services.actions.actions(conference_id)}
        meetings: tuple[CoreGroupView, ...] = self.services.reviews.core_groups(conference_id)
        parts = []
        for meeting in meetings:
            updates = "".join(
                f"<li>Action {numbers.get(u.action_id, '?')}: {html.escape(u.text)}</li>"
                for u in meeting.updates
            )
            parts.append(
                f"<h4>{day(meeting.held_on)}</h4><p><b>Who came:</b> "
                f"{html.escape(meeting.attendees)}</p>"
                + (f"<p>{html.escape(meeting.notes)}</p>" if meeting.notes else "")
                + (f"<ul>{updates}</ul>" if updates else "")
            )
        self.core_list.setHtml(
            "".join(parts) or f"<p>{self.tr('No core group meeting has been recorded yet.')}</p>"
        )

    def _show_deplanning(self, conference_id: int, working: bool) -> None:
        view = self.services.reviews.deplanning(conference_id) if working else None
        self.deplanning_view = view
        ready = view is not None and view.ready
        self.banner.setVisible(ready)
        self.not_yet.setVisible(view is not None and not view.ready)
        if view is None:
            return
        if not view.ready:
            self.not_yet.setText(
                self.tr("Ending the plan: not yet. {0}").format(" ".join(view.reasons))
            )
            return
        self.banner.show_view(view)

    # What the chair does ------------------------------------------------------------------

    def _saving(self, change: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run one service call, saying plainly when it is refused; None when it was."""
        self.save_state_changed.emit(SAVING)
        try:
            result = change(*args, **kwargs)
        except ChairDeskError as error:
            self.message.setStyleSheet(f"color: {tone('warning')}; font-weight: 600;")
            self.message.setText(str(error))
            self.message.show()
            self.save_state_changed.emit(not_saved(str(error)))
            return None
        self.message.hide()
        self.save_state_changed.emit(SAVED)
        return result if result is not None else True

    def mark_action(self, action_id: int, status: ActionStatus) -> None:
        conference_id = self.conference_id
        if conference_id is None:  # the cards belong to an open conference; none is open
            return
        today = self.services.context.today()
        details = ActionStatusDialog.ask(self, status, today)
        if details is None:
            return
        updated = self._saving(
            self.services.actions.set_status,
            action_id,
            status,
            reason=details.reason,
            achieved_on=details.achieved_on,
            confirmed_by=details.confirmed_by,
        )
        if updated is None:
            return
        self.cards[action_id].show_action(updated)
        self._show_deplanning(conference_id, True)
        self.conference_changed.emit(conference_id)

    def start_review(self) -> None:
        summary = self.summary
        assert summary is not None
        held = summary.scheduled_at
        suggested_day = self.review_on or (held + timedelta(weeks=13)).date()
        suggested = datetime.combine(max(suggested_day, self.services.context.today()), time(10))
        when = StartReviewDialog.ask(self, held + timedelta(minutes=1), suggested)
        if when is None:
            return
        review = self._saving(self.services.reviews.start_review, summary.id, when)
        if review is None:
            return
        self.refresh()
        self.conference_changed.emit(review.id)

    def _open_next_review(self) -> None:
        if self.next_review is not None:
            self.conference_requested.emit(self.next_review.id)

    def record_core_group(self) -> None:
        summary = self.summary
        plan_id = self.plan_conference_id
        if summary is None or plan_id is None:
            return
        actions = self.services.actions.actions(summary.id)
        plan_start = self.services.conferences.summary(plan_id).scheduled_at.date()
        answer = CoreGroupDialog.ask(self, actions, plan_start, self.services.context.today())
        if answer is None:
            return
        # A review not yet held: the note goes on the plan in force, and write_note copies it on.
        ids = {a.id: (a.carried_from_id if plan_id != summary.id else a.id) for a in actions}
        updates = {ids[k]: text for k, text in answer.updates.items() if ids.get(k)}
        done = self._saving(
            self.services.reviews.record_core_group,
            plan_id,
            answer.held_on,
            answer.attendees,
            answer.notes,
            updates,
        )
        if done is not None:
            self.refresh()
            self.conference_changed.emit(summary.id)

    def bring_review_forward(self) -> None:
        """Move the review to the suggested date: this review if it is still to come, else the
        date of the next review recorded on this conference."""
        view, summary = self.deplanning_view, self.summary
        if view is None or summary is None or view.suggested_review_on is None:
            return
        target = view.suggested_review_on
        prepare = self.services.prepare
        if summary.status == ConferenceStatus.PLANNED and summary.previous_id is not None:
            moved = datetime.combine(target, summary.scheduled_at.time())
            done = self._saving(prepare.update_details, summary.id, scheduled_at=moved)
        else:
            done = self._saving(prepare.update_details, summary.id, review_on=target)
        if done is not None:
            self.refresh()
            self.message.setText(self.tr("The review is now on {0}.").format(day(target)))
            self.message.setStyleSheet(f"color: {tone('good')}; font-weight: 600;")
            self.message.show()
            self.conference_changed.emit(summary.id)

    def ask_feedback(self) -> None:
        from chairdesk.ui.feedback_dialog import FeedbackDialog

        if self.conference_id is not None:
            FeedbackDialog.ask(self, self.services, self.conference_id)
