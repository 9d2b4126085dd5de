"""Simple HTML for the two parts of the plan, previewed side by side on the Plan page."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from chairdesk.domain import AgendaKind, Heading
from chairdesk.views import ConferenceView, EntryView


def _paragraphs(entries: Iterable[EntryView], *, with_speaker: bool = True) -> str:
    parts = []
    for entry in entries:
        named = with_speaker and entry.speaker_name
        who = f"<b>{escape(entry.speaker_name)}:</b> " if named else ""
        parts.append(f"<p>{who}{escape(entry.text)}</p>")
    return "".join(parts)


def _section(title: str, body: str) -> str:
    if not body:
        body = "<p><i>Nothing recorded yet.</i></p>"
    return f"<h3>{escape(title)}</h3>{body}"


def _of_kind(view: ConferenceView, kind: AgendaKind) -> list[EntryView]:
    ids = {item.id for item in view.agenda_of_kind(kind)}
    return [e for e in view.entries if e.agenda_item_id in ids]


def part_one_html(view: ConferenceView) -> str:
    """Part 1, background: why there is a plan, the risk now, and everyone's views."""
    names = {p.id: p.name for p in view.people}
    decisions = "".join(
        f"<p><b>{escape(d.child_name)}:</b> {escape(d.outcome.label)}"
        + (f", {escape(d.category.label)}" if d.category else "")
        + (f". {escape(d.reasons)}" if d.reasons else "")
        + "</p>"
        for d in view.decisions
    )
    worries = [e for e in view.entries if e.heading == Heading.WORRY]
    strengths = [
        e for e in view.entries if e.heading in (Heading.STRENGTH, Heading.EXISTING_SAFETY)
    ]
    scores = [s.score for s in view.scalings if s.child_id is None]
    risk = (
        f"<p>Scores from {min(scores)} to {max(scores)} out of 10 ({len(scores)} people).</p>"
        if scores
        else ""
    )
    child_views = "".join(
        f"<p><b>{escape(names.get(e.child_id or -1, ''))}</b> "
        f"({escape(e.heading.label.lower())}): {escape(e.text)}</p>"
        for e in _of_kind(view, AgendaKind.CHILD_VIEWS)
    )
    dangers = "".join(
        f"<p><b>Danger:</b> {escape(d.danger)}<br><b>Safety goal:</b> {escape(d.safety_goal)}</p>"
        for d in view.danger_statements
    )
    agencies = "".join(
        f"<h4>{escape(item.title)}</h4>{_paragraphs(view.entries_for(item.id), with_speaker=False)}"
        for item in view.agenda_of_kind(AgendaKind.AGENCY)
        if view.entries_for(item.id)
    )
    return "".join(
        (
            "<h2>Part 1: Background</h2>",
            _section("Why there is a plan", _paragraphs(worries)),
            _section("The decision for each child", decisions),
            _section("The level of risk now", risk),
            _section("What is working well", _paragraphs(strengths)),
            _section("The parents' views", _paragraphs(_of_kind(view, AgendaKind.PARENTS_VIEWS))),
            _section("The children's views", child_views),
            _section("The agencies' views", agencies),
            _section("Danger statements and safety goals", dangers),
        )
    )


def part_two_html(view: ConferenceView) -> str:
    """Part 2, actions: one card per action with who, when, why, and what if not done."""
    cards = []
    for number, action in enumerate(view.actions, start=1):
        by_when = action.by_when.strftime("%d %B %Y") if action.by_when else "<i>not set</i>"
        rows = (
            ("Who", escape(action.who) or "<i>not set</i>"),
            ("By when", by_when),
            ("Why", escape(action.why)),
            ("How we will know", escape(action.how_we_will_know)),
            ("Support offered", escape(action.support)),
            ("If it is not done", escape(action.if_not_done)),
            ("Status", escape(action.status.label)),
        )
        table = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows if v)
        reason = (
            f"<p><i>Added because: {escape(action.reason_added)}</i></p>"
            if action.reason_added
            else ""
        )
        cards.append(
            f"<h3>{number}. {escape(action.what) or '<i>What: not set</i>'}</h3>"
            f"{reason}<table cellpadding='3'>{table}</table>"
        )
    ending = _section("What must happen for the plan to end", escape(view.plan_end_conditions))
    return "<h2>Part 2: Actions</h2>" + ("".join(cards) or "<p><i>No actions yet.</i></p>") + ending
