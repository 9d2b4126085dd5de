"""Working days and the due dates of a conference, computed from the council's settings.

Rules, in the chair's terms:

- A working day is Monday to Friday, less the bank holidays of the council's region
  (substitute days included), from the table in bank_holidays.py that
  scripts/make_bank_holidays.py generates from the ``holidays`` package.
- "n working days after d" does not count d itself. "n working days before d" is the latest
  working day from which d is still n working days away, so ``between(subtract(d, n), d) >= n``.
- A limit in months or calendar days ("within 3 months") that lands on a weekend or a bank
  holiday moves back to the working day before, so a due date is never past the limit.
- Reports: the latest date each may be shared is the report limit in working days before the
  conference; sharing is late when fewer working days separate it from the conference.
- Initial, pre-birth and transfer-in conferences use the initial conference's rules (first
  core group, first review, report limits); a review uses the review's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from chairdesk.domain import ConferenceKind
from chairdesk.errors import ValidationError
from chairdesk.services import bank_holidays
from chairdesk.services.settings import REGIONS, CouncilSettings

REGION_SUBDIVISIONS: dict[str, str] = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}

# Notice needed to bring a review forward: agencies must write their reports and share them
# with parents (5 working days before a review by default), so two working weeks at least.
REVIEW_NOTICE_WORKING_DAYS = 10

_ONE_DAY = timedelta(days=1)

ReportReader = Literal["parents", "chair"]


class WorkingDays:
    """Working-day arithmetic for one region of the United Kingdom."""

    def __init__(self, region: str = "england-and-wales") -> None:
        if region not in REGION_SUBDIVISIONS:
            raise ValidationError(f"region must be one of {', '.join(REGIONS)}, not {region!r}")
        self.region = region
        self._subdivision = REGION_SUBDIVISIONS[region]

    def holiday_name(self, day: date) -> str | None:
        """The bank holiday on ``day`` in this region, or None."""
        return bank_holidays.holiday_name(self._subdivision, day)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and bank_holidays.holiday_name(self._subdivision, day) is None

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, otherwise the next one."""
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def previous_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, otherwise the one before."""
        while not self.is_working_day(day):
            day -= _ONE_DAY
        return day

    def add(self, day: date, n: int) -> date:
        """The date ``n`` working days after ``day``; 0 gives ``day`` or the next working day."""
        if n < 0:
            return self.subtract(day, -n)
        if n == 0:
            return self.next_working_day(day)
        counted = 0
        while counted < n:
            day += _ONE_DAY
            if self.is_working_day(day):
                counted += 1
        return day

    def subtract(self, day: date, n: int) -> date:
        """The latest working day that is ``n`` working days before ``day``.

        0 gives ``day`` when it is a working day, otherwise the working day before.
        """
        if n < 0:
            return self.add(day, -n)
        counted = 0
        while counted < n:
            if self.is_working_day(day):
                counted += 1
            day -= _ONE_DAY
        return self.previous_working_day(day)

    def between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative if end is first."""
        if end < start:
            return -self.between(end, start)
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += _ONE_DAY
        return count


@lru_cache(maxsize=8)
def working_days_for(region: str) -> WorkingDays:
    """One shared calendar per region."""
    return WorkingDays(region)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the 31st becomes the month's last day where it is shorter."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    # Not calendar.monthrange: importing calendar (and locale) costs the first screen ~20 ms.
    return date(year, month, min(day.day, (first_of_next - timedelta(days=1)).day))


@dataclass(frozen=True)
class ConferenceDueDates:
    """The latest date each step after (and before) one conference may happen."""

    kind: ConferenceKind
    held_on: date
    next_review_by: date
    review_rule: str  # in words, for the chair: why this date
    outcome_letter_by: date
    record_by: date
    reports_to_parents_by: date
    reports_to_chair_by: date
    inquorate_reconvene_by: date
    icpc_by: date | None = None  # only when the strategy discussion date is known
    first_core_group_by: date | None = None  # not after a review: core groups continue


def _is_review(kind: ConferenceKind) -> bool:
    return kind == ConferenceKind.REVIEW


def first_review_by(held_on: date, rules: CouncilSettings) -> tuple[date, str]:
    """The first review after an initial conference, and the rule in words."""
    days = working_days_for(rules.region)
    if rules.first_review_calendar_days is not None:
        limit = held_on + timedelta(days=rules.first_review_calendar_days)
        rule = f"within {rules.first_review_calendar_days} days of the conference"
    else:
        limit = add_months(held_on, rules.first_review_months)
        rule = f"within {_months(rules.first_review_months)} of the conference"
    return days.previous_working_day(limit), rule


