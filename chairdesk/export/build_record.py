"""The conference record: who came, reports, every agenda item in order, decisions, the plan."""

from __future__ import annotations

from chairdesk.domain import (
    QUORACY_ADVICE,
    AgendaKind,
    AgendaStatus,
    Attendance,
    ConferenceKind,
)
from chairdesk.export import common as c
from chairdesk.export.build_plan import action_card, analysis
from chairdesk.export.catalogue import N_, _
from chairdesk.export.model import DocumentBuilder
from chairdesk.views import AgendaItemView, ConferenceView, DecisionView

_ATTENDANCE = {
    Attendance.INVITED: N_("Invited"),
    Attendance.PRESENT: N_("Present"),
    Attendance.APOLOGIES: N_("Apologies"),
    Attendance.ABSENT: N_("Did not attend"),
    Attendance.PART: N_("Part of the meeting"),
}


def build_record(b: DocumentBuilder, view: ConferenceView, recipient: str) -> None:
    parent = not view.audience.is_professionals
    c.facts_table(b, view, recipient)
    c.withheld_notice(b, view, _("the meeting") if parent else "the meeting")
    s = view.summary
    b.paragraph(
        _("{kind} held on {date}").format(
            kind=_(s.kind.label), date=c.long_day(view.started_at or s.scheduled_at)
        )
        + (_(" from {time}").format(time=c.clock(view.started_at)) if view.started_at else "")
        + (_(" to {time}").format(time=c.clock(view.ended_at)) if view.ended_at else "")
        + _(", using the {model} model. Minutes taken by {name}.").format(
            model=_(s.model.label), name=view.minute_taker_name or _("not recorded")
        )
    )
    if view.quoracy is not None:
        lead = _("Quorate:") if view.quoracy.quorate else _("Not quorate:")
        # The quoracy service's explanation may already open with the verdict.
        # The record states the finding, never the screen's advice to the chair.
        finding = view.quoracy.explanation.replace(QUORACY_ADVICE, ".")
        said = finding.casefold().startswith(lead.casefold())
        b.paragraph(finding, lead="" if said else lead)
    inquorate = view.quoracy is not None and not view.quoracy.quorate
    if view.inquorate_reason and inquorate and not parent:
        b.paragraph(view.inquorate_reason, lead="Why the conference went ahead:")
    _conduct(b, view, parent)
    if view.parents_not_first_reason:
        b.paragraph(view.parents_not_first_reason, lead=_("Why parents did not speak first:"))

    _attendance(b, view)
    c.social_worker_history(b, view, parent, level=1)
    _before_the_meeting(b, view, parent)
    _reports(b, view, parent)
    _exclusions(b, view)
    _sittings(b, view)

    b.heading(_("The meeting"), 0)
    placed = {"decisions": False, "analysis": False, "plan": False}
    for number, item in enumerate(view.agenda, start=1):
        _agenda_item(b, view, item, number, parent, placed)
    if not placed["decisions"] and view.decisions:
        b.heading(_("Decisions"))
        _decisions(b, view.decisions, parent)
    if not placed["analysis"] and (view.danger_statements or view.scalings):
        b.heading(_("Analysis"))
        analysis(b, view, parent, with_entries=False)
    if not placed["plan"] and view.actions:
        b.heading(_("The plan"))
        _plan(b, view, parent)

    b.heading(_("What happens next"))
    b.table(
        ["", ""],
        [
            [_("Lead social worker"), view.lead_social_worker or _("not recorded")],
            [_("First core group meeting"), c.long_day(view.core_group_on)],
            [_("Review conference"), c.long_day(view.review_on)],
        ],
        widths=(0.4, 0.6),
    )


def _attendance(b: DocumentBuilder, view: ConferenceView) -> None:
    b.heading(_("Who was there"))
    rows = []
    for p in view.participants:
        role = _(p.role.value.replace("_", " ").capitalize())
        if p.job_title or p.agency:
            role = ", ".join(x for x in (p.job_title, p.agency) if x)
        state = _(_ATTENDANCE[p.attendance])
        if p.attendance == Attendance.PART and p.present_for:
            state += f" ({p.present_for})"
        if p.arrived_at is not None:
            state += f", arrived late at {c.clock(p.arrived_at)}"
            if p.items_missed:
                state += f" (missed: {p.items_missed})"
        rows.append([p.name, role, state])
    b.table([_("Name"), _("Role and agency"), _("Attendance")], rows, widths=(0.3, 0.45, 0.25))
    apologies = [p.name for p in view.participants if p.attendance == Attendance.APOLOGIES]
    b.paragraph(", ".join(apologies) if apologies else _("None."), lead=_("Apologies:"))


