"""The check before a parent's copy leaves: every item it holds, and withholding from there.

DESIGN.md §4: the chair reads everything a parent's copy will hold (entries, reports, danger
statements, safety goals, scores and their reasons, decisions, dissent, actions, the people it
names) and can keep any item from that recipient without leaving the check. Withholding goes
through the same services the other pages use, so it is checked and audited the same way.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from chairdesk.domain import Origin, PersonRole, Visibility
from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import Action, DangerStatement, Entry, Person, Report
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
    "progress note",
    "recommendation",
    "child's statement",
    "attendance note",
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
        for note in action.progress:
            # Kept out with its action (withhold the action), so listed but not withheld alone.
            source = f"progress on: {_excerpt(action.what, 60)}"
            items.append(ParentCopyItem("progress note", source, _excerpt(note.text), note.id))
    for decision in view.decisions:
        for r in decision.recommendations:
            if r.reason.strip():
                source = ", ".join(part for part in (r.agency, r.name) if part)
                items.append(ParentCopyItem("recommendation", source, _excerpt(r.reason), r.id))
    for statement in view.conduct.child_statements:
        text = _excerpt(statement.description) or statement.file_name
        items.append(
            ParentCopyItem(
                "child's statement",
                f"{statement.child_name} ({statement.file_name})",
                text,
                statement.id,
                withhold=PROFESSIONALS,
            )
        )
    for p in view.participants:
        for said in (p.present_for, p.items_missed):
            if said.strip():
                items.append(ParentCopyItem("attendance note", p.name, _excerpt(said), p.id))
    recipient = view.audience.recipient_person_id
    for person in view.people:
        role = "unborn child" if person.role == PersonRole.UNBORN else person.role.value
        # Anyone but the recipient can be withheld from them here (a new partner, a carer).
        how = RECIPIENT if person.id != recipient else ""
        items.append(ParentCopyItem("person", role, person.name, person.id, withhold=how))
    if view.family.parents_kept_apart:
        items = _point_out_the_other_parents(view, items)
    order = {kind: index for index, kind in enumerate(KINDS)}
    items.sort(key=lambda item: (not item.pasted_or_imported, order[item.kind]))
    return tuple(items)


def _full_texts(view: ConferenceView) -> dict[tuple[str, int], str]:
    """Each checked item's whole text (the list shows only an excerpt)."""
    texts: dict[tuple[str, int], str] = {}
    for e in view.entries:
        texts[("entry", e.id)] = f"{e.speaker_name} {e.text}"
    for r in view.reports:
        texts[("report", r.id)] = f"{r.title} {r.author}"
    for d in view.danger_statements:
        texts[("danger statement", d.id)] = d.danger
        texts[("safety goal", d.id)] = d.safety_goal
    for s in view.scalings:
        texts[("score", s.id)] = f"{s.scorer_name} {s.reason}"
    for c in view.decisions:
        texts[("decision", c.id)] = c.reasons
        for x in c.dissents:
            texts[("dissent", x.id)] = f"{x.name} {x.reason}"
    for a in view.actions:
        parts = (a.what, a.who, a.why, a.how_we_will_know, a.support, a.if_not_done)
        texts[("action", a.id)] = " ".join(parts)
    return texts


def _point_out_the_other_parents(
    view: ConferenceView, items: list[ParentCopyItem]
) -> list[ParentCopyItem]:
    """With the parents kept apart, say beside each item which other parent or carer it names,
    so the chair can keep it back from this copy (DESIGN.md §4)."""
    recipient = view.audience.recipient_person_id
    others = [p for p in view.people if p.id != recipient and p.role.value in ("parent", "carer")]
    patterns = [(p.name, _name_pattern(p.name)) for p in others if p.name.strip()]
    texts = _full_texts(view)
    marked = []
    for item in items:
        text = texts.get((item.kind, item.record_id), "")
        named = [name for name, pattern in patterns if text and pattern.search(text)]
        if named:
            item = dataclasses.replace(item, source=f"{item.source}: names {', '.join(named)}")
        marked.append(item)
    return marked


def _name_pattern(name: str) -> re.Pattern[str]:
    """The whole name, or its first part, as whole words in any case."""
    parts = [re.escape(" ".join(name.split()))]
    first = name.split()[0]
    if len(first) >= 3:
        parts.append(re.escape(first))
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE)


def withhold_item(context: ServiceContext, item: ParentCopyItem, recipient_person_id: int) -> str:
    """Keeps one checked item out of this recipient's copy, through its own service (audited).

    Returns what was done, in a short sentence for the check's message line.

    Raises:
        RuleError: the item cannot be withheld from the check (a decision, dissent, a person).
    """
    if item.withhold == PROFESSIONALS and item.kind == "child's statement":
        from chairdesk.services.conduct import ConductService

        ConductService(context).share_statement(item.record_id, False)
        return "The child's statement is now for professionals only (no parent's copy)."
    if item.withhold == PROFESSIONALS:
        from chairdesk.services.analysis import AnalysisService

        AnalysisService(context).set_scaling_visibility(item.record_id, Visibility.PROFESSIONALS)
        return "The score and its reason are now for professionals only (no parent's copy)."
    if item.withhold != RECIPIENT:
        raise RuleError(_cannot(item.kind))
    if item.kind == "person":
        from chairdesk.services.protection import ProtectionService

        with context.database.transaction() as session:
            person = session.get(Person, item.record_id)
            if person is None:
                raise ValidationError("this person is no longer there: check the copy again")
            kept_from = {*(person.withheld_from or ()), recipient_person_id}
        ProtectionService(context).withhold_person(item.record_id, sorted(kept_from))
        return f"{item.excerpt} is now withheld from this person: no line of the copy names them."
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
