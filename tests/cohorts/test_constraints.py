"""The invariants the database keeps, whatever code writes the rows."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from cohorts.models import Membership
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_user_is_a_member_of_a_cohort_only_once(cohort, student):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(cohort=cohort, user=student, role=Membership.Role.TA)
    assert Membership.objects.filter(cohort=cohort, user=student).count() == 1


def test_the_same_user_may_be_in_two_cohorts(cohort, other_cohort, student):
    Membership.objects.create(cohort=other_cohort, user=student)
    assert student.memberships.count() == 2


@pytest.mark.parametrize("multiplier", ["0.99", "0", "-1", "5.01", "10"])
def test_the_time_multiplier_stays_between_1_and_5(cohort, multiplier):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(cohort=cohort, time_multiplier=Decimal(multiplier))
    assert not Membership.objects.filter(time_multiplier=Decimal(multiplier)).exists()


@pytest.mark.parametrize("multiplier", ["1", "1.5", "5"])
def test_the_time_multiplier_bounds_are_allowed(cohort, multiplier):
    member = MembershipFactory(cohort=cohort, time_multiplier=Decimal(multiplier))
    member.refresh_from_db()
    assert member.time_multiplier == Decimal(multiplier)
