"""Roles: a minute-taker records but cannot decide, share or issue; approval of parents' copies."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from chairdesk.domain import AgendaKind, Heading, Outcome, UserRole, Visibility
from chairdesk.errors import IncorrectPassphraseError, PermissionDeniedError, RuleError
from chairdesk.export import DocumentKind
from chairdesk.models import AuditEvent
from chairdesk.services import audit
from chairdesk.services.accounts import AccountService
from chairdesk.services.base import ServiceContext
from chairdesk.services.decisions import DecisionService
from chairdesk.services.entries import EntryService
from chairdesk.services.issuing import IssueService
from chairdesk.services.settings import SettingsService
from chairdesk.services.sharing import SharingService
from tests.security.test_accounts import (
    CHAIR,
    CHAIR_PASSPHRASE,
    MANAGER,
    MANAGER_PASSPHRASE,
    MINUTES,
    MINUTES_PASSPHRASE,
)
from tests.services.builders import (
    MOTHER,
    OLDER_CHILD,
    agenda_item,
    fixed_context,
    make_conference,
    person_id,
)


def _people(database) -> tuple[ServiceContext, ServiceContext]:
    """(the chair, the minute-taker) over a database with the three accounts."""
    chair = replace(fixed_context(database), user=CHAIR, role=UserRole.CHAIR)
    accounts = AccountService(chair)
    accounts.create_account(CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE)
    accounts.create_account(MINUTES, UserRole.MINUTE_TAKER, MINUTES_PASSPHRASE)
    accounts.create_account(MANAGER, UserRole.MANAGER, MANAGER_PASSPHRASE)
    return chair, replace(chair, user=MINUTES, role=UserRole.MINUTE_TAKER)


def test_roles_a_minute_taker_records_but_cannot_decide_share_or_issue(database, tmp_path):
    chair, minutes = _people(database)
    conference = make_conference(database)
    view = SharingService(chair).view(conference.id)
    parents = agenda_item(view, AgendaKind.PARENTS_VIEWS)

    # A minute-taker's notes start for professionals only, until the chair shares them.
    note = EntryService(minutes).add_entry(parents.id, Heading.STRENGTH, "Mum walks them to school")
    pasted = EntryService(minutes).add_entry(
        parents.id, Heading.WORRY, "Pasted from a report", origin="pasted"
    )
    assert note.visibility == Visibility.PROFESSIONALS
    assert pasted.visibility == Visibility.PROFESSIONALS
    EntryService(chair).set_visibility(note.id, Visibility.SHARED)

    with pytest.raises(PermissionDeniedError, match="only a chair can make something visible"):
        EntryService(minutes).set_visibility(pasted.id, Visibility.SHARED)
    with pytest.raises(PermissionDeniedError):
        EntryService(minutes).add_entry(
            parents.id, Heading.WORRY, "Pasted again", origin="pasted", visibility="shared"
        )
    # Keeping something from parents is always allowed.
    EntryService(minutes).set_visibility(note.id, Visibility.PROFESSIONALS)
    with pytest.raises(PermissionDeniedError, match="only a chair can record"):
        DecisionService(minutes).decide(
            conference.id,
            person_id(view, OLDER_CHILD),
            likely_significant_harm=True,
            outcome=Outcome.PLAN,
            category="neglect",
            reasons="Repeated missed health appointments",
        )
    mother = SharingService(chair).audience_for(conference.id, person_id(view, MOTHER))
    with pytest.raises(PermissionDeniedError, match="only a chair can save a parent's copy"):
        IssueService(minutes).export(
            conference.id, DocumentKind.PLAN, mother, "pdf", tmp_path / "copy.pdf"
        )
    assert not (tmp_path / "copy.pdf").exists()
    # The chair can do each of these.
    assert EntryService(chair).set_visibility(pasted.id, Visibility.SHARED).visibility == "shared"
    assert EntryService(chair).entries(conference.id)[-1].visibility == Visibility.SHARED


def test_roles_a_parents_copy_waits_for_a_second_persons_approval_of_its_content(
    database, tmp_path: Path
):
    chair, _minutes = _people(database)
    SettingsService(chair).update(require_second_approval=True)
    conference = make_conference(database)
    view = SharingService(chair).view(conference.id)
    mother = SharingService(chair).audience_for(conference.id, person_id(view, MOTHER))
    issuing = IssueService(chair)
    out = tmp_path / "mother.pdf"

    with pytest.raises(RuleError, match="second person"):
        issuing.export(conference.id, DocumentKind.PLAN, mother, "pdf", out)
    with pytest.raises(RuleError, match="not the one saving"):
        issuing.approve(conference.id, DocumentKind.PLAN, mother, CHAIR, CHAIR_PASSPHRASE)
    with pytest.raises(PermissionDeniedError, match="manager or a chair"):
        issuing.approve(conference.id, DocumentKind.PLAN, mother, MINUTES, MINUTES_PASSPHRASE)
    with pytest.raises(IncorrectPassphraseError):
        issuing.approve(conference.id, DocumentKind.PLAN, mother, MANAGER, "not the manager's")
    assert not out.exists()

    approval = issuing.approve(
        conference.id, DocumentKind.PLAN, mother, MANAGER, MANAGER_PASSPHRASE
    )
    assert issuing.approval(conference.id, DocumentKind.PLAN, mother) == approval
    # An approval covers this copy only: not the record, not the father's.
    assert issuing.approval(conference.id, DocumentKind.RECORD, mother) is None
    written = issuing.export(conference.id, DocumentKind.PLAN, mother, "pdf", out)
    assert "Page 1 of" in PdfReader(written.path).pages[0].extract_text()
    with database.transaction() as session:
        exported = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "document.export")
        ).one()
        approved = session.get(AuditEvent, approval.event_id)
        assert approved is not None and approved.user == MANAGER
        assert exported.user == CHAIR
        assert exported.detail["approval_event_id"] == approval.event_id
        assert MOTHER not in json.dumps(exported.detail) + json.dumps(approved.detail)

    # A change to what the copy says needs a new approval.
    parents = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    EntryService(chair).add_entry(parents.id, Heading.STRENGTH, "The children are settled now")
    assert issuing.approval(conference.id, DocumentKind.PLAN, mother) is None
    with pytest.raises(RuleError, match="second person"):
        issuing.export(conference.id, DocumentKind.PLAN, mother, "pdf", tmp_path / "again.pdf")
    assert not (tmp_path / "again.pdf").exists()
    # The professionals' copy never waits.
    professionals = SharingService(chair).audience_for(conference.id, None)
    issuing.export(conference.id, DocumentKind.PLAN, professionals, "pdf", tmp_path / "pros.pdf")
    assert audit.verify(chair).ok
