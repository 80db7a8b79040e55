"""Which time zone a time is shown in, and typed in: the one rule every page, form, CSV, email and job
page follows. Only storage is UTC.

Shown times:
1. the viewer's own zone, if they chose one (their profile): it wins everywhere;
2. else the zone of the cohort the time belongs to: its deadlines, attempts, grades and emails;
3. else UTC (``settings.TIME_ZONE``): a page of no cohort, for someone who chose no zone.
Typed times (an assignment's or an override's dates) are always in the cohort's zone, whoever types
them, so "23:59" means the same moment to every instructor of the cohort; CSV exports are in the
cohort's zone too, so a file reads the same whoever downloads it.

A user's zone is blank until they choose one, which means "the cohort's". Templates ask through
``{% in_zone cohort %}`` (casebook/templatetags/zones.py), the middleware for everything else.
"""

import zoneinfo
from functools import cache

from django.conf import settings


@cache
def _known() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def chosen_zone(user) -> str:
    """The zone the user picked on their profile, or "" (none: they follow their cohort's)."""
    name = getattr(user, "timezone", "") if getattr(user, "is_authenticated", False) else ""
    return name if name in _known() else ""


def zone_name(user=None, cohort_zone: str = "") -> str:
    """Where ``user`` sees a time of a cohort in ``cohort_zone`` ("" for a page of no cohort)."""
    return chosen_zone(user) or (cohort_zone if cohort_zone in _known() else "") or settings.TIME_ZONE


def display_zone(user=None, cohort_zone: str = "") -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(zone_name(user, cohort_zone))


def cohort_zone(cohort_zone: str) -> zoneinfo.ZoneInfo:
    """Where a cohort's times are typed (staff forms) and written (CSV): its own zone, for everyone."""
    return zoneinfo.ZoneInfo(zone_name(None, cohort_zone))