def due_dates(
    kind: ConferenceKind,
    held_on: date,
    rules: CouncilSettings,
    *,
    strategy_discussion_on: date | None = None,
    birth_on: date | None = None,
) -> ConferenceDueDates:
    """Every due date for a conference held (or to be held) on ``held_on``.

    Args:
        kind: initial, review, pre-birth or transfer-in.
        held_on: the conference date.
        rules: the council settings in force.
        strategy_discussion_on: gives ``icpc_by`` when known.
        birth_on: for a pre-birth conference, the baby's date of birth once born.
    """
    days = working_days_for(rules.region)
    if _is_review(kind):
        review_limit = add_months(held_on, rules.later_review_months)
        review_by = days.previous_working_day(review_limit)
        review_rule = f"within {_months(rules.later_review_months)} of this review"
    else:
        review_by, review_rule = first_review_by(held_on, rules)
    if kind == ConferenceKind.PRE_BIRTH and birth_on is not None:
        after_birth = days.add(birth_on, rules.prebirth_review_working_days_after_birth)
        n = rules.prebirth_review_working_days_after_birth
        if after_birth < review_by:
            review_by = after_birth
            review_rule = f"within {n} working days of the birth, sooner than {review_rule}"
        else:
            review_rule = f"{review_rule}, which is sooner than {n} working days after the birth"
    to_parents = _report_limit(kind, rules, "parents")
    to_chair = _report_limit(kind, rules, "chair")
    return ConferenceDueDates(
        kind=kind,
        held_on=held_on,
        next_review_by=review_by,
        review_rule=review_rule,
        outcome_letter_by=days.add(held_on, rules.outcome_letter_working_days),
        record_by=days.add(held_on, rules.record_working_days),
        reports_to_parents_by=days.subtract(held_on, to_parents),
        reports_to_chair_by=days.subtract(held_on, to_chair),
        inquorate_reconvene_by=days.add(held_on, rules.inquorate_reconvene_working_days),
        icpc_by=(
            days.add(strategy_discussion_on, rules.icpc_within_working_days)
            if strategy_discussion_on is not None and not _is_review(kind)
            else None
        ),
        first_core_group_by=(
            None if _is_review(kind) else days.add(held_on, rules.first_core_group_working_days)
        ),
    )


def bring_review_forward(
    today: date,
    held_on: date,
    rules: CouncilSettings,
    *,
    kind: ConferenceKind = ConferenceKind.REVIEW,
    scheduled_on: date | None = None,
) -> date:
    """The earliest sensible date for a review brought forward (DOMAIN.md §6, item 16).

    The rule: ``REVIEW_NOTICE_WORKING_DAYS`` working days after today (or the council's
    reports-to-parents limit for a review, if that is longer), so agencies can write their
    reports and parents can read them first; never later than the review already due.

    Args:
        today: the day the chair decides.
        held_on: the date of the conference that set the review.
        rules: the council settings in force.
        kind: the kind of that conference (its review rule gives the scheduled date).
        scheduled_on: the review date already booked, when it differs from the rule's.
    """
    days = working_days_for(rules.region)
    scheduled = scheduled_on or due_dates(kind, held_on, rules).next_review_by
    notice = max(REVIEW_NOTICE_WORKING_DAYS, rules.reports_to_parents_before_review)
    return min(days.add(today, notice), scheduled)


@dataclass(frozen=True)
class LateSharing:
    """How a report's sharing compares with the council's limit."""

    working_days_before: int  # working days after sharing up to and including the conference
    required: int
    late: bool
    latest_on: date  # the last date it could have been shared in time


def report_shared_lateness(
    shared_on: date,
    conference_on: date,
    kind: ConferenceKind,
    rules: CouncilSettings,
    *,
    reader: ReportReader = "parents",
) -> LateSharing:
    """Was a report shared with parents (or sent to the chair) in time for the conference?"""
    days = working_days_for(rules.region)
    required = _report_limit(kind, rules, reader)
    before = days.between(shared_on, conference_on)
    return LateSharing(
        working_days_before=before,
        required=required,
        late=before < required,
        latest_on=days.subtract(conference_on, required),
    )


def _report_limit(kind: ConferenceKind, rules: CouncilSettings, reader: ReportReader) -> int:
    """Working days before the conference a report must reach parents or the chair."""
    if reader == "parents":
        if _is_review(kind):
            return rules.reports_to_parents_before_review
        return rules.reports_to_parents_before_icpc
    if _is_review(kind):
        return rules.reports_to_chair_before_review
    return rules.reports_to_chair_before_icpc


def _months(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"
