"""The shared query-count check (tests/query_counts.py) fails on an N+1 and says which queries grew."""

import pytest

from accounts.models import User
from tests.factories import UserFactory
from tests.query_counts import assert_same_queries

pytestmark = pytest.mark.django_db


def add_users(count: int):
    UserFactory.create_batch(count)


def one_query_per_user():
    return [User.objects.get(pk=user.pk).username for user in User.objects.order_by("pk")]


def test_a_page_with_one_query_for_all_rows_passes_and_returns_what_each_fetch_returned():
    users = assert_same_queries(grow=add_users, fetch=lambda: list(User.objects.all()), sizes=(2, 5), at_most=1)
    assert [len(found) for found in users] == [2, 5]


def test_a_query_per_row_fails_with_both_counts_and_the_sql_that_repeats():
    with pytest.raises(AssertionError) as failed:
        assert_same_queries(grow=add_users, fetch=one_query_per_user, sizes=(2, 5), at_most=10, fix="Prefetch it.")
    message = str(failed.value)
    assert "ran 3 queries with 2 rows but 6 with 5 rows" in message
    assert '3 x SELECT "accounts_user"."id"' in message
    assert message.endswith("Prefetch it.")


def test_more_fixed_queries_than_allowed_fails_listing_every_query():
    with pytest.raises(AssertionError) as failed:
        assert_same_queries(grow=add_users, fetch=lambda: (list(User.objects.all()), User.objects.count()),
                            sizes=(2, 5), at_most=1)
    message = str(failed.value)
    assert "ran 2 queries at every size, more than the 1" in message
    assert "  1. SELECT" in message and '  2. SELECT COUNT(*)' in message


def test_build_gives_every_fetch_fresh_data_of_its_size():
    built = []

    def build(count: int) -> list[int]:
        built.append(count)
        return [user.pk for user in UserFactory.create_batch(count)]

    def deactivate(pks: list[int]) -> int:  # like a submit: fetching the same rows again would find none to change
        return User.objects.filter(pk__in=pks, is_active=True).update(is_active=False)

    assert assert_same_queries(build=build, fetch=deactivate, sizes=(2, 5), at_most=1) == [2, 5]
    assert built == [2, 2, 5]  # the uncounted fetch had a build of its own


def test_build_fails_on_a_query_per_row():
    with pytest.raises(AssertionError, match="ran 2 queries with 2 rows but 5 with 5 rows"):
        assert_same_queries(build=lambda count: [user.pk for user in UserFactory.create_batch(count)],
                            fetch=lambda pks: [User.objects.get(pk=pk) for pk in pks], sizes=(2, 5), at_most=10)


def test_it_takes_grow_or_build_but_not_both():
    with pytest.raises(AssertionError, match="grow or build"):
        assert_same_queries(grow=add_users, build=add_users, fetch=lambda: None, at_most=1)
