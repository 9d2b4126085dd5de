"""The audit commands of the command line: verify the chain, list a conference's events."""

from __future__ import annotations

import argparse
from typing import Any

# Storage and services load only when an audit command runs: `--version` stays instant.


def verify(context: Any) -> int:
    from chairdesk.services import audit

    verdict = audit.verify(context)
    if verdict.ok:
        print(f"ok: {verdict.events_checked} events, the chain is unbroken")
        return 0
    print(verdict.message)
    return 1


def show(context: Any, conference_id: int) -> int:
    """One line per event: when, who, what, which record. Details hold no names."""
    from sqlalchemy import select

    from chairdesk.models import AuditEvent
    from chairdesk.services.common import load_conference

    with context.database.transaction() as session:
        load_conference(session, conference_id)
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.conference_id == conference_id)
            .order_by(AuditEvent.id)
        ).all()
        for event in events:
            record = f"{event.record_type} {event.record_id}" if event.record_type else ""
            detail = ", ".join(f"{k}={v}" for k, v in sorted((event.detail or {}).items()))
            print(
                f"{event.id}\t{event.at:%Y-%m-%d %H:%M:%S}\t{event.user}\t{event.action}\t"
                f"{record}\t{detail}".rstrip()
            )
    return 0


def add_parser(command: Any, db_help: str) -> None:
    parser = command("audit", "verify the audit trail, or list one conference's events")
    subcommands = parser.add_subparsers(
        dest="audit_command", metavar="verify|show", parser_class=type(parser), required=True
    )
    verify_parser = subcommands.add_parser("verify", help="check that no event was changed")
    verify_parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    show_parser = subcommands.add_parser("show", help="list a conference's events")
    show_parser.add_argument("conference_id", metavar="ID", type=int)
    show_parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
