"""Working days across bank holidays, and every due date of a conference, in three regions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from chairdesk.domain import ConferenceKind
from chairdesk.errors import ValidationError
from chairdesk.services.settings import CouncilSettings
from chairdesk.services.timescales import (
    WorkingDays,
    add_months,
    bring_review_forward,
    due_dates,
    report_shared_lateness,
)

ENGLAND = CouncilSettings()
SCOTLAND = CouncilSettings(region="scotland")

england = WorkingDays("england-and-wales")
scotland = WorkingDays("scotland")
northern_ireland = WorkingDays("northern-ireland")


def test_working_days_skip_christmas_and_boxing_day_2026():
    # Christmas Day 2026 is a Friday; Boxing Day falls on Saturday, so Monday 28th is off.
    assert not england.is_working_day(date(2026, 12, 25))
    assert not england.is_working_day(date(2026, 12, 28))
    assert england.holiday_name(date(2026, 12, 28)) == "Boxing Day (observed)"
    assert england.add(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert england.subtract(date(2026, 12, 29), 1) == date(2026, 12, 24)
    assert england.between(date(2026, 12, 24), date(2026, 12, 31)) == 3


def test_working_days_skip_easter_2027_in_england_but_not_easter_monday_in_scotland():
    # Good Friday 26 March 2027 and Easter Monday 29 March.
    assert england.add(date(2027, 3, 25), 1) == date(2027, 3, 30)
    assert scotland.add(date(2027, 3, 25), 1) == date(2027, 3, 29)


def test_working_days_skip_the_late_may_bank_holiday():
    assert england.add(date(2027, 5, 28), 1) == date(2027, 6, 1)  # Monday 31 May is off
    assert england.between(date(2027, 5, 28), date(2027, 6, 4)) == 4


def test_working_days_know_scottish_holidays():
    # 2 January is a holiday in Scotland only.
    assert england.add(date(2025, 12, 31), 1) == date(2026, 1, 2)
    assert scotland.add(date(2025, 12, 31), 1) == date(2026, 1, 5)
    # St Andrew's Day 2025 is a Sunday, so Monday 1 December is the substitute day.
    assert not scotland.is_working_day(date(2025, 12, 1))
    assert england.is_working_day(date(2025, 12, 1))
    assert scotland.add(date(2025, 11, 28), 1) == date(2025, 12, 2)


def test_working_days_know_northern_irish_holidays():
    assert not northern_ireland.is_working_day(date(2026, 3, 17))  # St Patrick's Day
    assert england.is_working_day(date(2026, 3, 17))


def test_working_days_zero_means_the_same_or_next_working_day():
    assert england.add(date(2026, 3, 4), 0) == date(2026, 3, 4)
    assert england.add(date(2026, 3, 7), 0) == date(2026, 3, 9)  # Saturday to Monday
    assert england.subtract(date(2026, 3, 8), 0) == date(2026, 3, 6)  # Sunday to Friday


def test_working_days_between_is_negative_backwards_and_zero_on_the_day():
    assert england.between(date(2026, 3, 2), date(2026, 3, 6)) == 4
    assert england.between(date(2026, 3, 6), date(2026, 3, 2)) == -4
    assert england.between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert england.between(date(2026, 3, 6), date(2026, 3, 9)) == 1  # over a weekend


def test_working_days_add_subtract_and_between_agree_all_year():
    start = date(2026, 11, 1)
    for offset in range(90):
        day = start + timedelta(days=offset)
        for n in (1, 3, 5, 10, 15):
            for calendar in (england, scotland):
                assert calendar.between(day, calendar.add(day, n)) == n
                earlier = calendar.subtract(day, n)
                assert calendar.is_working_day(earlier)
                assert calendar.between(earlier, day) >= n
                # A day later would be too late.
                assert calendar.between(calendar.add(earlier, 1), day) < n


def test_working_days_refuse_an_unknown_region():
    with pytest.raises(ValidationError, match="region must be one of"):
        WorkingDays("wales")


def test_add_months_keeps_the_day_or_the_end_of_a_shorter_month():
    assert add_months(date(2026, 3, 2), 3) == date(2026, 6, 2)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_due_dates_of_an_initial_conference():
    dates = due_dates(
        ConferenceKind.INITIAL,
        date(2026, 3, 23),
        ENGLAND,
        strategy_discussion_on=date(2026, 3, 2),
    )
    assert dates.icpc_by == date(2026, 3, 23)  # 15 working days after the strategy discussion
    assert dates.first_core_group_by == date(2026, 4, 8)  # over Easter: 10 working days
    assert dates.next_review_by == date(2026, 6, 23)  # 3 months
    assert dates.review_rule == "within 3 months of the conference"
    assert dates.outcome_letter_by == date(2026, 3, 24)
    assert dates.record_by == date(2026, 4, 15)  # 15 working days, Good Friday and Easter Monday
    assert dates.reports_to_parents_by == date(2026, 3, 18)  # 3 working days before
    assert dates.reports_to_chair_by == date(2026, 3, 20)  # 1 working day before
    assert dates.inquorate_reconvene_by == date(2026, 4, 8)


def test_due_dates_first_review_on_a_bank_holiday_moves_earlier():
    # 3 months after 25 February 2026 is the spring bank holiday, Monday 25 May.
    dates = due_dates(ConferenceKind.INITIAL, date(2026, 2, 25), ENGLAND)
    assert dates.next_review_by == date(2026, 5, 22)
    assert dates.icpc_by is None  # no strategy discussion date given


def test_due_dates_first_review_in_calendar_days_where_the_council_says_so():
    rules = replace(ENGLAND, first_review_calendar_days=90)
    dates = due_dates(ConferenceKind.INITIAL, date(2026, 3, 2), rules)
    assert dates.next_review_by == date(2026, 5, 29)  # day 90 is Sunday 31 May
    assert dates.review_rule == "within 90 days of the conference"


def test_due_dates_of_a_review_conference():
    # 6 months after 26 June 2026 is Boxing Day; Christmas Day is the Friday before.
    dates = due_dates(ConferenceKind.REVIEW, date(2026, 6, 26), ENGLAND)
    assert dates.next_review_by == date(2026, 12, 24)
    assert dates.review_rule == "within 6 months of this review"
    assert dates.first_core_group_by is None
    assert dates.icpc_by is None
    assert dates.reports_to_parents_by == date(2026, 6, 19)  # 5 working days before
    assert dates.reports_to_chair_by == date(2026, 6, 23)  # 3 working days before
    assert dates.record_by == date(2026, 7, 17)


def test_due_dates_of_a_transfer_in_conference_follow_the_initial_rules():
    transfer = due_dates(ConferenceKind.TRANSFER_IN, date(2026, 3, 2), ENGLAND)
    initial = due_dates(ConferenceKind.INITIAL, date(2026, 3, 2), ENGLAND)
    assert replace(transfer, kind=ConferenceKind.INITIAL) == initial


def test_due_dates_pre_birth_review_is_sooner_after_an_early_birth():
    dates = due_dates(
        ConferenceKind.PRE_BIRTH, date(2026, 3, 2), ENGLAND, birth_on=date(2026, 3, 20)
    )
    # 20 working days after Friday 20 March, over Easter, is 21 April: before 2 June.
    assert dates.next_review_by == date(2026, 4, 21)
    assert dates.review_rule.startswith("within 20 working days of the birth")


def test_due_dates_pre_birth_review_stays_at_three_months_after_a_late_birth():
    dates = due_dates(
        ConferenceKind.PRE_BIRTH, date(2026, 3, 2), ENGLAND, birth_on=date(2026, 5, 20)
    )
    assert dates.next_review_by == date(2026, 6, 2)
    assert dates.review_rule == (
        "within 3 months of the conference, which is sooner than 20 working days after the birth"
    )
    unborn = due_dates(ConferenceKind.PRE_BIRTH, date(2026, 3, 2), ENGLAND)
    assert unborn.next_review_by == date(2026, 6, 2)


def test_due_dates_follow_the_councils_own_timescales():
    rules = replace(ENGLAND, record_working_days=10, outcome_letter_working_days=2)
    dates = due_dates(ConferenceKind.INITIAL, date(2026, 3, 2), rules)
    assert dates.record_by == date(2026, 3, 16)
    assert dates.outcome_letter_by == date(2026, 3, 4)


def test_bring_review_forward_gives_two_working_weeks_notice():
    assert bring_review_forward(date(2026, 3, 10), date(2026, 3, 2), ENGLAND) == date(2026, 3, 24)


def test_bring_review_forward_is_never_later_than_the_scheduled_review():
    scheduled = due_dates(ConferenceKind.INITIAL, date(2026, 3, 2), ENGLAND).next_review_by
    brought = bring_review_forward(
        date(2026, 5, 26), date(2026, 3, 2), ENGLAND, kind=ConferenceKind.INITIAL
    )
    assert brought == scheduled == date(2026, 6, 2)
    booked = bring_review_forward(
        date(2026, 3, 10), date(2026, 3, 2), ENGLAND, scheduled_on=date(2026, 3, 20)
    )
    assert booked == date(2026, 3, 20)


def test_report_lateness_at_the_boundary_in_england():
    # Initial conference on Tuesday 6 January 2026: parents need 3 working days.
    on_time = report_shared_lateness(
        date(2025, 12, 31), date(2026, 1, 6), ConferenceKind.INITIAL, ENGLAND
    )
    assert (on_time.working_days_before, on_time.required, on_time.late) == (3, 3, False)
    assert on_time.latest_on == date(2025, 12, 31)
    one_day_later = report_shared_lateness(
        date(2026, 1, 2), date(2026, 1, 6), ConferenceKind.INITIAL, ENGLAND
    )
    assert (one_day_later.working_days_before, one_day_later.late) == (2, True)


def test_report_lateness_at_the_boundary_in_scotland():
    # 2 January is a holiday in Scotland, so 31 December is already too late there.
    late = report_shared_lateness(
        date(2025, 12, 31), date(2026, 1, 6), ConferenceKind.INITIAL, SCOTLAND
    )
    assert (late.working_days_before, late.late) == (2, True)
    assert late.latest_on == date(2025, 12, 30)
    on_time = report_shared_lateness(
        date(2025, 12, 30), date(2026, 1, 6), ConferenceKind.INITIAL, SCOTLAND
    )
    assert (on_time.working_days_before, on_time.late) == (3, False)


def test_report_lateness_uses_the_review_and_chair_limits():
    review = report_shared_lateness(
        date(2026, 6, 22), date(2026, 6, 26), ConferenceKind.REVIEW, ENGLAND
    )
    assert (review.working_days_before, review.required, review.late) == (4, 5, True)
    to_chair = report_shared_lateness(
        date(2026, 6, 23), date(2026, 6, 26), ConferenceKind.REVIEW, ENGLAND, reader="chair"
    )
    assert (to_chair.working_days_before, to_chair.required, to_chair.late) == (3, 3, False)
    after = report_shared_lateness(
        date(2026, 6, 29), date(2026, 6, 26), ConferenceKind.REVIEW, ENGLAND
    )
    assert after.working_days_before < 0 and after.late
