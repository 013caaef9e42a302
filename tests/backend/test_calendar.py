from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
import pytest

from casework.calendar import (
    add_days, add_working_days, bank_holidays, effective_receipt_date, is_working_day,
    next_working_day, working_days_between,
)

LONDON = ZoneInfo("Europe/London")
ENG, SCT, NIR = "england", "scotland", "northern_ireland"


def test_england_2026_bank_holidays_are_the_real_ones():
    assert bank_holidays(ENG, 2026) == [
        date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 5, 25),
        date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 28),
    ]


def test_england_and_wales_share_bank_holidays():
    for year in (2025, 2026, 2027):
        assert set(holidays.UK(subdiv="ENG", years=year)) == set(holidays.UK(subdiv="WLS", years=year))


@pytest.mark.parametrize("d, nation, working", [
    (date(2026, 12, 25), ENG, False),   # Christmas Day, Friday
    (date(2026, 12, 26), ENG, False),   # Boxing Day, Saturday
    (date(2026, 12, 28), ENG, False),   # Boxing Day substitute, Monday
    (date(2026, 12, 29), ENG, True),
    (date(2027, 1, 1), ENG, False),     # New Year's Day, Friday
    (date(2026, 4, 3), ENG, False),     # Good Friday
    (date(2026, 4, 6), ENG, False),     # Easter Monday
    (date(2026, 4, 6), SCT, True),      # not a bank holiday in Scotland
    (date(2026, 4, 6), NIR, False),
    (date(2026, 1, 2), SCT, False),     # 2 January, Scotland only
    (date(2026, 1, 2), ENG, True),
    (date(2026, 5, 4), ENG, False),     # early May
    (date(2026, 5, 25), ENG, False),    # spring bank holiday
    (date(2026, 11, 30), SCT, False),   # St Andrew's Day, Monday
    (date(2026, 11, 30), ENG, True),
    (date(2026, 3, 17), NIR, False),    # St Patrick's Day
    (date(2026, 3, 17), ENG, True),
    (date(2026, 11, 28), ENG, False),   # Saturday
    (date(2026, 11, 29), ENG, False),   # Sunday
])
def test_is_working_day(d, nation, working):
    assert is_working_day(d, nation) is working


def test_add_working_days_day_one_is_the_next_working_day():
    assert add_working_days(date(2026, 11, 24), 1, ENG) == date(2026, 11, 25)
    assert add_working_days(date(2026, 11, 27), 1, ENG) == date(2026, 11, 30)  # Fri -> Mon
    assert add_working_days(date(2026, 11, 24), 5, ENG) == date(2026, 12, 1)
    assert add_working_days(date(2026, 11, 24), 0, ENG) == date(2026, 11, 24)


def test_christmas_2026():
    # Thu 24 Dec: 25 (Fri), 26-27 (weekend), 28 (substitute), 1 Jan are skipped.
    assert add_working_days(date(2026, 12, 24), 5, ENG) == date(2027, 1, 5)
    assert add_working_days(date(2026, 12, 24), 1, ENG) == date(2026, 12, 29)
    assert next_working_day(date(2026, 12, 24), ENG) == date(2026, 12, 29)


def test_new_year_scotland_has_2_january():
    assert add_working_days(date(2025, 12, 31), 5, ENG) == date(2026, 1, 8)
    assert add_working_days(date(2025, 12, 31), 5, SCT) == date(2026, 1, 9)


def test_easter_2026_england_vs_scotland():
    assert add_working_days(date(2026, 4, 2), 5, ENG) == date(2026, 4, 13)
    assert add_working_days(date(2026, 4, 2), 5, SCT) == date(2026, 4, 10)


def test_may_bank_holidays_2026():
    assert add_working_days(date(2026, 5, 1), 5, ENG) == date(2026, 5, 11)
    assert add_working_days(date(2026, 5, 22), 5, ENG) == date(2026, 6, 1)


def test_st_andrews_day_2026():
    assert add_working_days(date(2026, 11, 27), 5, ENG) == date(2026, 12, 4)
    assert add_working_days(date(2026, 11, 27), 5, SCT) == date(2026, 12, 7)