def _before_the_meeting(b: DocumentBuilder, view: ConferenceView, parent: bool) -> None:
    """The pre-meeting checklist (DOMAIN.md §6: advocates, the process, speaking first)."""
    b.heading(_("Before the meeting"))
    done = view.checklist

    def yes_no(value: bool) -> str:
        return _("Yes") if value else _("No")

    advocate = yes_no(done.advocate_offered)
    if done.advocate_offered:
        services = "; ".join(view.advocacy_services)
        advocate += (
            _(". Local advocacy services named: {services}").format(services=services)
            if services
            else _(". No local advocacy services are set up to name")
        )
    needing = [p.name for p in view.people if p.interpreter_needed]
    conduct = view.conduct
    if conduct.interpreter_name or conduct.interpreter_language:
        interpreter = _("Yes, {who}: not a family member or a child").format(
            who=", ".join(
                x
                for x in (
                    conduct.interpreter_name,
                    _("interpreting in {language}").format(language=conduct.interpreter_language)
                    if conduct.interpreter_language
                    else "",
                )
                if x
            )
        )
    elif done.interpreter_booked:
        interpreter = _("Yes, not a family member or a child")
    elif needing:
        interpreter = _("No, although {names} needs an interpreter").format(
            names=", ".join(needing)
        )
    else:
        interpreter = _("Not needed: nobody is recorded as needing an interpreter")
    rows = [
        [_("The chair met the parents before the conference"), yes_no(done.chair_met_parents)],
        [_("An advocate was offered"), advocate],
        [_("An interpreter was booked"), interpreter],
        [_("The parents had the leaflet on what to expect"), yes_no(done.leaflet_given)],
        [_("The parents were told they would speak first"), yes_no(done.told_speak_first)],
        [_("The child was seen before the conference"), yes_no(done.child_seen)],
    ]
    b.table(["", ""], rows, widths=(0.5, 0.5))
    if done.notes and not parent:
        b.paragraph(done.notes, lead="Notes:")


def _reports(b: DocumentBuilder, view: ConferenceView, parent: bool) -> None:
    b.heading(_("Reports"))
    if not view.reports:
        c.nothing_recorded(b, parent)
        return
    rows = [
        [
            r.title,
            f"{r.author}, {r.agency}" if r.author else r.agency,
            c.day(r.received_on, _("not received")),
            c.report_received(r),
            _(r.visibility.label),
        ]
        for r in view.reports
    ]
    b.table(
        [_("Report"), _("From"), _("Received"), _("Shared with parents"), _("Who may see it")],
        rows,
        widths=(0.18, 0.17, 0.16, 0.32, 0.17),
    )
    late = c.late_reports(view)
    if late:
        b.notice(
            "; ".join(late) + ".",
            title=_("Reports the parents did not have in time")
            if parent
            else "Reports shared late with the parents",
        )


def _sittings(b: DocumentBuilder, view: ConferenceView) -> None:
    """Split sittings: the professionals see each; a parent, only that theirs was separate."""
    if not view.sittings:
        return
    if not view.audience.is_professionals:
        b.heading(_("Your sitting"))
        for s in view.sittings:
            b.paragraph(
                _(
                    "The conference met in separate sittings. This copy holds the sitting you "
                    "were in (from {start} until {end}) and the parts that were for everyone."
                ).format(start=c.clock(s.started_at), end=c.clock(s.ended_at, _("the end")))
            )
        return
    b.heading("Separate sittings")
    rows = [
        [
            s.label or "Sitting",
            ", ".join(c.person_of(view, p) for p in s.person_ids),
            c.clock(s.started_at),
            c.clock(s.ended_at, "end of meeting"),
        ]
        for s in view.sittings
    ]
    b.table(
        ["Sitting", "Family members in it", "From", "Until"], rows, widths=(0.3, 0.4, 0.15, 0.15)
    )


def _exclusions(b: DocumentBuilder, view: ConferenceView) -> None:
    if not view.audience.is_professionals:
        # A parent's copy speaks only of their own time out of the room: whether anyone else
        # was asked to leave is not theirs to know (DESIGN.md §4).
        if view.exclusions:
            b.heading(_("When you were asked to leave"))
            for x in view.exclusions:
                b.paragraph(
                    _(
                        "You were asked to leave the meeting at {start} until {end}. What was "
                        "said while you were out of the room is not in your copy."
                    ).format(
                        start=c.clock(x.started_at),
                        end=c.clock(x.ended_at, _("the end of the meeting")),
                    )
                )
        return
    b.heading("Exclusions")
    if not view.exclusions:
        b.paragraph("Nobody was asked to leave any part of the meeting.")
        return
    rows = [
        [x.participant_name, c.clock(x.started_at), c.clock(x.ended_at, "end of meeting"), x.reason]
        for x in view.exclusions
    ]
    b.table(["Who", "From", "Until", "Reason"], rows, widths=(0.25, 0.12, 0.18, 0.45))


