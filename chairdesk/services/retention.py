"""Retention: removing concluded conferences older than the council's retention period.

A conference is removed when it is concluded or issued and was held more than
`retention_years` (a council setting) before today. Everything recorded for it goes with it
(entries, actions, decisions, scalings, reports, feedback: the database's cascades), and a
family goes once it has no conference left. A later conference that named a removed one as
its previous conference is kept whole; only that link is cleared.

On SQLite the engine keeps `secure_delete` on, so deleted rows are overwritten with zeros, and
the purge then runs VACUUM and truncates the write-ahead log, so the removed text is left
neither in free pages of the file nor in old WAL frames. Backups taken before the purge still
hold the removed conferences until they are rotated out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import delete, select, update

from chairdesk.domain import ConferenceStatus
from chairdesk.errors import StorageError, ValidationError
from chairdesk.models import Conference, Family
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.services.permissions import Permission, require
from chairdesk.services.settings import SettingsService

log = logging.getLogger(__name__)

PURGEABLE_STATUSES = (ConferenceStatus.CONCLUDED, ConferenceStatus.ISSUED)
YEARS_RANGE = (1, 100)


@dataclass(frozen=True)
class PurgeResult:
    """How many conferences and families were removed (never which)."""

    conferences_removed: int
    families_removed: int


def retention_cutoff(today: date, years: int) -> date:
    """The same day `years` years before `today` (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _checked_years(years: object) -> int:
    low, high = YEARS_RANGE
    if isinstance(years, bool) or not isinstance(years, int):
        raise ValidationError(f"the years to keep must be a whole number from {low} to {high}")
    if not low <= years <= high:
        raise ValidationError(f"the years to keep must be from {low} to {high}, not {years}")
    return years


class RetentionService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def due_for_removal(
        self, older_than_years: int | None = None, today: date | None = None
    ) -> tuple[int, ...]:
        """The ids of the conferences a purge would remove now, oldest first."""
        cutoff = self._cutoff(older_than_years, today)
        with self.context.database.transaction() as session:
            return tuple(
                session.scalars(
                    select(Conference.id)
                    .where(
                        Conference.status.in_(PURGEABLE_STATUSES),
                        Conference.scheduled_at < cutoff,
                    )
                    .order_by(Conference.scheduled_at, Conference.id)
                )
            )

    def purge(self, older_than_years: int | None = None, today: date | None = None) -> PurgeResult:
        """Remove concluded and issued conferences held before the retention period began.

        Args:
            older_than_years: the period in years; None uses the council's `retention_years`.
            today: the day to count back from; None is today by the service's clock.

        Raises:
            ValidationError: `older_than_years` is not a whole number from 1 to 100.
            PermissionDeniedError: a minute-taker.
            StorageError: the disk refused the change (nothing was removed), or the removed
                conferences' space could not be wiped afterwards (the removal stands; running
                the purge again finishes the wiping).
        """
        require(self.context, Permission.PURGE)
        cutoff = self._cutoff(older_than_years, today)
        with self.context.database.transaction() as session:
            doomed = list(
                session.scalars(
                    select(Conference.id).where(
                        Conference.status.in_(PURGEABLE_STATUSES),
                        Conference.scheduled_at < cutoff,
                    )
                )
            )
            family_ids = set(
                session.scalars(select(Conference.family_id).where(Conference.id.in_(doomed)))
            )
            if doomed:
                # A kept review keeps everything it copied; only its link back goes.
                session.execute(
                    update(Conference)
                    .where(Conference.previous_id.in_(doomed), Conference.id.not_in(doomed))
                    .values(previous_id=None)
                )
                # Self-links inside the purged set are cleared too, so the order of the
                # deletes cannot trip over them.
                session.execute(
                    update(Conference).where(Conference.id.in_(doomed)).values(previous_id=None)
                )
                session.execute(
                    delete(Conference)
                    .where(Conference.id.in_(doomed))
                    .execution_options(synchronize_session=False)
                )
            still_used = set(
                session.scalars(
                    select(Conference.family_id).where(Conference.family_id.in_(family_ids))
                )
            )
            empty = sorted(family_ids - still_used)
            if empty:
                session.execute(
                    delete(Family)
                    .where(Family.id.in_(empty))
                    .execution_options(synchronize_session=False)
                )
            audit.record(
                session,
                self.context,
                "retention.purge",
                "conference",
                None,
                None,
                {"conferences_removed": len(doomed), "families_removed": len(empty)},
            )
        if doomed and self.context.database.is_sqlite:
            self._wipe_free_space()
        log.info("retention purge removed %d conferences", len(doomed))
        return PurgeResult(conferences_removed=len(doomed), families_removed=len(empty))

    def _cutoff(self, older_than_years: int | None, today: date | None) -> datetime:
        years = (
            SettingsService(self.context).get().retention_years
            if older_than_years is None
            else older_than_years
        )
        day = retention_cutoff(today or self.context.today(), _checked_years(years))
        return datetime.combine(day, time.min)

    def _wipe_free_space(self) -> None:
        """VACUUM (outside any transaction) and empty the WAL, so no old page keeps the text."""
        from chairdesk.storage.engine import sqlcipher_module
        from chairdesk.storage.faults import plain_storage_message

        errors = sqlcipher_module().Error
        raw = self.context.database.engine.raw_connection()
        try:
            connection = raw.driver_connection
            assert connection is not None
            # The engine runs its connections in autocommit; VACUUM refuses to run in a
            # transaction, so make sure none is open on this one.
            if connection.in_transaction:
                connection.rollback()
            connection.execute("VACUUM")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except errors as error:
            raise StorageError(
                plain_storage_message(
                    error,
                    "the conferences were removed but their space was not yet wiped",
                )
            ) from error
        finally:
            raw.close()


__all__ = ["PURGEABLE_STATUSES", "PurgeResult", "RetentionService", "retention_cutoff"]
