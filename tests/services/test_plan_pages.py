"""A parent's "What I need to do" page and a review's "What has changed since the last plan".

Everything is set up through the real services on a real encrypted database and written by
IssueService (the path the Issue page and `chairdesk export` share); the files are read back
with python-docx and poppler's pdftotext, never from the document model.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from docx.table import Table as DocxTable

from chairdesk.domain import ActionOwner, ActionStatus, Visibility
from chairdesk.export import DocumentKind
from chairdesk.models import AuditEvent
from chairdesk.services.actions import ActionService
from chairdesk.services.analysis import AnalysisService
from chairdesk.services.base import ServiceContext
from chairdesk.services.issuing import IssueService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.reviews import ReviewService
from chairdesk.services.sharing import SharingService
from chairdesk.storage.engine import Database
from tests.export.readers import normal, pdf_pages
from tests.services.builders import FATHER, MOTHER, fixed_context, make_conference, person_id

BETWEEN = datetime(2027, 1, 20, 9, 0)  # after the initial conference, before the review
REVIEW_AT = datetime(2027, 3, 1, 10, 0)

MOTHERS = "Sarah will take Maya to every dental appointment."
FATHERS = "Daniel will finish the parenting course at the family centre."
WORKERS = "Arrange a dentist for Maya near the family home."
HIDDEN_FROM_MOTHER = "WITHHELD-FROM-SARAH contact arrangements at the new flat."
PROFESSIONALS_ONLY = "PROFESSIONALS-ONLY check the police record for Sarah."
PLAN_END = "The plan can end when Maya's teeth are treated and the core group agree."
ADDED = "Sarah will keep a diary of Maya's meals for four weeks."
ADDED_REASON = "The school noticed Maya arriving hungry on Mondays."
ADDED_WORRY = "Maya may go hungry when Sarah is unwell."
MOVE_REASON = "The course was full until February, so the date was moved."


@dataclass(frozen=True)
class Case:
    conference_id: int
    mother: int
    father: int
    actions: dict[str, int]


def initial_case(database: Database) -> Case:
    """The Fenwicks' initial conference: a plan with each parent's actions and hidden ones."""
    conference = make_conference(database)
    context = fixed_context(database)
    view = SharingService(context).view(conference.id)
    mother, father = person_id(view, MOTHER), person_id(view, FATHER)
    service = ActionService(context)

    def add(what: str, who: str, owner: ActionOwner, by: date, **extra: object) -> int:
        action = service.add_action(
            conference.id,
            what=what,
            who=who,
            owner=owner,
            by_when=by,
            why="So Maya's teeth stop hurting.",
            how_we_will_know="Checked at each visit by the family support worker.",
            support="The family support worker can come along.",
            if_not_done="The core group will meet sooner to find out what got in the way.",
        )
        if extra:
            service.update_action(action.id, **extra)
        return action.id

    actions = {
        "mother": add(MOTHERS, MOTHER, ActionOwner.FAMILY, date(2027, 1, 31)),
        "father": add(FATHERS, FATHER, ActionOwner.FAMILY, date(2027, 1, 15)),
        "worker": add(WORKERS, "Priya Shah", ActionOwner.PROFESSIONAL, date(2027, 2, 28)),
        "withheld": add(
            HIDDEN_FROM_MOTHER,
            f"{MOTHER} and {FATHER}",
            ActionOwner.FAMILY,
            date(2027, 2, 1),
            visibility=Visibility.WITHHELD,
            withheld_from=[mother],
        ),
        "professionals": add(
            PROFESSIONALS_ONLY,
            MOTHER,
            ActionOwner.FAMILY,
            date(2027, 2, 2),
            visibility=Visibility.PROFESSIONALS,
        ),
    }
    PrepareService(context).update_details(
        conference.id, plan_end_conditions=PLAN_END, core_group_on=date(2026, 12, 15)
    )
    AnalysisService(context).record_scaling(conference.id, "Priya Shah", 3, "Many worries.")
    AnalysisService(context).record_scaling(conference.id, "Jo Bright", 5, "Some progress.")
    return Case(conference.id, mother, father, actions)


def export(
    context: ServiceContext,
    folder: Path,
    conference_id: int,
    kind: DocumentKind,
    person: int | None,
) -> tuple[str, list[str]]:
    """The DOCX body text (python-docx) and the PDF's pages (pdftotext) of one copy."""
    issue = IssueService(context)
    audience = SharingService(context).audience_for(conference_id, person)
    name = f"{kind.value}-{person or 'professionals'}"
    written = issue.export(conference_id, kind, audience, "docx", folder / f"{name}.docx")
    pdf = issue.export(conference_id, kind, audience, "pdf", folder / f"{name}.pdf")
    pages = pdf_pages(pdf.path.read_bytes(), layout=False)
    return docx_text(written.path.read_bytes()), [normal(p) for p in pages]


