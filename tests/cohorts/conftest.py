"""Cohort set-up around `cohort` (tests/conftest.py: a member of every role): two of its memberships, and
a second cohort none of its members is in."""

import pytest
from django.contrib.auth import get_user_model

from cohorts.models import Cohort, Membership
from tests.factories import CohortFactory, MembershipFactory, UserFactory

Role = Membership.Role


@pytest.fixture
def other_cohort(outsider):
    """The outsider's own cohort, with a student whose name must never show up in `cohort`."""
    other = CohortFactory(name="Secret Seminar", course_code="SEM 999", join_code="OTHER999")
    MembershipFactory(cohort=other, user=outsider, role=Role.INSTRUCTOR)
    MembershipFactory(cohort=other, user=UserFactory(username="zed", first_name="Zebedee", last_name="Hidden"))
    return other


@pytest.fixture
def irene(cohort, instructor):
    """The instructor's membership of `cohort`: its only instructor."""
    return Membership.objects.get(cohort=cohort, user=instructor)


@pytest.fixture
def carla(cohort, classmate):
    """The classmate's membership of `cohort`: a student who has set a password."""
    return Membership.objects.get(cohort=cohort, user=classmate)


@pytest.fixture
def db_state(db):
    """Everything a cohort request could change, to compare before and after a refused one."""

    def state() -> dict:
        return {
            "cohorts": list(Cohort.objects.order_by("pk").values_list("pk", "name", "course_code", "term", "timezone",
                                                                      "is_active", "join_code")),
            "memberships": list(Membership.objects.order_by("pk").values_list(
                "pk", "cohort_id", "user_id", "role", "student_id", "time_multiplier", "extra_attempts")),
            "users": list(get_user_model().objects.order_by("pk").values_list("pk", "username", "email")),
        }

    return state
