"""Home: conferences today and upcoming, what is due, plans that could end, search, and new."""

from __future__ import annotations

import itertools
import math
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chairdesk.errors import ChairDeskError
from chairdesk.ui.home_due import DUE_PAGE, PlanEndingTableModel, PlansFinder, due_page
from chairdesk.ui.models import ConferenceTableModel, DueItemTableModel, day_text
from chairdesk.ui.style import tone


class _HomeTable(QTableView):
    """A table of Home: its columns are measured as QTableView measures them, asking the
    delegate only about each column's widest text."""

    def sizeHintForColumn(self, column: int) -> int:
        """QTableView's own answer while the table is hidden (the widest of the first
        `resizeContentsPrecision()` rows), from the delegate's size of the widest texts alone.

        Qt asks the model for eight roles of every cell it measures, one Python call each:
        40 rows of every column, about 3,000 calls before Home's first paint at 2,000 families.
        Home's cells are plain text in the table's font. The delegate's width is the text's
        laid-out width rounded up, plus margins; the laid-out width and the font's advance
        differ by a small fraction of a pixel, so only a text whose advance is within a pixel
        of the widest's rounded-up advance can be the widest cell: the delegate is asked about
        those alone. Shown, a table scrolled part way measures the rows in view first: Qt's own
        way then.
        """
        model = self.model()
        precision = self.horizontalHeader().resizeContentsPrecision()
        text_of = getattr(model, "cell_text", None)
        if self.isVisible() or text_of is None or precision <= 0 or column < 0:
            return super().sizeHintForColumn(column)
        rows = min(model.rowCount(), precision)
        if rows == 0 or self.verticalHeader().hiddenSectionCount():
            return super().sizeHintForColumn(column)
        from PySide6.QtGui import QFontMetricsF
        from PySide6.QtWidgets import QStyleOptionViewItem

        metrics = QFontMetricsF(self.font())
        widest: dict[str, tuple[float, int]] = {}
        for row in range(rows):
            text = text_of(row, column)
            if text not in widest:
                widest[text] = (metrics.horizontalAdvance(text), row)
        most = math.ceil(max(width for width, _ in widest.values()))
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        hint = 0
        for width, row in widest.values():
            if width > most - 1:
                index = model.index(row, column)
                hint = max(hint, self.itemDelegateForIndex(index).sizeHint(option, index).width())
        return hint + 1 if self.showGrid() else hint


def _table(name: str) -> QTableView:
    table = _HomeTable()
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table: the page stays keyboard-friendly
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    # Columns fit the first rows, not every row of a long list (each is measured), once each
    # time the rows change (see HomePage._fit_rows); after a text size change, until painted.
    table.setProperty("measuring", False)
    table.horizontalHeader().setResizeContentsPrecision(40)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _heading(text: str) -> QLabel:
    # Rich text headings grow with the application font when the chair scales the text.
    label = QLabel(_heading_html(text))
    label.setAccessibleName(text)
    return label


def _heading_html(text: str) -> str:
    # As html.escape, without importing its entity tables on Home's start-up path.
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<h3>{escaped}</h3>"


def _writes(database: Any) -> int | None:
    """The commits made in this session to a file only this copy has open; None for a server
    (colleagues commit there too, so Home reads its lists afresh each time)."""
    if not getattr(database, "is_sqlite", False):
        return None
    writes = getattr(database, "writes", None)
    return writes if isinstance(writes, int) else None


