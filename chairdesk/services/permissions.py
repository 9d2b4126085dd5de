"""What each role may do: a minute-taker records, a chair decides and shares, a manager approves."""

from __future__ import annotations

from enum import StrEnum

from chairdesk.domain import UserRole
from chairdesk.errors import PermissionDeniedError
from chairdesk.services.base import ServiceContext


class Permission(StrEnum):
    DECIDE = "decide"
    SHARE = "share"
    ISSUE_PARENT_COPY = "issue_parent_copy"
    APPROVE = "approve"
    MANAGE_ACCOUNTS = "manage_accounts"
    PURGE = "purge"
    PACKAGE = "package"


ALLOWED: dict[UserRole, frozenset[Permission]] = {
    UserRole.CHAIR: frozenset(Permission),
    UserRole.MANAGER: frozenset({Permission.APPROVE, Permission.PURGE}),
    # Notes, attendance, entries (typed notes are shared as any typed contribution is).
    UserRole.MINUTE_TAKER: frozenset(),
}

_REFUSALS: dict[Permission, str] = {
    Permission.DECIDE: "only a chair can record recommendations and decisions",
    Permission.SHARE: "only a chair can make something visible to parents",
    Permission.ISSUE_PARENT_COPY: "only a chair can save a parent's copy",
    Permission.APPROVE: "only a manager or a chair can approve a parent's copy",
    Permission.MANAGE_ACCOUNTS: "only a chair can add or remove accounts",
    Permission.PURGE: "only a chair or a manager can remove old conferences",
    Permission.PACKAGE: "only a chair can export or import a conference package",
}


def may(role: UserRole, permission: Permission) -> bool:
    return permission in ALLOWED[UserRole(role)]


def require(context: ServiceContext, permission: Permission) -> None:
    """Raises PermissionDeniedError, in words the person understands, unless the role allows it."""
    if not may(context.role, permission):
        raise PermissionDeniedError(f"{_REFUSALS[permission]}: nothing was changed")
