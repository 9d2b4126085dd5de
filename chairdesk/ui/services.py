"""The bundle of services the windows and pages call, built once by the composition root."""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chairdesk.services.base import ServiceContext

if TYPE_CHECKING:
    # Only for the type checker: at run time each service is imported on first use (see
    # _LazyService), so opening the window does not import every service module first.
    from chairdesk.services.actions import ActionService
    from chairdesk.services.agenda import AgendaService
    from chairdesk.services.analysis import AnalysisService
    from chairdesk.services.conduct import ConductService
    from chairdesk.services.conferences import ConferenceService
    from chairdesk.services.decisions import DecisionService
    from chairdesk.services.entries import EntryService
    from chairdesk.services.home import HomeService
    from chairdesk.services.listing import ListingService
    from chairdesk.services.prepare import PrepareService
    from chairdesk.services.protection import ProtectionService
    from chairdesk.services.reviews import ReviewService
    from chairdesk.services.room import RoomService
    from chairdesk.services.settings import SettingsService
    from chairdesk.services.sharing import SharingService
    from chairdesk.services.sittings import SittingService


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


#: Each field of UiServices: the module under chairdesk/services/ and the class built from it.
#: The class must be the field's annotation (tests/ui/test_services.py holds them to it).
SERVICES: dict[str, tuple[str, str]] = {
    "conferences": ("conferences", "ConferenceService"),
    "sharing": ("sharing", "SharingService"),
    "room": ("room", "RoomService"),
    "protection": ("protection", "ProtectionService"),
    "sittings": ("sittings", "SittingService"),
    "agenda": ("agenda", "AgendaService"),
    "entries": ("entries", "EntryService"),
    "analysis": ("analysis", "AnalysisService"),
    "decisions": ("decisions", "DecisionService"),
    "prepare": ("prepare", "PrepareService"),
    "actions": ("actions", "ActionService"),
    "reviews": ("reviews", "ReviewService"),
    "settings": ("settings", "SettingsService"),
    "home": ("home", "HomeService"),
    "listing": ("listing", "ListingService"),
    "conduct": ("conduct", "ConductService"),
}


@dataclass
class UiServices:
    """Every service the UI uses, sharing one context (database, user, clock).

    The fields are typed as the services themselves; what create() puts in each stands in for
    the service (builds it on first use) and answers every attribute as the service would.
    """

    context: ServiceContext
    conferences: ConferenceService
    sharing: SharingService
    #: The parents' screen: what everyone in the room may see (services/room.py).
    room: RoomService
    #: Parents kept apart, people withheld from named people (services/protection.py).
    protection: ProtectionService
    #: Split sittings for parents who must not meet (services/sittings.py).
    sittings: SittingService
    agenda: AgendaService
    entries: EntryService
    analysis: AnalysisService
    decisions: DecisionService
    prepare: PrepareService
    actions: ActionService
    reviews: ReviewService
    settings: SettingsService
    #: The first screen's due list and plans ready to end (services/home.py).
    home: HomeService
    #: The first screen's reads, without the ORM (services/listing.py).
    listing: ListingService
    #: Quoracy's choice, adjournment, late arrival, children's statements (services/conduct.py).
    conduct: ConductService

    @classmethod
    def create(cls, context: ServiceContext) -> UiServices:
        built = {
            field: _service(module, name, context) for field, (module, name) in SERVICES.items()
        }
        return cls(context=context, **built)
