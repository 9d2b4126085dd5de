"""Pieces every document shares: dates in words, headings per audience, entries, risk in words."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from itertools import pairwise

from chairdesk import meeting_models
from chairdesk.domain import (
    HEADING_LABELS,
    PARENT_HEADING_LABELS,
    AgendaKind,
    Heading,
    MeetingModel,
    Visibility,
)
from chairdesk.export.catalogue import N_, _, ngettext
from chairdesk.export.model import Chart, ChartPoint, DocumentBuilder
from chairdesk.views import ConferenceView, EntryView, ReportView, ScalingPoint

SCALE_MEANING = N_(
    "10 means everyone agrees the children are safe enough for the plan to end; "
    "0 means the children cannot live at home."
)
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


def day(value: date | datetime | None, missing: str | None = None) -> str:
    """A date as a person writes it: "4 March 2025" (month in the copy's language)."""
    if value is None:
        return _("not set") if missing is None else missing
    if isinstance(value, datetime):
        value = value.date()
    return _("{day} {month} {year}").format(
        day=value.day, month=_(MONTHS[value.month - 1]), year=value.year
    )


def long_day(value: date | datetime | None, missing: str | None = None) -> str:
    """A date with its weekday: "Tuesday 4 March 2025"."""
    if value is None:
        return _("not set") if missing is None else missing
    return _("{weekday} {date}").format(weekday=_(WEEKDAYS[value.weekday()]), date=day(value))


def clock(value: datetime | None, missing: str = "") -> str:
    return missing if value is None else f"{value:%H:%M}"


def heading_label(heading: Heading, for_parent: bool, model: MeetingModel | None = None) -> str:
    """A parent's plain words, or the professionals' words of the meeting model (as on Run's
    screen: chairdesk/meeting_models.py)."""
    if for_parent:
        return _(PARENT_HEADING_LABELS[heading])
    return (
        HEADING_LABELS[heading] if model is None else meeting_models.heading_label(model, heading)
    )


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
    model: MeetingModel,
    level: int = 3,
    children: dict[int, str] | None = None,
) -> bool:
    """Entries grouped under their headings, in the meeting model's order and words as Run shows
    them (chairdesk/meeting_models.py); a parent's copy in its own plain words."""
    any_entry = False
    for heading in meeting_models.heading_order(model):
        group = [e for e in entries if e.heading == heading]
        if not group:
            continue
        b.heading(heading_label(heading, for_parent, model), level)
        add_entries(b, group, children)
        any_entry = True
    return any_entry


