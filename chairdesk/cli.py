"""The command line: the desktop app by default, and the headless commands of DESIGN.md §7.

Every error a person can act on is one line on stderr ("chairdesk: ...") and a non-zero exit
(2 for a mistake in the command, 1 otherwise); never a traceback. The headless commands log to
their own rotating file, chairdesk-cli.log in the log folder, at INFO: which command ran and
how it ended, and for an unexpected failure the kind of error and where it happened, never
its message, a name or any case detail (messages can quote what was typed).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from chairdesk import (
    __version__,
    cli_audit,
    cli_backup,
    cli_issued,
    cli_package,
    cli_purge,
    cli_report,
    files,
    logs,
)
from chairdesk.cli_database import (
    PASSPHRASE_VARIABLE,
    USER_VARIABLE,
    ask_passphrase,
    database_exists,
    database_location,
    opened,
)
from chairdesk.errors import ChairDeskError, DatabaseMissingError

log = logging.getLogger("chairdesk.cli")

DOCUMENTS = ("plan", "record", "letter", "leaflet", "todo")
AUDIENCES = ("professionals", "parent")
FORMATS = ("docx", "pdf")
MAX_ARGUMENT = 4096  # longer than any path or name a person types
MAX_MESSAGE = 400


class UsageError(ChairDeskError):
    """A mistake in the command itself: exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see 'chairdesk --help')")


