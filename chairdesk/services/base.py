"""What every service is constructed with: the database, who is acting, and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from chairdesk.domain import UserRole

if TYPE_CHECKING:
    from chairdesk.storage.database import Database


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class ServiceContext:
    """Passed to every service's constructor; tests give a fixed clock."""

    database: Database
    user: str = "chair"
    #: What the person may do (services/permissions.py). A database without accounts is one
    #: chair's, so the default is a chair.
    role: UserRole = UserRole.CHAIR
    clock: Callable[[], datetime] = field(default=_now)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()
