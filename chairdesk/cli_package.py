"""`chairdesk package export|import`: one conference, age-encrypted, for a chair only.

Export encrypts to a passphrase by default (CHAIRDESK_PACKAGE_PASSPHRASE, else asked twice at
the terminal), or to recipients' age public keys with `--to`; `--plain --reason "..."` writes
plain JSON, and the reason goes into the audit trail. Import reads an encrypted package (the
passphrase the same way, or `--identity` for a key) or a plain one, checks it whole before the
database is opened, and starts every imported item professionals-only unless `--keep-sharing`.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chairdesk.cli_database import database_exists, database_location
from chairdesk.errors import ChairDeskError

PACKAGE_PASSPHRASE_VARIABLE = "CHAIRDESK_PACKAGE_PASSPHRASE"


def add_parser(commands: Any, parser_class: type[argparse.ArgumentParser], db_help: str) -> None:
    package = commands.add_parser(
        "package",
        help="export or import one conference as an encrypted package (a chair only)",
        description="Export or import one conference as an age-encrypted package (a chair only).",
    )
    package.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    subcommands = package.add_subparsers(
        dest="package_command", metavar="export|import", parser_class=parser_class, required=True
    )
    export = subcommands.add_parser(
        "export",
        help="write one conference, encrypted to a passphrase unless --to or --plain",
    )
    export.add_argument("conference_id", metavar="ID", type=int)
    export.add_argument("--out", metavar="FILE", required=True)
    export.add_argument(
        "--to",
        metavar="AGE_KEY",
        action="append",
        default=[],
        help="encrypt to this age public key (age1...) instead of a passphrase; repeatable",
    )
    export.add_argument(
        "--plain", action="store_true", help="write unencrypted JSON (needs --reason; audited)"
    )
    export.add_argument("--reason", metavar="TEXT", help="why this package may leave unencrypted")
    export.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    imported = subcommands.add_parser("import", help="add the conference in FILE")
    imported.add_argument("file", metavar="FILE")
    imported.add_argument(
        "--identity", metavar="KEYFILE", help="the age private key file that opens the package"
    )
    imported.add_argument(
        "--keep-sharing",
        action="store_true",
        help="keep what the package shows to parents (default: professionals only; audited)",
    )
    imported.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)


def _passphrase(*, new: bool) -> str:
    given = os.environ.get(PACKAGE_PASSPHRASE_VARIABLE)
    if given:
        return given
    if not sys.stdin.isatty():
        raise ChairDeskError(
            f"no package passphrase: set {PACKAGE_PASSPHRASE_VARIABLE}, use --to with an age "
            "public key, or run chairdesk in a terminal to be asked"
        )
    if not new:
        return getpass.getpass("Passphrase of the package: ")
    first = getpass.getpass("Choose a passphrase for the package: ")
    if getpass.getpass("Type it again: ") != first:
        raise ChairDeskError("the two passphrases differ: nothing was written")
    return first


def run(
    options: argparse.Namespace,
    opened: Callable[..., Any],
    usage_error: type[ChairDeskError],
) -> int:
    from chairdesk.services import package_crypt
    from chairdesk.services.package import PackageService, validate_package

    if options.package_command == "export":
        if options.plain and options.to:
            raise usage_error("--plain and --to do not go together: choose one")
        if options.reason is not None and not options.plain:
            raise usage_error("--reason goes with --plain")
        if options.plain and not (options.reason or "").strip():
            raise usage_error('--plain needs --reason "why it may leave unencrypted"')
        with opened(options) as context:
            passphrase = None if (options.plain or options.to) else _passphrase(new=True)
            written = PackageService(context).write_package(
                options.conference_id,
                options.out,
                passphrase=passphrase,
                recipients=options.to,
                plain_reason=options.reason if options.plain else None,
            )
        print(written)
        return 0
    # Read, decrypt and check the package before the database is opened or created.
    path = Path(options.file).expanduser()
    data = package_crypt.read_bytes(path)
    if package_crypt.is_encrypted(data):
        identities = (
            package_crypt.read_identities(Path(options.identity).expanduser())
            if options.identity
            else []
        )
        passphrase = _passphrase(new=False) if package_crypt.needs_passphrase(data) else None
        data = package_crypt.decrypt(data, passphrase=passphrase, identities=identities)
    document = package_crypt.parse(data, str(path))
    validate_package(document)
    location = database_location(options)
    new_file = not database_exists(location)
    before = _existing(location) if new_file else set()
    try:
        with opened(options, create=True) as context:
            summary = PackageService(context).import_package(
                document, keep_sharing=options.keep_sharing
            )
    except BaseException:
        if new_file:
            _remove_new_database(Path(location).expanduser(), before)
        raise
    print(summary.id)
    return 0


def _existing(location: str) -> set[Path]:
    """The key file and backups already beside a database that is not there (moved aside)."""
    from chairdesk.storage import backup, keys

    path = Path(location).expanduser().resolve()
    folder = backup.backup_folder(path)
    found = set(folder.iterdir()) if folder.is_dir() else set()
    return found | ({keys.sidecar_path(path)} if keys.sidecar_path(path).exists() else set())


def _remove_new_database(path: Path, existing: set[Path]) -> None:
    """An import into a database this command created failed: leave no empty database behind.

    Only what this command made is removed: the file, its key file, its -wal and -shm, the
    backup its closing wrote, and the backup folder if that leaves it empty (a folder holding
    the backups of a database moved aside earlier keeps them, and a key file that was already
    there stays). The import is one transaction, rolled back, so none of it held data.
    """
    from chairdesk.storage import backup, keys, open_check

    path = path.resolve()
    folder = backup.backup_folder(path)
    made = set(folder.iterdir()) - existing if folder.is_dir() else set()
    key_file = keys.sidecar_path(path)
    for item in (
        *made,
        path,
        *(() if key_file in existing else (key_file,)),
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-shm"),
        open_check.marker_path(path),
    ):
        with contextlib.suppress(OSError):
            item.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        backup.backup_folder(path).rmdir()  # only if empty
