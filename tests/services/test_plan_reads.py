"""The Plan page's light reads give what ActionService gives: the same actions (progress notes
and date moves included); and the readiness rule (services/plan_readiness.py, which
ActionService.readiness also answers with) says what is missing, in the chair's words."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from chairdesk.domain import ActionOwner
from chairdesk.errors import NotFoundError
from chairdesk.services.actions import ActionService
from chairdesk.services.base import ServiceContext
from chairdesk.services.demo import load_demo
from chairdesk.services.plan_actions import plan_actions
from chairdesk.services.plan_readiness import plan_readiness


def test_plan_reads_match_the_action_service(database: Any) -> None:
    context = ServiceContext(database)
    initial, review = load_demo(context)
    actions = ActionService(context)
    # One action half filled in, one with its date moved, and enough family actions to warn.
    actions.add_action(review, what="Book Sam's health review", reason_added="New worry")
    moved = actions.actions(review)[0]
    actions.update_action(moved.id, by_when=date(2026, 12, 1), date_reason="Clinic moved")
    limit = actions.readiness(review).limit
    for number in range(limit):
        actions.add_action(
            review,
            what=f"Step {number}",
            who="Jodie Fernlow",
            owner=ActionOwner.FAMILY,
            by_when=date(2027, 1, 5),
            reason_added="Asked for at the review",
        )
    for conference in (initial, review):
        read = plan_actions(context, conference)
        assert read == actions.actions(conference)
    read = plan_actions(context, review)
    assert any(a.progress for a in read) and any(a.date_moves for a in read)
    ready = plan_readiness(context, review)
    half = next(n for n, a in enumerate(read, start=1) if a.what == "Book Sam's health review")
    assert ready.problems == (f"Action {half} does not yet say who will do it or by when.",)
    assert not ready.ready and ready.over_limit and ready.family_action_count > limit
    assert actions.readiness(review) == ready
    assert plan_readiness(context, initial).ready
    with pytest.raises(NotFoundError):
        plan_actions(context, 9999)
