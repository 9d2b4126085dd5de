"""Every conference page is the real page, and a page that cannot be built is an error a test
sees, never a quiet "not in this version" stand-in."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from chairdesk.ui.main_window import LAZY_PAGES
from chairdesk.ui.placeholder_page import PlaceholderPage, build_page


def test_pages_built_each_conference_page_is_the_real_one(window: Any, family: Any) -> None:
    window.open_conference(family.conference_id)
    for key, (module, name) in LAZY_PAGES.items():
        page = window.page(key)
        real = getattr(importlib.import_module(f"chairdesk.ui.{module}"), name)
        assert isinstance(page, real), key
        assert not isinstance(page, PlaceholderPage), key


def test_pages_built_a_broken_page_raises(services: Any) -> None:
    with pytest.raises(ModuleNotFoundError):
        build_page("no_such_page", "NoSuchPage", services)
    with pytest.raises(AttributeError):
        build_page("run_page", "RunPageThatIsNotThere", services)
