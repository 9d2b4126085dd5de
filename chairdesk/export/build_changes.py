"""A review's "What has changed since the last plan" (DOMAIN.md §6, items 9, 10 and 13).

Read only from the audience's view: the actions it holds (so a parent never reads about an
action withheld from them), their achieved dates and date moves, and the risk history. "Since
the last plan" means after the day of the conference this review follows.
"""

from __future__ import annotations

from datetime import date

from chairdesk.domain import ActionStatus, Heading, Outcome
from chairdesk.export import common as c
from chairdesk.export.catalogue import _, ngettext
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
    who = _listed(names) or _("The children")
    categories = sorted({_(d.category.label).lower() for d in on_plan if d.category is not None})
    under = _(" under the category of {category}").format(category=_listed(categories))
    worry = _main_worry(view)
    because = (
        _(" because {worry}").format(worry=worry)
        if worry
        else _(" because of the worries explained in this plan")
    )
    sentence = ngettext(
        "{who} has a child protection plan{under}{because}.",
        "{who} have a child protection plan{under}{because}.",
        len(names) if names else 2,
    )
    return sentence.format(who=who, under=under if categories else "", because=because)


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
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def _score(point: ScalingPoint | None) -> str:
    if point is None or point.median is None:
        return _("not scaled")
    return _("{score} out of 10").format(score=f"{point.median:g}")


def _moves_since(action: ActionView, since: date | None) -> list[DateMoveView]:
    return [m for m in action.date_moves if since is None or m.moved_at.date() > since]


def _achieved_line(number: int, action: ActionView) -> str:
    line = _("Action {number}: {what}. Achieved on {date}").format(
        number=number,
        what=action.what.strip().rstrip("."),
        date=c.day(action.achieved_on, _("a date not recorded")),
    )
    if action.confirmed_by:
        line += _(", confirmed by {name}").format(name=action.confirmed_by)
    return line + "."


def what_changed(b: DocumentBuilder, view: ConferenceView) -> None:
    """The section, for a review only (a conference that follows another)."""
    if view.summary.previous_id is None:
        return
    before = last_plan(view)
    since = before.held_on if before is not None else None
    now = next((p for p in reversed(view.risk_history) if p.conference_id == view.summary.id), None)
    numbered = list(enumerate(sorted(view.actions, key=lambda a: a.position), start=1))

    b.heading(_("What has changed since the last plan"))
    b.paragraph(why_sentence(view), style="intro")
    last = (
        _("at the last conference on {date}").format(date=c.day(since))
        if since
        else _("at the last conference")
    )
    b.paragraph(
        _("{before} {last}; {now} at this conference. Higher means safer.").format(
            before=_score(before), last=last, now=_score(now)
        ),
        lead=_("How safe the children are, then and now:"),
    )

    b.heading(_("Actions achieved"), 2)
    achieved = [
        (n, a)
        for n, a in numbered
        if a.status == ActionStatus.ACHIEVED
        and (since is None or a.achieved_on is None or a.achieved_on > since)
    ]
    b.bullets([_achieved_line(n, a) for n, a in achieved])
    if not achieved:
        b.paragraph(_("No action has been achieved since the last plan."), style="note")

    b.heading(_("Actions added at this review"), 2)
    added = [(n, a) for n, a in numbered if a.carried_from_id is None]
    for n, action in added:
        b.heading(_("Action {number}: {what}").format(number=n, what=action.what), 3)
        b.paragraph(
            action.reason_added or _("No reason was recorded."), lead=_("Why it was added:")
        )
        b.paragraph(action.why or _("Not recorded."), lead=_("The worry it answers:"))
    if not added:
        b.paragraph(_("No action has been added."), style="note")

    b.heading(_("Dates moved"), 2)
    any_move = False
    for n, action in numbered:
        moves = _moves_since(action, since)
        if moves:
            any_move = True
            b.heading(_("Action {number}: {what}").format(number=n, what=action.what), 3)
        for move in moves:
            b.paragraph(
                _(
                    "The date to do it by moved from {before} to {after}. {who} moved it on {date}."
                ).format(
                    before=c.day(move.from_date),
                    after=c.day(move.to_date, _("no date")),
                    who=move.moved_by or _("Someone not recorded"),
                    date=c.day(move.moved_at),
                )
            )
            b.paragraph(move.reason or _("No reason was recorded."), lead=_("Why:"))
    if not any_move:
        b.paragraph(_("No by-when date has moved since the last plan."), style="note")
    b.page_break()
