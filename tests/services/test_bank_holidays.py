"""The generated table of UK bank holidays: current with holidays, right outside its years too."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta

import holidays
import pytest

from chairdesk.services import bank_holidays
from chairdesk.services.bank_holidays import FIRST_YEAR, LAST_YEAR, SUBDIVISIONS, holiday_name
from chairdesk.services.timescales import REGION_SUBDIVISIONS, WorkingDays

REGENERATE = "python scripts/make_bank_holidays.py"

england = WorkingDays("england-and-wales")
scotland = WorkingDays("scotland")
northern_ireland = WorkingDays("northern-ireland")


def _computed(subdivision: str, years: range) -> dict[date, str]:
    calendar = holidays.country_holidays(
        "GB", subdiv=subdivision, years=years, language=bank_holidays.LANGUAGE
    )
    return {day: str(name) for day, name in calendar.items() if day.year in years}


def _listed(subdivision: str, years: range) -> dict[date, str]:
    found: dict[date, str] = {}
    day, last = date(years.start, 1, 1), date(years.stop - 1, 12, 31)
    while day <= last:
        name = holiday_name(subdivision, day)
        if name is not None:
            found[day] = name
        day += timedelta(days=1)
    return found


@pytest.mark.parametrize("subdivision", SUBDIVISIONS)
def test_bank_holidays_match_what_the_installed_holidays_computes(subdivision):
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    expected = _computed(subdivision, years)
    listed = _listed(subdivision, years)
    differences = sorted(
        (day, listed.get(day), expected.get(day))
        for day in expected.keys() | listed.keys()
        if listed.get(day) != expected.get(day)
    )
    assert not differences, (
        f"chairdesk/services/bank_holidays.py (from holidays {bank_holidays.HOLIDAYS_VERSION}) "
        f"differs from the installed holidays {holidays.__version__} for {subdivision} on "
        f"{len(differences)} days, first (day, listed, computed): {differences[:5]}. "
        f"Run `{REGENERATE}` and commit the result."
    )


def test_bank_holidays_cover_every_region_timescales_knows():
    assert set(REGION_SUBDIVISIONS.values()) == set(SUBDIVISIONS), (
        f"timescales.REGION_SUBDIVISIONS changed: run `{REGENERATE}` and commit the result."
    )


def test_bank_holidays_outside_the_table_come_from_holidays():
    assert LAST_YEAR < 2075 and FIRST_YEAR > 1985
    assert england.holiday_name(date(2075, 12, 25)) == "Christmas Day"
    assert not england.is_working_day(date(1985, 4, 8))  # Easter Monday
    assert england.holiday_name(date(1985, 4, 8)) == "Easter Monday"
    assert scotland.is_working_day(date(1985, 4, 8))  # not a bank holiday in Scotland
    assert scotland.holiday_name(date(2075, 1, 2)) == "New Year Holiday"
    assert england.holiday_name(date(2075, 1, 2)) is None


@pytest.mark.parametrize("subdivision", SUBDIVISIONS)
def test_bank_holidays_agree_with_holidays_across_both_edges_of_the_table(subdivision):
    for years in (range(FIRST_YEAR - 2, FIRST_YEAR + 2), range(LAST_YEAR - 1, LAST_YEAR + 3)):
        assert _listed(subdivision, years) == _computed(subdivision, years)


def test_bank_holidays_know_the_state_funeral_and_the_coronation_in_england():
    assert england.holiday_name(date(2022, 9, 19)) == "State Funeral of Queen Elizabeth II"
    assert england.holiday_name(date(2023, 5, 8)) == "Coronation of Charles III"
    assert not england.is_working_day(date(2022, 9, 19))
    assert england.add(date(2023, 5, 5), 1) == date(2023, 5, 9)
    # The spring bank holiday moved to Thursday 2 June 2022 for the Platinum Jubilee.
    assert england.holiday_name(date(2022, 6, 3)) == "Platinum Jubilee of Elizabeth II"
    assert england.is_working_day(date(2022, 5, 30))


def test_bank_holidays_give_scotland_the_second_of_january_but_not_england():
    assert scotland.holiday_name(date(2026, 1, 2)) == "New Year Holiday"
    assert england.holiday_name(date(2026, 1, 2)) is None
    assert england.is_working_day(date(2026, 1, 2))
    assert not scotland.is_working_day(date(2026, 1, 2))


def test_bank_holidays_give_northern_ireland_st_patricks_day_and_the_twelfth():
    assert northern_ireland.holiday_name(date(2026, 3, 17)) == "Saint Patrick's Day"
    assert england.holiday_name(date(2026, 3, 17)) is None
    # 12 July 2026 is a Sunday: the Monday after is the substitute day.
    assert northern_ireland.holiday_name(date(2026, 7, 13)) == "Battle of the Boyne (observed)"
    assert not northern_ireland.is_working_day(date(2026, 7, 13))


def test_bank_holidays_move_a_saturday_christmas_to_monday_and_tuesday():
    # Christmas Day 2027 is a Saturday and Boxing Day a Sunday.
    assert england.holiday_name(date(2027, 12, 27)) == "Christmas Day (observed)"
    assert england.holiday_name(date(2027, 12, 28)) == "Boxing Day (observed)"
    assert england.add(date(2027, 12, 24), 1) == date(2027, 12, 29)


def test_bank_holidays_read_a_datetime_as_its_day():
    assert holiday_name("ENG", datetime(2026, 12, 25, 14, 30)) == "Christmas Day"
    assert holiday_name("ENG", datetime(2080, 12, 25, 9, 0)) == "Christmas Day"


def test_bank_holidays_refuse_a_subdivision_they_do_not_hold():
    with pytest.raises(ValueError, match="WLS"):
        holiday_name("WLS", date(2026, 12, 25))


def test_bank_holidays_timescales_start_without_loading_holidays():
    script = (
        "import sys\n"
        "from datetime import date\n"
        "from chairdesk.services.timescales import working_days_for\n"
        "for region in ('england-and-wales', 'scotland', 'northern-ireland'):\n"
        "    working_days_for(region).add(date(2026, 12, 20), 30)\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'holidays'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
