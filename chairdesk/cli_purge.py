"""`chairdesk purge`: remove concluded conferences older than the council's retention period."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def add_parser(command: Any) -> None:
    parser = command(
        "purge",
        "remove concluded conferences held before the retention period (a council setting)",
    )
    parser.add_argument(
        "--older-than",
        metavar="YEARS",
        type=int,
        help="the retention period in years (default: the council's setting)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="say how many would be removed; remove nothing"
    )


def run(options: argparse.Namespace, opened: Callable[..., Any]) -> int:
    from chairdesk.services.retention import RetentionService, retention_cutoff
    from chairdesk.services.settings import SettingsService
    from chairdesk.storage.backup import backup_folder, list_backups

    with opened(options) as context:
        years = options.older_than or SettingsService(context).get().retention_years
        cutoff = retention_cutoff(context.today(), years)
        retention = RetentionService(context)
        if options.dry_run:
            due = retention.due_for_removal(years)
            print(
                f"{_conferences(len(due))} concluded before {cutoff:%d %B %Y} would be removed; "
                "nothing was removed"
            )
            return 0
        result = retention.purge(years)
        print(
            f"Removed {_conferences(result.conferences_removed)} concluded before "
            f"{cutoff:%d %B %Y} (and {result.families_removed} "
            f"famil{'y' if result.families_removed == 1 else 'ies'} with nothing left)."
        )
        path = context.database.path
        if result.conferences_removed and path is not None and list_backups(path):
            print(
                "Backups taken before now still hold them until they are replaced (the newest "
                f"10 are kept) in {backup_folder(path)}."
            )
    return 0


def _conferences(count: int) -> str:
    return f"{count} conference{'' if count == 1 else 's'}"
