"""Importing a package's analysis and plan: danger statements, scalings, decisions, actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from chairdesk.domain import ActionOwner, ActionStatus, Category, Outcome, Visibility
from chairdesk.models import (
    Action,
    ActionDateMove,
    Conference,
    DangerStatement,
    Decision,
    Dissent,
    ProgressNote,
    Recommendation,
    SafetyGoal,
    Scaling,
)

if TYPE_CHECKING:
    from chairdesk.services.package_import import PackageImporter


def _category(value: str | None) -> Category | None:
    return Category(value) if value else None


def _previous_rows(importer: PackageImporter, conference: Conference, model: Any) -> list[Any]:
    if conference.previous_id is None:
        return []
    return list(
        importer.session.scalars(select(model).where(model.conference_id == conference.previous_id))
    )


def add_danger_statements(importer: PackageImporter, conference: Conference) -> None:
    """Danger statements with their safety goals, linked again to those they were carried from."""
    earlier = {
        (d.position, d.text): d.id for d in _previous_rows(importer, conference, DangerStatement)
    }
    for i, data in enumerate(importer.document["danger_statements"]):
        where = f"danger_statements[{i}]"
        carried = data.get("carried_from")
        danger = DangerStatement(
            conference_id=conference.id,
            position=data.get("position", i),
            text=data["danger"],
            visibility=Visibility(data["visibility"]),
            withheld_from=importer.refs(
                "person", data.get("withheld_from"), f"{where}.withheld_from"
            ),
            carried_from_id=earlier.get((carried["position"], carried["danger"]))
            if carried
            else None,
            created_at=importer.time(data.get("created_at"), f"{where}.created_at"),
        )
        if data["safety_goal"]:
            danger.safety_goal = SafetyGoal(text=data["safety_goal"])
        importer.session.add(danger)
        importer.session.flush()
        importer.remember("danger statement", data.get("id", i + 1), danger.id, where)


def add_scalings(importer: PackageImporter, conference: Conference) -> None:
    """Everyone's scaling, against the child or danger statement it was given for."""
    for i, data in enumerate(importer.document["scalings"]):
        where = f"scalings[{i}]"
        importer.session.add(
            Scaling(
                conference_id=conference.id,
                scorer_name=data["scorer"],
                score=data["score"],
                reason=data.get("reason", ""),
                participant_id=importer.ref(
                    "participant", data.get("participant"), f"{where}.participant"
                ),
                child_id=importer.ref("person", data.get("child"), f"{where}.child"),
                danger_statement_id=importer.ref(
                    "danger statement",
                    data.get("danger_statement"),
                    f"{where}.danger_statement",
                ),
                visibility=Visibility(data.get("visibility", "shared")),
                created_at=importer.time(data.get("created_at"), f"{where}.created_at"),
            )
        )


def add_decisions(importer: PackageImporter, conference: Conference) -> None:
    """Each child's decision with the agencies' recommendations and any dissent."""
    for i, data in enumerate(importer.document["decisions"]):
        where = f"decisions[{i}]"
        decision = Decision(
            conference_id=conference.id,
            child_id=importer.ref("person", data["child"], f"{where}.child"),
            likely_significant_harm=data["likely_significant_harm"],
            outcome=Outcome(data["outcome"]),
            category=_category(data["category"]),
            reasons=data["reasons"],
            chair_decided=data.get("chair_decided", False),
            decided_at=importer.time(data.get("decided_at"), f"{where}.decided_at"),
            created_at=importer.time(data.get("created_at"), f"{where}.created_at"),
        )
        for j, rec in enumerate(data.get("recommendations", [])):
            decision.recommendations.append(
                Recommendation(
                    agency=rec["agency"],
                    name=rec.get("name", ""),
                    participant_id=importer.ref(
                        "participant",
                        rec.get("participant"),
                        f"{where}.recommendations[{j}].participant",
                    ),
                    outcome=Outcome(rec["outcome"]),
                    category=_category(rec.get("category")),
                    reason=rec.get("reason", ""),
                    created_at=importer.time(
                        rec.get("created_at"), f"{where}.recommendations[{j}].created_at"
                    ),
                )
            )
        for j, dissent in enumerate(data.get("dissents", [])):
            decision.dissents.append(
                Dissent(
                    name=dissent["name"],
                    agency=dissent.get("agency", ""),
                    participant_id=importer.ref(
                        "participant",
                        dissent.get("participant"),
                        f"{where}.dissents[{j}].participant",
                    ),
                    reason=dissent["reason"],
                    created_at=importer.time(
                        dissent.get("created_at"), f"{where}.dissents[{j}].created_at"
                    ),
                )
            )
        importer.session.add(decision)


def add_actions(importer: PackageImporter, conference: Conference) -> None:
    """The plan's actions with their progress notes, linked again to those carried from."""
    earlier = {(a.position, a.what): a.id for a in _previous_rows(importer, conference, Action)}
    for i, data in enumerate(importer.document["actions"]):
        where = f"actions[{i}]"
        carried = data.get("carried_from")
        action = Action(
            conference_id=conference.id,
            position=data.get("position", i),
            what=data["what"],
            who=data["who"],
            owner=ActionOwner(data.get("owner", "family")),
            by_when=importer.day(data["by_when"], f"{where}.by_when"),
            why=data.get("why", ""),
            how_we_will_know=data.get("how_we_will_know", ""),
            support=data.get("support", ""),
            if_not_done=data.get("if_not_done", ""),
            status=ActionStatus(data["status"]),
            status_reason=data.get("status_reason", ""),
            achieved_on=importer.day(data.get("achieved_on"), f"{where}.achieved_on"),
            confirmed_by=data.get("confirmed_by", ""),
            reason_added=data.get("reason_added", ""),
            carried_from_id=earlier.get((carried["position"], carried["what"]))
            if carried
            else None,
            child_ids=importer.refs("person", data.get("children"), f"{where}.children"),
            visibility=Visibility(data.get("visibility", "shared")),
            withheld_from=importer.refs(
                "person", data.get("withheld_from"), f"{where}.withheld_from"
            ),
            created_at=importer.time(data.get("created_at"), f"{where}.created_at"),
        )
        for j, move in enumerate(data.get("date_moves", [])):
            at = f"{where}.date_moves[{j}]"
            moved_at = importer.time(move["moved_at"], f"{at}.moved_at")
            from_date = importer.day(move["from_date"], f"{at}.from_date")
            assert moved_at is not None and from_date is not None  # required by the schema
            action.date_moves.append(
                ActionDateMove(
                    moved_at=moved_at,
                    from_date=from_date,
                    to_date=importer.day(move.get("to_date"), f"{at}.to_date"),
                    moved_by=move.get("moved_by", ""),
                    reason=move.get("reason", ""),
                )
            )
        for j, note in enumerate(data.get("progress", [])):
            action.progress.append(
                ProgressNote(
                    noted_on=importer.day(note["noted_on"], f"{where}.progress[{j}].noted_on"),
                    text=note["text"],
                    author=note.get("author", ""),
                    created_at=importer.time(
                        note.get("created_at"), f"{where}.progress[{j}].created_at"
                    ),
                    core_group_id=importer.ref(
                        "core group",
                        note.get("core_group"),
                        f"{where}.progress[{j}].core_group",
                    ),
                )
            )
        importer.session.add(action)
