"""Instructors stepping down at the same moment, for real: the row lock must leave the cohort one instructor.

Skipped on SQLite, which serialises every write (see tests/concurrency.py).
"""

from decimal import Decimal

import pytest

from cohorts import services
from cohorts.models import Membership
from tests.concurrency import POSTGRESQL_ONLY, all_at_once
from tests.factories import CohortFactory, InstructorFactory

pytestmark = POSTGRESQL_ONLY

THREADS = 12
Role = Membership.Role


@pytest.fixture
def instructors():
    cohort = CohortFactory()
    return [Membership.objects.create(cohort=cohort, user=InstructorFactory(), role=Role.INSTRUCTOR)
            for _ in range(THREADS)]


def step_down(membership, how):
    """'ok' or 'refused': each thread works on its own copy, read before any other thread wrote."""
    try:
        if how == "remove":
            services.member_remove(membership=membership)
        else:
            services.member_update(membership=membership, role=Role.TA, time_multiplier=Decimal(1), extra_attempts=0)
    except services.MemberRefused:
        return "refused"
    return "ok"


@pytest.mark.parametrize("mix", ["demote", "remove", "both"])
def test_every_instructor_stepping_down_at_once_leaves_exactly_one(instructors, mix):
    hows = {"demote": ["demote"] * THREADS, "remove": ["remove"] * THREADS,
            "both": ["demote", "remove"] * (THREADS // 2)}[mix]
    copies = [Membership.objects.get(pk=membership.pk) for membership in instructors]

    results = all_at_once(THREADS, lambda i: step_down(copies[i], hows[i]))

    assert sorted(results) == ["ok"] * (THREADS - 1) + ["refused"]
    cohort_id = instructors[0].cohort_id
    assert Membership.objects.filter(cohort_id=cohort_id, role=Role.INSTRUCTOR).count() == 1
