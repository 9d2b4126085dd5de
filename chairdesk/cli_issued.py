"""`chairdesk issue` and `chairdesk issued list|get`: documents issued, kept byte for byte."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

DOCUMENTS = ("plan", "record", "letter", "leaflet")
HOW = ("printed", "handed_over", "sent_secure")


def add_parsers(command: Any, db_help: str) -> None:
    issue = command("issue", "issue a plan, record, letter or leaflet: kept exactly as issued")
    issue.add_argument("conference_id", metavar="ID", type=int)
    issue.add_argument("--document", choices=DOCUMENTS, required=True)
    issue.add_argument(
        "--recipient",
        metavar="PERSON",
        help="a parent's copy: the person's id (a name only if no one else has it); "
        "without it, the professionals' copy",
    )
    issue.add_argument("--format", choices=("docx", "pdf", "both"), default="both")
    issue.add_argument(
        "--out", metavar="PATH", required=True, help="where to write: .docx and .pdf are added"
    )
    issue.add_argument("--how", choices=HOW, required=True, help="how the copy reaches them")
    issue.add_argument("--large-print", action="store_true")
    issue.add_argument(
        "--issue-with-gaps",
        metavar="REASON",
        default="",
        help="issue a parent's copy with gaps anyway; the reason goes into the record and audit",
    )
    issue.add_argument(
        "--amendment",
        metavar="REASON",
        default="",
        help="why a copy issued before has changed (it becomes the next version)",
    )
    issued = command("issued", "list the documents issued for a conference, or write one again")
    commands = issued.add_subparsers(
        dest="issued_command", metavar="list|get", parser_class=type(issued), required=True
    )
    listing = commands.add_parser("list", help="every file issued for conference ID")
    listing.add_argument("conference_id", metavar="ID", type=int)
    listing.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    listing.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    get = commands.add_parser("get", help="write issued file N again, byte for byte")
    get.add_argument("issued_id", metavar="N", type=int)
    get.add_argument("--out", metavar="PATH", required=True)
    get.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)


def run_issue(options: argparse.Namespace, opened: Callable[..., Any]) -> int:
    from chairdesk.export import DocumentKind
    from chairdesk.services.issued import IssuedService
    from chairdesk.services.recipients import RecipientService
    from chairdesk.views import Audience

    formats = ("docx", "pdf") if options.format == "both" else (options.format,)
    base = Path(options.out).expanduser()
    if base.suffix.lower() in (".docx", ".pdf"):
        base = base.with_suffix("")
    out = {fmt: base.with_name(f"{base.name}.{fmt}") for fmt in formats}
    with opened(options) as context:
        audience = Audience.professionals()
        if options.recipient:
            audience = RecipientService(context).find(options.conference_id, options.recipient)
        rows = IssuedService(context).issue(
            options.conference_id,
            DocumentKind(options.document),
            audience,
            out,
            options.how,
            large_print=options.large_print,
            gaps_reason=options.issue_with_gaps,
            amendment_reason=options.amendment,
        )
    for row in rows:
        print(f"{row.path}\tversion {row.version}\tissued {row.id}\tsha256 {row.sha256}")
    return 0


def run_issued(options: argparse.Namespace, opened: Callable[..., Any]) -> int:
    from chairdesk.services.issued import IssuedService

    with opened(options) as context:
        issued = IssuedService(context)
        if options.issued_command == "get":
            caution = issued.caution(options.issued_id)  # before a byte is written
            row = issued.write_copy(options.issued_id, Path(options.out).expanduser())
            print(f"{row.path}\tversion {row.version}\tsha256 {row.sha256}")
            if caution:  # written for the record; said before anyone sends it on
                print(f"chairdesk: before sending it: {caution}.", file=sys.stderr)
            return 0
        rows = issued.issued(options.conference_id)
    if options.json:
        print(json.dumps([_as_json(row) for row in rows], indent=2))
        return 0
    if not rows:
        print("Nothing has been issued for this conference yet.")
        return 0
    print("ID\tDocument\tFor\tVersion\tFormat\tHow\tIssued\tBy\tSHA-256")
    for row in rows:
        large = " (large print)" if row.large_print else ""
        print(
            f"{row.id}\t{row.document.value}{large}\t{row.recipient}\t{row.version}\t"
            f"{row.format}\t{row.method_text}\t{row.issued_at:%Y-%m-%d %H:%M}\t{row.issued_by}\t"
            f"{row.sha256[:16]}"
        )
    return 0


def _as_json(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "document": row.document.value,
        "recipient_person_id": row.recipient_person_id,
        "recipient": row.recipient,
        "version": row.version,
        "format": row.format,
        "large_print": row.large_print,
        "how": row.method,
        "issued_at": row.issued_at.isoformat(timespec="seconds"),
        "issued_by": row.issued_by,
        "sha256": row.sha256,
        "bytes": row.size,
        "amendment_reason": row.amendment_reason,
        "issued_with_gaps_reason": row.gaps_reason,
    }
