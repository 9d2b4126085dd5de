"""The check before a parent's copy leaves: every item it holds, and withholding from there.

DESIGN.md §4: the chair reads everything a parent's copy will hold (entries, reports, danger
statements, safety goals, scores and their reasons, decisions, dissent, actions, the people it
names) and can keep any item from that recipient without leaving the check. Withholding goes
through the same services the other pages use, so it is checked and audited the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from chairdesk.domain import Origin, PersonRole, Visibility
from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import Action, DangerStatement, Entry, Report
from chairdesk.services.base import ServiceContext
from chairdesk.views import ConferenceView, ParentCopyItem

RECIPIENT, PROFESSIONALS = "recipient", "professionals"

KINDS = (
    "entry",
    "report",
    "danger statement",
    "safety goal",
    "score",
    "decision",
    "dissent",
    "action",
    "person",
)


def parent_copy_checklist(view: ConferenceView) -> tuple[ParentCopyItem, ...]:
    """Every item a parent's copy holds, pasted or imported text first, then in KINDS order."""
    professionals = {p.id: p for p in view.participants if not p.role.is_family}
    items: list[ParentCopyItem] = []
    for entry in view.entries:
        pasted = entry.origin in (Origin.PASTED, Origin.IMPORTED)
        speaker = professionals.get(entry.speaker_participant_id or -1)
        source = (speaker.agency or speaker.name) if speaker else entry.speaker_name
        source = source or "not said who"
        if entry.origin == Origin.PASTED:
            source = f"{source} (pasted text)"
        elif entry.origin == Origin.IMPORTED:
            source = f"{source} (imported text)"
        items.append(
            ParentCopyItem("entry", source, _excerpt(entry.text), entry.id, pasted, RECIPIENT)
        )
    for report in view.reports:
        title = report.title or "report"
        items.append(ParentCopyItem("report", report.agency, title, report.id, withhold=RECIPIENT))
    for danger in view.danger_statements:
        text = _excerpt(danger.danger)
        items.append(
            ParentCopyItem("danger statement", "analysis", text, danger.id, withhold=RECIPIENT)
        )
        if danger.safety_goal.strip():
            goal = _excerpt(danger.safety_goal)
            items.append(
                ParentCopyItem("safety goal", "analysis", goal, danger.id, withhold=RECIPIENT)
            )
    for scaling in view.scalings:
        if scaling.reason.strip():
            source = f"{scaling.scorer_name} (score {scaling.score})"
            reason = _excerpt(scaling.reason)
            items.append(ParentCopyItem("score", source, reason, scaling.id, False, PROFESSIONALS))
    for decision in view.decisions:
        text = _excerpt(decision.reasons) or decision.outcome.value.replace("_", " ")
        items.append(ParentCopyItem("decision", decision.child_name, text, decision.id))
        for dissent in decision.dissents:
            source = ", ".join(part for part in (dissent.name, dissent.agency) if part)
            items.append(ParentCopyItem("dissent", source, _excerpt(dissent.reason), dissent.id))
    for action in view.actions:
        source = action.who or "not said who"
        items.append(
            ParentCopyItem("action", source, _excerpt(action.what), action.id, withhold=RECIPIENT)
        )
    for person in view.people:
        role = "unborn child" if person.role == PersonRole.UNBORN else person.role.value
        items.append(ParentCopyItem("person", role, person.name, person.id))
    order = {kind: index for index, kind in enumerate(KINDS)}
    items.sort(key=lambda item: (not item.pasted_or_imported, order[item.kind]))
    return tuple(items)


def withhold_item(context: ServiceContext, item: ParentCopyItem, recipient_person_id: int) -> str:
    """Keeps one checked item out of this recipient's copy, through its own service (audited).

    Returns what was done, in a short sentence for the check's message line.

    Raises:
        RuleError: the item cannot be withheld from the check (a decision, dissent, a person).
    """
    if item.withhold == PROFESSIONALS:
        from chairdesk.services.analysis import AnalysisService

        AnalysisService(context).set_scaling_visibility(item.record_id, Visibility.PROFESSIONALS)
        return "The score and its reason are now for professionals only (no parent's copy)."
    if item.withhold != RECIPIENT:
        raise RuleError(_cannot(item.kind))
    model = _MODELS.get(item.kind)
    if model is None:
        raise ValidationError(f"unknown kind of item {item.kind!r}")
    with context.database.transaction() as session:
        row = session.get(model, item.record_id)
        if row is None:
            raise ValidationError(f"this {item.kind} is no longer there: check the copy again")
        people = _adding(row.visibility, row.withheld_from or (), recipient_person_id)
    withheld = Visibility.WITHHELD
    if item.kind == "entry":
        from chairdesk.services.entries import EntryService

        EntryService(context).set_visibility(item.record_id, withheld, people)
    elif item.kind == "report":
        from chairdesk.services.prepare import PrepareService

        PrepareService(context).update_report(
            item.record_id, visibility=withheld, withheld_from=people
        )
    elif item.kind == "action":
        from chairdesk.services.actions import ActionService

        ActionService(context).update_action(
            item.record_id, visibility=withheld, withheld_from=people
        )
    else:  # a danger statement and its safety goal go together
        from chairdesk.services.analysis import AnalysisService

        AnalysisService(context).update_danger_statement(
            item.record_id, visibility=withheld, withheld_from=people
        )
    if item.kind == "safety goal":
        return "The danger statement and its safety goal are now withheld from this person."
    return f"The {item.kind} is now withheld from this person."


_MODELS: dict[str, Any] = {
    "entry": Entry,
    "report": Report,
    "danger statement": DangerStatement,
    "safety goal": DangerStatement,
    "action": Action,
}


def _adding(visibility: Visibility, withheld_from: Iterable[int], person_id: int) -> list[int]:
    """Who it is withheld from once this person is added: shared becomes withheld from them."""
    kept = list(withheld_from) if visibility == Visibility.WITHHELD else []
    return list(dict.fromkeys([*kept, person_id]))


def _cannot(kind: str) -> str:
    if kind == "person":
        return (
            "a person is withheld on the Prepare page (Who is who): then no line of this "
            "copy names them"
        )
    return (
        f"a {kind} cannot be withheld: a parent is always told the decision and who disagreed; "
        "if its words must change, change them on the Run page"
    )


def _excerpt(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


__all__ = ["KINDS", "PROFESSIONALS", "RECIPIENT", "parent_copy_checklist", "withhold_item"]
