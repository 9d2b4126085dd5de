"""Pieces every document shares: dates in words, headings per audience, entries, risk in words."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from itertools import pairwise

from chairdesk.domain import (
    HEADING_LABELS,
    PARENT_HEADING_LABELS,
    AgendaKind,
    Heading,
    Visibility,
)
from chairdesk.export.model import Chart, ChartPoint, DocumentBuilder
from chairdesk.views import ConferenceView, EntryView, ReportView, ScalingPoint

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


def add_entries(
    b: DocumentBuilder, entries: Iterable[EntryView], children: dict[int, str] | None = None
) -> bool:
    """Each entry as a paragraph led by who said it; a child's view by the child's name (and
    who recorded it). Whether there was any."""
    any_entry = False
    for entry in entries:
        lead = f"{entry.speaker_name}:" if entry.speaker_name.strip() else ""
        child = (children or {}).get(entry.child_id) if entry.child_id is not None else None
        if child:
            speaker = entry.speaker_name.strip()
            lead = f"{child} (recorded by {speaker}):" if speaker else f"{child}:"
        b.paragraph(entry.text, lead=lead)
        any_entry = True
    return any_entry


def add_entries_by_heading(
    b: DocumentBuilder,
    entries: list[EntryView],
    for_parent: bool,
    level: int = 3,
    children: dict[int, str] | None = None,
) -> bool:
    """Entries grouped under their headings (in the order the headings are listed in domain)."""
    any_entry = False
    for heading in Heading:
        group = [e for e in entries if e.heading == heading]
        if not group:
            continue
        b.heading(heading_label(heading, for_parent), level)
        add_entries(b, group, children)
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


def child_names(view: ConferenceView) -> dict[int, str]:
    return {child.id: child.name for child in view.children}


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


def working_days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


def report_received(report: ReportView) -> str:
    """When the parents received a report, counted in working days before the conference."""
    if report.shared_with_parents_on is None:
        if report.visibility == Visibility.PROFESSIONALS:
            return "No: for professionals only"
        return "Not shared with the parents before the conference"
    shared = day(report.shared_with_parents_on)
    n = report.working_days_before
    if n is None:
        return f"On {shared}"
    if n < 0:
        text = f"On {shared}: the parents received this report after the conference"
    elif n == 0:
        text = f"On {shared}: the parents received this report on the day of the conference"
    else:
        text = f"On {shared}: the parents received this report {working_days(n)} before"
    if report.shared_late and report.working_days_required is not None:
        text += f". Late: at least {working_days(report.working_days_required)} are needed"
    return text


def late_reports(view: ConferenceView) -> list[str]:
    """A line per shareable report the parents had too late, or not at all, for the flag."""
    lines = []
    for r in view.reports:
        name = r.title or f"{r.agency} report"
        if r.shared_late and r.working_days_required is not None:
            had = r.working_days_before or 0
            when = "after the conference" if had < 0 else f"{working_days(had)} before"
            lines.append(
                f"{name} ({r.agency}): received {when}, "
                f"not {working_days(r.working_days_required)} before as the council requires"
            )
        elif (
            r.shared_with_parents_on is None
            and r.visibility != Visibility.PROFESSIONALS
            and r.working_days_required is not None
        ):
            lines.append(f"{name} ({r.agency}): not shared with the parents before the conference")
    return lines


def social_worker_history(
    b: DocumentBuilder, view: ConferenceView, parent: bool, level: int = 2
) -> None:
    """Every social worker allocated to the family, oldest first, so a change is visible."""
    b.heading("Your social workers" if parent else "Allocated social workers", level)
    workers = sorted(view.social_workers, key=lambda w: w.from_date)
    if not workers:
        b.paragraph("No social worker allocation is recorded.", style="note")
        return
    rows = [[w.name, w.team or "", day(w.from_date), day(w.to_date, "now")] for w in workers]
    b.table(["Social worker", "Team", "From", "Until"], rows, widths=(0.3, 0.3, 0.2, 0.2))
    changes = [
        f"on {day(after.from_date)} from {before.name} to {after.name}"
        for before, after in pairwise(workers)
        if before.name != after.name
    ]
    if changes:
        b.paragraph(
            "The allocated social worker changed " + "; then ".join(changes) + ".",
            lead="Change of worker:",
        )
