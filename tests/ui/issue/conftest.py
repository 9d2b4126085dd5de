"""Fixtures for the Issue page tests: the demo conference, its page and a folder for copies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chairdesk.domain import Origin, Visibility
from chairdesk.services.demo import load_demo
from chairdesk.services.entries import EntryService
from chairdesk.ui.issue_page import IssuePage


@pytest.fixture
def demo(services: Any) -> int:
    """The fictional Fernlow family's initial conference, with one pasted passage shared."""
    initial_id, _review_id = load_demo(services.context)
    entries = EntryService(services.context)
    pasted = [
        e
        for e in entries.entries(initial_id)
        if e.origin == Origin.PASTED and e.visibility == Visibility.PROFESSIONALS
    ]
    # The chair has read this one and marked it shared; the others stay professionals-only.
    entries.set_visibility(pasted[0].id, Visibility.SHARED)
    return initial_id


@pytest.fixture
def restricted(services: Any, demo: int) -> list[str]:
    """Every professionals-only passage of the demo conference."""
    view = services.sharing.view(demo)
    texts = [e.text for e in view.entries if e.visibility == Visibility.PROFESSIONALS]
    assert texts
    return texts


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for saved copies (the database lives beside it)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def page(qtbot: Any, services: Any, demo: int) -> IssuePage:
    issue = IssuePage(services)
    qtbot.addWidget(issue)
    issue.resize(1100, 760)
    issue.show()
    issue.load_conference(demo)
    return issue
