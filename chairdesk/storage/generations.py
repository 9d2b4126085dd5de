"""Which backups to keep: recent ones, one a day for a week, one a week for two months.

A backup is only written by a session that changed something (or before a migration), so a
burst of reading commands never pushes an older backup out. Of those written, the rotation
keeps the newest `KEEP_LATEST`; and, so that a mistake noticed late can still be undone, the
first backup of each of the last `KEEP_DAYS` days and of each of the last `KEEP_WEEKS` weeks
(Monday to Sunday), which stays put as later backups are written. Everything else is removed
with its key file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

KEEP_LATEST = 10
KEEP_DAYS = 7
KEEP_WEEKS = 9  # two months and a little: the week now, and the eight before it
STAMP = "%Y%m%d-%H%M%S-%f"


def taken_at(backup: Path, stem: str) -> datetime | None:
    """When a backup named `<stem>-<stamp><suffix>` was taken; None for a name not ours."""
    rest = backup.name.removeprefix(stem + "-")
    stamp = rest.split(".", 1)[0]
    try:
        return datetime.strptime(stamp, STAMP)
    except ValueError:
        return None


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def to_keep(
    backups: Sequence[tuple[Path, datetime]],
    now: datetime,
    *,
    latest: int = KEEP_LATEST,
) -> set[Path]:
    """The backups the rotation keeps, from (path, when taken) pairs in any order."""
    newest_first = sorted(backups, key=lambda item: item[1], reverse=True)
    kept = {path for path, _ in newest_first[:latest]}
    today = now.date()
    first_day = today - timedelta(days=KEEP_DAYS - 1)
    first_week = _week(today) - timedelta(weeks=KEEP_WEEKS - 1)
    days_seen: set[date] = set()
    weeks_seen: set[date] = set()
    # The first backup of each day and week: it stays the same as later ones are written.
    for path, when in reversed(newest_first):
        day = when.date()
        if first_day <= day and day not in days_seen:
            days_seen.add(day)
            kept.add(path)
        week = _week(day)
        if first_week <= week and week not in weeks_seen:
            weeks_seen.add(week)
            kept.add(path)
    return kept


def to_remove(backups: Iterable[Path], stem: str, now: datetime, *, latest: int) -> list[Path]:
    """The backups the rotation removes, oldest first (names it cannot date are kept)."""
    dated = [(path, when) for path in backups if (when := taken_at(path, stem)) is not None]
    keep = to_keep(dated, now, latest=latest)
    return sorted((path for path, _ in dated if path not in keep), key=lambda p: p.name)
