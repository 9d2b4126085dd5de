"""The chair's outcome letter to an invitee and the parents' pre-conference leaflet."""

from __future__ import annotations

from datetime import date

from chairdesk.domain import ActionStatus, ParticipantRole
from chairdesk.export import common as c
from chairdesk.export.catalogue import _, ngettext
from chairdesk.export.model import DocumentBuilder
from chairdesk.views import ConferenceView


def build_letter(b: DocumentBuilder, view: ConferenceView, recipient: str) -> None:
    s = view.summary
    held = view.started_at or s.scheduled_at
    written = view.ended_at.date() if view.ended_at else date.today()
    if view.council_name:
        b.paragraph(view.council_name, style="small")
    b.paragraph(c.day(written), style="small")
    b.paragraph(
        _("Family reference: {reference}").format(reference=view.family.case_reference),
        style="small",
    )
    b.paragraph(_("Dear {name},").format(name=recipient))
    kind, when = _(s.kind.label).lower(), c.long_day(held)
    b.paragraph(
        (
            _(
                "I am writing, as the chair, to tell you the outcome of the {kind} held on "
                "{date} at {venue}. Thank you for your part in it."
            )
            if s.venue
            else _(
                "I am writing, as the chair, to tell you the outcome of the {kind} held on "
                "{date}. Thank you for your part in it."
            )
        ).format(kind=kind, date=when, venue=s.venue)
    )

    b.heading(_("What the conference decided"))
    if not view.decisions:
        b.paragraph(_("No decision was recorded."))
    for d in view.decisions:
        text = _(d.outcome.label)
        if d.category is not None:
            text += _(", under the category of {category}").format(
                category=_(d.category.label).lower()
            )
        b.paragraph(text + ".", lead=f"{d.child_name}:")

    b.heading(_("The plan in outline"))
    open_actions = [
        a
        for a in sorted(view.actions, key=lambda a: a.position)
        if a.status != ActionStatus.ACHIEVED
    ]
    done = len(view.actions) - len(open_actions)
    if view.actions:
        b.paragraph(
            ngettext(
                "The plan has {count} actions; {done} has already been achieved. The actions "
                "still to do:",
                "The plan has {count} actions; {done} have already been achieved. The actions "
                "still to do:",
                done,
            ).format(count=len(view.actions), done=done)
        )
        b.bullets(
            [
                _("{what} ({who}, by {date})").format(
                    what=a.what, who=a.who or _("to be named"), date=c.day(a.by_when)
                )
                for a in open_actions
            ]
        )
    else:
        b.paragraph(_("The actions will be agreed at the first core group meeting."))
    if view.plan_end_conditions:
        b.paragraph(view.plan_end_conditions, lead=_("For the plan to end:"))
    if view.audience.is_professionals:
        b.paragraph("The full plan will be sent to you separately.")
    else:
        b.paragraph(
            _(
                'The full plan will be sent to you separately. Its first page, "What I need '
                'to do", lists only what the plan asks of you.'
            )
        )

    b.heading(_("What happens next"))
    later = _("to be arranged")
    b.table(
        ["", ""],
        [
            [_("Lead social worker"), view.lead_social_worker or _("to be confirmed")],
            [_("First core group meeting"), c.long_day(view.core_group_on, later)],
            [_("Review conference"), c.long_day(view.review_on, later)],
        ],
        widths=(0.4, 0.6),
    )

    b.heading(_("If you are unhappy"))
    b.paragraph(
        view.complaints_text
        or _(
            "Please speak to the chair or the lead social worker first. They will explain how "
            "to make a complaint."
        )
    )
    b.paragraph(_("Yours sincerely,"))
    b.paragraph(view.chair_name or _("The chair"))
    b.paragraph(_("Independent chair"), style="small")


def build_leaflet(b: DocumentBuilder, view: ConferenceView, recipient: str) -> None:
    s = view.summary
    b.paragraph(
        _(
            "Dear {name}, this leaflet tells you what will happen at the meeting about your "
            "family, and how you can take part. We know these meetings can feel worrying. "
            "Everyone there wants the same thing you do: for your children to be safe and well."
        ).format(name=recipient),
        style="intro",
    )

    b.heading(_("When and where"))
    b.table(
        ["", ""],
        [
            [_("Date"), c.long_day(s.scheduled_at)],
            [_("Time"), f"{s.scheduled_at:%H:%M}"],
            [_("Place"), s.venue or _("your social worker will tell you")],
        ],
        widths=(0.3, 0.7),
    )

    b.heading(_("What will happen"))
    b.bullets(
        [
            _(
                "Before the meeting the chair will meet you to explain how it works and answer "
                "your questions."
            ),
            _(
                "The chair runs the meeting. They do not work with your family and will make sure "
                "everyone is heard."
            ),
            _("You will speak first, before any of the professionals."),
            _("Each professional will say what they think is going well and what worries them."),
            _("We will hear what your children think and feel."),
            _(
                "Together we will agree what needs to happen next. Professionals decide whether a "
                "child protection plan is needed, and they will explain why."
            ),
            _(
                "You will get a letter about the outcome, then the plan and a record of the "
                "meeting."
            ),
        ]
    )

    b.heading(_("You speak first"))
    b.paragraph(
        _(
            "You will be asked for your views at the start of the meeting, before anyone else. "
            "You can say what is going well, what you are worried about and what help you would "
            "like. You can bring notes, or ask someone to speak with you."
        )
    )

    b.heading(_("Who will be there"))
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
        b.paragraph(_("Your social worker will tell you who has been invited."))

    b.heading(_("Bringing someone with you"))
    b.paragraph(
        _(
            "You can bring an advocate, a friend or a relative to support you. An advocate is "
            "someone independent who can help you say what you want to say. It is free."
        )
    )
    if view.advocacy_services:
        b.paragraph(_("You can contact:"))
        b.bullets(list(view.advocacy_services))
    b.paragraph(
        _(
            "If you need an interpreter, tell your social worker and we will book one. "
            "We will never ask a family member or a child to interpret."
        )
    )

    b.heading(_("Reports before the meeting"))
    b.paragraph(
        _(
            "Your social worker will share their report with you a few days before the meeting, "
            "so you have time to read it calmly. If something is not clear, please ask."
        )
    )

    b.heading(_("Questions"))
    worker = _(", {name},").format(name=view.lead_social_worker) if view.lead_social_worker else ""
    chair = _(", {name},").format(name=view.chair_name) if view.chair_name else ""
    b.paragraph(
        _(
            "Please ask your social worker{worker} or the chair{chair} about anything at all. "
            "Asking for help will not count against you."
        ).format(worker=worker, chair=chair)
    )
