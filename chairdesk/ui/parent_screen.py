"""The parents' screen: a projector window showing only what everyone in the room may see.

What it shows is decided by the sharing rules in the services (services/room.py): one view for
everyone in the room, every present family member and child, linked or typed by name. This
module only draws it. It is rebuilt only while it is on show, and only redrawn when what it
shows has changed. The chair can blank it with one key (F8) at any moment.

How soon it follows a change is decided by services/room_change.py: new words the room may see
are built off the GUI thread and swapped in when ready (`follow` with SOON), so the chair's
typing never waits for a whole view of the conference; anything that may hide something is
rebuilt at once on the GUI thread (`refresh`), and every build started before it is thrown
away, so a parent never sees for a moment what was just hidden.
"""

from __future__ import annotations

import contextlib
import html
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from chairdesk.domain import PARENT_HEADING_LABELS
from chairdesk.services.room_change import RoomRefresh

if TYPE_CHECKING:
    from chairdesk.views import EntryView, RoomScreenView

BASE_POINT_SIZE = 26
log = logging.getLogger(__name__)

#: A finished build: the page and the few words for the chair, or None if it failed.
Built = tuple[str, str] | None
#: Runs `build` somewhere off the GUI thread, then hands its result to `deliver` on it.
Runner = Callable[[Callable[[], Built], Callable[[Built], None]], None]


def screen_html(screen: RoomScreenView) -> str:
    """The projector page as simple HTML; every piece of text escaped."""
    out = [f"<p style='color:#5b636e'>{html.escape(screen.title)}</p>"]
    if screen.item is None:
        out.append(f"<h1>{html.escape(screen.waiting)}</h1>")
        return "".join(out)
    out.append(f"<h1>{html.escape(screen.item.title)}</h1>")
    by_heading: dict[str, list[EntryView]] = {}
    for entry in screen.entries:
        by_heading.setdefault(PARENT_HEADING_LABELS[entry.heading], []).append(entry)
    for heading, entries in by_heading.items():
        out.append(f"<h2>{html.escape(heading)}</h2><ul>")
        for entry in entries:
            who = f"<b>{html.escape(entry.speaker_name)}:</b> " if entry.speaker_name else ""
            out.append(f"<li>{who}{html.escape(entry.text)}</li>")
        out.append("</ul>")
    if screen.danger_statements:
        out.append("<h2>What we are worried about, and what we want to see instead</h2><ul>")
        for danger in screen.danger_statements:
            goal = (
                f"<br><i>Goal:</i> {html.escape(danger.safety_goal)}" if danger.safety_goal else ""
            )
            out.append(f"<li>{html.escape(danger.danger)}{goal}</li>")
        out.append("</ul>")
    if screen.scalings:
        out.append("<h2>How safe, from 0 to 10</h2><ul>")
        for scaling in screen.scalings:
            out.append(
                f"<li><b>{html.escape(scaling.scorer_name)}: {scaling.score}</b> "
                f"{html.escape(scaling.reason)}</li>"
            )
        out.append("</ul>")
    if screen.actions:
        out.append("<h2>What needs to happen</h2><ol>")
        for action in screen.actions:
            when = f" by {action.by_when.strftime('%d %B %Y')}" if action.by_when else ""
            who = f" ({html.escape(action.who)}{when})" if action.who or when else ""
            out.append(f"<li>{html.escape(action.what)}{who}</li>")
        out.append("</ol>")
    if screen.is_empty:
        out.append("<p>Nothing has been written down for this part yet.</p>")
    return "".join(out)


