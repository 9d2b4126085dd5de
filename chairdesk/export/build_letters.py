"""The chair's outcome letter to an invitee and the parents' pre-conference leaflet."""

from __future__ import annotations

from datetime import date

from chairdesk.domain import ActionStatus, ParticipantRole
from chairdesk.export import common as c
from chairdesk.export.model import DocumentBuilder
from chairdesk.views import ConferenceView


def build_letter(b: DocumentBuilder, view: ConferenceView, recipient: str) -> None:
    s = view.summary
    held = view.started_at or s.scheduled_at
    written = view.ended_at.date() if view.ended_at else date.today()
    if view.council_name:
        b.paragraph(view.council_name, style="small")
    b.paragraph(c.day(written), style="small")
    b.paragraph(f"Family reference: {view.family.case_reference}", style="small")
    b.paragraph(f"Dear {recipient},")
    b.paragraph(
        f"I am writing, as the chair, to tell you the outcome of the "
        f"{s.kind.label.lower()} held on {c.long_day(held)}"
        + (f" at {s.venue}" if s.venue else "")
        + ". Thank you for your part in it."
    )

    b.heading("What the conference decided")
    if not view.decisions:
        b.paragraph("No decision was recorded.")
    for d in view.decisions:
        text = d.outcome.label
        if d.category is not None:
            text += f", under the category of {d.category.label.lower()}"
        b.paragraph(text + ".", lead=f"{d.child_name}:")

    b.heading("The plan in outline")
    open_actions = [
        a
        for a in sorted(view.actions, key=lambda a: a.position)
        if a.status != ActionStatus.ACHIEVED
    ]
    done = len(view.actions) - len(open_actions)
    if view.actions:
        b.paragraph(
            f"The plan has {len(view.actions)} actions; {done} "
            f"{'has' if done == 1 else 'have'} already been achieved. The actions still to do:"
        )
        b.bullets(
            [f"{a.what} ({a.who or 'to be named'}, by {c.day(a.by_when)})" for a in open_actions]
        )
    else:
        b.paragraph("The actions will be agreed at the first core group meeting.")
    if view.plan_end_conditions:
        b.paragraph(view.plan_end_conditions, lead="For the plan to end:")
    if view.audience.is_professionals:
        b.paragraph("The full plan will be sent to you separately.")
    else:
        b.paragraph(
            'The full plan will be sent to you separately. Its first page, "What I need to '
            'do", lists only what the plan asks of you.'
        )

    b.heading("What happens next")
    b.table(
        ["", ""],
        [
            ["Lead social worker", view.lead_social_worker or "to be confirmed"],
            ["First core group meeting", c.long_day(view.core_group_on, "to be arranged")],
            ["Review conference", c.long_day(view.review_on, "to be arranged")],
        ],
        widths=(0.4, 0.6),
    )

    b.heading("If you are unhappy")
    b.paragraph(
        view.complaints_text
        or "Please speak to the chair or the lead social worker "
        "first. They will explain how to make a complaint."
    )
    b.paragraph("Yours sincerely,")
    b.paragraph(view.chair_name or "The chair")
    b.paragraph("Independent chair", style="small")


def build_leaflet(b: DocumentBuilder, view: ConferenceView, recipient: str) -> None:
    s = view.summary
    b.paragraph(
        f"Dear {recipient}, this leaflet tells you what will happen at the meeting about your "
        "family, and how you can take part. We know these meetings can feel worrying. "
        "Everyone there wants the same thing you do: for your children to be safe and well.",
        style="intro",
    )

    b.heading("When and where")
    b.table(
        ["", ""],
        [
            ["Date", c.long_day(s.scheduled_at)],
            ["Time", f"{s.scheduled_at:%H:%M}"],
            ["Place", s.venue or "your social worker will tell you"],
        ],
        widths=(0.3, 0.7),
    )

    b.heading("What will happen")
    b.bullets(
        [
            "Before the meeting the chair will meet you to explain how it works and answer your "
            "questions.",
            "The chair runs the meeting. They do not work with your family and will make sure "
            "everyone is heard.",
            "You will speak first, before any of the professionals.",
            "Each professional will say what they think is going well and what worries them.",
            "We will hear what your children think and feel.",
            "Together we will agree what needs to happen next. Professionals decide whether a "
            "child protection plan is needed, and they will explain why.",
            "You will get a letter about the outcome, then the plan and a record of the meeting.",
        ]
    )

    b.heading("You speak first")
    b.paragraph(
        "You will be asked for your views at the start of the meeting, before anyone else. "
        "You can say what is going well, what you are worried about and what help you would "
        "like. You can bring notes, or ask someone to speak with you."
    )

    b.heading("Who will be there")
    people = [
        f"{p.name}, {', '.join(x for x in (p.job_title, p.agency) if x)}"
        if (p.job_title or p.agency)
        else p.name
        for p in view.participants
        if p.invited
        and p.role
        not in (
            ParticipantRole.PARENT,
            ParticipantRole.CARER,
            ParticipantRole.CHILD,
            ParticipantRole.RELATIVE,
        )
    ]
    if people:
        b.bullets(people)
    else:
        b.paragraph("Your social worker will tell you who has been invited.")

    b.heading("Bringing someone with you")
    b.paragraph(
        "You can bring an advocate, a friend or a relative to support you. An advocate is "
        "someone independent who can help you say what you want to say. It is free."
    )
    if view.advocacy_services:
        b.paragraph("You can contact:")
        b.bullets(list(view.advocacy_services))
    b.paragraph(
        "If you need an interpreter, tell your social worker and we will book one. "
        "We will never ask a family member or a child to interpret."
    )

    b.heading("Reports before the meeting")
    b.paragraph(
        "Your social worker will share their report with you a few days before the meeting, "
        "so you have time to read it calmly. If something is not clear, please ask."
    )

    b.heading("Questions")
    b.paragraph(
        "Please ask your social worker"
        + (f", {view.lead_social_worker}," if view.lead_social_worker else "")
        + " or the chair"
        + (f", {view.chair_name}," if view.chair_name else "")
        + " about anything at all. Asking for help will not count against you."
    )
