"""The demo family: loads through the services, parents first, and only the designed secrets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from chairdesk.domain import (
    ActionStatus,
    AgendaKind,
    ConferenceKind,
    ConferenceStatus,
    Origin,
    Visibility,
)
from chairdesk.services.analysis import AnalysisService
from chairdesk.services.base import ServiceContext
from chairdesk.services.demo import load_demo
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from chairdesk.views import ConferenceView
from tests.conftest import PASSPHRASE

TODAY = datetime(2026, 12, 1, 9, 0)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ConferenceView, ...]]:
    """The demo loaded once; the professionals' views of the initial conference and review."""
    database = open_database(
        str(tmp_path_factory.mktemp("demo") / "demo.db"), PASSPHRASE, create=True
    )
    try:
        context = ServiceContext(database=database, clock=lambda: TODAY)
        initial, review = load_demo(context)
        sharing = SharingService(context)
        views = [sharing.view(initial), sharing.view(review)]
        for audience in sharing.audiences(initial)[1:]:
            views.append(sharing.view(initial, audience))
        yield tuple(views)
    finally:
        database.close()


def _entry_kinds(view: ConferenceView) -> list[AgendaKind]:
    kinds = {a.id: a.kind for a in view.agenda}
    ordered = sorted(view.entries, key=lambda e: (e.created_at, e.id))
    return [kinds[e.agenda_item_id] for e in ordered]


def test_demo_loads_a_concluded_initial_conference_and_its_review(
    demo: tuple[ConferenceView, ...],
) -> None:
    initial, review = demo[0], demo[1]

    assert initial.summary.kind == ConferenceKind.INITIAL
    assert review.summary.kind == ConferenceKind.REVIEW
    assert review.summary.previous_id == initial.summary.id
    assert {initial.summary.status, review.summary.status} == {ConferenceStatus.CONCLUDED}
    assert [p.name for p in initial.children] == [
        "Maisie Fernlow",
        "Alfie Fernlow",
        "Baby Fernlow (unborn)",
    ]
    assert (review.summary.scheduled_at - initial.summary.scheduled_at).days == 91
    assert review.summary.scheduled_at.date() < TODAY.date()


def test_demo_parents_speak_before_every_agency(demo: tuple[ConferenceView, ...]) -> None:
    for view in demo[:2]:
        positions = {a.kind: a.position for a in view.agenda if a.kind != AgendaKind.AGENCY}
        agencies = [a for a in view.agenda if a.kind == AgendaKind.AGENCY]
        assert len(agencies) == 5
        assert all(positions[AgendaKind.PARENTS_VIEWS] < a.position for a in agencies)
        kinds = _entry_kinds(view)
        assert kinds.index(AgendaKind.PARENTS_VIEWS) < kinds.index(AgendaKind.AGENCY)
        last_parent = max(i for i, k in enumerate(kinds) if k == AgendaKind.PARENTS_VIEWS)
        assert last_parent < kinds.index(AgendaKind.AGENCY)


def test_demo_initial_conference_is_fully_recorded(demo: tuple[ConferenceView, ...]) -> None:
    initial = demo[0]
    headings = {e.heading.value for e in initial.entries}

    assert {"worry", "strength", "complicating_factor", "next_steps"} <= headings
    assert {"how_obtained", "risk_statement", "view", "response"} <= headings
    assert all(d.safety_goal for d in initial.danger_statements)
    assert len(initial.danger_statements) == 3
    assert len({s.scorer_name for s in initial.scalings}) == 8
    assert len(initial.decisions) == 3
    assert all(d.recommendations for d in initial.decisions)
    assert len(initial.actions) == 8
    assert not any(a.missing for a in initial.actions)
    assert all(
        a.why and a.how_we_will_know and a.support and a.if_not_done for a in initial.actions
    )
    assert all(
        vars(initial.checklist)[flag]
        for flag in ("chair_met_parents", "advocate_offered", "leaflet_given", "told_speak_first")
    )
    late = [
        r
        for r in initial.reports
        if r.shared_with_parents_on == initial.summary.scheduled_at.date()
    ]
    assert [r.agency for r in late] == ["Exampleton Primary School"]
    assert [w.name for w in initial.social_workers] == ["Hannah Greenway", "Sam Tolland"]
    assert initial.social_workers[0].to_date is not None
    assert initial.lead_social_worker == "Hannah Greenway"


def test_demo_exactly_one_dissent(demo: tuple[ConferenceView, ...]) -> None:
    dissents = [x for view in demo[:2] for d in view.decisions for x in d.dissents]

    assert [(x.name, x.agency) for x in dissents] == [("Lina Farrow", "Exampleton Primary School")]


