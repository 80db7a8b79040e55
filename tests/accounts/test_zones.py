"""The one rule for which zone a time is shown in (accounts.zones): the viewer's chosen zone wins, else
the cohort's, else UTC; typed and exported times are always the cohort's. No database."""

from types import SimpleNamespace

import pytest

from accounts.zones import chosen_zone, cohort_zone, display_zone, zone_name

ANONYMOUS = SimpleNamespace(is_authenticated=False, timezone="Asia/Tokyo")


def viewer(zone: str):
    return SimpleNamespace(is_authenticated=True, timezone=zone)


@pytest.mark.parametrize(("user", "cohort", "shown"), [
    (viewer("Asia/Tokyo"), "America/New_York", "Asia/Tokyo"),  # a chosen zone wins everywhere
    (viewer("Asia/Tokyo"), "", "Asia/Tokyo"),
    (viewer(""), "America/New_York", "America/New_York"),  # none chosen: the cohort's
    (viewer(""), "", "UTC"),  # none chosen, no cohort
    (viewer("Mars/Olympus"), "Pacific/Auckland", "Pacific/Auckland"),  # a zone that no longer exists
    (viewer(""), "Mars/Olympus", "UTC"),
    (ANONYMOUS, "Pacific/Auckland", "Pacific/Auckland"),  # an anonymous visitor has chosen nothing
    (None, "", "UTC"),
])
def test_the_chosen_zone_wins_else_the_cohorts_else_utc(user, cohort, shown):
    assert zone_name(user, cohort) == shown
    assert display_zone(user, cohort).key == shown


def test_typed_and_exported_times_are_the_cohorts_whoever_looks():
    assert cohort_zone("America/New_York").key == "America/New_York"
    assert cohort_zone("").key == "UTC"


def test_only_a_real_zone_counts_as_chosen():
    assert chosen_zone(viewer("Europe/London")) == "Europe/London"
    assert chosen_zone(viewer("")) == chosen_zone(viewer("Mars/Olympus")) == chosen_zone(ANONYMOUS) == ""
