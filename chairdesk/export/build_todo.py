"""A parent's "What I need to do": only their actions, on one page (DOMAIN.md §6, items 8 and 11).

Built from the parent's own view, so nothing withheld from them can reach it. An action is
theirs when its "who" names them: their full name, their first name on its own (not as the
start of someone else's full name: "Sarah Jones (health visitor)"), a title and their surname
("Ms Harwood"), or, for a family action, the parents together ("both parents", "mum and dad").
"""

from __future__ import annotations

import re

from chairdesk.domain import ActionOwner, ActionStatus, PersonRole
from chairdesk.export import common as c
from chairdesk.export.catalogue import _
from chairdesk.export.model import DocumentBuilder
from chairdesk.views import ActionView, ConferenceView, PersonView

_TITLES = ("mr", "mrs", "ms", "miss", "mx")
# The parents together, not a service named after them ("the family support worker").
_TOGETHER = re.compile(
    r"\b(both parents|the parents|parents|mum and dad|dad and mum|the family)"
    r"(?=\s*(?:$|[,.;:()&/]|and\b|with\b))"
)
_DONE = (ActionStatus.ACHIEVED, ActionStatus.NO_LONGER_NEEDED)


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _holds(words: list[str], part: list[str]) -> bool:
    """Whether `part` appears in `words` as consecutive whole words."""
    n = len(part)
    return n > 0 and any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _first_name_alone(who: str, first: str, surname: str) -> bool:
    """The first name is used on its own ("Sarah", "Sarah and Dan"), not as the start of
    someone else's full name ("Sarah Jones (health visitor)")."""
    tokens = _WORD.findall(who)
    for index, token in enumerate(tokens):
        if token.casefold() != first:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if not following[:1].isupper() or following.casefold() == surname:
            return True
    return False


def names_person(action: ActionView, person: PersonView) -> bool:
    """Whether the action's "who" names `person` (see the module's notes)."""
    words = _words(action.who)
    name = _words(person.name)
    if not words or not name:
        return False
    if _holds(words, name):
        return True
    first, surname = name[0], name[-1]
    if _first_name_alone(action.who, first, surname):
        return True
    if len(name) > 1 and any(_holds(words, [title, surname]) for title in _TITLES):
        return True
    return (
        action.owner == ActionOwner.FAMILY
        and person.role in (PersonRole.PARENT, PersonRole.CARER)
        and _TOGETHER.search(action.who.casefold()) is not None
    )


def their_actions(view: ConferenceView) -> list[ActionView]:
    """The actions of this parent's view whose "who" names them, in the plan's order."""
    person = next((p for p in view.people if p.id == view.audience.recipient_person_id), None)
    if person is None:
        return []
    ordered = sorted(view.actions, key=lambda a: a.position)
    return [a for a in ordered if names_person(a, person)]


def todo_page(b: DocumentBuilder, view: ConferenceView, recipient: str, *, in_plan: bool) -> None:
    """The page itself: in a parent's plan it opens with a banner and ends with a new page."""
    level = 1
    if in_plan:
        b.heading(_("What I need to do"), 0)
    actions = their_actions(view)
    to_do = [a for a in actions if a.status not in _DONE]
    done = [a for a in actions if a.status == ActionStatus.ACHIEVED]
    held = view.started_at or view.summary.scheduled_at
    b.paragraph(
        _(
            "This page is for {name}. It lists only what the plan from the conference on "
            "{date} asks you to do. What everyone else will do, and why there is a plan, is in "
            "the full plan."
        ).format(name=recipient, date=c.day(held)),
        style="intro",
    )
    if to_do:
        for number, action in enumerate(to_do, start=1):
            status = "" if action.status == ActionStatus.NOT_STARTED else _(action.status.label)
            b.action(
                f"{number}. {action.what}",
                status,
                False,
                [
                    (_("By when"), c.day(action.by_when)),
                    (_("How everyone will know"), action.how_we_will_know),
                    (_("Help offered to you"), action.support),
                    (_("If this is not done"), action.if_not_done),
                ],
            )
    else:
        b.paragraph(
            _(
                "The plan does not ask you to do anything yourself at the moment. The actions "
                "for professionals and other people are in the full plan."
            )
        )
    if done:
        b.heading(_("Already done"), level + 1)
        for action in done:
            achieved = c.day(action.achieved_on, _("a date not recorded"))
            what = action.what.strip().rstrip(".")
            b.paragraph("✓ " + _("{what} (done on {date})").format(what=what, date=achieved))
    b.heading(_("What must happen for the plan to end"), level)
    b.paragraph(view.plan_end_conditions or _("Not yet agreed."))
    b.heading(_("If you need help"), level)
    if view.lead_social_worker:
        helping = _(
            "If something gets in the way, tell your social worker, {name}, as soon as you can."
        ).format(name=view.lead_social_worker)
    else:
        helping = _("If something gets in the way, tell your social worker as soon as you can.")
    b.paragraph(helping + " " + _("Asking for help will not count against you."))
    dates = []
    if view.core_group_on is not None:
        dates.append(
            _("The core group next meets on {date}.").format(date=c.long_day(view.core_group_on))
        )
    if view.review_on is not None:
        dates.append(
            _("The review conference is on {date}.").format(date=c.long_day(view.review_on))
        )
    if dates:
        b.paragraph(" ".join(dates))
    if in_plan:
        b.page_break()


def build_todo(b: DocumentBuilder, view: ConferenceView, recipient: str) -> None:
    """A parent's page alone; for professionals, every action grouped by who will do it."""
    if not view.audience.is_professionals:
        todo_page(b, view, recipient, in_plan=False)
        return
    b.paragraph(
        "Each person's actions from the plan, grouped by who will do them. Each parent's own "
        "copy of this page holds only their actions.",
        style="intro",
    )
    groups: dict[str, list[tuple[int, ActionView]]] = {}
    ordered = sorted(view.actions, key=lambda a: a.position)
    for number, action in enumerate(ordered, start=1):
        groups.setdefault(action.who.strip() or "Not yet named", []).append((number, action))
    for who, actions in groups.items():
        b.heading(who)
        for number, action in actions:
            b.action(
                f"Action {number}: {action.what}",
                action.status.label,
                action.status == ActionStatus.ACHIEVED,
                [
                    ("By when", c.day(action.by_when)),
                    ("How we will know", action.how_we_will_know),
                    ("Support offered", action.support),
                    ("If this is not done", action.if_not_done),
                ],
            )
    if not ordered:
        b.paragraph("No actions have been agreed yet.", style="note")
    b.heading("What must happen for the plan to end")
    b.paragraph(view.plan_end_conditions or "Not yet agreed.")
