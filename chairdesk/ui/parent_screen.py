"""The parents' screen: a projector window showing only what every parent present may see.

It is built ONLY from the sharing service's parents' views, never from the professionals' view.
When more than one parent is in the room, an entry shows only if it is in EVERY present
parent's view: the views are intersected by id, so something withheld from one parent (say a
protected address kept from a separated father) never reaches the shared screen while he is
there, and anything heard while a parent was excluded stays off too. With no parent recorded
as present, the views of every parent and carer in the family are intersected instead.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from chairdesk.domain import (
    PARENT_HEADING_LABELS,
    AgendaKind,
    AgendaStatus,
    Attendance,
    ConferenceStatus,
    ParticipantRole,
)

if TYPE_CHECKING:
    from chairdesk.views import (
        ActionView,
        AgendaItemView,
        Audience,
        ConferenceView,
        DangerStatementView,
        EntryView,
        ScalingView,
    )

_PARENT_ROLES = (ParticipantRole.PARENT, ParticipantRole.CARER, ParticipantRole.RELATIVE)
_IN_ROOM = (Attendance.PRESENT, Attendance.PART)
BASE_POINT_SIZE = 26


@dataclass(frozen=True)
class SharedScreen:
    """What the projector may show for the current item: in every present parent's view."""

    title: str
    item: AgendaItemView | None
    entries: tuple[EntryView, ...]
    danger_statements: tuple[DangerStatementView, ...] = ()
    scalings: tuple[ScalingView, ...] = ()
    actions: tuple[ActionView, ...] = ()
    waiting: str = "The conference will start shortly"


def parent_audiences(services: Any, conference_id: int) -> tuple[Audience, ...]:
    """Audiences of the parents and carers present; all of them when none is marked present."""
    everyone = tuple(a for a in services.sharing.audiences(conference_id) if not a.is_professionals)
    # The participants list is the same for every audience; a parent's view never shows more.
    if not everyone:
        return ()
    first = services.sharing.view(conference_id, everyone[0])
    present = {
        p.person_id
        for p in first.participants
        if p.role in _PARENT_ROLES and p.attendance in _IN_ROOM and p.person_id is not None
    }
    chosen = tuple(a for a in everyone if a.recipient_person_id in present)
    return chosen or everyone


def _common(views: Sequence[ConferenceView], pick: str) -> tuple[Any, ...]:
    """The items of `pick` present in every view, in the first view's order."""
    keep = set.intersection(*({i.id for i in getattr(v, pick)} for v in views))
    return tuple(i for i in getattr(views[0], pick) if i.id in keep)


def current_shared(services: Any, conference_id: int) -> SharedScreen | None:
    """The current item's content that every parent in the room may see; None with no parent."""
    audiences = parent_audiences(services, conference_id)
    if not audiences:
        return None
    views = [services.sharing.view(conference_id, a) for a in audiences]
    first = views[0]
    item = next((a for a in first.agenda if a.status == AgendaStatus.IN_PROGRESS), None)
    title = first.summary.kind.label
    if item is None:
        ended = first.summary.status in (ConferenceStatus.CONCLUDED, ConferenceStatus.ISSUED)
        waiting = "The conference has finished. Thank you for taking part." if ended else ""
        return SharedScreen(title, None, (), waiting=waiting or SharedScreen.waiting)
    entries = tuple(e for e in _common(views, "entries") if e.agenda_item_id == item.id)
    dangers: tuple[DangerStatementView, ...] = ()
    scalings: tuple[ScalingView, ...] = ()
    actions: tuple[ActionView, ...] = ()
    if item.kind in (
        AgendaKind.ANALYSIS,
        AgendaKind.RISK_STATEMENT,
        AgendaKind.INFORMATION_MAPPING,
    ):
        dangers = _common(views, "danger_statements")
    if item.kind == AgendaKind.SCALING:
        scalings = _common(views, "scalings")
    if item.kind == AgendaKind.PLAN:
        actions = _common(views, "actions")
    return SharedScreen(title, item, entries, dangers, scalings, actions)


def screen_html(screen: SharedScreen) -> str:
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
    if not (screen.entries or screen.danger_statements or screen.scalings or screen.actions):
        out.append("<p>Nothing has been written down for this part yet.</p>")
    return "".join(out)


class ParentScreen(QWidget):
    """A top-level window for the projector. Call show_conference(), then refresh() on changes."""

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.conference_id: int | None = None
        self.locked = False
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
        self.conference_id = conference_id
        self.refresh()

    def refresh(self, conference_id: int | None = None) -> None:
        """Rebuild from the parents' views; a change for another conference is ignored."""
        if conference_id is not None and conference_id != self.conference_id:
            return
        if self.locked:
            self.page.setPlainText(self.tr("ChairDesk is locked."))
            return
        if self.conference_id is None:
            self.page.setPlainText("")
            return
        screen = current_shared(self.services, self.conference_id)
        if screen is None:
            self.page.setHtml(
                "<h1>"
                + html.escape(self.tr("No parent or carer is recorded for this family."))
                + "</h1>"
            )
            return
        self.page.setHtml(screen_html(screen))

    def text(self) -> str:
        return self.page.toPlainText()

    def blank(self) -> None:
        """Show nothing at all (the session is locked)."""
        self.locked = True
        self.page.setPlainText(self.tr("ChairDesk is locked."))

    def unblank(self) -> None:
        self.locked = False
        self.refresh()

    def set_scale(self, point_size: int) -> None:
        font = QFont(self.page.font())
        font.setPointSize(max(16, BASE_POINT_SIZE + 2 * (point_size - 11)))
        self.page.setFont(font)
