"""Cohort set-up: one cohort with a member of every role, and a second cohort none of them is in."""

import pytest
from django.contrib.auth import get_user_model

from cohorts.models import Cohort, Membership
from tests.factories import CohortFactory, MembershipFactory, UserFactory

Role = Membership.Role


@pytest.fixture
def cohort(instructor, ta, student, classmate):
    cohort = CohortFactory(name="Ethics in Practice", course_code="PHIL 210", term="Fall 2026", join_code="ETHICS26")
    MembershipFactory(cohort=cohort, user=instructor, role=Role.INSTRUCTOR)
    MembershipFactory(cohort=cohort, user=ta, role=Role.TA)
    MembershipFactory(cohort=cohort, user=student, role=Role.STUDENT, student_id="S-1001")
    MembershipFactory(cohort=cohort, user=classmate, role=Role.STUDENT, student_id="S-1002")
    return cohort


@pytest.fixture
def other_cohort(outsider):
    """The outsider's own cohort, with a student whose name must never show up in `cohort`."""
    other = CohortFactory(name="Secret Seminar", course_code="SEM 999", join_code="OTHER999")
    MembershipFactory(cohort=other, user=outsider, role=Role.INSTRUCTOR)
    MembershipFactory(cohort=other, user=UserFactory(username="zed", first_name="Zebedee", last_name="Hidden"))
    return other


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
