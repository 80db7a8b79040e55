"""The cohort pages cost a fixed number of queries, whether the class has 5 students or 200.

Each page is loaded at both sizes and must run the same queries, so a query per member (an N+1, e.g. a
template reaching for `member.user` without `select_related`) fails here rather than on the first
day of term.
"""

import itertools

import pytest
from django.urls import reverse

from cohorts.models import Membership
from tests.factories import MembershipFactory, UserFactory
from tests.query_counts import assert_same_queries

SIZES = (5, 200)
STAFF_AND_STUDENTS = 4  # the cohort fixture's instructor, TA, student and classmate
FIX = (
    "A query now runs once per member. Fetch what the template reads in the view's queryset "
    "(`select_related('user')` on memberships in cohorts/views/); raise N only for a new fixed query, "
    "and comment what it is."
)


@pytest.fixture
def add_students(cohort):
    """``add_students(n)`` enrols n more students in ``cohort``, some with an extra attempt."""
    numbers = itertools.count()

    def add(count: int):
        Membership.objects.bulk_create(
            Membership(cohort=cohort, user=user, student_id=f"S{n}", extra_attempts=n % 2)
            for n, user in zip(numbers, UserFactory.create_batch(count))
        )

    return add


def test_the_instructors_cohort_page_costs_the_same_for_5_or_200_students(instructor_client, cohort, add_students):
    url = reverse("cohorts:detail", args=[cohort.pk])
    # 1 session, 2 user, 3 my membership with its cohort (access helper), 4 the roster with users
    pages = assert_same_queries(grow=add_students, fetch=lambda: instructor_client.get(url), sizes=SIZES,
                                at_most=4, fix=FIX)
    for size, page in zip(SIZES, pages):
        assert page.status_code == 200
        assert page.text.count("/members/") == size + STAFF_AND_STUDENTS  # one Edit link per member
        assert page.text.count('<td class="text-end') == size + STAFF_AND_STUDENTS


def test_a_students_cohort_page_costs_the_same_for_5_or_200_students(student_client, cohort, add_students):
    url = reverse("cohorts:detail", args=[cohort.pk])
    # 1 session, 2 user, 3 my membership with its cohort, 4 the instructors with their users
    pages = assert_same_queries(grow=add_students, fetch=lambda: student_client.get(url), sizes=SIZES,
                                at_most=4, fix=FIX)
    for page in pages:
        assert page.status_code == 200
        assert "Irene Adler" in page.text


def test_the_roster_preview_costs_the_same_for_5_or_200_rows(instructor_client, cohort, add_students):
    lines, new = ["email,first_name,last_name"], itertools.count()

    def grow(count: int):
        """n more students, and n more lines in the file: half existing accounts (not members), half new."""
        add_students(count)
        lines.extend(f"{user.email},Known,Person" for user in UserFactory.create_batch(count // 2))
        lines.extend(f"new{n}@example.edu,New,Person" for n in itertools.islice(new, count - count // 2))

    url = reverse("cohorts:roster", args=[cohort.pk])
    # 1 session, 2 user, 3 my membership with its cohort, 4 accounts with the file's emails,
    # 5 which of them are already members
    pages = assert_same_queries(
        grow=grow, fetch=lambda: instructor_client.post(url, {"action": "preview", "text": "\n".join(lines)}),
        sizes=SIZES, at_most=5, fix=FIX,
    )
    for size, page in zip(SIZES, pages):
        assert page.status_code == 200
        assert len(page.context["rows"]) == size


def test_my_cohorts_costs_the_same_for_1_or_30_cohorts(student_client, student):
    # 1 session, 2 user, 3 my memberships with their cohorts
    pages = assert_same_queries(grow=lambda count: MembershipFactory.create_batch(count, user=student),
                                fetch=lambda: student_client.get(reverse("cohorts:list")), sizes=(1, 30), at_most=3,
                                fix=FIX)
    for size, page in zip((1, 30), pages):
        assert page.status_code == 200
        assert len(page.context["memberships"]) == size