def docx_text(data: bytes) -> str:
    """The body as python-docx reads it: paragraphs and table cells in document order."""
    lines: list[str] = []
    for block in docx.Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(block, DocxTable):
            for row in block.rows:
                lines += dict.fromkeys(cell.text for cell in row.cells)  # merged cells once
        else:
            lines.append(block.text)
    return normal("\n".join(lines))


def test_a_parents_plan_starts_with_their_own_page_of_only_their_actions(
    sqlite_database: Database, tmp_path: Path
) -> None:
    case = initial_case(sqlite_database)
    context = fixed_context(sqlite_database)
    text, pages = export(context, tmp_path, case.conference_id, DocumentKind.PLAN, case.mother)

    first = pages[0]
    assert "What I need to do" in first and "This page is for Sarah Fenwick" in first
    assert MOTHERS in first and "31 January 2027" in first
    assert "Checked at each visit by the family support worker." in first
    assert "The family support worker can come along." in first
    assert "The core group will meet sooner" in first
    assert PLAN_END in first
    # Only hers: not the father's, not the worker's, and nothing withheld from her anywhere.
    assert FATHERS not in first and WORKERS not in first
    assert "Part 1" not in first  # the page is a page of its own, before the background
    whole = "\n".join(pages)
    for hidden in ("WITHHELD-FROM-SARAH", "PROFESSIONALS-ONLY"):
        assert hidden not in whole and hidden not in text
    assert FATHERS in whole  # the full plan still lists everyone's actions, after her page
    # The Word copy opens the same way.
    assert text.index("What I need to do") < text.index(MOTHERS) < text.index("Part 1")
    assert text.index("Part 1") < text.index(FATHERS)

    # The father's page holds his action and the one they share that his view may see.
    _, his = export(context, tmp_path, case.conference_id, DocumentKind.PLAN, case.father)
    assert FATHERS in his[0] and "WITHHELD-FROM-SARAH" in his[0]
    assert MOTHERS not in his[0] and "PROFESSIONALS-ONLY" not in "\n".join(his)


def test_the_todo_page_is_issued_alone_on_one_page(
    sqlite_database: Database, tmp_path: Path
) -> None:
    case = initial_case(sqlite_database)
    context = fixed_context(sqlite_database)
    text, pages = export(
        context, tmp_path, case.conference_id, DocumentKind.WHAT_I_NEED_TO_DO, case.mother
    )

    assert len(pages) == 1
    for shown in (MOTHERS, "By when", "How everyone will know", "Help offered to you"):
        assert shown in pages[0] and shown in text
    assert PLAN_END in text and "Asking for help will not count against you." in text
    assert "Tuesday 15 December 2026" in text  # the next core group
    for absent in (FATHERS, WORKERS, "WITHHELD-FROM-SARAH", "PROFESSIONALS-ONLY", "Part 1"):
        assert absent not in pages[0] and absent not in text
    with sqlite_database.transaction() as session:
        event = session.query(AuditEvent).filter_by(action="document.export").all()[-1]
        assert event.detail["document"] == "todo"
        assert event.detail["recipient_person_id"] == case.mother
    # Her outcome letter tells her where to find it.
    letter, _ = export(context, tmp_path, case.conference_id, DocumentKind.LETTER, case.mother)
    assert 'Its first page, "What I need to do", lists only what the plan asks of you.' in letter


