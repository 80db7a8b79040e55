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


def test_the_in_zone_tag_applies_the_rule_names_the_zone_and_says_whose_it_is():
    from datetime import UTC, datetime

    from django.template import engines

    template = engines["django"].from_string(
        '{% load zones %}{% in_zone cohort %}{{ when|date:"D j M, H:i T" }} {{ zone }} {{ zone_source }}{% endin_zone %}'
        '|{% in_zone cohort typed %}{{ when|date:"H:i T" }} {{ zone_source }}{% endin_zone %}'
        '|{% in_zone cohort for nobody %}{{ when|date:"H:i T" }} {{ zone_source }}{% endin_zone %}'
        '|{% in_zone %}{{ zone }} {{ zone_source }}{% endin_zone %}')
    context = {"cohort": SimpleNamespace(timezone="America/New_York"), "when": datetime(2026, 11, 2, 4, 59, tzinfo=UTC),
               "user": viewer("Asia/Tokyo"), "nobody": viewer("")}

    assert template.render(context) == ("Mon 2 Nov, 13:59 JST Asia/Tokyo chosen|23:59 EST cohort|23:59 EST cohort"
                                        "|Asia/Tokyo chosen")
