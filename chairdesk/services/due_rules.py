"""What is due for a conference under the council's timescales, worked out in plain SQL reads.

`due_rows` works out the rows for any set of conferences (a WHERE clause on `conference c`);
services/due_board.py stores them when a conference changes, and Home reads a sorted page of
the stored rows (services/listing.py). `computed_due_items` works the board out afresh from the
conferences themselves, as Home once did on every visit: the tests hold the stored board to it.
Nothing here imports SQLAlchemy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from chairdesk.domain import ConferenceKind, ConferenceStatus, Outcome, PersonRole
from chairdesk.home_views import DueItem
from chairdesk.services.settings import CouncilSettings
from chairdesk.services.timescales import due_dates, report_shared_lateness

# Concluded conferences older than this have either been reviewed or are long closed.
LOOK_BACK = timedelta(days=400)
LOOK_AHEAD = timedelta(days=60)
# A report still to share shows on the board from a week before it is due.
REPORT_NOTICE = timedelta(days=7)
_CHILDREN = {"child": PersonRole.CHILD.value, "unborn": PersonRole.UNBORN.value}

Read = Callable[[str, Mapping[str, object]], list[tuple[Any, ...]]]


@dataclass(frozen=True)
class DueRowData:
    """One stored row: something due for one conference, and when the board shows it."""

    conference_id: int
    what: str
    due_on: date
    held_on: date
    shown_from: date | None = None


# The rules each fingerprint stands for, as this process has seen them in force.
_KNOWN: dict[str, CouncilSettings] = {}


def rules_key(rules: CouncilSettings) -> str:
    """A fingerprint of the settings the rows were worked out with (any change: work out again).
    Remembered, so a commit can work rows out with the rules the stored board was built with."""
    text = json.dumps(asdict(rules), sort_keys=True, default=str)
    key = hashlib.sha256(text.encode()).hexdigest()[:32]
    _KNOWN[key] = rules
    return key


def rules_for(key: str) -> CouncilSettings | None:
    """The rules behind a fingerprint, if this process has seen them in force."""
    return _KNOWN.get(key)


def as_date(value: object) -> date | None:
    """A date as the database gives it back (ISO text on SQLite)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def window(today: date) -> tuple[date, date]:
    """The days of the conferences Home lists what is due for."""
    return today - LOOK_BACK, today + LOOK_AHEAD


@dataclass(frozen=True)
class _Held:
    """What the due list needs to know about one conference."""

    id: int
    family_id: int
    kind: ConferenceKind
    held_on: date
    status: ConferenceStatus
    strategy_discussion_on: date | None
    core_group_on: date | None
    review_on: date | None
    outcome_letter_sent_on: date | None
    record_issued_on: date | None
    reconvene_on: date | None = None  # adjourned: the day the same conference continues


# The facts the due list is worked out from, in plain SQL: `{where}` is a condition on
# `conference c` (ids_clause, or a window of dates). Named *_SQL so tests/services/
# test_home_sql.py runs each against the models' tables on SQLite and PostgreSQL.
HELD_SQL = (
    "SELECT c.id, c.family_id, c.kind, c.scheduled_at, c.status,"
    " c.strategy_discussion_on, c.core_group_on, c.review_on,"
    " c.outcome_letter_sent_on, c.record_issued_on, c.reconvene_on"
    " FROM conference c WHERE {where} ORDER BY c.scheduled_at, c.id"
)
REPORTS_SQL = (
    "SELECT r.conference_id, r.agency, r.shared_with_parents_on"
    " FROM report r JOIN conference c ON c.id = r.conference_id WHERE {where} ORDER BY r.id"
)
BIRTHS_SQL = (
    "SELECT p.family_id, p.date_of_birth FROM person p"
    " WHERE p.role IN (:child, :unborn) AND p.due_date IS NOT NULL"
    " AND p.date_of_birth IS NOT NULL AND p.family_id IN"
    " (SELECT c.family_id FROM conference c WHERE {where} AND c.kind = :pre_birth)"
    " ORDER BY p.id"
)
REVIEWED_SQL = (
    "SELECT DISTINCT n.previous_id FROM conference n WHERE n.previous_id IN"
    " (SELECT c.id FROM conference c WHERE {where})"
)
CORE_GROUPS_SQL = (
    "SELECT DISTINCT g.conference_id FROM core_group_meeting g"
    " JOIN conference c ON c.id = g.conference_id WHERE {where}"
)
PLANS_SQL = (
    "SELECT DISTINCT d.conference_id FROM decision d"
    " JOIN conference c ON c.id = d.conference_id WHERE {where} AND d.outcome = :plan"
)
WINDOW_WHERE = "c.scheduled_at >= :start AND c.scheduled_at <= :end"


@dataclass
class _Around:
    """The facts about the conferences asked about, each read once for them all."""

    reviewed: set[int]
    reports: dict[int, list[tuple[str, date | None]]]
    core_groups: set[int]
    plans: set[int]
    births: dict[int, date]


