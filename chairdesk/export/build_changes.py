"""A review's "What has changed since the last plan" (DOMAIN.md §6, items 9, 10 and 13).

Read only from the audience's view: the actions it holds (so a parent never reads about an
action withheld from them), their achieved dates and date moves, and the risk history. "Since
the last plan" means after the day of the conference this review follows.
"""

from __future__ import annotations

from datetime import date

from chairdesk.domain import ActionStatus, Heading, Outcome
from chairdesk.export import common as c
from chairdesk.export.model import DocumentBuilder
from chairdesk.views import ActionView, ConferenceView, DateMoveView, ScalingPoint


def last_plan(view: ConferenceView) -> ScalingPoint | None:
    """The conference this review follows, as the risk history holds it."""
    previous = view.summary.previous_id
    return next((p for p in view.risk_history if p.conference_id == previous), None)


def why_sentence(view: ConferenceView) -> str:
    """Why the children have a plan, in one sentence."""
    on_plan = [d for d in view.decisions if d.outcome == Outcome.PLAN]
    names = [d.child_name for d in on_plan] or [p.name for p in view.children]
    who = _listed(names) or "The children"
    verb = "has" if len(names) == 1 else "have"
    categories = sorted({d.category.label.lower() for d in on_plan if d.category is not None})
    under = f" under the category of {_listed(categories)}" if categories else ""
    worry = _main_worry(view)
    because = f" because {worry}" if worry else " because of the worries explained in this plan"
    return f"{who} {verb} a child protection plan{under}{because}."


def _main_worry(view: ConferenceView) -> str:
    dangers = sorted(view.danger_statements, key=lambda d: d.position)
    text = dangers[0].danger if dangers else ""
    if not text:
        worries = c.entries_with_headings(view, (Heading.RISK_STATEMENT, Heading.WORRY))
        text = worries[0].text if worries else ""
    text = " ".join(text.split()).rstrip(".")
    if text[:1].isupper() and not text[1:2].isupper():
        text = text[0].lower() + text[1:]
    return text


def _listed(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _score(point: ScalingPoint | None) -> str:
    if point is None or point.median is None:
        return "not scaled"
    return f"{point.median:g} out of 10"


def _moves_since(action: ActionView, since: date | None) -> list[DateMoveView]:
    return [m for m in action.date_moves if since is None or m.moved_at.date() > since]


def _achieved_line(number: int, action: ActionView) -> str:
    line = f"Action {number}: {action.what.strip().rstrip('.')}. Achieved on "
    line += c.day(action.achieved_on, "a date not recorded")
    if action.confirmed_by:
        line += f", confirmed by {action.confirmed_by}"
    return line + "."


def what_changed(b: DocumentBuilder, view: ConferenceView) -> None:
    """The section, for a review only (a conference that follows another)."""
    if view.summary.previous_id is None:
        return
    before = last_plan(view)
    since = before.held_on if before is not None else None
    now = next((p for p in reversed(view.risk_history) if p.conference_id == view.summary.id), None)
    numbered = list(enumerate(sorted(view.actions, key=lambda a: a.position), start=1))

    b.heading("What has changed since the last plan")
    b.paragraph(why_sentence(view), style="intro")
    last = f"at the last conference on {c.day(since)}" if since else "at the last conference"
    b.paragraph(
        f"{_score(before)} {last}; {_score(now)} at this conference. Higher means safer.",
        lead="How safe the children are, then and now:",
    )

    b.heading("Actions achieved", 2)
    achieved = [
        (n, a)
        for n, a in numbered
        if a.status == ActionStatus.ACHIEVED
        and (since is None or a.achieved_on is None or a.achieved_on > since)
    ]
    b.bullets([_achieved_line(n, a) for n, a in achieved])
    if not achieved:
        b.paragraph("No action has been achieved since the last plan.", style="note")

    b.heading("Actions added at this review", 2)
    added = [(n, a) for n, a in numbered if a.carried_from_id is None]
    for n, action in added:
        b.heading(f"Action {n}: {action.what}", 3)
        b.paragraph(action.reason_added or "No reason was recorded.", lead="Why it was added:")
        b.paragraph(action.why or "Not recorded.", lead="The worry it answers:")
    if not added:
        b.paragraph("No action has been added.", style="note")

    b.heading("Dates moved", 2)
    any_move = False
    for n, action in numbered:
        moves = _moves_since(action, since)
        if moves:
            any_move = True
            b.heading(f"Action {n}: {action.what}", 3)
        for move in moves:
            b.paragraph(
                f"The date to do it by moved from {c.day(move.from_date)} to "
                f"{c.day(move.to_date, 'no date')}. {move.moved_by or 'Someone not recorded'} "
                f"moved it on {c.day(move.moved_at)}."
            )
            b.paragraph(move.reason or "No reason was recorded.", lead="Why:")
    if not any_move:
        b.paragraph("No by-when date has moved since the last plan.", style="note")
    b.page_break()
