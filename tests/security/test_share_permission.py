"""Only a chair makes something visible to parents: reports, the analysis and actions alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest
from sqlalchemy import func, select

from chairdesk.domain import UserRole, Visibility
from chairdesk.errors import PermissionDeniedError, ValidationError
from chairdesk.models import AuditEvent, Conference
from chairdesk.services import audit
from chairdesk.services.actions import ActionService
from chairdesk.services.analysis import AnalysisService
from chairdesk.services.base import ServiceContext
from chairdesk.services.prepare import PrepareService
from chairdesk.services.sharing import SharingService
from chairdesk.services.visibility import choose_visibility
from chairdesk.storage.engine import Database
from chairdesk.views import ConferenceSummary
from tests.services.builders import FATHER, MOTHER, fixed_context, make_conference, person_id

REFUSAL = "only a chair can make something visible to parents: nothing was changed"


@dataclass(frozen=True)
class Kind:
    """One kind of thing parents may or may not see, driven through its own service."""

    name: str
    # (context, conference id, visibility, withheld from) -> the new thing's view
    create: Callable[[ServiceContext, int, Visibility, tuple[int, ...]], Any]
    # (context, id, visibility, withheld from, new words) -> the changed view
    change: Callable[[ServiceContext, int, Visibility | None, tuple[int, ...] | None, str], Any]
    # (context, conference id) -> every one of this kind, as stored
    stored: Callable[[ServiceContext, int], tuple[Any, ...]]
    part: str  # where a ConferenceView holds this kind


def _change_report(
    context: ServiceContext,
    report_id: int,
    visibility: Visibility | None,
    withheld_from: tuple[int, ...] | None,
    words: str,
) -> Any:
    fields: dict[str, Any] = {"title": words}
    if visibility is not None:
        fields["visibility"] = visibility
    if withheld_from is not None:
        fields["withheld_from"] = withheld_from
    return PrepareService(context).update_report(report_id, **fields)


def _create_action(
    context: ServiceContext, conference_id: int, visibility: Visibility, withheld: tuple[int, ...]
) -> Any:
    service = ActionService(context)
    action = service.add_action(conference_id, what="Walk the children to school", who=MOTHER)
    if visibility == Visibility.SHARED:
        return action
    return service.update_action(action.id, visibility=visibility, withheld_from=withheld)


def _change_action(
    context: ServiceContext,
    action_id: int,
    visibility: Visibility | None,
    withheld_from: tuple[int, ...] | None,
    words: str,
) -> Any:
    fields: dict[str, Any] = {"what": words}
    if visibility is not None:
        fields["visibility"] = visibility
    if withheld_from is not None:
        fields["withheld_from"] = withheld_from
    return ActionService(context).update_action(action_id, **fields)


KINDS = (
    Kind(
        "report",
        lambda context, conference_id, visibility, withheld: PrepareService(context).add_report(
            conference_id,
            "Police",
            title="Police checks",
            visibility=visibility,
            withheld_from=withheld,
        ),
        _change_report,
        lambda context, conference_id: PrepareService(context).reports(conference_id),
        "reports",
    ),
    Kind(
        "danger statement",
        lambda context, conference_id, visibility, withheld: AnalysisService(
            context
        ).add_danger_statement(
            conference_id,
            "Maya may be hurt when adults argue",
            "Maya is kept away from arguments",
            visibility,
            withheld_from=withheld,
        ),
        lambda context, statement_id, visibility, withheld, words: AnalysisService(
            context
        ).update_danger_statement(
            statement_id, danger=words, visibility=visibility, withheld_from=withheld
        ),
        lambda context, conference_id: AnalysisService(context).danger_statements(conference_id),
        "danger_statements",
    ),
    Kind(
        "action",
        _create_action,
        _change_action,
        lambda context, conference_id: ActionService(context).actions(conference_id),
        "actions",
    ),
)
KIND_IDS = [kind.name for kind in KINDS]


@dataclass(frozen=True)
class People:
    chair: ServiceContext
    minutes: ServiceContext
    conference: ConferenceSummary
    father: int


@pytest.fixture
def people(database: Database) -> People:
    chair = fixed_context(database)
    minutes = replace(chair, user="minutes", role=UserRole.MINUTE_TAKER)
    conference = make_conference(database)
    father = person_id(SharingService(chair).view(conference.id), FATHER)
    return People(chair, minutes, conference, father)


def audit_trail(database: Database) -> tuple[int, str | None]:
    """How many audit events there are, and the digest the chain ends on."""
    with database.transaction() as session:
        count = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
        last = session.scalar(select(AuditEvent.digest).order_by(AuditEvent.id.desc()).limit(1))
    return count, last


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
@pytest.mark.parametrize("start", [Visibility.PROFESSIONALS, Visibility.WITHHELD])
def test_share_permission_a_minute_taker_cannot_show_parents_what_was_kept_from_them(
    database: Database, people: People, kind: Kind, start: Visibility
) -> None:
    withheld = (people.father,) if start == Visibility.WITHHELD else ()
    made = kind.create(people.chair, people.conference.id, start, withheld)
    before = kind.stored(people.chair, people.conference.id)
    trail = audit_trail(database)

    with pytest.raises(PermissionDeniedError) as refused:
        kind.change(people.minutes, made.id, Visibility.SHARED, (), "Changed by the minute-taker")

    assert str(refused.value) == REFUSAL and "\n" not in str(refused.value)
    assert kind.stored(people.chair, people.conference.id) == before
    assert audit_trail(database) == trail
    assert audit.verify(people.chair).ok


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_share_permission_a_minute_taker_may_keep_things_from_parents(
    people: People, kind: Kind
) -> None:
    # The chair shared it; a minute-taker may keep it shared, or keep it from parents.
    made = kind.create(people.chair, people.conference.id, Visibility.SHARED, ())
    assert made.visibility == Visibility.SHARED
    kept = kind.change(people.minutes, made.id, Visibility.SHARED, (), "Still shared")
    assert kept.visibility == Visibility.SHARED

    hidden = kind.change(people.minutes, made.id, Visibility.PROFESSIONALS, (), "Professionals")
    assert hidden.visibility == Visibility.PROFESSIONALS
    withheld = kind.change(people.minutes, made.id, Visibility.WITHHELD, (people.father,), "Dad")
    assert (withheld.visibility, withheld.withheld_from) == (Visibility.WITHHELD, (people.father,))
    # Changing only the words leaves it withheld from the same people.
    reworded = kind.change(people.minutes, made.id, None, None, "Reworded")
    assert (reworded.visibility, reworded.withheld_from) == (Visibility.WITHHELD, (people.father,))

    created = kind.create(
        people.minutes, people.conference.id, Visibility.WITHHELD, (people.father,)
    )
    assert created.visibility == Visibility.WITHHELD


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_share_permission_a_chair_shows_parents_what_was_kept_from_them(
    people: People, kind: Kind
) -> None:
    made = kind.create(people.chair, people.conference.id, Visibility.WITHHELD, (people.father,))
    sharing = SharingService(people.chair)
    fathers = sharing.audience_for(people.conference.id, people.father)
    assert getattr(sharing.view(people.conference.id, fathers), kind.part) == ()

    shared = kind.change(people.chair, made.id, Visibility.SHARED, (), "Read and agreed")

    assert (shared.visibility, shared.withheld_from) == (Visibility.SHARED, ())
    seen = getattr(sharing.view(people.conference.id, fathers), kind.part)
    assert [item.id for item in seen] == [made.id]


def test_share_permission_creating_as_shared_needs_a_chair_when_the_default_is_not(
    database: Database, people: People
) -> None:
    family_id = _family_id(database, people.conference.id)
    trail = audit_trail(database)
    with database.transaction() as session:
        with pytest.raises(PermissionDeniedError, match=r"^only a chair can make"):
            choose_visibility(
                people.minutes,
                session,
                family_id,
                Visibility.SHARED,
                default=Visibility.PROFESSIONALS,
            )
        # Left to its default, or kept from parents, it is the minute-taker's to record.
        assert choose_visibility(
            people.minutes, session, family_id, None, default=Visibility.PROFESSIONALS
        ) == (Visibility.PROFESSIONALS, [])
        assert choose_visibility(
            people.minutes,
            session,
            family_id,
            "withheld",
            [people.father],
            default=Visibility.PROFESSIONALS,
        ) == (Visibility.WITHHELD, [people.father])
        assert choose_visibility(
            people.chair, session, family_id, Visibility.SHARED, default=Visibility.PROFESSIONALS
        ) == (Visibility.SHARED, [])
    assert audit_trail(database) == trail


def test_share_permission_a_minute_takers_new_score_keeps_the_chairs_choice(
    database: Database, people: People
) -> None:
    chairs = AnalysisService(people.chair)
    minutes = AnalysisService(people.minutes)
    first = chairs.record_scaling(
        people.conference.id, MOTHER, 4, "", visibility=Visibility.PROFESSIONALS
    )
    trail = audit_trail(database)
    with pytest.raises(PermissionDeniedError) as refused:
        minutes.record_scaling(people.conference.id, MOTHER, 7, "", visibility=Visibility.SHARED)
    assert str(refused.value) == REFUSAL
    assert chairs.scalings(people.conference.id) == (first,)
    assert audit_trail(database) == trail

    again = minutes.record_scaling(people.conference.id, MOTHER, 7, "Better week")
    assert (again.id, again.score, again.visibility) == (first.id, 7, Visibility.PROFESSIONALS)
    shared = chairs.record_scaling(
        people.conference.id, MOTHER, 7, "Better week", visibility=Visibility.SHARED
    )
    assert shared.visibility == Visibility.SHARED


def test_share_permission_visibility_checks_speak_plainly(
    database: Database, people: People
) -> None:
    family_id = _family_id(database, people.conference.id)
    with database.transaction() as session:
        cases: tuple[tuple[object, list[object], str], ...] = (
            ("everyone", [], "visibility must be one of shared, professionals, withheld"),
            ("shared", [people.father], "only something withheld from named people"),
            ("withheld", [], "say who this is withheld from: choose at least one person"),
            ("withheld", ["Dad"], "withheld from must be people in this family"),
            ("withheld", [10_000], "person 10000 is not in this family"),
        )
        for visibility, withheld, message in cases:
            with pytest.raises(ValidationError) as refused:
                choose_visibility(
                    people.chair,
                    session,
                    family_id,
                    visibility,
                    withheld,
                    default=Visibility.SHARED,
                )
            assert str(refused.value).startswith(message) and "\n" not in str(refused.value)


def _family_id(database: Database, conference_id: int) -> int:
    with database.transaction() as session:
        conference = session.get(Conference, conference_id)
        assert conference is not None
        return conference.family_id
