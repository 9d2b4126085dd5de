"""Whether "parents see this" is this person's to choose here, and the reason when it is not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from chairdesk.domain import Visibility
from chairdesk.services.permissions import Permission, may
from chairdesk.services.visibility import needs_share_permission

if TYPE_CHECKING:
    from chairdesk.services.base import ServiceContext

SHARE_REASON = "only a chair can make something visible to parents"


def cannot_share(context: ServiceContext | None) -> str:
    """Why this person may never make something visible to parents, or "" (a chair; no context).

    Args:
        context: the ServiceContext a service was built with (None: no one signed in).
    """
    role = getattr(context, "role", None)
    if role is None or may(role, Permission.SHARE):
        return ""
    return QCoreApplication.translate("ShareChoice", SHARE_REASON)


def share_refusal(
    context: ServiceContext | None, *, default: Visibility, current: Visibility | None = None
) -> str:
    """Why choosing "parents see this" here would be refused, or "" where it would not.

    The service's rule (services/visibility.py): keeping something shared, or creating it as
    shared when that is its default, is anyone's; showing parents what was kept from them is
    a chair's.

    Args:
        default: what this kind of thing starts as.
        current: what it is now; None for something not yet saved.
    """
    if not needs_share_permission(Visibility.SHARED, default=default, previous=current):
        return ""
    return cannot_share(context)


def as_sentence(reason: str) -> str:
    """A reason as a tooltip shows it: "Only a chair can …"."""
    return reason[:1].upper() + reason[1:]


def context_of(service: object) -> ServiceContext | None:
    """The ServiceContext of a service the UI was given (None for a read-only page)."""
    return getattr(service, "context", None)
