"""The cohort pages cost a fixed number of queries, whether the class has 5 members or 200.

Each page is loaded at both sizes under the same limit, so a query per member (an N+1, e.g. a
template reaching for `member.user` without `select_related`) fails here rather than on the first
day of term.
"""

import pytest
from django.urls import reverse

from cohorts.models import Membership
from tests.factories import CohortFactory, MembershipFactory, UserFactory

FIX = (
    "A query now runs once per member. Fetch what the template reads in the view's queryset "
    "(`select_related('user')` on memberships in cohorts/views/); raise N only for a new fixed query, "
    "and comment what it is."
)


@pytest.fixture
def make_cohort(instructor, student):
    def make(size: int):
        cohort = CohortFactory(name="Big lecture")
        MembershipFactory(cohort=cohort, user=instructor, role=Membership.Role.INSTRUCTOR)
        MembershipFactory(cohort=cohort, user=student, role=Membership.Role.STUDENT)
        users = UserFactory.create_batch(size - 2)
        Membership.objects.bulk_create(
            Membership(cohort=cohort, user=user, student_id=f"S{n}", extra_attempts=n % 2)
            for n, user in enumerate(users)
        )
        return cohort

    return make


@pytest.mark.parametrize("size", [5, 200])
def test_the_instructors_cohort_page_costs_the_same_for_5_or_200_members(
    make_cohort, login_as, instructor, size, django_assert_max_num_queries
):
    cohort = make_cohort(size)
    client = login_as(instructor)
    # 1 session, 2 user, 3 my membership with its cohort (access helper), 4 the roster with users
    with django_assert_max_num_queries(4, info=FIX):
        response = client.get(reverse("cohorts:detail", args=[cohort.pk]))
    assert response.status_code == 200
    assert response.text.count("/members/") == size  # one Edit link per member
    assert response.text.count('<td class="text-end') == size


@pytest.mark.parametrize("size", [5, 200])
def test_a_students_cohort_page_costs_the_same_for_5_or_200_members(
    make_cohort, login_as, student, size, django_assert_max_num_queries
):
    cohort = make_cohort(size)
    client = login_as(student)
    # 1 session, 2 user, 3 my membership with its cohort, 4 the instructors with their users
    with django_assert_max_num_queries(4, info=FIX):
        response = client.get(reverse("cohorts:detail", args=[cohort.pk]))
    assert response.status_code == 200
    assert "Irene Adler" in response.text


@pytest.mark.parametrize("size", [5, 200])
def test_the_roster_preview_costs_the_same_for_5_or_200_rows(
    make_cohort, login_as, instructor, size, django_assert_max_num_queries
):
    cohort = make_cohort(size)
    half = [user.email for user in UserFactory.create_batch(size // 2)]  # existing accounts, not members
    lines = [f"{email},Known,Person" for email in half] + [f"new{n}@example.edu,New,Person" for n in range(size - len(half))]
    text = "email,first_name,last_name\n" + "\n".join(lines)
    client = login_as(instructor)
    # 1 session, 2 user, 3 my membership with its cohort, 4 accounts with the file's emails,
    # 5 which of them are already members
    with django_assert_max_num_queries(5, info=FIX):
        response = client.post(reverse("cohorts:roster", args=[cohort.pk]), {"action": "preview", "text": text})
    assert response.status_code == 200
    assert len(response.context["rows"]) == size


@pytest.mark.parametrize("count", [1, 30])
def test_my_cohorts_costs_the_same_for_1_or_30_cohorts(login_as, student, count, django_assert_max_num_queries):
    for _ in range(count):
        MembershipFactory(user=student)
    client = login_as(student)
    # 1 session, 2 user, 3 my memberships with their cohorts
    with django_assert_max_num_queries(3, info=FIX):
        response = client.get(reverse("cohorts:list"))
    assert response.status_code == 200
    assert len(response.context["memberships"]) == count
