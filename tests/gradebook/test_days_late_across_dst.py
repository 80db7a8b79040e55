"""Days late are counted on the cohort's clock (gradebook.score.days_late): a day late lasts until the
due time the next day there, 25 hours on the day clocks go back and 23 on the day they go forward, so a
deadline near midnight across a daylight-saving change costs what the calendar says. No database."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from gradebook.score import AttemptRow, Rules, days_late, score

NEW_YORK, AUCKLAND = ZoneInfo("America/New_York"), ZoneInfo("Pacific/Auckland")


def local(zone, *args, fold=0) -> datetime:
    """A wall-clock time there, as the database gives it back: in UTC."""
    return datetime(*args, tzinfo=zone, fold=fold).astimezone(UTC)


def test_a_day_late_across_the_us_autumn_change_is_one_day_though_25_hours_passed():
    due = local(NEW_YORK, 2026, 10, 31, 23, 59)  # EDT; clocks go back at 02:00 on Sunday 1 November
    submitted = local(NEW_YORK, 2026, 11, 1, 23, 30)  # EST, 24 h 31 min later

    assert submitted - due == timedelta(hours=24, minutes=31)
    assert days_late(submitted, due, NEW_YORK) == 1
    assert days_late(submitted, due) == 2  # 24-hour days would charge a second day
    assert days_late(local(NEW_YORK, 2026, 11, 2, 0, 0), due, NEW_YORK) == 2  # after the next 23:59: two


def test_the_us_spring_day_is_23_hours_long():
    due = local(NEW_YORK, 2027, 3, 13, 23, 59)  # EST; clocks go forward at 02:00 on Sunday 14 March

    assert days_late(local(NEW_YORK, 2027, 3, 14, 23, 59), due, NEW_YORK) == 1  # only 23 hours later
    assert days_late(local(NEW_YORK, 2027, 3, 14, 23, 59, 30), due, NEW_YORK) == 2


def test_a_day_late_across_the_new_zealand_autumn_change_is_one_day():
    due = local(AUCKLAND, 2026, 4, 4, 23, 59)  # NZDT (+13); clocks go back at 03:00 on Sunday 5 April
    submitted = local(AUCKLAND, 2026, 4, 5, 23, 30)  # NZST (+12)

    assert submitted.astimezone(UTC) == datetime(2026, 4, 5, 11, 30, tzinfo=UTC)
    assert days_late(submitted, due, AUCKLAND) == 1 and days_late(submitted, due) == 2


def test_on_time_is_never_late_and_a_second_after_is_a_day():
    due = local(NEW_YORK, 2026, 11, 1, 1, 30, fold=0)  # the first 01:30 of the repeated hour (EDT)

    assert days_late(due, due, NEW_YORK) == 0
    assert days_late(due + timedelta(seconds=1), due, NEW_YORK) == 1
    # The second 01:30 (EST) comes an hour later but reads the same on the clock: still late.
    assert days_late(local(NEW_YORK, 2026, 11, 1, 1, 30, fold=1), due, NEW_YORK) == 1


def test_the_score_charges_the_penalty_by_the_cohorts_calendar():
    due = local(NEW_YORK, 2026, 10, 31, 23, 59)
    rules = Rules(id=1, grading_method="highest", due_at=due, points=Decimal(10), penalty_per_day=Decimal(10),
                  zone=NEW_YORK)
    attempt = AttemptRow(1, 1, 1, True, Decimal(10), Decimal(10), local(NEW_YORK, 2026, 11, 1, 23, 30))

    result = score(rules, [attempt], now=due + timedelta(days=3))

    assert result.points == Decimal("9.00") and result.counted[0].days_late == 1


zones = st.sampled_from([NEW_YORK, AUCKLAND, ZoneInfo("Europe/London"), ZoneInfo("Australia/Lord_Howe"), UTC])
moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 1, 1)).map(
    lambda naive: naive.replace(tzinfo=UTC))


@given(zones, moments, st.integers(min_value=0, max_value=10 * 24 * 3600))
def test_n_days_late_means_past_the_due_clock_time_n_minus_1_days_on_and_not_past_it_n_days_on(zone, due, late):
    submitted = due + timedelta(seconds=late)
    n = days_late(submitted, due, zone)

    def due_clock(days):  # the due time's wall clock, that many days on, as a moment
        wall = due.astimezone(zone).replace(tzinfo=None) + timedelta(days=days)
        return wall.replace(tzinfo=zone).astimezone(UTC)

    assert (n == 0) == (late == 0)
    if n:
        assert submitted > due and (n == 1 or submitted > due_clock(n - 1))
        assert submitted <= due_clock(n) or n == 1  # a repeated hour can make the clock read "earlier"


@given(moments, st.integers(min_value=0, max_value=10 * 24 * 3600))
def test_in_utc_days_are_24_hours(due, late):
    submitted = due + timedelta(seconds=late)
    assert days_late(submitted, due, UTC) == days_late(submitted, due) == -(-late // (24 * 3600))
