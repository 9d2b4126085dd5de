"""Pieces every document shares: dates in words, headings per audience, entries, risk in words."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from chairdesk.domain import HEADING_LABELS, PARENT_HEADING_LABELS, AgendaKind, Heading
from chairdesk.export.model import Chart, ChartPoint, DocumentBuilder
from chairdesk.views import ConferenceView, EntryView, ScalingPoint

SCALE_MEANING = (
    "10 means everyone agrees the children are safe enough for the plan to end; "
    "0 means the children cannot live at home."
)


def day(value: date | datetime | None, missing: str = "not set") -> str:
    """A date as a person writes it: "4 March 2025"."""
    if value is None:
        return missing
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.day} {value:%B %Y}"


def long_day(value: date | datetime | None, missing: str = "not set") -> str:
    """A date with its weekday: "Tuesday 4 March 2025"."""
    if value is None:
        return missing
    return f"{value:%A} {day(value)}"


def clock(value: datetime | None, missing: str = "") -> str:
    return missing if value is None else f"{value:%H:%M}"


def heading_label(heading: Heading, for_parent: bool) -> str:
    return (PARENT_HEADING_LABELS if for_parent else HEADING_LABELS)[heading]


def person_of(view: ConferenceView, person_id: int | None) -> str:
    for person in view.people:
        if person.id == person_id:
            return person.name
    return ""


def entries_of_kinds(
    view: ConferenceView, kinds: Iterable[AgendaKind], headings: Iterable[Heading] | None = None
) -> list[EntryView]:
    """Entries filed under agenda items of these kinds, in agenda order, optionally by heading."""
    wanted = set(kinds)
    only = set(headings) if headings is not None else None
    out: list[EntryView] = []
    for item in view.agenda:
        if item.kind not in wanted:
            continue
        out.extend(e for e in view.entries_for(item.id) if only is None or e.heading in only)
    return out


def entries_with_headings(view: ConferenceView, headings: Iterable[Heading]) -> list[EntryView]:
    """Entries under these headings anywhere in the meeting, in agenda order."""
    wanted = set(headings)
    out: list[EntryView] = []
    for item in view.agenda:
        out.extend(e for e in view.entries_for(item.id) if e.heading in wanted)
    known = {a.id for a in view.agenda}
    out.extend(e for e in view.entries if e.agenda_item_id not in known and e.heading in wanted)
    return out


def add_entries(b: DocumentBuilder, entries: Iterable[EntryView]) -> bool:
    """Each entry as a paragraph led by who said it. Whether there was any."""
    any_entry = False
    for entry in entries:
        lead = f"{entry.speaker_name}:" if entry.speaker_name.strip() else ""
        b.paragraph(entry.text, lead=lead)
        any_entry = True
    return any_entry


def add_entries_by_heading(
    b: DocumentBuilder, entries: list[EntryView], for_parent: bool, level: int = 3
) -> bool:
    """Entries grouped under their headings (in the order the headings are listed in domain)."""
    any_entry = False
    for heading in Heading:
        group = [e for e in entries if e.heading == heading]
        if not group:
            continue
        b.heading(heading_label(heading, for_parent), level)
        add_entries(b, group)
        any_entry = True
    return any_entry


def nothing_recorded(b: DocumentBuilder, for_parent: bool) -> None:
    b.paragraph(
        "Nothing was written down under this heading." if for_parent else "None recorded.",
        style="note",
    )


def current_risk(view: ConferenceView) -> ScalingPoint | None:
    points = [p for p in view.risk_history if p.median is not None]
    return points[-1] if points else None


def _score(value: float) -> str:
    return f"{value:g}"


def risk_in_words(view: ConferenceView) -> str:
    """The level of risk now and how it has moved, in plain words."""
    points = [p for p in view.risk_history if p.median is not None]
    if not points:
        return "No one has scaled how safe the children are yet."
    now = points[-1]
    assert now.median is not None
    text = (
        f"At the conference on {day(now.held_on)}, how safe the children are was scaled at "
        f"{_score(now.median)} out of 10"
    )
    if now.low is not None and now.high is not None and now.low != now.high:
        text += f" (people's scores went from {now.low} to {now.high})"
    text += ". "
    if len(points) > 1:
        before = points[-2]
        assert before.median is not None
        if now.median > before.median:
            move = "That is safer than"
        elif now.median < before.median:
            move = "That is less safe than"
        else:
            move = "That is the same as"
        text += (
            f"{move} at the conference on {day(before.held_on)}, "
            f"when it was {_score(before.median)} out of 10. "
        )
    return text + "On this scale, " + SCALE_MEANING


def risk_chart(view: ConferenceView) -> Chart | None:
    if not view.risk_history:
        return None
    points = tuple(
        ChartPoint(f"{p.held_on:%d %b %Y}", p.median, p.low, p.high) for p in view.risk_history
    )
    description = "; ".join(
        f"{day(p.held_on)}: "
        + ("not scaled" if p.median is None else f"{_score(p.median)} out of 10")
        for p in view.risk_history
    )
    return Chart("Scaling at each conference (0 to 10, higher is safer)", points, description)


def children_line(view: ConferenceView) -> str:
    names = []
    for child in view.children:
        if child.date_of_birth is not None:
            names.append(f"{child.name} (born {day(child.date_of_birth)})")
        elif child.due_date is not None:
            names.append(f"{child.name} (due {day(child.due_date)})")
        else:
            names.append(child.name)
    return ", ".join(names) or "none recorded"


def facts_table(b: DocumentBuilder, view: ConferenceView, recipient: str) -> None:
    s = view.summary
    rows = [
        ["Family reference", view.family.case_reference],
        ["Children", children_line(view)],
        ["Conference", f"{s.kind.label}, {long_day(s.scheduled_at)}"],
        ["Venue", s.venue or "not set"],
        ["Chair", view.chair_name or "not recorded"],
        ["Lead social worker", view.lead_social_worker or "not recorded"],
        ["This copy is for", recipient],
    ]
    b.table(["", ""], rows, widths=(0.3, 0.7))


def withheld_notice(b: DocumentBuilder, view: ConferenceView, what: str) -> None:
    if not view.audience.is_professionals and view.withheld_count > 0:
        b.notice(
            f"Some parts of {what} are not included in your copy. If you have questions about "
            "this, please ask the chair or your social worker."
        )