def _facts(read: Read, where: str, params: Mapping[str, object]) -> tuple[list[_Held], _Around]:
    held = [
        _Held(
            id=row[0],
            family_id=row[1],
            kind=ConferenceKind(row[2]),
            held_on=as_datetime(row[3]).date(),
            status=ConferenceStatus(row[4]),
            strategy_discussion_on=as_date(row[5]),
            core_group_on=as_date(row[6]),
            review_on=as_date(row[7]),
            outcome_letter_sent_on=as_date(row[8]),
            record_issued_on=as_date(row[9]),
            reconvene_on=as_date(row[10]),
        )
        for row in read(HELD_SQL.format(where=where), params)
    ]
    reports: dict[int, list[tuple[str, date | None]]] = {}
    for conference_id, agency, shared_on in read(REPORTS_SQL.format(where=where), params):
        reports.setdefault(conference_id, []).append((agency, as_date(shared_on)))
    births: dict[int, date] = {}
    # Once the baby is born the chair records the date of birth on the unborn child's record.
    for family_id, born in read(
        BIRTHS_SQL.format(where=where),
        {**params, **_CHILDREN, "pre_birth": ConferenceKind.PRE_BIRTH.value},
    ):
        born_on = as_date(born)
        if born_on is not None:
            births.setdefault(family_id, born_on)
    around = _Around(
        reviewed={row[0] for row in read(REVIEWED_SQL.format(where=where), params)},
        reports=reports,
        core_groups={row[0] for row in read(CORE_GROUPS_SQL.format(where=where), params)},
        plans={
            row[0]
            for row in read(PLANS_SQL.format(where=where), {**params, "plan": Outcome.PLAN.value})
        },
        births=births,
    )
    return held, around


def due_rows(
    read: Read, rules: CouncilSettings, where: str, params: Mapping[str, object]
) -> list[DueRowData]:
    """The rows for the conferences `where` selects (a condition on `conference c`)."""
    held, around = _facts(read, where, params)
    rows: list[DueRowData] = []
    for conference in held:

        def due(what: str, on: date, shown_from: date | None = None, c: _Held = conference) -> None:
            rows.append(DueRowData(c.id, what, on, c.held_on, shown_from))

        _conference_rows(conference, around, rules, due)
    return rows


def ids_clause(conference_ids: set[int]) -> str:
    """A WHERE condition on `conference c` for these ids (integers only, written inline)."""
    if not conference_ids:
        return "1 = 0"
    return "c.id IN (" + ", ".join(str(int(i)) for i in sorted(conference_ids)) + ")"


def computed_due_items(
    read: Read, rules: CouncilSettings, today: date, names: Mapping[int, tuple[str, str]]
) -> tuple[DueItem, ...]:
    """The whole board worked out afresh for `today` (`names`: case reference and family name
    by conference id). What the stored board must always equal."""
    first, last = window(today)
    params = {
        "start": datetime.combine(first, datetime.min.time()),
        "end": datetime.combine(last, datetime.max.time()),
    }
    rows = due_rows(read, rules, WINDOW_WHERE, params)
    items = [
        DueItem(r.conference_id, r.what, r.due_on, r.due_on < today, *names[r.conference_id])
        for r in rows
        if r.shown_from is None or r.shown_from <= today
    ]
    items.sort(key=lambda item: (not item.overdue, item.due_on, item.conference_id))
    return tuple(items)


def _conference_rows(
    conference: _Held,
    around: _Around,
    rules: CouncilSettings,
    due: Callable[..., None],
) -> None:
    held_on = conference.held_on
    birth_on = (
        around.births.get(conference.family_id)
        if conference.kind == ConferenceKind.PRE_BIRTH
        else None
    )
    dates = due_dates(
        conference.kind,
        held_on,
        rules,
        strategy_discussion_on=conference.strategy_discussion_on,
        birth_on=birth_on,
    )
    if conference.reconvene_on is not None and conference.status in (
        ConferenceStatus.PLANNED,
        ConferenceStatus.IN_PROGRESS,
    ):
        due("Reconvene the adjourned conference", conference.reconvene_on)
    if conference.status == ConferenceStatus.PLANNED:
        for agency, shared_on in around.reports.get(conference.id, ()):
            if shared_on is None:
                by = dates.reports_to_parents_by
                due(f"Share the {agency} report with the parents", by, by - REPORT_NOTICE)
            elif report_shared_lateness(shared_on, held_on, conference.kind, rules).late:
                due(f"The {agency} report reached the parents late", held_on)
        if dates.icpc_by is not None and held_on > dates.icpc_by:
            due("Initial conference is later than the timescale allows", dates.icpc_by)
        return
    if conference.status not in (ConferenceStatus.CONCLUDED, ConferenceStatus.ISSUED):
        return
    if conference.outcome_letter_sent_on is None:
        due("Send the chair's outcome letter", dates.outcome_letter_by)
    if conference.record_issued_on is None:
        due("Issue the conference record", dates.record_by)
    if conference.id in around.reviewed:
        return
    if dates.first_core_group_by is not None and conference.id not in around.core_groups:
        due("Hold the first core group", conference.core_group_on or dates.first_core_group_by)
    if conference.id in around.plans:
        due("Hold the review conference", conference.review_on or dates.next_review_by)
