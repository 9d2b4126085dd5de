"""The main window: left navigation, the pages, the save state, help, text size and the lock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from chairdesk import warm_up
from chairdesk.domain import ConferenceStatus
from chairdesk.errors import ChairDeskError
from chairdesk.ui.ahead import Ahead
from chairdesk.ui.clipboard_guard import ClipboardGuard
from chairdesk.ui.home_page import HomePage
from chairdesk.ui.idle_lock import IdleLock
from chairdesk.ui.lock_page import LockPage
from chairdesk.ui.placeholder_page import PlaceholderPage, build_page
from chairdesk.ui.style import TextScaler
from chairdesk.ui.window_fit import fit_to_screen
from chairdesk.ui.window_parent_screen import ParentScreenControls

if TYPE_CHECKING:  # imported once Home is up (see finish_start)
    from chairdesk.ui.session_watch import SessionWatcher

log = logging.getLogger(__name__)

#: Once start-up has finished, how long Home waits before the pages are made ready ahead.
AHEAD_AFTER_MS = 300
PAGES = ("home", "prepare", "run", "plan", "issue", "review")
PAGE_TITLES = {
    "home": "Home",
    "prepare": "Prepare",
    "run": "Run",
    "plan": "Plan",
    "issue": "Issue",
    "review": "Review",
}


# Built the first time they are shown, so start-up stays quick.
LAZY_PAGES = {
    "prepare": ("prepare_page", "PreparePage"),
    "run": ("run_page", "RunPage"),
    "plan": ("plan_page", "PlanPage"),
    "issue": ("issue_page", "IssuePage"),
    "review": ("review_page", "ReviewPage"),
}


class MainWindow(ParentScreenControls, QMainWindow):
    """Routes what pages ask for; pages never reach each other directly."""

    def __init__(
        self,
        services: Any,
        *,
        text_scaler: TextScaler | None = None,
        check_passphrase: Callable[[str], bool] | None = None,
        finish_start: Callable[[], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`finish_start` runs once Home is first painted (see `finish_start`)."""
        super().__init__(parent)
        self.services = services
        self.conference_id: int | None = None
        self.case_reference = ""
        self.locked = False
        # PySide6 types instance() as QCoreApplication; a window needs a QApplication.
        app = cast(QApplication, QApplication.instance())
        self.text_scaler = text_scaler or TextScaler(app)
        self._loaded: dict[str, int | None] = dict.fromkeys(PAGES)
        self.setWindowTitle("ChairDesk")
        self.setAccessibleName(self.tr("ChairDesk"))
        fit_to_screen(self)
        self.parent_screen_may_cover = False  # the chair said yes once (one screen only)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        self.navigation = QListWidget()
        self.navigation.setAccessibleName(self.tr("Pages"))
        self.navigation.setFixedWidth(160)
        # Padding rather than a fixed font, so Ctrl+Plus still scales the list.
        self.navigation.setStyleSheet("QListWidget::item { padding: 8px 10px; }")
        for number, key in enumerate(PAGES, start=1):
            item = QListWidgetItem(f"{self.tr(PAGE_TITLES[key])}")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(self.tr("Ctrl+{0}").format(number))
            self.navigation.addItem(item)
        self.navigation.currentRowChanged.connect(self._navigated)
        layout.addWidget(self.navigation)

        self.stack = QStackedWidget()
        self.stack.setAccessibleName(self.tr("Page"))
        self.home = HomePage(services)
        self.home.show_plans = False  # until start-up has finished (finish_start)
        # The conference pages are built when first shown: start-up stays quick.
        self.prepare: Any = PlaceholderPage(self.tr("Prepare"), "")
        self.run: Any = PlaceholderPage(self.tr("Run"), "")
        self.plan: Any = PlaceholderPage(self.tr("Plan"), "")
        self.issue: Any = PlaceholderPage(self.tr("Issue"), "")
        self.review: Any = PlaceholderPage(self.tr("Review"), "")
        self.pages: dict[str, QWidget] = {
            "home": self.home,
            "prepare": self.prepare,
            "run": self.run,
            "plan": self.plan,
            "issue": self.issue,
            "review": self.review,
        }
        for key in PAGES:
            self.stack.addWidget(self.pages[key])
        self._built = dict.fromkeys(LAZY_PAGES, False)
        layout.addWidget(self.stack, 1)
        self.lock_page = LockPage(check_passphrase)
        self.lock_page.unlocked.connect(self.unlock)
        self.stack.addWidget(self.lock_page)
        self.setCentralWidget(central)
        self.setTabOrder(self.navigation, self.stack)

        self.save_state = QLabel(self.tr("Nothing to save"))
        self.save_state.setAccessibleName(self.tr("Save state"))
        self.statusBar().addPermanentWidget(self.save_state)
        # The chair sees at a glance what the family's screen shows (DESIGN.md §4).
        self.family_screen_state = QLabel(self.tr("Parents' screen: off"))
        self.family_screen_state.setAccessibleName(self.tr("What the parents' screen shows"))
        self.family_screen_state.setStyleSheet("margin-left: 18px;")
        self.statusBar().addPermanentWidget(self.family_screen_state)
        # Long words in the status bar (a saved file's path, a refusal) never widen the window
        # past a small laptop's screen: they are cut, and the whole text is the tooltip.
        for label in (self.save_state, self.family_screen_state):
            label.setMaximumWidth(440)
        self.home.conference_requested.connect(self.open_conference)
        self.home.review_brought_forward.connect(self._conference_changed_elsewhere)
        self._parent_screen: Any = None  # built when first needed (see parent_screen)

        # (keys, what they do) for the F1 help: the shortcuts are made just after Home's first
        # paint, before anything else (`add_shortcuts`; QAction and QKeySequence are not wanted
        # before it).
        self.shortcuts: list[tuple[str, str]] = []
        self._refocus: QWidget | None = None
        self._finish_start = finish_start
        self._finishing = False  # finish_start has begun
        self._started = False
        # The pages' modules and PySide's classes, made while Home waits (ui/ahead.py).
        self.ahead = Ahead()
        # Also locks on the system's session lock and on waking from a long sleep; made once
        # Home is up (listening on D-Bus loads Qt's D-Bus module).
        self.session_watch: SessionWatcher | None = None
        # One read of the council's settings for the lock and the clipboard (start-up path).
        rules = self.services.settings.get() if self.services.settings is not None else None
        self.idle_lock = IdleLock(int(getattr(rules, "idle_lock_minutes", 5)) * 60, self.lock, self)
        self.home.installEventFilter(self)  # for Home's first paint (see eventFilter)
        # Copied case text does not stay on the clipboard for the next program to paste.
        self.clipboard_guard = ClipboardGuard(
            QApplication.clipboard(), int(getattr(rules, "clipboard_clear_seconds", 60)), self
        )
        self._set_conference_pages_enabled(False)
        self.show_page("home")

    @property
    def started(self) -> bool:
        """True once start-up has finished (see `finish_start`): the watchers are on, about
        half a second after Home has been painted."""
        return self._started

    @property
    def answering(self) -> bool:
        """True once start-up's own step after Home (the unlock's audit) is done: from then
        the event loop is free, and a conference can be opened."""
        return self._finishing

    def finish_start(self) -> None:
        """What waits until Home has been painted, so the chair sees it as soon as possible.

        The keyboard shortcuts, then the caller's `finish_start` (the unlock's audit event; the
        ORM then loads on a worker thread) now; then, each in its own turn of the event loop so
        the window answers in between, the wheel guard and the idle lock's activity filter,
        then the session-lock watcher; and a moment later the plans ready to be considered for
        ending (worked out on a worker thread). Runs once: after Home's first paint, or before
        a conference opens or the window closes if sooner. If the caller's step fails, the
        chair is told in one line and the window closes.
        """
        if self._finishing:
            return
        self._finishing = True
        self.add_shortcuts()
        if self._finish_start is not None:
            try:
                self._finish_start()
            except ChairDeskError as error:
                from PySide6.QtWidgets import QMessageBox  # (its enums are not wanted before Home)

                QMessageBox.critical(
                    self,
                    self.tr("ChairDesk could not finish opening"),
                    str(error)[:1].upper() + str(error)[1:] + ".",
                )
                self.close()
                return
        self.home.removeEventFilter(self)
        self.home.show_plans = True
        QTimer.singleShot(0, self._watch_input)
        # A moment after Home, so the worker's start does not fall on Home's first moments.
        QTimer.singleShot(120, self._show_plans)

    def add_shortcuts(self) -> None:
        """The window's keyboard shortcuts and Home's Ctrl+N (once; see `finish_start`)."""
        if not self.shortcuts:
            from chairdesk.ui.window_shortcuts import add_window_shortcuts

            add_window_shortcuts(self, PAGES, PAGE_TITLES)
        self.home.add_shortcuts()

    def _watch_input(self) -> None:
        """The filter on each window (ui/window_input.py): the wheel guard (the wheel never
        changes a control the chair did not click) and the idle lock's activity. Installed once
        the ORM's warm-up has finished: while that thread imports, each filtered event would
        wait for the interpreter."""
        if not warm_up.finished():
            QTimer.singleShot(40, self._watch_input)
            return
        from chairdesk.ui.window_input import watch_windows

        watch_windows(cast(QApplication, QApplication.instance()))
        self.idle_lock.watch_activity()
        QTimer.singleShot(0, self._watch_session)

    def _watch_session(self) -> None:
        """Lock on the system's session lock and on waking (loads Qt's D-Bus module)."""
        if self.session_watch is None:
            from chairdesk.ui.session_watch import SessionWatcher

            self.session_watch = SessionWatcher(self.idle_lock.seconds(), self)
            self.session_watch.lock_requested.connect(lambda _reason: self.lock())
            if self.isVisible():
                self.session_watch.watch_window(int(self.winId()))
        self._started = True
        QTimer.singleShot(AHEAD_AFTER_MS, self.ahead.start)

    def _show_plans(self) -> None:
        if not self.locked:
            self.home.refresh_plans()

    # Dialogs and focus ------------------------------------------------------------------

    def show_accounts(self) -> None:
        """A chair's list of who can open this database: add or remove accounts."""
        from chairdesk.ui.accounts_dialog import AccountsDialog

        AccountsDialog.open_for(self, self.services)

    def show_feedback(self) -> None:
        """The anonymised summary of parents' feedback, for service improvement."""
        from chairdesk.ui.feedback_summary_page import FeedbackSummaryPage

        self.feedback_window = FeedbackSummaryPage.open_window(self.services, self)

    def show_help(self) -> None:
        from chairdesk.ui.help_panel import HelpPanel
        from chairdesk.ui.page_help import next_steps, page_keys

        key = self.current_page() if not self.locked else ""
        page = self.pages.get(key)
        panel = HelpPanel(
            self.shortcuts,
            self,
            page_title=self.tr(PAGE_TITLES[key]) if key else "",
            page_keys=page_keys(key, page) if page is not None else (),
            next_steps=next_steps(key, page) if page is not None else (),
        )
        panel.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        panel.open()
        self.help_panel = panel

    def focus_search(self) -> None:
        self.show_page("home")
        self.home.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.home.search.selectAll()

    def swap_focus(self) -> None:
        """F6: between the pages list and the page."""
        if self.navigation.hasFocus():
            page = self.stack.currentWidget()
            if page is not None:
                page.setFocus(Qt.FocusReason.TabFocusReason)
                page.focusNextChild()
        else:
            self.navigation.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # Pages --------------------------------------------------------------------------------

    def _connect_page(self, page: Any) -> None:
        page.save_state_changed.connect(self.show_save_state)
        page.conference_changed.connect(self._conference_changed)

    def page(self, key: str) -> Any:
        """The page for `key`, building a conference page the first time it is asked for."""
        if key in self._built and not self._built[key]:
            module, name = LAZY_PAGES[key]
            built: Any = build_page(module, name, self.services)
            old = self.pages[key]
            self.stack.insertWidget(self.stack.indexOf(old), built)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[key] = built
            setattr(self, key, built)
            self._built[key] = True
            self._connect_page(built)
            if key == "run" and hasattr(built, "current_item_changed"):
                built.current_item_changed.connect(self.parent_screen.refresh)
            if key == "run" and hasattr(built, "room_changed"):
                # An entry's words or visibility: how soon is services/room_change.py's call.
                built.room_changed.connect(self.parent_screen.follow)
            if key == "issue" and hasattr(built, "page_requested"):
                built.page_requested.connect(self.show_page)  # fix a gap where it lives
            if key == "review" and hasattr(built, "conference_requested"):
                built.conference_requested.connect(self.open_conference)
        return self.pages[key]

    def _set_conference_pages_enabled(self, enabled: bool) -> None:
        for row in range(1, self.navigation.count()):
            item = self.navigation.item(row)
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags if enabled else Qt.ItemFlag.NoItemFlags)

    def _navigated(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.show_page(PAGES[row])

    def current_page(self) -> str:
        return PAGES[self.navigation.currentRow()]

    def show_page(self, key: str) -> None:
        """Show a page; a conference page loads the open conference the first time it is shown."""
        if self.locked:
            return
        if key != "home" and self.conference_id is None:
            key = "home"
        page: Any = self.page(key)
        if key == "home":
            self.home.refresh()
        elif self._loaded[key] != self.conference_id:
            page.load_conference(self.conference_id)
            self._loaded[key] = self.conference_id
        self.stack.setCurrentWidget(page)
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(PAGES.index(key))
        self.navigation.blockSignals(False)
        self._update_title(key)

    def _update_title(self, key: str) -> None:
        # On Home, nothing about a family: the title shows in the taskbar and on a projector.
        if key == "home" or not self.case_reference:
            self.setWindowTitle("ChairDesk")
        else:
            self.setWindowTitle(f"ChairDesk: {self.case_reference} ({self.tr(PAGE_TITLES[key])})")

    def open_conference(self, conference_id: int) -> None:
        """Open a conference at the page that fits where it is: Run while it is in progress."""
        self.finish_start()  # the unlock is audited before the first conference is viewed
        self.ahead.stop()
        warm_up.wait()  # the ORM is imported on one thread only (chairdesk/warm_up.py)
        from chairdesk.services import audit
        from chairdesk.services.plainlanguage import council_glossary

        summary = self.services.conferences.summary(conference_id)
        audit.record_view(self.services.context, conference_id)
        council_glossary(self.services.context, fresh=True)  # a glossary changed meanwhile
        self.conference_id = conference_id
        self.case_reference = summary.case_reference
        self._loaded = dict.fromkeys(PAGES)
        self._set_conference_pages_enabled(True)
        self.parent_screen.show_conference(conference_id)
        start = "run" if summary.status == ConferenceStatus.IN_PROGRESS else "prepare"
        self.show_page(start)

    def _conference_changed(self, conference_id: int) -> None:
        if conference_id != self.conference_id:
            # A page made a new conference (a review started): open it where it begins.
            self.open_conference(conference_id)
            return
        # Other pages reload the next time they are shown.
        for key in PAGES[1:]:
            if self.pages[key] is not self.stack.currentWidget():
                self._loaded[key] = None
        self.parent_screen.refresh(conference_id)

    def _conference_changed_elsewhere(self, conference_id: int) -> None:
        """Home changed a conference (its review date): the open one's pages reload."""
        if conference_id == self.conference_id:
            self._loaded = dict.fromkeys(PAGES)

    def show_save_state(self, state: str) -> None:
        self.save_state.setText(state)
        self.save_state.setToolTip(state)

    # Locking ------------------------------------------------------------------------------

    def set_idle_seconds(self, seconds: int) -> None:
        """Lock after this long without a key, click or wheel; the countdown starts again."""
        self.idle_lock.set_seconds(seconds)
        if self.session_watch is not None:
            self.session_watch.set_idle_seconds(seconds)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        # Windows tells a registered window when the session is locked.
        if self.session_watch is not None:
            self.session_watch.watch_window(int(self.winId()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.home and not self._finishing:
            # Home is on screen now: the rest of start-up follows once this paint is done.
            QTimer.singleShot(0, self.finish_start)
        return False

    def lock(self) -> None:
        """Hide every page and blank the parents' screen until the passphrase is given again.

        What was being typed stays in its field (and is saved); unlocking returns to it.
        """
        self.ahead.stop()
        self.clipboard_guard.clear_now()
        if self.locked:
            return
        focused = QApplication.focusWidget()
        self._refocus = focused if focused is not None and self.isAncestorOf(focused) else None
        self.locked = True
        self.idle_lock.pause()
        if self._parent_screen is not None:
            self._parent_screen.blank()
        self.navigation.setEnabled(False)
        self.stack.setCurrentWidget(self.lock_page)
        self.setWindowTitle("ChairDesk")
        self.lock_page.reset()

    def unlock(self) -> None:
        self.locked = False
        self.navigation.setEnabled(True)
        if self._parent_screen is not None:
            self._parent_screen.unblank()
        self.show_page(PAGES[max(self.navigation.currentRow(), 0)])
        self.idle_lock.resume()
        if self._refocus is not None:
            self._refocus.setFocus()
            self._refocus = None

    def closeEvent(self, event: QCloseEvent) -> None:
        # Every change is already committed: nothing to ask.
        if not self._finishing and self._finish_start is not None:
            self._finishing = True
            try:
                self._finish_start()  # the unlock is audited even if the window closes at once
            except ChairDeskError as error:
                log.warning("start-up did not finish before closing: %s", error)
        warm_up.wait()  # the key file's refresh is not cut off by the database closing
        self.ahead.stop()
        self.clipboard_guard.clear_now()
        self.idle_lock.stop()
        if self._parent_screen is not None:
            self._parent_screen.close()
        event.accept()