def _agenda_item(
    b: DocumentBuilder,
    view: ConferenceView,
    item: AgendaItemView,
    number: int,
    parent: bool,
    placed: dict[str, bool],
) -> None:
    b.heading(f"{number}. {item.title}", 2)
    times = _(" to ").join(t for t in (c.clock(item.started_at), c.clock(item.ended_at)) if t)
    if times:
        b.paragraph(times, lead=_("Time:"), style="small")
    if item.status == AgendaStatus.SKIPPED:
        b.paragraph(item.reason or _("No reason recorded."), lead=_("Not taken:"))
    elif item.reason:
        b.paragraph(item.reason, lead=_("Note:"))
    entries = list(view.entries_for(item.id))
    c.add_entries_by_heading(b, entries, parent, view.summary.model, children=c.child_names(view))
    if item.kind == AgendaKind.CHILD_VIEWS:
        _child_statements(b, view)
    if item.kind == AgendaKind.ANALYSIS and not placed["analysis"]:
        placed["analysis"] = True
        analysis(b, view, parent, with_entries=False)
    elif item.kind == AgendaKind.DECISION and not placed["decisions"]:
        placed["decisions"] = True
        _decisions(b, view.decisions, parent)
    elif item.kind == AgendaKind.PLAN and not placed["plan"]:
        placed["plan"] = True
        _plan(b, view, parent)


def _decisions(b: DocumentBuilder, decisions: tuple[DecisionView, ...], parent: bool) -> None:
    for d in decisions:
        b.heading(_("Decision for {name}").format(name=d.child_name), 3)
        b.paragraph(
            _("Yes") if d.likely_significant_harm else _("No"),
            lead=_("Likely to suffer significant harm:"),
        )
        category = _(d.category.label).lower() if d.category else ""
        b.paragraph(
            _(d.outcome.label)
            + (
                _(", under the category of {category}").format(category=category)
                if category
                else ""
            ),
            lead=_("Decision:"),
        )
        b.paragraph(d.reasons or _("No reasons recorded."), lead=_("Reasons:"))
        if d.chair_decided:
            b.paragraph(
                _("The professionals did not agree, so the chair made the decision."),
                style="note",
            )
        if d.recommendations:
            rows = [
                [
                    r.agency,
                    r.name,
                    _(r.outcome.label),
                    _(r.category.label) if r.category else "",
                    r.reason,
                ]
                for r in d.recommendations
            ]
            b.table(
                [_("Agency"), _("Name"), _("Recommendation"), _("Category"), _("Reason")],
                rows,
                widths=(0.17, 0.17, 0.2, 0.14, 0.32),
            )
        for dissent in d.dissents:
            who = f"{dissent.name} ({dissent.agency})" if dissent.agency else dissent.name
            b.paragraph(dissent.reason, lead=_("Dissent recorded, {who}:").format(who=who))


def _plan(b: DocumentBuilder, view: ConferenceView, parent: bool) -> None:
    review = view.summary.kind == ConferenceKind.REVIEW
    actions = sorted(view.actions, key=lambda a: a.position)
    for number, action in enumerate(actions, start=1):
        action_card(b, action, number, review, parent)
    if view.plan_end_conditions:
        b.paragraph(view.plan_end_conditions, lead=_("What must happen for the plan to end:"))


def _conduct(b: DocumentBuilder, view: ConferenceView, parent: bool) -> None:
    """The day as it happened: an interpreter, an adjournment, who attended separately."""
    conduct = view.conduct
    if conduct.interpreter_language:
        who = f" ({conduct.interpreter_name})" if conduct.interpreter_name else ""
        b.paragraph(
            _("An independent interpreter{who} interpreted in {language}.").format(
                who=who, language=conduct.interpreter_language
            ),
            lead=_("Interpreter:"),
        )
    if conduct.adjourned_at is not None:
        text = _("The conference was adjourned on {day} at {time}").format(
            day=c.long_day(conduct.adjourned_at), time=c.clock(conduct.adjourned_at)
        )
        if conduct.reconvene_on is not None:
            text += _(" and continued on {day}").format(day=c.long_day(conduct.reconvene_on))
        text += _(", as the same conference.")
        if conduct.adjourn_reason and not parent:
            text += f" Reason: {conduct.adjourn_reason}"
        b.paragraph(text, lead=_("Adjournment:"))
    if conduct.attends_separately and not parent:
        b.paragraph(conduct.attends_separately, lead="Attending separately:")


def _child_statements(b: DocumentBuilder, view: ConferenceView) -> None:
    """A child's own statements, listed under the child's views with the child's name."""
    statements = view.conduct.child_statements
    if not statements:
        return
    rows = [
        [
            s.child_name,
            s.file_name,
            s.description or _(_KIND.get(s.media_type, N_("A file"))),
            f"{max(1, s.size // 1024)} KB",
        ]
        for s in statements
    ]
    b.paragraph(_("In the child's own hand, kept with the conference:"), lead=_("Statements:"))
    b.table(
        [_("Child"), _("File"), _("What it is"), _("Size")], rows, widths=(0.25, 0.3, 0.3, 0.15)
    )
    for s in statements:
        if s.is_image and s.content:
            b.picture(f"{s.child_name}: {s.description or s.file_name}", s.content)


_KIND = {
    "image/png": N_("A picture"),
    "image/jpeg": N_("A picture"),
    "application/pdf": N_("A scanned document"),
    "text/plain": N_("A letter"),
}