def review_case(database: Database) -> tuple[Case, int]:
    """The review three months on: one action achieved, one added, one date moved."""
    case = initial_case(database)
    between = ServiceContext(database, user="Alex Morgan", clock=lambda: BETWEEN)
    # Moved on the last plan between the conferences: carried to the review with the action.
    ActionService(between).update_action(
        case.actions["father"], by_when=date(2027, 2, 26), date_reason=MOVE_REASON
    )
    review = ReviewService(fixed_context(database, REVIEW_AT)).start_review(
        case.conference_id, REVIEW_AT
    )
    context = fixed_context(database, REVIEW_AT)
    actions = ActionService(context)
    carried = {a.carried_from_id: a.id for a in ReviewService(context).carried_actions(review.id)}
    actions.set_status(
        carried[case.actions["mother"]],
        ActionStatus.ACHIEVED,
        achieved_on=date(2027, 2, 10),
        confirmed_by="Priya Shah",
    )
    actions.add_action(
        review.id,
        what=ADDED,
        who=MOTHER,
        by_when=date(2027, 4, 1),
        why=ADDED_WORRY,
        reason_added=ADDED_REASON,
    )
    AnalysisService(context).record_scaling(review.id, "Priya Shah", 6, "Real progress.")
    AnalysisService(context).record_scaling(review.id, "Jo Bright", 7, "Teeth treated.")
    return case, review.id


def test_a_review_plan_opens_with_what_has_changed_since_the_last_plan(
    sqlite_database: Database, tmp_path: Path
) -> None:
    case, review_id = review_case(sqlite_database)
    context = fixed_context(sqlite_database, REVIEW_AT)
    text, pages = export(context, tmp_path, review_id, DocumentKind.PLAN, None)
    opening = "\n".join(pages[:2])
    changed = opening[opening.index("What has changed since the last plan") :]
    changed = changed[: changed.index("Part 1")]

    assert "Maya Fenwick and Leo Fenwick have a child protection plan" in changed
    assert "4 out of 10 at the last conference on 1 December 2026" in changed
    assert "6.5 out of 10 at this conference" in changed
    achieved = changed[changed.index("Actions achieved") : changed.index("Actions added")]
    assert MOTHERS in achieved
    assert "Achieved on 10 February 2027, confirmed by Priya Shah." in achieved
    assert FATHERS not in achieved
    added = changed[changed.index("Actions added") : changed.index("Dates moved")]
    assert ADDED in added and ADDED_REASON in added and ADDED_WORRY in added
    assert MOTHERS not in added  # carried from the last plan, not added
    moved = changed[changed.index("Dates moved") :]
    assert FATHERS in moved
    assert "moved from 15 January 2027 to 26 February 2027" in moved
    assert "Alex Morgan moved it on 20 January 2027" in moved and MOVE_REASON in moved
    # The Word copy says the same, before Part 1.
    for said in (ADDED_REASON, MOVE_REASON, "Alex Morgan moved it", "4 out of 10"):
        assert text.index(said) < text.index("Part 1")

    # A parent's copy: her page first, then what has changed, with nothing hidden from her.
    _, hers = export(context, tmp_path, review_id, DocumentKind.PLAN, case.mother)
    assert "What I need to do" in hers[0] and ADDED in hers[0]
    assert MOTHERS not in hers[0].split("Already done")[0]  # achieved: ticked, not to do
    whole = "\n".join(hers)
    assert whole.index("What I need to do") < whole.index("What has changed since the last")
    assert "WITHHELD-FROM-SARAH" not in whole and "PROFESSIONALS-ONLY" not in whole


def test_a_first_conference_plan_has_no_changes_section(
    sqlite_database: Database, tmp_path: Path
) -> None:
    case = initial_case(sqlite_database)
    text, pages = export(
        fixed_context(sqlite_database), tmp_path, case.conference_id, DocumentKind.PLAN, None
    )
    assert "What has changed" not in text and "What has changed" not in "\n".join(pages)
    assert "What I need to do" not in text  # the professionals' plan has no parent's page


def test_moving_a_by_when_date_is_kept_with_who_and_why_and_audited(database: Database) -> None:
    case = initial_case(database)
    context = ServiceContext(database, user="Alex Morgan", clock=lambda: BETWEEN)
    actions = ActionService(context)
    moved = actions.update_action(
        case.actions["father"], by_when=date(2027, 2, 26), date_reason=MOVE_REASON
    )
    (move,) = moved.date_moves
    assert (move.from_date, move.to_date) == (date(2027, 1, 15), date(2027, 2, 26))
    assert (move.moved_by, move.reason, move.moved_at) == ("Alex Morgan", MOVE_REASON, BETWEEN)
    # Setting a date that was blank, or the same date again, is not a move.
    blank = actions.add_action(case.conference_id, what="A new action", who=MOTHER)
    assert actions.update_action(blank.id, by_when=date(2027, 3, 1)).date_moves == ()
    assert len(actions.update_action(moved.id, by_when=date(2027, 2, 26)).date_moves) == 1
    with database.transaction() as session:
        events = session.query(AuditEvent).filter_by(action="action.move_date").all()
    assert len(events) == 1 and events[0].user == "Alex Morgan"
    assert events[0].detail == {
        "from": "2027-01-15",
        "to": "2027-02-26",
        "reason_given": True,
        "carried_copies": 0,
    }
    assert MOVE_REASON not in str(events[0].detail)  # case text stays out of the audit trail
    # A review carries the move with the action.
    review = ReviewService(fixed_context(database, REVIEW_AT)).start_review(
        case.conference_id, REVIEW_AT
    )
    carried = ReviewService(context).carried_actions(review.id)
    father = next(a for a in carried if a.carried_from_id == case.actions["father"])
    assert [m.reason for m in father.date_moves] == [MOVE_REASON]


