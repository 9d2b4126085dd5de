"""IssueService: a parent's copy's approval read back from the audit trail, after a restart too."""

from __future__ import annotations

from dataclasses import replace

from chairdesk.domain import AgendaKind, Heading, UserRole
from chairdesk.export import DocumentKind
from chairdesk.services.accounts import AccountService
from chairdesk.services.base import ServiceContext
from chairdesk.services.entries import EntryService
from chairdesk.services.issuing import IssueService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from chairdesk.storage.engine import Database
from chairdesk.views import Audience, CopyApprovalView
from tests.security.test_accounts import CHAIR, CHAIR_PASSPHRASE, MANAGER, MANAGER_PASSPHRASE
from tests.services.builders import (
    FATHER,
    MOTHER,
    agenda_item,
    fixed_context,
    make_conference,
    person_id,
)


def _chair(database: Database) -> ServiceContext:
    """The chair who saves copies, over a database where a manager can approve them."""
    chair = replace(fixed_context(database), user=CHAIR, role=UserRole.CHAIR)
    AccountService(chair).create_account(CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE)
    AccountService(chair).create_account(MANAGER, UserRole.MANAGER, MANAGER_PASSPHRASE)
    return chair


def _parent(context: ServiceContext, conference_id: int, name: str) -> Audience:
    sharing = SharingService(context)
    return sharing.audience_for(conference_id, person_id(sharing.view(conference_id), name))


def test_issuing_latest_approval_is_none_until_someone_approves(database: Database) -> None:
    chair = _chair(database)
    conference = make_conference(database)
    mother = _parent(chair, conference.id, MOTHER)

    assert IssueService(chair).latest_approval(conference.id, DocumentKind.PLAN, mother) is None


def test_issuing_latest_approval_matches_until_the_content_changes(database: Database) -> None:
    chair = _chair(database)
    conference = make_conference(database)
    mother = _parent(chair, conference.id, MOTHER)
    issuing = IssueService(chair)

    given = issuing.approve(conference.id, DocumentKind.PLAN, mother, MANAGER, MANAGER_PASSPHRASE)

    assert issuing.latest_approval(conference.id, DocumentKind.PLAN, mother) == CopyApprovalView(
        event_id=given.event_id,
        approver=MANAGER,
        approved_at=given.at,
        content_sha256=given.content_sha256,
        matches_current=True,
    )
    # It covers this copy only: not the mother's record, not the father's plan.
    father = _parent(chair, conference.id, FATHER)
    assert issuing.latest_approval(conference.id, DocumentKind.RECORD, mother) is None
    assert issuing.latest_approval(conference.id, DocumentKind.PLAN, father) is None

    view = SharingService(chair).view(conference.id)
    parents = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    EntryService(chair).add_entry(parents.id, Heading.STRENGTH, "The children are settled now")

    changed = issuing.latest_approval(conference.id, DocumentKind.PLAN, mother)
    assert changed is not None
    assert (changed.approver, changed.event_id) == (MANAGER, given.event_id)
    assert not changed.matches_current
    assert issuing.approval(conference.id, DocumentKind.PLAN, mother) is None  # export agrees

    again = issuing.approve(conference.id, DocumentKind.PLAN, mother, MANAGER, MANAGER_PASSPHRASE)
    latest = issuing.latest_approval(conference.id, DocumentKind.PLAN, mother)
    assert latest is not None and latest.matches_current
    assert latest.event_id == again.event_id and latest.content_sha256 != given.content_sha256


def test_issuing_latest_approval_survives_a_restart(
    database: Database, database_location: str
) -> None:
    chair = _chair(database)
    conference = make_conference(database)
    mother = _parent(chair, conference.id, MOTHER)
    given = IssueService(chair).approve(
        conference.id, DocumentKind.PLAN, mother, MANAGER, MANAGER_PASSPHRASE
    )
    database.close()

    # ChairDesk closed and the chair signs in again: a new connection, context and service.
    reopened = open_database(database_location, CHAIR_PASSPHRASE, user=CHAIR)
    try:
        context = replace(fixed_context(reopened), user=CHAIR, role=UserRole.CHAIR)
        mother = _parent(context, conference.id, MOTHER)
        seen = IssueService(context).latest_approval(conference.id, DocumentKind.PLAN, mother)
        assert seen is not None and seen.matches_current
        assert (seen.event_id, seen.approver, seen.approved_at) == (
            given.event_id,
            MANAGER,
            given.at,
        )

        view = SharingService(context).view(conference.id)
        parents = agenda_item(view, AgendaKind.PARENTS_VIEWS)
        EntryService(context).add_entry(parents.id, Heading.VIEW, "We want the plan to end soon")
        after = IssueService(context).latest_approval(conference.id, DocumentKind.PLAN, mother)
        assert after is not None and not after.matches_current and after.approver == MANAGER
    finally:
        reopened.close()


def test_issuing_latest_approval_does_not_count_for_the_approver_themselves(
    database: Database,
) -> None:
    chair = _chair(database)
    conference = make_conference(database)
    mother = _parent(chair, conference.id, MOTHER)
    IssueService(chair).approve(
        conference.id, DocumentKind.PLAN, mother, MANAGER, MANAGER_PASSPHRASE
    )

    # The manager signed in at this laptop cannot save on the strength of their own approval.
    manager = replace(chair, user=MANAGER, role=UserRole.MANAGER)
    assert IssueService(manager).latest_approval(conference.id, DocumentKind.PLAN, mother) is None
