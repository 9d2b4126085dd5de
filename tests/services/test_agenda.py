"""The agenda stepper: parents speak first, reasons for skips and moves, exclusions, the close."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import select

from chairdesk.domain import AgendaKind, AgendaStatus, ConferenceStatus
from chairdesk.errors import NotFoundError, RuleError, ValidationError
from chairdesk.models import AuditEvent
from chairdesk.services import audit
from chairdesk.services.agenda import AgendaService
from chairdesk.services.sharing import SharingService
from tests.services.builders import (
    AGENCIES,
    FATHER,
    MOTHER,
    agenda_item,
    fixed_context,
    make_conference,
    mark_everyone_present,
    participant_id,
)


def _meeting(database, when=datetime(2026, 12, 1, 10, 0)):
    conference = make_conference(database)
    context = fixed_context(database, when)
    view = SharingService(context).view(conference.id)
    return conference, AgendaService(context), view


def test_agenda_items_put_parents_views_before_every_agency(database):
    conference, agenda, _ = _meeting(database)
    items = agenda.items(conference.id)
    kinds = [i.kind for i in items]
    parents = kinds.index(AgendaKind.PARENTS_VIEWS)
    agencies = [i for i in items if i.kind == AgendaKind.AGENCY]
    assert [a.agency for a in agencies] == list(AGENCIES)
    assert all(a.position > parents for a in agencies)
    assert [i.position for i in items] == list(range(len(items)))


def test_agenda_agency_item_refused_before_parents_have_spoken(database):
    conference, agenda, view = _meeting(database)
    police = agenda_item(view, AgendaKind.AGENCY, "Police")
    with pytest.raises(RuleError, match="Parents speak first") as raised:
        agenda.start_item(police.id)
    assert "record why they are not speaking first" in str(raised.value)
    assert all(i.status == AgendaStatus.PENDING for i in agenda.items(conference.id))


def test_agenda_agency_item_starts_once_parents_views_are_done(database):
    _, agenda, view = _meeting(database)
    parents = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    agenda.start_item(parents.id)
    agenda.finish_item(parents.id)
    started = agenda.start_item(agenda_item(view, AgendaKind.AGENCY, "Police").id)
    assert started.status == AgendaStatus.IN_PROGRESS


def test_agenda_agency_item_starts_while_parents_speak_and_finishes_their_item(database):
    conference, agenda, view = _meeting(database)
    parents = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    agenda.start_item(parents.id)
    agenda.start_item(agenda_item(view, AgendaKind.AGENCY, AGENCIES[0]).id)
    after = {i.id: i for i in agenda.items(conference.id)}
    assert after[parents.id].status == AgendaStatus.DONE
    assert after[parents.id].ended_at is not None


def test_agenda_agency_item_starts_when_parents_views_skipped_with_reason(database):
    _, agenda, view = _meeting(database)
    parents = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    skipped = agenda.skip_item(parents.id, "Both parents asked to speak after the school")
    assert skipped.status == AgendaStatus.SKIPPED
    assert skipped.reason == "Both parents asked to speak after the school"
    started = agenda.start_item(agenda_item(view, AgendaKind.AGENCY, "GP").id)
    assert started.status == AgendaStatus.IN_PROGRESS


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_agenda_skip_refused_without_reason(database, reason):
    conference, agenda, view = _meeting(database)
    parents = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    with pytest.raises(RuleError, match="say why"):
        agenda.skip_item(parents.id, reason)
    assert agenda.items(conference.id)[parents.position].status == AgendaStatus.PENDING


def test_agenda_agency_item_starts_after_chair_records_parents_not_first(database):
    conference, agenda, view = _meeting(database)
    with pytest.raises(RuleError, match="not speaking first"):
        agenda.record_parents_not_first(conference.id, "  ")
    agenda.record_parents_not_first(conference.id, "Mother is delayed; father not yet arrived")
    started = agenda.start_item(agenda_item(view, AgendaKind.AGENCY, "Police").id)
    assert started.status == AgendaStatus.IN_PROGRESS
    record = SharingService(agenda.context).view(conference.id)
    assert record.parents_not_first_reason == "Mother is delayed; father not yet arrived"


def test_agenda_first_start_marks_the_conference_in_progress(database):
    conference, agenda, view = _meeting(database)
    opening = agenda_item(view, AgendaKind.OPENING)
    agenda.start_item(opening.id)
    summary_view = SharingService(agenda.context).view(conference.id)
    assert summary_view.summary.status == ConferenceStatus.IN_PROGRESS
    assert summary_view.started_at == datetime(2026, 12, 1, 10, 0)


def test_agenda_start_finishes_the_item_in_progress_and_current_item_follows(database):
    conference, agenda, view = _meeting(database)
    assert agenda.current_item(conference.id) is None
    opening = agenda_item(view, AgendaKind.OPENING)
    tree = agenda_item(view, AgendaKind.FAMILY_TREE)
    agenda.start_item(opening.id)
    assert agenda.current_item(conference.id).id == opening.id
    later = AgendaService(fixed_context(database, datetime(2026, 12, 1, 10, 7)))
    later.start_item(tree.id)
    items = {i.id: i for i in agenda.items(conference.id)}
    assert items[opening.id].status == AgendaStatus.DONE
    assert items[opening.id].ended_at == datetime(2026, 12, 1, 10, 7)
    assert agenda.current_item(conference.id).id == tree.id
    assert [i.id for i in items.values() if i.status == AgendaStatus.IN_PROGRESS] == [tree.id]


def test_agenda_finish_refused_for_an_item_not_started(database):
    _, agenda, view = _meeting(database)
    with pytest.raises(RuleError, match="start it before finishing"):
        agenda.finish_item(agenda_item(view, AgendaKind.OPENING).id)


def test_agenda_reorder_refused_without_reason(database):
    conference, agenda, view = _meeting(database)
    child_views = agenda_item(view, AgendaKind.CHILD_VIEWS)
    with pytest.raises(RuleError, match="say why"):
        agenda.reorder_item(child_views.id, 2, "")
    assert agenda.items(conference.id)[child_views.position].id == child_views.id


def test_agenda_reorder_never_puts_an_agency_before_the_parents_views(database):
    conference, agenda, view = _meeting(database)
    parents = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    police = agenda_item(view, AgendaKind.AGENCY, "Police")
    before = agenda.items(conference.id)
    with pytest.raises(RuleError, match="Parents speak first"):
        agenda.reorder_item(police.id, parents.position, "Officer must leave early")
    with pytest.raises(RuleError, match="Parents speak first"):
        agenda.reorder_item(parents.id, police.position, "Parents asked to go after police")
    assert agenda.items(conference.id) == before


def test_agenda_reorder_moves_the_item_and_records_why(database):
    conference, agenda, view = _meeting(database)
    parents = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    gp = agenda_item(view, AgendaKind.AGENCY, "GP")
    moved = agenda.reorder_item(gp.id, parents.position + 1, "The GP has surgery at eleven")
    assert moved.reason == "The GP has surgery at eleven"
    items = agenda.items(conference.id)
    assert items[parents.position + 1].id == gp.id
    assert [i.position for i in items] == list(range(len(items)))
    assert len(items) == len(view.agenda)


def test_agenda_reorder_refuses_a_position_off_the_agenda(database):
    _, agenda, view = _meeting(database)
    with pytest.raises(ValidationError, match="position"):
        agenda.reorder_item(agenda_item(view, AgendaKind.CLOSE).id, 99, "Later")


def test_agenda_conclude_closes_the_meeting(database):
    conference, agenda, view = _meeting(database)
    mark_everyone_present(database, conference.id)
    parents = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    agenda.start_item(parents.id)
    closing = AgendaService(fixed_context(database, datetime(2026, 12, 1, 12, 30)))
    summary = closing.conclude(conference.id)
    assert summary.status == ConferenceStatus.CONCLUDED
    record = SharingService(agenda.context).view(conference.id)
    assert record.ended_at == datetime(2026, 12, 1, 12, 30)
    assert record.agenda_of_kind(AgendaKind.PARENTS_VIEWS)[0].status == AgendaStatus.DONE
    with pytest.raises(RuleError, match="concluded"):
        agenda.start_item(agenda_item(view, AgendaKind.DECISION).id)


def test_agenda_exclusion_needs_a_reason_and_a_family_member(database):
    _, agenda, view = _meeting(database)
    with pytest.raises(RuleError, match="say why"):
        agenda.exclude(participant_id(view, FATHER), "")
    with pytest.raises(RuleError, match="only a parent"):
        agenda.exclude(participant_id(view, "DC Ruth Ames"), "Not applicable")


def test_agenda_exclusion_is_recorded_with_times_and_items(database):
    conference, agenda, view = _meeting(database)
    police = agenda_item(view, AgendaKind.AGENCY, "Police")
    father = participant_id(view, FATHER)
    started = datetime(2026, 12, 1, 10, 40)
    exclusion = agenda.exclude(
        father, "Police update on a live investigation", started, agenda_item_ids=[police.id]
    )
    assert exclusion.participant_name == FATHER
    assert exclusion.agenda_item_ids == (police.id,)
    with pytest.raises(RuleError, match="already excluded"):
        agenda.exclude(father, "Again")
    with pytest.raises(ValidationError, match="cannot end before"):
        agenda.end_exclusion(exclusion.id, datetime(2026, 12, 1, 10, 0))
    ended = agenda.end_exclusion(exclusion.id, datetime(2026, 12, 1, 10, 55))
    assert ended.ended_at == datetime(2026, 12, 1, 10, 55)
    with pytest.raises(RuleError, match="already ended"):
        agenda.end_exclusion(exclusion.id)
    assert agenda.exclusions(conference.id) == (ended,)


def test_agenda_exclusion_refuses_items_of_another_conference(database):
    _, agenda, view = _meeting(database)
    other = SharingService(agenda.context).view(make_conference(database).id)
    with pytest.raises(ValidationError, match="not on this agenda"):
        agenda.exclude(participant_id(view, MOTHER), "Reason", agenda_item_ids=[other.agenda[0].id])


def test_agenda_unknown_item_is_reported_plainly(database):
    _, agenda, _ = _meeting(database)
    with pytest.raises(NotFoundError, match="no agenda item with id 987654"):
        agenda.start_item(987654)


def test_agenda_changes_are_audited_without_names_or_reasons(database):
    conference, agenda, view = _meeting(database)
    mark_everyone_present(database, conference.id)
    parents = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    agenda.start_item(parents.id)
    agenda.finish_item(parents.id)
    agenda.skip_item(agenda_item(view, AgendaKind.FAMILY_TREE).id, "Secretreason one")
    agenda.reorder_item(agenda_item(view, AgendaKind.AGENCY, "GP").id, 4, "Secretreason two")
    agenda.record_parents_not_first(conference.id, "Secretreason three")
    exclusion = agenda.exclude(participant_id(view, FATHER), "Secretreason four")
    agenda.end_exclusion(exclusion.id)
    agenda.conclude(conference.id)
    with database.transaction() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.conference_id == conference.id)
        ).all()
        actions = [e.action for e in events]
        details = json.dumps([e.detail for e in events])
    for action in (
        "agenda.start",
        "agenda.finish",
        "agenda.skip",
        "agenda.reorder",
        "agenda.parents_not_first",
        "exclusion.start",
        "exclusion.end",
        "conference.conclude",
    ):
        assert action in actions
    assert "Secretreason" not in details
    assert FATHER not in details and "Fenwick" not in details
    assert audit.verify(agenda.context).ok
