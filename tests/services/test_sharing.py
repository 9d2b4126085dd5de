"""The sharing filter: each parent's view leaves out what is restricted, withheld or not heard."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chairdesk.domain import AgendaKind, Heading, Origin, Visibility
from chairdesk.models import Action, Entry, Report
from chairdesk.services.agenda import AgendaService
from chairdesk.services.analysis import AnalysisService
from chairdesk.services.entries import EntryService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.settings import SettingsService
from chairdesk.services.sharing import SharingService
from tests.services.builders import (
    FAMILY_ADDRESS,
    FATHER,
    FATHER_ADDRESS,
    MOTHER,
    agenda_item,
    fixed_context,
    make_conference,
    participant_id,
    person_id,
)


def _at(hour, minute):
    return datetime(2026, 12, 1, hour, minute)


def _entries(database, hour, minute):
    return EntryService(fixed_context(database, _at(hour, minute)))


def _texts(view):
    return {e.text for e in view.entries}


def test_sharing_each_audience_gets_only_what_it_may_see(database):
    conference = make_conference(database)
    context = fixed_context(database)
    sharing = SharingService(context)
    record = sharing.view(conference.id)
    mother, father = person_id(record, MOTHER), person_id(record, FATHER)
    parents = agenda_item(record, AgendaKind.PARENTS_VIEWS)
    police = agenda_item(record, AgendaKind.AGENCY, "Police")
    gp = agenda_item(record, AgendaKind.AGENCY, "GP")

    at_ten = _entries(database, 10, 0)
    at_ten.add_entry(parents.id, Heading.VIEW, "Shared words")
    at_ten.add_entry(parents.id, Heading.WORRY, "Pasted minutes", origin=Origin.PASTED)
    at_ten.add_entry(
        parents.id,
        Heading.WORRY,
        "Kept from mother",
        visibility=Visibility.WITHHELD,
        withheld_from=[mother],
    )
    # The father is excluded from the police item (and from 10:20 to 10:30).
    agenda = AgendaService(context)
    by_item = agenda.exclude(
        participant_id(record, FATHER),
        "Police update on a live investigation",
        _at(10, 20),
        agenda_item_ids=[police.id],
    )
    agenda.end_exclusion(by_item.id, _at(10, 30))
    _entries(database, 11, 0).add_entry(police.id, Heading.WORRY, "Heard in the police item")
    _entries(database, 11, 0).add_entry(gp.id, Heading.STRENGTH, "GP at eleven")
    # Then excluded for a while, by time alone.
    by_time = agenda.exclude(participant_id(record, FATHER), "Mother's health", _at(11, 30))
    _entries(database, 11, 40).add_entry(gp.id, Heading.WORRY, "Heard while father was out")
    agenda.end_exclusion(by_time.id, _at(11, 50))
    _entries(database, 12, 0).add_entry(gp.id, Heading.NOTE, "After father returned")

    professionals = sharing.view(conference.id)
    for_mother = sharing.view(conference.id, sharing.audience_for(conference.id, mother))
    for_father = sharing.view(conference.id, sharing.audience_for(conference.id, father))

    assert _texts(professionals) == {
        "Shared words",
        "Pasted minutes",
        "Kept from mother",
        "Heard in the police item",
        "GP at eleven",
        "Heard while father was out",
        "After father returned",
    }
    assert _texts(for_mother) == {
        "Shared words",
        "Heard in the police item",
        "GP at eleven",
        "Heard while father was out",
        "After father returned",
    }
    assert _texts(for_father) == {
        "Shared words",
        "Kept from mother",
        "GP at eleven",
        "After father returned",
    }
    assert (professionals.withheld_count, for_mother.withheld_count) == (0, 2)
    assert for_father.withheld_count == 3
    assert len(professionals.exclusions) == 2
    # His copy says when he was asked to leave, never why; hers says nothing of it.
    assert [(x.started_at, x.reason) for x in for_father.exclusions] == [
        (_at(10, 20), ""),
        (_at(11, 30), ""),
    ]
    assert for_mother.exclusions == ()
    assert "live investigation" not in repr(for_father)
    for parent_view in (for_mother, for_father):
        assert parent_view.family.address is None
        assert all(p.address is None for p in parent_view.people)
        assert FAMILY_ADDRESS not in repr(parent_view)
        assert FATHER_ADDRESS not in repr(parent_view)
    assert FAMILY_ADDRESS in repr(professionals) and FATHER_ADDRESS in repr(professionals)


# Markers are letters, digits and symbols that repr() shows as they are (no escapes), in
# many scripts, so a marker found in a repr() is the marker itself.
_MARKER_BODY = st.text(
    alphabet=st.characters(categories=("Lu", "Ll", "Lo", "Nd", "So")), min_size=1, max_size=24
)
_SLOTS = 12


def _place_markers(database, conference_id, parent, markers):
    """Put each marker in something the parent may not see, beside a few shared things."""
    context = fixed_context(database)
    record = SharingService(context).view(conference_id)
    police = agenda_item(record, AgendaKind.AGENCY, "Police")
    withheld = {"visibility": Visibility.WITHHELD, "withheld_from": [parent]}
    professionals = Visibility.PROFESSIONALS
    entries, analysis = EntryService(context), AnalysisService(context)
    entries.add_entry(police.id, Heading.WORRY, markers[0], origin=Origin.PASTED)
    entries.add_entry(police.id, Heading.WORRY, markers[1], **withheld)
    entries.add_entry(police.id, Heading.STRENGTH, "Mum and dad both came today")
    analysis.add_danger_statement(conference_id, markers[2], markers[3], professionals)
    analysis.add_danger_statement(conference_id, markers[4], markers[5], **withheld)
    analysis.add_danger_statement(conference_id, "Leo may go hungry", "Leo eats three meals")
    analysis.record_scaling(conference_id, "Priya Shah", 3, markers[6], visibility=professionals)
    analysis.record_scaling(conference_id, "Jo Bright", 6, "Things are improving")
    with database.transaction() as session:
        session.add_all(
            [
                Report(
                    conference_id=conference_id,
                    agency="Police",
                    title=markers[7],
                    visibility=professionals,
                ),
                Report(
                    conference_id=conference_id,
                    agency="GP",
                    title=markers[8],
                    visibility=Visibility.WITHHELD,
                    withheld_from=[parent],
                ),
                Report(conference_id=conference_id, agency="School", title="Attendance"),
                Action(
                    conference_id=conference_id,
                    what=markers[9],
                    why=markers[10],
                    visibility=professionals,
                ),
                Action(
                    conference_id=conference_id,
                    what=markers[11],
                    who="Priya Shah",
                    visibility=Visibility.WITHHELD,
                    withheld_from=[parent],
                ),
                Action(conference_id=conference_id, what="Take Leo to the dentist"),
            ]
        )


WITHHELD_SLOTS = (1, 4, 5, 8, 11)


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    bodies=st.lists(_MARKER_BODY, min_size=_SLOTS, max_size=_SLOTS),
    parent_name=st.sampled_from([MOTHER, FATHER]),
)
def test_sharing_markers_never_reach_a_parent_and_all_reach_professionals(
    database, bodies, parent_name
):
    markers = [f"QZXMARK{i}_{body}_END" for i, body in enumerate(bodies)]
    conference = make_conference(database)
    sharing = SharingService(fixed_context(database))
    record = sharing.view(conference.id)
    parent = person_id(record, parent_name)
    other = person_id(record, FATHER if parent_name == MOTHER else MOTHER)
    _place_markers(database, conference.id, parent, markers)

    for_parent = repr(sharing.view(conference.id, sharing.audience_for(conference.id, parent)))
    for_other = repr(sharing.view(conference.id, sharing.audience_for(conference.id, other)))
    for_professionals = repr(sharing.view(conference.id))

    assert [m for m in markers if m in for_parent] == []
    assert [m for m in markers if m not in for_professionals] == []
    # Withheld from one parent is not withheld from the other: never over-redact.
    assert [i for i in WITHHELD_SLOTS if markers[i] not in for_other] == []
    assert [i for i in range(_SLOTS) if i not in WITHHELD_SLOTS and markers[i] in for_other] == []
    assert "Mum and dad both came today" in for_parent
    assert "Take Leo to the dentist" in for_parent


def test_sharing_withheld_from_nobody_is_not_shown_to_parents(database):
    # The services refuse this, but an imported package or an older row may hold it.
    conference = make_conference(database)
    sharing = SharingService(fixed_context(database))
    record = sharing.view(conference.id)
    item = agenda_item(record, AgendaKind.PARENTS_VIEWS)
    with database.transaction() as session:
        session.add(
            Entry(
                conference_id=conference.id,
                agenda_item_id=item.id,
                heading=Heading.NOTE,
                text="Withheld from an empty list",
                visibility=Visibility.WITHHELD,
                withheld_from=[],
                created_at=_at(10, 0),
                updated_at=_at(10, 0),
            )
        )
    mother = sharing.audience_for(conference.id, person_id(record, MOTHER))
    assert _texts(sharing.view(conference.id, mother)) == set()


def test_sharing_scalings_of_a_hidden_danger_statement_stay_hidden(database):
    conference = make_conference(database)
    context = fixed_context(database)
    sharing = SharingService(context)
    analysis = AnalysisService(context)
    hidden = analysis.add_danger_statement(
        conference.id, "Police bail conditions", "None yet", Visibility.PROFESSIONALS
    )
    analysis.record_scaling(
        conference.id, "DC Ruth Ames", 2, "Until the bail ends", danger_statement_id=hidden.id
    )
    mother = sharing.audience_for(conference.id, person_id(sharing.view(conference.id), MOTHER))
    assert "Until the bail ends" not in repr(sharing.view(conference.id, mother))


# Tuesday 1 December 2026 (the builders' conference): parents need 3 working days before an
# initial conference. Monday 30 November is St Andrew's Day, a bank holiday in Scotland only.
@pytest.mark.parametrize(
    ("region", "in_time", "too_late"),
    [
        ("england-and-wales", date(2026, 11, 26), date(2026, 11, 27)),
        ("scotland", date(2026, 11, 25), date(2026, 11, 26)),
    ],
)
def test_view_reports_count_working_days_before_the_conference_at_the_boundary(
    database, region, in_time, too_late
):
    context = fixed_context(database, datetime(2026, 11, 30, 9, 0))
    SettingsService(context).update(region=region)
    conference = make_conference(database)
    prepare = PrepareService(context)
    prepare.add_report(conference.id, "Health Visiting", shared_with_parents_on=in_time)
    prepare.add_report(conference.id, "Oak Tree Primary", shared_with_parents_on=too_late)
    prepare.add_report(conference.id, "GP surgery")
    sharing = SharingService(context)
    professionals = sharing.view(conference.id)
    timing = [
        (r.working_days_before, r.working_days_required, r.shared_late)
        for r in professionals.reports
    ]
    assert timing == [(3, 3, False), (2, 3, True), (None, 3, False)]
    mother = sharing.audience_for(conference.id, person_id(professionals, MOTHER))
    assert [r.shared_late for r in sharing.view(conference.id, mother).reports] == [
        False,
        True,
        False,
    ]