class ParentScreen(QWidget):
    """A top-level window for the projector. Call show_conference(), then refresh() on changes."""

    #: What the family can see now, in a few words, for the chair's window.
    showing_changed = Signal(str)
    _arrived = Signal(object, object)  # (deliver, result), from a worker thread

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.conference_id: int | None = None
        self.locked = False
        self.paused = False
        self._shown_html: str | None = None
        self.builds = 0  # how many times the room's view was built (tests read it)
        self._generation = 0  # bumped by every build on the GUI thread: older ones are stale
        self._building = False
        self._again = False
        self._arrived.connect(self._hand_over)  # a method: queued onto the GUI thread
        #: How a build off the GUI thread runs; a test may run it step by step.
        self.run_off_thread: Runner = self._in_thread
        self.setWindowTitle(self.tr("ChairDesk: parents' screen"))
        self.setAccessibleName(self.tr("Parents' screen"))
        self.resize(1280, 800)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        self.notice = QLabel(self.tr("This screen shows only what everyone in the room may see."))
        self.notice.setAccessibleName(self.tr("About this screen"))
        layout.addWidget(self.notice)
        self.page = QTextBrowser()
        self.page.setAccessibleName(self.tr("What is being discussed"))
        self.page.setOpenLinks(False)
        font = QFont(self.font())
        font.setPointSize(BASE_POINT_SIZE)
        self.page.setFont(font)
        layout.addWidget(self.page)
        self.page.setPlainText("")

    def show_conference(self, conference_id: int) -> None:
        """Another conference: the last one's words leave the screen at once, and this one's
        follow when built off the GUI thread."""
        self.conference_id = conference_id
        self._shown_html = None
        self._generation += 1  # nothing built for the last conference may show now
        if self._may_build():
            self._show_plain("", "nothing")
            self.refresh_soon()
        else:
            self.refresh()

    def follow(self, conference_id: int, refresh: int) -> None:
        """A change to the record, as services/room_change.py sorted it."""
        if conference_id != self.conference_id or refresh == RoomRefresh.NOTHING:
            return
        if refresh >= RoomRefresh.AT_ONCE:
            self.refresh(conference_id)
        else:
            self.refresh_soon()

    def refresh_soon(self) -> None:
        """New words the room may see: build the screen off the GUI thread and show it when
        it is ready, unless something was rebuilt at once meanwhile (then it is stale)."""
        if not self._may_build():
            self.refresh()  # hidden, locked, paused or empty: nothing to build
            return
        if self._building:
            self._again = True  # one more build when this one ends, for the newest words
            return
        self._building = True
        self.builds += 1
        generation, conference_id, room = self._generation, self.conference_id, self.services.room
        assert conference_id is not None

        def build() -> Built:
            try:
                screen = room.screen(conference_id)
            except Exception as error:  # the database closed meanwhile, or a fault
                log.warning("parents' screen not built: %s", type(error).__name__)
                return None
            return screen_html(screen), _summary(screen)

        def deliver(built: Built) -> None:
            self._building = False
            fresh = generation == self._generation and conference_id == self.conference_id
            if fresh and built is not None and self._may_build():
                self._show_html(*built)
            if self._again:
                self._again = False
                self.refresh_soon()

        self.run_off_thread(build, deliver)

    def _in_thread(self, build: Callable[[], Built], deliver: Callable[[Built], None]) -> None:
        def work() -> None:
            result = build()
            with contextlib.suppress(RuntimeError):  # the screen has gone
                self._arrived.emit(deliver, result)

        threading.Thread(target=work, name="parents-screen", daemon=True).start()

    def _hand_over(self, deliver: Callable[[Built], None], built: Built) -> None:
        deliver(built)

    def _may_build(self) -> bool:
        return (
            self.isVisible()
            and not self.locked
            and not self.paused
            and self.conference_id is not None
        )

    def refresh(self, conference_id: int | None = None) -> None:
        """Rebuild from the room's view while on show; a change for another conference is
        ignored, and a hidden screen waits until it is shown."""
        if conference_id is not None and conference_id != self.conference_id:
            return
        self._generation += 1  # any build under way started before this: it is stale
        if not self.isVisible():
            self._shown_html = None  # redraw in full when next shown
            self._tell("off")
            return
        if self.locked:
            self._show_plain(self.tr("ChairDesk is locked."), "locked")
            return
        if self.paused:
            self._show_plain(self.tr("The screen is paused."), "paused")
            return
        if self.conference_id is None:
            self._show_plain("", "nothing")
            return
        self.builds += 1
        screen = self.services.room.screen(self.conference_id)
        self._show_html(screen_html(screen), _summary(screen))

    def _show_html(self, page: str, summary: str) -> None:
        if page != self._shown_html:
            self.page.setHtml(page)
            self._shown_html = page
        self._tell(summary)

    def _show_plain(self, text: str, summary: str) -> None:
        self._shown_html = None
        self.page.setPlainText(text)
        self._tell(summary)

    def _tell(self, summary: str) -> None:
        self.showing_changed.emit(summary)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def text(self) -> str:
        return self.page.toPlainText()

    def blank(self) -> None:
        """Show nothing at all (the session is locked)."""
        self.locked = True
        self._generation += 1
        self._show_plain(self.tr("ChairDesk is locked."), "locked")

    def unblank(self) -> None:
        self.locked = False
        self.refresh()

    def set_paused(self, paused: bool) -> None:
        """The chair's own blanking (F8): nothing shows until the chair resumes."""
        self.paused = paused
        self.refresh()

    def set_scale(self, point_size: int) -> None:
        font = QFont(self.page.font())
        font.setPointSize(max(16, BASE_POINT_SIZE + 2 * (point_size - 11)))
        self.page.setFont(font)


def _summary(screen: RoomScreenView) -> str:
    """A few words for the chair: which item the family sees and how much of it."""
    if screen.item is None:
        from chairdesk.services.room import FINISHED  # loaded already: it built the screen

        return "finished" if screen.waiting == FINISHED else "waiting"
    count = (
        len(screen.entries)
        + len(screen.danger_statements)
        + len(screen.scalings)
        + len(screen.actions)
    )
    things = "1 thing" if count == 1 else f"{count} things"
    return f"{screen.item.title}: {things}"
