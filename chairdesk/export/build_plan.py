"""The child protection plan: Part 1 background and Part 2 actions, for one audience."""

from __future__ import annotations

from chairdesk.domain import ActionOwner, ActionStatus, AgendaKind, ConferenceKind, Heading
from chairdesk.export import common as c
from chairdesk.export.build_changes import what_changed
from chairdesk.export.build_todo import todo_page
from chairdesk.export.catalogue import _, ngettext
from chairdesk.export.model import DocumentBuilder
from chairdesk.views import ActionView, ConferenceView, DecisionView

_WORRIES = (Heading.WORRY, Heading.RISK_STATEMENT)
_GOING_WELL = (Heading.STRENGTH, Heading.EXISTING_SAFETY)
_AGENCY_HEADINGS = (
    Heading.WORRY,
    Heading.COMPLICATING_FACTOR,
    Heading.STRENGTH,
    Heading.EXISTING_SAFETY,
    Heading.GREY_AREA,
    Heading.NEXT_STEPS,
    Heading.VIEW,
    Heading.NOTE,
)


def build_plan(b: DocumentBuilder, view: ConferenceView, recipient: str) -> None:
    parent = not view.audience.is_professionals
    if parent:
        todo_page(b, view, recipient, in_plan=True)
    what_changed(b, view)
    c.facts_table(b, view, recipient)
    b.notice(
        c.risk_in_words(view),
        title=_("How safe things are now") if parent else "The level of risk now",
    )
    if parent:
        b.paragraph(
            _(
                "This plan is in two parts. Part 1 explains why there is a plan and what everyone "
                "said. Part 2 lists what needs to happen, who will do it and by when. If anything "
                "is unclear, please ask your social worker or the chair. Asking for help will not "
                "count against you."
            ),
            style="intro",
        )
    c.withheld_notice(b, view, _("this plan") if parent else "this plan")
    _part_one(b, view, parent)
    b.page_break()
    _part_two(b, view, parent)


def _part_one(b: DocumentBuilder, view: ConferenceView, parent: bool) -> None:
    b.heading(
        _("Part 1: Why there is a plan") if parent else "Part 1: Background and assessment", 0
    )

    b.heading(_("Why we are worried") if parent else "Why there is a plan: the worries")
    if not c.add_entries(b, c.entries_with_headings(view, _WORRIES)):
        c.nothing_recorded(b, parent)

    b.heading(_("What was decided for each child") if parent else "Decision and category")
    _decisions_table(b, view.decisions)

    b.heading(_("How safe things are, and how this has changed") if parent else "Level of risk")
    chart = c.risk_chart(view)
    if chart is not None:
        b.chart(chart)
    else:
        b.paragraph(c.risk_in_words(view))

    b.heading(_("What is going well") if parent else "What is working well")
    if not c.add_entries(b, c.entries_with_headings(view, _GOING_WELL)):
        c.nothing_recorded(b, parent)

    b.heading(_("What parents said") if parent else "Parents' views")
    parents = c.entries_of_kinds(view, (AgendaKind.PARENTS_VIEWS, AgendaKind.FAMILY_RESPONSE))
    if not c.add_entries(b, parents):
        c.nothing_recorded(b, parent)

    b.heading(_("What the children said") if parent else "The child's views")
    children = c.child_names(view)
    if not c.add_entries(b, c.entries_of_kinds(view, (AgendaKind.CHILD_VIEWS,)), children):
        c.nothing_recorded(b, parent)

    b.heading(_("What the professionals said") if parent else "Agencies' views")
    any_agency = False
    for item in view.agenda_of_kind(AgendaKind.AGENCY):
        entries = [e for e in view.entries_for(item.id) if e.heading in _AGENCY_HEADINGS]
        if entries:
            b.heading(item.agency or item.title, 2)
            c.add_entries_by_heading(b, entries, parent, view.summary.model)
            any_agency = True
    if not any_agency:
        c.nothing_recorded(b, parent)

    b.heading(_("What we think is happening") if parent else "Analysis")
    analysis(b, view, parent)

    b.heading(_("What must happen for the plan to end"))
    b.paragraph(view.plan_end_conditions or _("Not yet agreed."))


def _decisions_table(b: DocumentBuilder, decisions: tuple[DecisionView, ...]) -> None:
    if not decisions:
        b.paragraph(_("No decision has been recorded yet."), style="note")
        return
    rows = [
        [d.child_name, _(d.outcome.label), _(d.category.label) if d.category else _("None")]
        for d in decisions
    ]
    b.table([_("Child"), _("Decision"), _("Category")], rows, widths=(0.3, 0.4, 0.3))


