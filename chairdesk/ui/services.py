"""The bundle of services the windows and pages call, built once by the composition root."""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from typing import Any

from chairdesk.services.base import ServiceContext


class _LazyService:
    """A service imported and built on first use, so start-up does not import every module.

    A module not yet imported waits for the start-up warm-up first (chairdesk/warm_up.py, the
    ORM imported on a worker thread after Home is painted): the GUI thread then never imports
    SQLAlchemy itself, nor a module the warm-up is importing at that moment.
    """

    def __init__(self, module: str, name: str, context: ServiceContext) -> None:
        self._where = (module, name, context)
        self._service: Any = None

    def __getattr__(self, attribute: str) -> Any:
        if self._service is None:
            module, name, context = self._where
            qualified = f"chairdesk.services.{module}"
            if qualified not in sys.modules:
                from chairdesk import warm_up

                warm_up.wait()
            found = importlib.import_module(qualified)
            self._service = getattr(found, name)(context)
        return getattr(self._service, attribute)


def _service(module: str, name: str, context: ServiceContext) -> Any:
    return _LazyService(module, name, context)


@dataclass
class UiServices:
    """Every service the UI uses, sharing one context (database, user, clock)."""

    context: ServiceContext
    conferences: Any
    sharing: Any
    #: The parents' screen: what everyone in the room may see (services/room.py).
    room: Any
    #: Parents kept apart, people withheld from named people (services/protection.py).
    protection: Any
    #: Split sittings for parents who must not meet (services/sittings.py).
    sittings: Any
    agenda: Any
    entries: Any
    analysis: Any
    decisions: Any
    prepare: Any
    actions: Any
    reviews: Any
    settings: Any
    home: Any = None
    #: The first screen's reads, without the ORM (services/listing.py).
    listing: Any = None
    #: Quoracy's choice, adjournment, late arrival, children's statements (services/conduct.py).
    conduct: Any = None

    @classmethod
    def create(cls, context: ServiceContext) -> UiServices:
        return cls(
            context=context,
            conferences=_service("conferences", "ConferenceService", context),
            sharing=_service("sharing", "SharingService", context),
            room=_service("room", "RoomService", context),
            protection=_service("protection", "ProtectionService", context),
            sittings=_service("sittings", "SittingService", context),
            agenda=_service("agenda", "AgendaService", context),
            entries=_service("entries", "EntryService", context),
            analysis=_service("analysis", "AnalysisService", context),
            decisions=_service("decisions", "DecisionService", context),
            prepare=_service("prepare", "PrepareService", context),
            actions=_service("actions", "ActionService", context),
            reviews=_service("reviews", "ReviewService", context),
            settings=_service("settings", "SettingsService", context),
            home=_service("home", "HomeService", context),
            listing=_service("listing", "ListingService", context),
            conduct=_service("conduct", "ConductService", context),
        )
