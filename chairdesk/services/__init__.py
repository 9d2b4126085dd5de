"""Use cases and rules. Return plain frozen dataclasses, never ORM objects. No Qt."""

from __future__ import annotations