@pytest.mark.parametrize("reason", ["x" * 1_000_001, 5], ids=["too-long", "not-text"])
def test_a_date_move_with_an_impossible_reason_is_refused_and_nothing_changes(
    sqlite_database: Database, reason: object
) -> None:
    from chairdesk.errors import ValidationError

    case = initial_case(sqlite_database)
    actions = ActionService(fixed_context(sqlite_database))
    with pytest.raises(ValidationError):
        actions.update_action(
            case.actions["father"],
            by_when=date(2027, 2, 26),
            date_reason=reason,  # type: ignore[arg-type]
        )
    view = SharingService(fixed_context(sqlite_database)).view(case.conference_id)
    father = next(a for a in view.actions if a.id == case.actions["father"])
    assert father.by_when == date(2027, 1, 15) and father.date_moves == ()


def test_a_date_moved_on_the_last_plan_after_the_review_was_prepared_reaches_the_review(
    sqlite_database: Database, tmp_path: Path
) -> None:
    case = initial_case(sqlite_database)
    review = ReviewService(fixed_context(sqlite_database, REVIEW_AT)).start_review(
        case.conference_id, REVIEW_AT
    )
    between = ServiceContext(sqlite_database, user="Alex Morgan", clock=lambda: BETWEEN)
    ActionService(between).update_action(
        case.actions["father"], by_when=date(2027, 2, 26), date_reason=MOVE_REASON
    )
    carried = ReviewService(between).carried_actions(review.id)
    father = next(a for a in carried if a.carried_from_id == case.actions["father"])
    assert father.by_when == date(2027, 2, 26)
    assert [(m.moved_by, m.reason) for m in father.date_moves] == [("Alex Morgan", MOVE_REASON)]
    _, pages = export(
        fixed_context(sqlite_database, REVIEW_AT), tmp_path, review.id, DocumentKind.PLAN, None
    )
    opening = "\n".join(pages[:2])
    moved = opening[opening.index("Dates moved") : opening.index("Part 1")]
    assert FATHERS in moved and "Alex Morgan moved it on 20 January 2027" in moved


@pytest.mark.parametrize(
    ("who", "owner", "hers"),
    [
        ("Sarah Fenwick", ActionOwner.FAMILY, True),
        ("Sarah, with the health visitor", ActionOwner.FAMILY, True),
        ("Ms Fenwick", ActionOwner.FAMILY, True),
        ("Daniel Okafor and Sarah Fenwick", ActionOwner.FAMILY, True),
        ("Both parents", ActionOwner.FAMILY, True),
        ("Both parents", ActionOwner.PROFESSIONAL, False),
        ("The family support worker", ActionOwner.FAMILY, False),
        ("Daniel Okafor", ActionOwner.FAMILY, False),
        ("Sarah Jones (health visitor)", ActionOwner.PROFESSIONAL, False),  # another Sarah
        ("sarah and Dan", ActionOwner.FAMILY, True),
        ("Sarah Fenwick's sister", ActionOwner.FAMILY, False),  # someone else
        ("Priya Shah", ActionOwner.PROFESSIONAL, False),
        ("", ActionOwner.FAMILY, False),
    ],
)
def test_an_action_is_a_parents_when_its_who_names_them(
    who: str, owner: ActionOwner, hers: bool
) -> None:
    from chairdesk.domain import PersonRole
    from chairdesk.export.build_todo import names_person
    from chairdesk.views import ActionView, PersonView

    sarah = PersonView(1, 1, "Sarah Fenwick", PersonRole.PARENT)
    action = ActionView(
        1, 1, "Something", who, owner, None, "", "", "", "", ActionStatus.NOT_STARTED
    )
    assert names_person(action, sarah) is hers