def nothing_recorded(b: DocumentBuilder, for_parent: bool) -> None:
    b.paragraph(
        _("Nothing was written down under this heading.") if for_parent else "None recorded.",
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
        return _("No one has scaled how safe the children are yet.")
    now = points[-1]
    assert now.median is not None
    if now.low is not None and now.high is not None and now.low != now.high:
        text = _(
            "At the conference on {date}, how safe the children are was scaled at {score} "
            "out of 10 (people's scores went from {low} to {high})."
        ).format(date=day(now.held_on), score=_score(now.median), low=now.low, high=now.high)
    else:
        text = _(
            "At the conference on {date}, how safe the children are was scaled at {score} "
            "out of 10."
        ).format(date=day(now.held_on), score=_score(now.median))
    text += " "
    if len(points) > 1:
        before = points[-2]
        assert before.median is not None
        if now.median > before.median:
            move = _(
                "That is safer than at the conference on {date}, when it was {score} out of 10."
            )
        elif now.median < before.median:
            move = _(
                "That is less safe than at the conference on {date}, when it was {score} out of 10."
            )
        else:
            move = _(
                "That is the same as at the conference on {date}, when it was {score} out of 10."
            )
        text += move.format(date=day(before.held_on), score=_score(before.median)) + " "
    return text + _("On this scale, {meaning}").format(meaning=_(SCALE_MEANING))


def risk_chart(view: ConferenceView) -> Chart | None:
    if not view.risk_history:
        return None
    points = tuple(
        ChartPoint(
            f"{p.held_on:%d} {_(MONTHS[p.held_on.month - 1])[:3]} {p.held_on:%Y}",
            p.median,
            p.low,
            p.high,
        )
        for p in view.risk_history
    )
    description = "; ".join(
        f"{day(p.held_on)}: "
        + (
            _("not scaled")
            if p.median is None
            else _("{score} out of 10").format(score=_score(p.median))
        )
        for p in view.risk_history
    )
    return Chart(_("Scaling at each conference (0 to 10, higher is safer)"), points, description)


def child_names(view: ConferenceView) -> dict[int, str]:
    return {child.id: child.name for child in view.children}


def children_line(view: ConferenceView) -> str:
    names = []
    for child in view.children:
        if child.date_of_birth is not None:
            born = day(child.date_of_birth)
            names.append(_("{name} (born {date})").format(name=child.name, date=born))
        elif child.due_date is not None:
            due = day(child.due_date)
            names.append(_("{name} (due {date})").format(name=child.name, date=due))
        else:
            names.append(child.name)
    return ", ".join(names) or _("none recorded")


def facts_table(b: DocumentBuilder, view: ConferenceView, recipient: str) -> None:
    s = view.summary
    rows = [
        [_("Family reference"), view.family.case_reference],
        [_("Children"), children_line(view)],
        [_("Conference"), f"{_(s.kind.label)}, {long_day(s.scheduled_at)}"],
        [_("Venue"), s.venue or _("not set")],
        [_("Chair"), view.chair_name or _("not recorded")],
        [_("Lead social worker"), view.lead_social_worker or _("not recorded")],
        [_("This copy is for"), recipient],
    ]
    b.table(["", ""], rows, widths=(0.3, 0.7))


def withheld_notice(b: DocumentBuilder, view: ConferenceView, what: str) -> None:
    """`what` is already in the copy's language ("this plan", "the meeting")."""
    if not view.audience.is_professionals and view.withheld_count > 0:
        b.notice(
            _(
                "Some parts of {what} are not included in your copy. If you have questions "
                "about this, please ask the chair or your social worker."
            ).format(what=what)
        )


def working_days(n: int) -> str:
    return ngettext("{n} working day", "{n} working days", n).format(n=n)


def report_received(report: ReportView) -> str:
    """When the parents received a report, counted in working days before the conference."""
    if report.shared_with_parents_on is None:
        if report.visibility == Visibility.PROFESSIONALS:
            return _("No: for professionals only")
        return _("Not shared with the parents before the conference")
    shared = day(report.shared_with_parents_on)
    n = report.working_days_before
    if n is None:
        return _("On {date}").format(date=shared)
    if n < 0:
        text = _("On {date}: the parents received this report after the conference")
    elif n == 0:
        text = _("On {date}: the parents received this report on the day of the conference")
    else:
        text = _("On {date}: the parents received this report {days} before")
    text = text.format(date=shared, days=working_days(n))
    if report.shared_late and report.working_days_required is not None:
        late = working_days(report.working_days_required)
        text += _(". Late: at least {days} are needed").format(days=late)
    return text


def late_reports(view: ConferenceView) -> list[str]:
    """A line per shareable report the parents had too late, or not at all, for the flag."""
    lines = []
    for r in view.reports:
        name = r.title or _("{agency} report").format(agency=r.agency)
        if r.shared_late and r.working_days_required is not None:
            had = r.working_days_before or 0
            if had < 0:
                when = _("after the conference")
            else:
                when = _("{days} before").format(days=working_days(had))
            lines.append(
                _(
                    "{report} ({agency}): received {when}, not {days} before as the council "
                    "requires"
                ).format(
                    report=name,
                    agency=r.agency,
                    when=when,
                    days=working_days(r.working_days_required),
                )
            )
        elif (
            r.shared_with_parents_on is None
            and r.visibility != Visibility.PROFESSIONALS
            and r.working_days_required is not None
        ):
            lines.append(
                _("{report} ({agency}): not shared with the parents before the conference").format(
                    report=name, agency=r.agency
                )
            )
    return lines


def social_worker_history(
    b: DocumentBuilder, view: ConferenceView, parent: bool, level: int = 2
) -> None:
    """Every social worker allocated to the family, oldest first, so a change is visible."""
    b.heading(_("Your social workers") if parent else "Allocated social workers", level)
    workers = sorted(view.social_workers, key=lambda w: w.from_date)
    if not workers:
        b.paragraph(_("No social worker allocation is recorded."), style="note")
        return
    rows = [[w.name, w.team or "", day(w.from_date), day(w.to_date, _("now"))] for w in workers]
    b.table(
        [_("Social worker"), _("Team"), _("From"), _("Until")], rows, widths=(0.3, 0.3, 0.2, 0.2)
    )
    changes = [
        _("on {date} from {before} to {after}").format(
            date=day(after.from_date), before=before.name, after=after.name
        )
        for before, after in pairwise(workers)
        if before.name != after.name
    ]
    if changes:
        b.paragraph(
            _("The allocated social worker changed {changes}.").format(
                changes=_("; then ").join(changes)
            ),
            lead=_("Change of worker:"),
        )