class HomePage(QWidget):
    """The first page. Emits conference_requested when the chair opens or creates a conference."""

    conference_requested = Signal(int)
    review_brought_forward = Signal(int)  # the conference whose review date moved

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.today: date | None = None
        #: The plans ready to end need the ORM, so the main window turns them on once it has
        #: loaded (after Home's first paint).
        self.show_plans = True
        self._plans_for: tuple[date, int | None] | None = None  # the day and writes last shown
        self._lists_for: tuple[Any, ...] | None = None  # what the lists were last read for
        self.plans_finder = PlansFinder(services, self._show_plans, self)
        # After the lists are read again, the plans follow a moment later: the worker's start
        # (and its share of the interpreter) does not fall on Home's paint.
        self._plans_timer = QTimer(self)
        self._plans_timer.setSingleShot(True)
        self._plans_timer.setInterval(150)
        self._plans_timer.timeout.connect(self.refresh_plans)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)

        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Search by family name, child's name or case reference")
        )
        self.search.setAccessibleName(self.tr("Search conferences"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self._open_from_search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.new_button = QPushButton(self.tr("New conference…"))
        self.new_button.setAccessibleName(self.tr("New conference"))
        self.new_button.setToolTip(self.tr("A first conference for a new family (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_conference)
        #: Ctrl+N, made by `add_shortcuts` once Home has been painted (QShortcut and
        #: QKeySequence are not wanted before the first paint).
        self.new_shortcut: Any = None
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.search, 1)
        layout.addLayout(top)

        self.conference_heading = _heading(self.tr("Today and upcoming"))
        layout.addWidget(self.conference_heading)
        self.conference_model = ConferenceTableModel(self)
        self.conference_table = _table(self.tr("Conferences"))
        self.conference_table.setModel(self.conference_model)
        self.conference_table.activated.connect(self._open_conference)
        layout.addWidget(self.conference_table, 3)
        self.empty_note = QLabel()
        self.empty_note.setAccessibleName(self.tr("No conferences"))
        self.empty_note.hide()
        layout.addWidget(self.empty_note)

        self.plans_heading = _heading(self.tr("Plans ready to be considered for ending"))
        layout.addWidget(self.plans_heading)
        self.plans_model = PlanEndingTableModel(self)
        self.plans_table = _table(self.tr("Plans ready to be considered for ending"))
        self.plans_table.setModel(self.plans_model)
        self.plans_table.activated.connect(self._open_plan)
        self.plans_table.selectionModel().currentRowChanged.connect(self._plan_chosen)
        layout.addWidget(self.plans_table, 1)
        self.bring_forward_button = QPushButton(self.tr("Bring the review forward…"))
        self.bring_forward_button.setAccessibleName(self.tr("Bring the review forward"))
        self.bring_forward_button.clicked.connect(self.bring_review_forward)
        self.plans_message = QLabel()
        self.plans_message.setWordWrap(True)
        self.plans_message.setAccessibleName(self.tr("About the review date"))
        plans_row = QHBoxLayout()
        plans_row.addWidget(self.bring_forward_button)
        plans_row.addWidget(self.plans_message, 1)
        plans_row.addStretch(0)
        layout.addLayout(plans_row)
        self._plan_widgets = (
            self.plans_heading,
            self.plans_table,
            self.bring_forward_button,
        )
        for widget in self._plan_widgets:
            widget.hide()
        self.plans_message.hide()

        self.due_heading = _heading(self.tr("Due or overdue"))
        layout.addWidget(self.due_heading)
        #: How many due items the board shows; "Show more" adds a page at a time.
        self.due_shown = DUE_PAGE
        self.due_total = 0
        self.due_model = DueItemTableModel(self)
        self.due_table = _table(self.tr("Due or overdue"))
        self.due_table.setModel(self.due_model)
        self.due_table.activated.connect(self._open_due)
        layout.addWidget(self.due_table, 2)
        self.due_note = QLabel(self.tr("Nothing is due or overdue."))
        self.due_note.setAccessibleName(self.tr("Nothing due"))
        self.due_note.hide()
        layout.addWidget(self.due_note)
        self.due_more_button = QPushButton()
        self.due_more_button.setAccessibleName(self.tr("Show more of what is due"))
        self.due_more_button.clicked.connect(self.show_more_due)
        self.due_more_button.hide()
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_more_button)
        due_row.addStretch(1)
        layout.addLayout(due_row)
        chain = (
            self.new_button,
            self.search,
            self.conference_table,
            self.plans_table,
            self.bring_forward_button,
            self.due_table,
            self.due_more_button,
        )
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        # Each table measures its columns when its rows change (or the text size does), then
        # keeps those widths: measuring 40 rows each time Home is shown cost 10 to 15 ms.
        self._tables = (self.conference_table, self.plans_table, self.due_table)
        for table in self._tables:
            table.model().modelReset.connect(lambda table=table: self._fit_rows(table))

    def add_shortcuts(self) -> None:
        """Ctrl+N for a new conference, only while Home is the page shown (a hidden widget's
        shortcut does not fire). The main window calls this just after Home's first paint."""
        if self.new_shortcut is None:
            from PySide6.QtGui import QKeySequence, QShortcut

            self.new_shortcut = QShortcut(QKeySequence("Ctrl+N"), self, self.new_conference)

    def _fit_rows(self, table: QTableView) -> None:
        """The rows changed: fit the columns to them once, now. (Left in ResizeToContents, Qt
        measured 40 rows of every column again on each layout pass before the first paint,
        four or five times at 2,000 families.)"""
        if table.property("measuring"):
            return  # a text size change is still being measured; that fits the new rows too
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSections()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def _measure(self, table: QTableView) -> None:
        """Fit the columns to the rows again the next time the table is laid out."""
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setProperty("measuring", True)
        if not table.property("watched"):
            # Watched for its paint from the first text size change only: the first call to
            # viewport() costs several milliseconds (PySide6 wraps it), not wanted before Home.
            table.viewport().installEventFilter(self)
            table.setProperty("watched", True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            table = watched.parent()
            if isinstance(table, QTableView) and table.property("measuring"):
                # Painted: the widths fit the rows. Keep them until the rows change.
                table.setProperty("measuring", False)
                QTimer.singleShot(0, lambda: self._keep_widths(table))
        return False

    def _keep_widths(self, table: QTableView) -> None:
        if not table.property("measuring"):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the chair made the text larger or smaller
            for table in self._tables:
                self._measure(table)

    def refresh(self, today: date | None = None) -> None:
        """Reload the lists (after a conference changed, or when the page is shown).

        Nothing is read again when nothing was committed since the lists were read for the
        same day and search (`Database.writes`): going back to Home then costs a paint.
        """
        self.today = today or self.services.context.today()
        writes = _writes(self.services.context.database)
        shown_for = (self.today, writes, self.search.text().strip(), self.due_shown)
        if writes is not None and shown_for == self._lists_for:
            return
        self.run_search()
        self.refresh_due()
        self._lists_for = shown_for

    def refresh_due(self) -> None:
        """The first items due or overdue (as many as the chair has asked to see), sorted."""
        page = due_page(self.services, self.today or self.services.context.today(), self.due_shown)
        self.due_total = page.total
        if page.items != self.due_model.rows():
            # Unchanged rows are left as they are: a reset measures every column again.
            self.due_model.set_rows(page.items)
        shown = len(page.items)
        if page.more:
            heading = self.tr("Due or overdue: the first {0:,} of {1:,}").format(shown, page.total)
            self.due_more_button.setText(self.tr("Show {0} more").format(min(DUE_PAGE, page.more)))
        else:
            heading = self.tr("Due or overdue")
        self.due_heading.setText(_heading_html(heading))
        self.due_heading.setAccessibleName(heading)
        self.due_more_button.setVisible(page.more > 0)
        self.due_note.setText(self.tr("Nothing is due or overdue."))
        self.due_note.setVisible(shown == 0)
        self.due_table.setVisible(shown > 0)
        if self.show_plans:
            self._plans_timer.start()

    def show_more_due(self) -> None:
        """The next page of what is due, under the items already shown."""
        row = self.due_model.rowCount()
        self.due_shown += DUE_PAGE
        self.refresh_due()
        if self.due_model.rowCount() > row:
            self.due_table.scrollTo(
                self.due_model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop
            )
            self.due_table.selectRow(row)

    def refresh_plans(self) -> None:
        """Show the plans ready to be considered for ending; the section hides when none are.

        Worked out again only when something was committed since, or the day changed, and then
        on a worker thread (home_due.PlansFinder): it reads every family's latest conference,
        which grows with the years of conferences held.
        """
        self._plans_timer.stop()
        today = self.today or self.services.context.today()
        writes = _writes(self.services.context.database)
        if writes is not None and (today, writes) == self._plans_for:
            return
        self._plans_for = (today, writes)
        self.plans_finder.request(today)  # shown by _show_plans, off the GUI thread

    @property
    def plans_settled(self) -> bool:
        """The plans shown are for the newest request (none is waiting or being worked out)."""
        return not self._plans_timer.isActive() and self.plans_finder.settled

    def _show_plans(self, plans: tuple[Any, ...]) -> None:
        self.plans_model.set_rows(plans)
        for widget in self._plan_widgets:
            widget.setVisible(bool(plans))
        if plans:
            # Tall enough for every row up to four, so a short list needs no scrolling.
            rows = min(len(plans), 4)
            header = self.plans_table.horizontalHeader().sizeHint().height()
            height = header + rows * self.plans_table.verticalHeader().defaultSectionSize() + 4
            self.plans_table.setMaximumHeight(height)
            self.plans_table.selectRow(0)
        self._plan_chosen()

    def _chosen_plan(self) -> Any:
        index = self.plans_table.currentIndex()
        if not index.isValid() or self.plans_model.rowCount() == 0:
            return None
        return self.plans_model.item(index.row())

    def _plan_chosen(self, *_: Any) -> None:
        plan = self._chosen_plan()
        self.bring_forward_button.setEnabled(plan is not None and plan.bring_forward_to is not None)
        if plan is not None and plan.bring_forward_to is not None:
            self.bring_forward_button.setText(
                self.tr("Bring the review forward to {0}…").format(day_text(plan.bring_forward_to))
            )
        else:
            self.bring_forward_button.setText(self.tr("Bring the review forward…"))

    def bring_review_forward(self) -> None:
        """After the chair confirms, move the chosen plan's review to the date offered."""
        plan = self._chosen_plan()
        if plan is None or plan.bring_forward_to is None:
            return
        from PySide6.QtWidgets import QMessageBox  # (its enums are not wanted before Home)

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Bring the review forward"))
        box.setAccessibleName(self.tr("Bring the review forward"))
        box.setText(
            self.tr("Bring the {0} family's review ({1}) forward from {2} to {3}?").format(
                plan.family_name,
                plan.case_reference,
                day_text(plan.review_on, "the date due"),
                day_text(plan.bring_forward_to),
            )
        )
        box.setInformativeText(" ".join(plan.reasons))
        move = box.addButton(self.tr("Bring it forward"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Keep the date"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        if box.clickedButton() is not move:
            return
        try:
            moved = self.services.home.bring_review_forward(plan.conference_id)
        except ChairDeskError as error:
            self._say(str(error), "warning")
            return
        self.refresh_due()  # the review's due date moves too
        self._say(
            self.tr(
                "The {0} family's review is now on {1}. Tell the family and everyone invited."
            ).format(moved.family_name, day_text(moved.review_on)),
            "good",
        )
        self.review_brought_forward.emit(plan.conference_id)

    def _say(self, text: str, kind: str) -> None:
        self.plans_message.setText(text)
        self.plans_message.setStyleSheet(f"color: {tone(kind)}; font-weight: 600;")
        self.plans_message.show()

    def new_conference(self) -> None:
        """Ask for a new family's first conference; once made, open it as a home item does."""
        from chairdesk.ui.new_conference_dialog import NewConferenceDialog

        if not self.isVisible():
            return
        created = NewConferenceDialog.ask(self, self.services)
        if created is not None:
            self.conference_requested.emit(created.id)

    def run_search(self) -> None:
        text = self.search.text().strip()
        if text:
            rows = self.services.conferences.search(text)
            self.conference_heading.setText(_heading_html(self.tr("Search results")))
            empty = self.tr("No conference matches \u201c{0}\u201d.").format(text)
        else:
            rows = self.services.listing.upcoming(self.today)
            self.conference_heading.setText(_heading_html(self.tr("Today and upcoming")))
            empty = self.tr("No conferences are booked from today.")
        self.empty_note.setText(empty)
        self.empty_note.setVisible(not rows)
        self.conference_table.setVisible(bool(rows))
        if tuple(rows) == self.conference_model.rows():
            return  # as shown (the chair's choice of row stays), and no columns measured again
        self.conference_model.set_rows(rows)
        if rows:
            self.conference_table.selectRow(0)

    def _open_conference(self, index: QModelIndex) -> None:
        if index.isValid():
            self.conference_requested.emit(self.conference_model.conference_id(index.row()))

    def _open_due(self, index: QModelIndex) -> None:
        if index.isValid():
            self.conference_requested.emit(self.due_model.conference_id(index.row()))

    def _open_plan(self, index: QModelIndex) -> None:
        if index.isValid():
            self.conference_requested.emit(self.plans_model.item(index.row()).conference_id)

    def _open_from_search(self) -> None:
        self._search_timer.stop()
        self.run_search()
        if self.conference_model.rowCount() == 1:
            self.conference_requested.emit(self.conference_model.conference_id(0))
        elif self.conference_model.rowCount() > 1:
            self.conference_table.setFocus(Qt.FocusReason.TabFocusReason)