def _parser() -> argparse.ArgumentParser:
    db_help = "the database file or server address (default: CHAIRDESK_DB, then your data folder)"
    parser = _Parser(
        prog="chairdesk",
        description="Child protection conferences: parents first, a two-part plan, offline.",
        epilog="With no command, ChairDesk starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"chairdesk {__version__}")
    parser.add_argument("--db", metavar="PATH", help=db_help)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation in a temporary folder and print a verdict",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text)
        # Also after the command; SUPPRESS keeps a --db given before it.
        sub.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
        return sub

    command("demo", "create the database if needed and load the fictional demo family")
    listing = command("list", "list the conferences: id, family, kind, date and status")
    listing.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    cli_package.add_parser(commands, _Parser, db_help)
    export = command(
        "export", "write a plan, record, letter, leaflet or a parent's todo page as Word or PDF"
    )
    export.add_argument("conference_id", metavar="ID", type=int)
    export.add_argument("--document", choices=DOCUMENTS, required=True)
    export.add_argument("--audience", choices=AUDIENCES, required=True)
    export.add_argument(
        "--recipient",
        metavar="PERSON",
        help="a parent's copy: the person's id (a name only if no one else has it)",
    )
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--out", metavar="PATH", required=True)
    command("check", "check the database: 'ok', or what is wrong and what to do")
    cli_audit.add_parser(command, db_help)
    cli_purge.add_parser(command)
    cli_backup.add_parser(commands, _Parser, db_help)
    cli_report.add_parser(command)
    cli_issued.add_parsers(command, db_help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    files.make_files_private()  # the database, backups, logs and exports: 0600
    try:
        _refuse_long_arguments(arguments)
        options = _parser().parse_args(arguments)
        if options.self_test:
            from chairdesk import selftest

            return selftest.run()
        if options.command is None:
            return _start_desktop(options.db)
        _configure_logging()
        log.info("command %s started", _command_name(options))
        status = COMMANDS[options.command](options)
        log.info("command %s ended with status %d", _command_name(options), status)
        return status
    except UsageError as error:
        return _fail(str(error), 2)
    except ChairDeskError as error:
        log.info("command stopped: %s", type(error).__name__)
        return _fail(str(error), 1)
    except OSError as error:
        log.info("command stopped by the system: %s", type(error).__name__)
        return _fail(_os_message(error), 1)
    except BrokenPipeError:
        # The reader went away (`chairdesk list | head`): not an error worth a line.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return _fail("stopped", 130)
    except Exception as error:  # the last line of defence: one line, details in the log
        _log_unexpected(error)
        return _fail(
            f"something went wrong ({type(error).__name__}); nothing more was done. "
            f"The details are in {_log_file()}",
            1,
        )


def _refuse_long_arguments(arguments: Sequence[str]) -> None:
    """A name or path longer than any real one (a paste gone wrong): one short line."""
    for argument in arguments:
        if len(argument) > MAX_ARGUMENT:
            raise UsageError(
                f"one argument is {len(argument):,} characters long; the longest ChairDesk "
                f"accepts is {MAX_ARGUMENT:,}"
            )


def _fail(message: str, status: int) -> int:
    first_line = " ".join(message.split())
    if len(first_line) > MAX_MESSAGE:  # a message quoting something huge stays one short line
        first_line = first_line[: MAX_MESSAGE - 1] + "…"
    print(f"chairdesk: {first_line}", file=sys.stderr)
    return status


def _os_message(error: OSError) -> str:
    what = error.strerror or type(error).__name__
    return f"{what}: {error.filename}" if error.filename else what


def _command_name(options: argparse.Namespace) -> str:
    sub = getattr(options, "package_command", None) or getattr(options, "backup_command", None)
    return f"{options.command} {sub}" if sub else str(options.command)


def _start_desktop(db: str | None) -> int:
    try:
        from chairdesk.app import main as gui_main
    except ImportError as error:
        _configure_logging()
        log.warning("desktop app unavailable: %s", type(error).__name__)
        return _fail("the desktop app is not available in this installation", 1)
    return int(gui_main(["--db", db] if db else []))


# Logging: the headless commands' own file, without case data (chairdesk/logs.py).


def _log_file() -> Path:
    return logs.log_file(logs.CLI_LOG)


def _configure_logging() -> None:
    logs.configure(logs.CLI_LOG)


def _log_unexpected(error: BaseException) -> None:
    _configure_logging()
    log.error("unexpected %s", logs.describe_failure(error))


# The commands.


def _demo(options: argparse.Namespace) -> int:
    from chairdesk.services.demo import load_demo

    with opened(options, create=True) as context:
        for conference_id in load_demo(context):
            print(conference_id)
    return 0


def _list(options: argparse.Namespace) -> int:
    from chairdesk.services.conferences import ConferenceService

    with opened(options) as context:
        conferences = ConferenceService(context).list_conferences()
    rows = [
        {
            "id": c.id,
            "case_reference": c.case_reference,
            "family": c.family_name,
            "kind": c.kind.value,
            "date": c.scheduled_at.isoformat(),
            "status": c.status.value,
        }
        for c in conferences
    ]
    if options.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No conferences yet.")
        return 0
    table = [("ID", "Reference", "Family", "Kind", "Date", "Status")] + [
        (
            str(r["id"]),
            str(r["case_reference"]),
            str(r["family"]),
            str(r["kind"]).replace("_", "-"),
            c.scheduled_at.strftime("%d %b %Y %H:%M"),
            str(r["status"]).replace("_", " "),
        )
        for r, c in zip(rows, conferences, strict=True)
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    return 0


def _package(options: argparse.Namespace) -> int:
    return cli_package.run(options, opened, UsageError)


def _export(options: argparse.Namespace) -> int:
    if options.audience == "parent" and not options.recipient:
        raise UsageError("a parent's copy needs --recipient: the person's id or exact name")
    with opened(options) as context:
        written = _export_document(
            context,
            options.conference_id,
            document=options.document,
            audience=options.audience,
            recipient=options.recipient,
            fmt=options.format,
            out=Path(options.out).expanduser(),
        )
    print(written)
    return 0


def _export_document(
    context: Any,
    conference_id: int,
    *,
    document: str,
    audience: str,
    recipient: str | None,
    fmt: str,
    out: Path,
) -> Path:
    """The same path as the desktop's Issue page: audience view, glossary, file, audit with hash."""
    from chairdesk.export import DocumentKind
    from chairdesk.services.issuing import IssueService
    from chairdesk.services.recipients import RecipientService
    from chairdesk.views import Audience

    chosen = Audience.professionals()
    if audience == "parent":
        # By identity: a name more than one person has is refused with the choices.
        chosen = RecipientService(context).find(conference_id, recipient or "")
    issued = IssueService(context).export(conference_id, DocumentKind(document), chosen, fmt, out)
    return Path(issued.path)


def _check(options: argparse.Namespace) -> int:
    try:
        from chairdesk.storage.check import check_database
    except ImportError as error:
        raise ChairDeskError("the integrity check is not available in this installation") from error
    location = database_location(options)
    if not database_exists(location):
        raise DatabaseMissingError(Path(location).expanduser().resolve())
    result = check_database(
        location, ask_passphrase(location, new=False), os.environ.get(USER_VARIABLE) or None
    )
    if result.ok:
        print("ok")
        return 0
    for line in (*result.problems, *result.advice):
        print(line)
    more = len(result.problems) - 1
    return _fail(result.problems[0] + (f" (and {more} more above)" if more else ""), 1)


def _audit(options: argparse.Namespace) -> int:
    with opened(options) as context:
        if options.audit_command == "verify":
            return cli_audit.verify(context)
        return cli_audit.show(context, options.conference_id)


def _backup(options: argparse.Namespace) -> int:
    return cli_backup.run(options, opened, database_location, ask_passphrase)


def _report(options: argparse.Namespace) -> int:
    location = database_location(options)

    def passphrase() -> str | None:
        if os.environ.get(PASSPHRASE_VARIABLE) or sys.stdin.isatty():
            return ask_passphrase(location, new=False)
        return None

    return cli_report.run(options, opened, location, passphrase)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": _demo,
    "list": _list,
    "package": _package,
    "export": _export,
    "check": _check,
    "audit": _audit,
    "purge": lambda options: cli_purge.run(options, opened),
    "backup": _backup,
    "report": _report,
    "issue": lambda options: cli_issued.run_issue(options, opened),
    "issued": lambda options: cli_issued.run_issued(options, opened),
}