def analysis(
    b: DocumentBuilder, view: ConferenceView, parent: bool, with_entries: bool = True
) -> None:
    """Danger statements with their safety goals, other analysis entries, and the scaling."""
    statements = sorted(view.danger_statements, key=lambda d: d.position)
    if statements:
        b.heading(
            _("What we are worried could happen, and what safety looks like")
            if parent
            else "Danger statements and safety goals",
            2,
        )
        for number, statement in enumerate(statements, start=1):
            b.paragraph(
                statement.danger,
                lead=_("Worry {number}:").format(number=number)
                if parent
                else f"Danger statement {number}:",
            )
            b.paragraph(statement.safety_goal, lead=_("Safety goal:"))
    others = []
    if with_entries:
        others = c.entries_with_headings(
            view, (Heading.COMPLICATING_FACTOR, Heading.GREY_AREA)
        ) + c.entries_of_kinds(
            view,
            (AgendaKind.ANALYSIS, AgendaKind.INFORMATION_MAPPING),
            (Heading.NOTE, Heading.VIEW),
        )
    if others:
        c.add_entries_by_heading(b, others, parent, view.summary.model, level=2)
    if view.scalings:
        b.heading(_("How safe people think the children are (0 to 10)"), 2)
        rows = [
            [
                s.scorer_name,
                str(s.score),
                c.person_of(view, s.child_id) or _("All the children"),
                s.reason,
            ]
            for s in view.scalings
        ]
        b.table([_("Who"), _("Score"), _("For"), _("Why")], rows, widths=(0.22, 0.1, 0.2, 0.48))
    if not statements and not others and not view.scalings:
        c.nothing_recorded(b, parent)


def _part_two(b: DocumentBuilder, view: ConferenceView, parent: bool) -> None:
    b.heading(_("Part 2: What needs to happen") if parent else "Part 2: Actions", 0)
    actions = sorted(view.actions, key=lambda a: a.position)
    achieved = sum(1 for a in actions if a.status == ActionStatus.ACHIEVED)
    family = sum(1 for a in actions if a.owner == ActionOwner.FAMILY)
    count = ngettext(
        "There are {count} actions: {family} for the family and {others} for professionals, "
        "listed together.",
        "There are {count} actions: {family} for the family and {others} for professionals, "
        "listed together.",
        len(actions),
    )
    ticked = ngettext(
        "{achieved} has been achieved and is ticked (✓).",
        "{achieved} have been achieved and are ticked (✓).",
        achieved,
    )
    b.paragraph(
        count.format(count=len(actions), family=family, others=len(actions) - family)
        + " "
        + ticked.format(achieved=achieved),
        style="intro",
    )
    if parent:
        b.paragraph(
            _(
                "Professionals have actions too, and the core group checks that everyone does "
                "what they said they would."
            ),
        )
    review = view.summary.kind == ConferenceKind.REVIEW
    for number, action in enumerate(actions, start=1):
        action_card(b, action, number, review, parent)
    if not actions:
        b.paragraph(_("No actions have been agreed yet."), style="note")

    b.heading(_("What parents think of this plan") if parent else "Parents' views of the plan")
    views = c.entries_of_kinds(view, (AgendaKind.PLAN,), (Heading.VIEW, Heading.RESPONSE))
    if not c.add_entries(b, views):
        c.nothing_recorded(b, parent)

    b.heading(_("Core group and review"))
    b.table(
        ["", ""],
        [
            [_("Lead social worker"), view.lead_social_worker or _("not recorded")],
            [_("First core group meeting"), c.long_day(view.core_group_on)],
            [_("Review conference"), c.long_day(view.review_on)],
        ],
        widths=(0.4, 0.6),
    )
    c.social_worker_history(b, view, parent)


def action_card(
    b: DocumentBuilder, action: ActionView, number: int, review: bool, parent: bool
) -> None:
    done = action.status == ActionStatus.ACHIEVED
    owner = _("family") if action.owner == ActionOwner.FAMILY else _("professional")
    status = _(action.status.label)
    if done and action.achieved_on is not None:
        status += _(" on {date}").format(date=c.day(action.achieved_on))
    if action.confirmed_by:
        status += _(", confirmed by {name}").format(name=action.confirmed_by)
    if action.status_reason:
        status += f": {action.status_reason}"
    who = _("{who} ({owner})").format(who=action.who, owner=owner)
    fields = [
        (_("What"), action.what),
        (_("Who"), who if action.who.strip() else _("not yet named")),
        (_("By when"), c.day(action.by_when)),
        (_("Why"), action.why),
        (_("How we will know"), action.how_we_will_know),
        (_("Support offered"), action.support),
        (_("If this is not done"), action.if_not_done),
        (_("Status"), status),
    ]
    if action.reason_added:
        fields.append((_("Why this action was added"), action.reason_added))
    elif review and action.carried_from_id is None and not parent:
        fields.append(("Why this action was added", "No reason recorded."))
    for note in action.progress:
        fields.append((_("Progress, {date}").format(date=c.day(note.noted_on)), note.text))
    title = _("Action {number}").format(number=number)
    if action.carried_from_id is not None:
        title += _(" (from the last plan)")
    elif review:
        title += _(" (new at this review)")
    b.action(title, status, done, fields)