def test_demo_restricted_and_withheld_entries_are_exactly_the_designed_ones(
    demo: tuple[ConferenceView, ...],
) -> None:
    initial, review = demo[0], demo[1]
    dean = next(p.id for p in initial.people if p.name == "Dean Kestrell")

    def restricted(view: ConferenceView) -> list[tuple[str, str, str]]:
        return [
            (e.visibility.value, e.origin.value, " ".join(e.text.split()[:4]))
            for e in view.entries
            if e.visibility != Visibility.SHARED
        ]

    assert restricted(initial) == [
        ("withheld", "typed", "Jodie and the children"),
        ("professionals", "pasted", "Pasted from police incident"),
        ("professionals", "typed", "The officer in the"),
    ]
    assert [e.withheld_from for e in initial.entries if e.visibility == Visibility.WITHHELD] == [
        (dean,)
    ]
    assert restricted(review) == [("professionals", "pasted", "Pasted from the police")]
    assert all(
        e.origin != Origin.PASTED or e.visibility == Visibility.PROFESSIONALS
        for view in demo[:2]
        for e in view.entries
    )


def test_demo_parents_copies_hold_only_what_each_may_see(
    demo: tuple[ConferenceView, ...],
) -> None:
    by_recipient = {view.audience.recipient_name: view for view in demo[2:]}

    def texts(name: str) -> str:
        return " ".join(e.text for e in by_recipient[name].entries)

    assert "Hillside" in texts("Jodie Fernlow")
    assert "Hillside" not in texts("Dean Kestrell")
    for name in by_recipient:
        assert "EX/DEMO/0413" not in texts(name) and "witness statement" not in texts(name)
    # Three entries and the police report.
    assert by_recipient["Dean Kestrell"].withheld_count == 4
    assert by_recipient["Jodie Fernlow"].withheld_count == 3


def test_demo_review_carries_the_initial_actions_with_progress(
    demo: tuple[ConferenceView, ...],
) -> None:
    initial, review = demo[0], demo[1]
    carried = [a for a in review.actions if a.carried_from_id is not None]
    new = [a for a in review.actions if a.carried_from_id is None]

    assert [a.carried_from_id for a in carried] == [a.id for a in initial.actions]
    assert [a.what for a in carried] == [a.what for a in initial.actions]
    achieved = [a for a in carried if a.status == ActionStatus.ACHIEVED]
    assert len(achieved) == 5
    assert all(a.achieved_on and a.confirmed_by for a in achieved)
    not_achieved = [a for a in carried if a.status == ActionStatus.NOT_ACHIEVED]
    assert len(not_achieved) == 1 and not_achieved[0].status_reason
    assert len(new) == 1 and new[0].reason_added
    assert any(a.progress for a in carried)
    views_of_plan = [
        e
        for e in review.entries
        if e.agenda_item_id in {a.id for a in review.agenda if a.kind == AgendaKind.PLAN}
    ]
    assert {e.speaker_name for e in views_of_plan} == {"Jodie Fernlow", "Dean Kestrell"}
    assert review.lead_social_worker == "Sam Tolland"


def test_demo_scaling_rises_at_the_review(demo: tuple[ConferenceView, ...]) -> None:
    initial, review = demo[0], demo[1]

    history = review.risk_history

    assert [p.conference_id for p in history] == [initial.summary.id, review.summary.id]
    assert history[0].median is not None and history[1].median is not None
    assert history[1].median > history[0].median


def test_demo_has_only_fictional_telephone_numbers(demo: tuple[ConferenceView, ...]) -> None:
    texts = " ".join(
        " ".join(
            [e.text for e in view.entries]
            + [f"{a.what} {a.support} {a.if_not_done}" for a in view.actions]
        )
        for view in demo[:2]
    )
    numbers = re.findall(r"\b0\d{3,4} ?\d{6}\b", texts)

    assert numbers and all(n.startswith("01632 960") for n in numbers)


def test_demo_loads_on_every_database(database: Any) -> None:
    context = ServiceContext(database=database, clock=lambda: TODAY)

    initial, review = load_demo(context)

    spread = AnalysisService(context).spread(review)
    assert spread.count == 7 and spread.low == 6
    assert SharingService(context).view(initial).summary.family_name == "Fernlow"


def test_demo_loaded_twice_uses_a_new_reference(tmp_path: Path) -> None:
    database = open_database(str(tmp_path / "twice.db"), PASSPHRASE, create=True)
    try:
        context = ServiceContext(database=database, clock=lambda: TODAY)
        first = SharingService(context).view(load_demo(context)[0]).family.case_reference
        second = SharingService(context).view(load_demo(context)[0]).family.case_reference
    finally:
        database.close()

    assert (first, second) == ("DEMO-1001", "DEMO-1002")