def test_st_patricks_day_2026():
    assert add_working_days(date(2026, 3, 16), 5, NIR) == date(2026, 3, 24)
    assert add_working_days(date(2026, 3, 16), 5, ENG) == date(2026, 3, 23)


def test_working_days_between_is_the_inverse_of_add():
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 5), ENG) == 5
    assert working_days_between(date(2026, 11, 24), date(2026, 12, 15), ENG) == 15
    assert working_days_between(date(2026, 12, 15), date(2026, 11, 24), ENG) == 0
    start = date(2026, 1, 1)
    for n in (1, 7, 20, 60):
        assert working_days_between(start, add_working_days(start, n, SCT), SCT) == n


def test_calendar_days_unit_counts_every_day():
    assert add_days(date(2026, 12, 1), 25, "calendar", ENG) == date(2026, 12, 26)
    assert add_days(date(2026, 12, 1), 5, "working", ENG) == date(2026, 12, 8)
    with pytest.raises(ValueError):
        add_days(date(2026, 12, 1), 5, "fortnights", ENG)


def test_unknown_nation_is_refused():
    with pytest.raises(ValueError, match="unknown nation 'wales'"):
        is_working_day(date(2026, 1, 5), "wales")


class TestEffectiveReceiptDate:
    def test_before_closing_on_a_working_day_counts_that_day(self):
        at = datetime(2026, 11, 24, 16, 59, tzinfo=LONDON)
        assert effective_receipt_date(at, ENG) == date(2026, 11, 24)

    def test_at_or_after_closing_counts_the_next_working_day(self):
        assert effective_receipt_date(datetime(2026, 11, 24, 17, 0, tzinfo=LONDON), ENG) == date(2026, 11, 25)
        assert effective_receipt_date(datetime(2026, 11, 27, 18, 0, tzinfo=LONDON), ENG) == date(2026, 11, 30)

    def test_weekend_counts_the_next_working_day(self):
        assert effective_receipt_date(datetime(2026, 11, 28, 10, 0, tzinfo=LONDON), ENG) == date(2026, 11, 30)

    def test_bank_holiday_counts_the_next_working_day(self):
        assert effective_receipt_date(datetime(2026, 12, 25, 9, 0, tzinfo=LONDON), ENG) == date(2026, 12, 29)
        assert effective_receipt_date(datetime(2026, 11, 30, 9, 0, tzinfo=LONDON), SCT) == date(2026, 12, 1)
        assert effective_receipt_date(datetime(2026, 11, 30, 9, 0, tzinfo=LONDON), ENG) == date(2026, 11, 30)

    def test_christmas_eve_after_closing(self):
        at = datetime(2026, 12, 24, 17, 30, tzinfo=LONDON)
        received = effective_receipt_date(at, ENG)
        assert received == date(2026, 12, 29)
        assert add_working_days(received, 5, ENG) == date(2027, 1, 6)

    def test_closing_time_is_judged_in_london_time_in_summer(self):
        # 16:30 UTC is 17:30 BST: after closing.
        assert effective_receipt_date(datetime(2026, 6, 10, 16, 30, tzinfo=timezone.utc), ENG) == date(2026, 6, 11)
        # 15:30 UTC is 16:30 BST: before closing.
        assert effective_receipt_date(datetime(2026, 6, 10, 15, 30, tzinfo=timezone.utc), ENG) == date(2026, 6, 10)

    def test_late_utc_evening_is_next_day_in_london(self):
        # 23:30 UTC on Tue 30 Jun is 00:30 BST Wed 1 Jul, before closing.
        assert effective_receipt_date(datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc), ENG) == date(2026, 7, 1)

    def test_custom_closing_time_and_naive_datetime(self):
        at = datetime(2026, 11, 24, 16, 0)
        assert effective_receipt_date(at, ENG, closing_time=time(16, 0)) == date(2026, 11, 25)
        assert effective_receipt_date(at, ENG, closing_time=time(16, 1)) == date(2026, 11, 24)
