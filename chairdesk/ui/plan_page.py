"""The Plan page: the actions built together one at a time, and Part 1 and Part 2 previewed."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import ActionStatus, ConferenceKind
from chairdesk.errors import ChairDeskError
from chairdesk.services.plan_actions import plan_actions
from chairdesk.services.plan_readiness import plan_readiness
from chairdesk.ui.off_thread import freeze_long_lived, wait_off_thread
from chairdesk.ui.services import UiServices
from chairdesk.ui.widgets.action_form import ActionForm
from chairdesk.ui.widgets.action_status_dialog import ActionStatusDialog, StatusDetails
from chairdesk.ui.widgets.actions_delegate import ActionsDelegate
from chairdesk.ui.widgets.actions_model import (
    COLUMNS,
    FIELDS,
    FORM_ONLY,
    ActionsTableModel,
)
from chairdesk.ui.widgets.autosave import SAVED, SAVING, not_saved
from chairdesk.ui.widgets.background import LatestOnly
from chairdesk.ui.widgets.document_view import HtmlFeeder
from chairdesk.ui.widgets.fit_columns import fit_columns
from chairdesk.ui.widgets.plan_preview import PlanPreviews, plan_previews
from chairdesk.ui.widgets.reason_added_dialog import ReasonAddedDialog
from chairdesk.views import ActionView, PlanReadiness

if TYPE_CHECKING:
    from chairdesk.ui.plain_language_panel import PlainLanguagePanel

SHORTCUTS: list[tuple[str, str]] = [
    ("Ctrl+N", "Add an action to the plan"),
    ("Ctrl+Shift+Delete", "Remove the selected action"),
    ("F2", "Edit the selected part of an action"),
    ("Tab", "Move to the next part of the action"),
    ("Ctrl+T", "Go to the actions table"),
    ("Alt+1", "Go to the Part 1 preview"),
    ("Alt+2", "Go to the Part 2 preview"),
]

PREVIEW_DELAY_MS = 400
# On opening, the previews' worker starts once the page has been laid out and drawn: started at
# once, it competed for Python's lock with the table's first layout (hundreds of calls into the
# model), and the window stood still for 200 to 300 ms at 300 actions (bench/bench_plan.py).
OPEN_PREVIEW_DELAY_MS = 150


class PlanPage(QWidget):
    """The plan's actions as a table whose every edit is saved through ActionService."""

    save_state_changed = Signal(str)
    conference_changed = Signal(int)

    def __init__(self, services: UiServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.conference_id: int | None = None
        self.is_review = False
        self.setAccessibleName(self.tr("The plan"))

        self.heading = QLabel(self)
        self.heading.setAccessibleName(self.tr("Conference"))
        self.heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.readiness = QLabel(self)
        self.readiness.setAccessibleName(self.tr("Plan readiness"))
        self.readiness.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #8e1b1b; font-weight: 600;")
        self.problem.hide()
        self.add_button = QPushButton(self.tr("Add action"), self)
        self.add_button.setAccessibleName(self.tr("Add an action"))
        self.add_button.setToolTip(self.tr("Ctrl+N"))
        self.remove_button = QPushButton(self.tr("Remove action"), self)
        self.remove_button.setAccessibleName(self.tr("Remove the selected action"))
        self.model = ActionsTableModel(services.actions, self._ask_status, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.delegate = ActionsDelegate(self.table)
        self.table.setItemDelegate(self.delegate)
        self.table.setAccessibleName(self.tr("The plan's actions"))
        self.table.setWordWrap(True)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(True)
        corner = self.table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:
            corner.setAccessibleName(self.tr("Select every action"))
        for field in FORM_ONLY:  # in the form beside the list
            self.table.setColumnHidden(FIELDS.index(field), True)
        long_texts = tuple(FIELDS.index(f) for f in ("what", "who", "gaps"))
        # Column widths from the rows in view, not from every row (0.2 s at 300 actions).
        self.table.horizontalHeader().setResizeContentsPrecision(0)
        # The long texts' headings read whole at 1366x768 ("Still to fill in" was cut to "till
        # to fill i"): each keeps at least its heading's width while the three share the room.
        fit_columns(
            self.table,
            most={c: 320 for c in range(len(COLUMNS))},
            squeeze=long_texts,
            whole_headings=long_texts,
        )
        self.part_one = QTextBrowser(self)
        self.part_one.setAccessibleName(self.tr("Part 1: background, as professionals see it"))
        self.part_two = QTextBrowser(self)
        self.part_two.setAccessibleName(self.tr("Part 2: actions, as professionals see it"))
        self.save_state = QLabel(self)
        self.save_state.setAccessibleName(self.tr("Save state"))
        self.updating = QLabel(self.tr("Updating the previews…"), self)
        self.updating.setAccessibleName(self.tr("Previews"))
        self.updating.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.readiness, 1)
        buttons.addWidget(self.updating)
        buttons.addWidget(self.save_state)
        # The previews share one tabbed column, so the actions keep room at large text.
        self.previews = QTabWidget(self)
        self.previews.addTab(self.part_one, self.tr("Part 1"))
        self.previews.addTab(self.part_two, self.tr("Part 2"))
        # How a parent will read it: glossary terms, unexplained acronyms, reading ease. The
        # panel (its module and the council's glossary, 15 to 20 ms) is built when the previews
        # first arrive or its tab is opened, not before the page first shows.
        self._plain_language: PlainLanguagePanel | None = None
        self._plain_tab = QWidget(self)
        self._plain_layout = QVBoxLayout(self._plain_tab)
        self._plain_layout.setContentsMargins(0, 0, 0, 0)
        self.previews.addTab(self._plain_tab, self.tr("Plain language"))
        self.previews.currentChanged.connect(self._build_plain_language)
        self.previews.setAccessibleName(self.tr("Part 1 and Part 2 previews"))
        # One action at a time in its form beside the list (the list shows each one's gaps).
        self.form = ActionForm(services.actions.update_action, self)
        self.form_scroll = QScrollArea(self)
        self.form_scroll.setWidget(self.form)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setAccessibleName(self.tr("The selected action"))
        self.form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        actions = QSplitter(Qt.Orientation.Vertical, self)
        actions.addWidget(self.table)
        actions.addWidget(self.form_scroll)
        actions.setSizes([300, 300])  # the list and the form share the height equally
        actions.setAccessibleName(self.tr("The actions and the selected action"))
        upright = QSplitter(Qt.Orientation.Horizontal, self)
        upright.addWidget(actions)
        upright.addWidget(self.previews)
        upright.setStretchFactor(0, 3)
        upright.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        layout.addWidget(upright, 1)
        # The list, then the selected action's parts in the order a chair fills them in.
        chain = [self.add_button, self.remove_button, self.table, self.form.what, self.form.who]
        chain += [self.form.by_when.edit, *list(self.form.parts.values())[1:]]
        for first, second in pairwise([*chain, self.previews]):
            QWidget.setTabOrder(first, second)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_previews)
        # Previews are built on a worker thread and given to the views a piece at a time.
        self._previews = LatestOnly(
            "plan-previews", self._show_previews, self, failed=self._previews_failed
        )
        self._feeders = (HtmlFeeder(self.part_one), HtmlFeeder(self.part_two))
        for feeder in self._feeders:
            feeder.finished.connect(self._fed)
        self.add_button.clicked.connect(self.add_action)
        self.remove_button.clicked.connect(self.remove_selected)
        self.model.save_state_changed.connect(self.save_state_changed)
        self.model.error_occurred.connect(self._show_problem)
        self.model.actions_changed.connect(self._actions_changed)
        self.table.selectionModel().currentRowChanged.connect(self._show_selected)
        self.form.action_saved.connect(self.model.replace)
        self.form.save_state_changed.connect(self.save_state_changed)
        self.form.problem.connect(self._show_problem)
        self.save_state_changed.connect(self.save_state.setText)
        for key, handler in (
            ("Ctrl+N", self.add_action),
            ("Ctrl+Shift+Delete", self.remove_selected),
            ("Ctrl+T", self.table.setFocus),
            ("Alt+1", lambda: self._show_preview(self.part_one)),
            ("Alt+2", lambda: self._show_preview(self.part_two)),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(handler)

    @property
    def plain_language(self) -> PlainLanguagePanel:
        """How a parent will read the plan (built the first time it is asked for)."""
        if self._plain_language is None:
            from chairdesk.ui.plain_language_panel import PlainLanguagePanel

            panel = PlainLanguagePanel(self.services, self._plain_tab)
            panel.setAccessibleName(self.tr("Plain language of the parents' copy"))
            self._plain_layout.addWidget(panel)
            panel.show()  # its tab may be on screen already
            self._plain_language = panel
        return self._plain_language

    def _build_plain_language(self, tab: int) -> None:
        if self.previews.widget(tab) is self._plain_tab:
            self.plain_language.ensurePolished()

    def load_conference(self, conference_id: int) -> None:
        self.flush_pending_saves()
        self.conference_id = conference_id
        # What the page shows is read on a worker while the event loop turns (the chair's keys
        # and clicks wait): 20 to 30 ms at 300 actions that held the window at every open.
        summary_of, who_choices = (
            self.services.conferences.summary,
            self.services.actions.who_choices,
        )
        context = self.services.context

        def read() -> tuple[Any, Any, tuple[ActionView, ...], PlanReadiness]:
            return (
                summary_of(conference_id),
                who_choices(conference_id),
                plan_actions(context, conference_id),
                plan_readiness(context, conference_id),
            )

        summary, choices, actions, readiness = wait_off_thread(read, "plan-read")
        if self.conference_id != conference_id:
            return  # another conference was loaded meanwhile
        self.is_review = summary.kind == ConferenceKind.REVIEW
        self.heading.setText(
            self.tr("The plan for the %1 family (%2)")
            .replace("%1", summary.family_name)
            .replace("%2", summary.case_reference)
        )
        self.delegate.opens_at = summary.scheduled_at.date()
        self.form.show_action(None)
        self.form.set_choices(choices, summary.scheduled_at.date())
        self.model.set_actions(actions)
        if self.model.rowCount():  # the first action in its form, ready to read or change
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._show_readiness(readiness)
        self.updating.setText(self.tr("Updating the previews…"))
        self.updating.show()
        self._preview_timer.start(OPEN_PREVIEW_DELAY_MS)

    def add_action(self) -> None:
        """A new, empty action at the end; at a review it asks why it is added (DOMAIN.md §6)."""
        if self.conference_id is None:
            return
        self.flush_pending_saves()
        reason = ""
        if self.is_review:
            asked = ReasonAddedDialog.ask(self)
            if asked is None:
                return
            reason = asked
        self.save_state_changed.emit(SAVING)
        try:
            action = self.services.actions.add_action(self.conference_id, reason_added=reason)
        except ChairDeskError as error:
            self.save_state_changed.emit(not_saved(str(error)))
            self._show_problem(str(error))
            return
        self.save_state_changed.emit(SAVED)
        self._show_problem("")
        self.model.append(action)
        index = self.model.index(self.model.rowCount() - 1, 0)
        self.table.setFocus()
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.table.scrollTo(index)
        self.form.what.setFocus()  # the new action's form, starting with what needs to happen

    def remove_selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        action = self.model.action(index.row())
        self.form.show_action(None)  # what was typed in its form is saved first
        self.save_state_changed.emit(SAVING)
        try:
            self.services.actions.remove_action(action.id)
        except ChairDeskError as error:
            self.save_state_changed.emit(not_saved(str(error)))
            self._show_problem(str(error))
            return
        self.save_state_changed.emit(SAVED)
        self.model.remove_row(index.row())
        self._show_selected(self.table.currentIndex(), QModelIndex())

    def flush_pending_saves(self) -> None:
        """Commit an edit still open in the table or form (closing the window, changing page)."""
        self.delegate.commit_open_editor()
        self.form.flush()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush_pending_saves()
        super().closeEvent(event)

    @property
    def settled(self) -> bool:
        """The previews show the plan as it is now (nothing being built or drawn)."""
        return (
            self._previews.settled
            and not self._preview_timer.isActive()
            and all(f.settled for f in self._feeders)
        )

    def refresh_previews(self) -> None:
        """Part 1 and Part 2 as the issued plan has them: the export's own document model
        (export/build_plan.py), drawn as the Issue page draws it, so what the chair sees here
        is what is issued. Built on a worker thread; "Updating the previews…" meanwhile."""
        if self.conference_id is None:
            return
        self._preview_timer.stop()
        sharing, conference_id = self.services.sharing, self.conference_id
        titles = (self.tr("Part 1, background"), self.tr("Part 2, actions"))
        self.updating.setText(self.tr("Updating the previews…"))
        self.updating.show()
        self._previews.request(lambda: plan_previews(sharing, conference_id, titles))

    def _show_previews(self, previews: PlanPreviews) -> None:
        freeze_long_lived("export libraries")  # the worker has just loaded them
        for feeder, pieces in zip(
            self._feeders, (previews.part_one, previews.part_two), strict=True
        ):
            feeder.feed(pieces)
        # Reading ease and terms of what a parent's copy holds (the first parent's view).
        self.plain_language.request_sections(previews.parents_sections)

    def _previews_failed(self, _error: BaseException) -> None:
        self.updating.setText(
            self.tr("The previews could not be made; they are tried again after the next change.")
        )

    def _fed(self) -> None:
        if self.settled:
            self.updating.hide()

    def _actions_changed(self) -> None:
        self._show_problem("")
        self._show_readiness()
        self._preview_timer.start(PREVIEW_DELAY_MS)
        if self.conference_id is not None:
            self.conference_changed.emit(self.conference_id)

    def _show_readiness(self, readiness: PlanReadiness | None = None) -> None:
        if self.conference_id is None:
            return
        if readiness is None:
            readiness = plan_readiness(self.services.context, self.conference_id)
        count = (
            self.tr("%1 family actions (the council's limit is %2).")
            .replace("%1", str(readiness.family_action_count))
            .replace("%2", str(readiness.limit))
        )
        if readiness.over_limit:
            text = self.tr(
                "Too many actions for the family: %1 Parents asked for fewer, realistic actions."
            ).replace("%1", count)
            self.readiness.setStyleSheet("color: #8e1b1b; font-weight: 600;")
        elif readiness.problems:
            text = (
                count
                + " "
                + self.tr("Still to fill in: %1").replace("%1", "; ".join(readiness.problems))
            )
            self.readiness.setStyleSheet("color: #7a4a00;")
        else:
            text = count + " " + self.tr("Ready to issue.")
            self.readiness.setStyleSheet("color: #1b5e20;")
        self.readiness.setText(text)

    def _show_preview(self, browser: QWidget) -> None:
        self.previews.setCurrentWidget(browser)
        browser.setFocus()

    def _show_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.form.show_action(self.model.action(current.row()) if current.isValid() else None)

    def _ask_status(self, status: ActionStatus) -> StatusDetails | None:
        return ActionStatusDialog.ask(self, status, self.services.context.today())

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
