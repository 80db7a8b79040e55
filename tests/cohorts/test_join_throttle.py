"""Join codes cannot be guessed: ten wrong codes in a window pause joining for that user (and address)."""

import datetime
import math

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts import throttle
from cohorts.models import Membership
from tests.factories import UserFactory

PAUSED = "Too many wrong codes were tried, so joining is paused"
START = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=datetime.UTC)  # the first second of a window


@pytest.fixture
def newcomer(db):
    return UserFactory(username="nina", first_name="Nina", last_name="Newcomer")


def join(client, code):
    return client.post(reverse("cohorts:join"), {"code": code})


def fail(times, *, user_id=1, ip="203.0.113.9", now=START):
    for _ in range(times):
        throttle.join_failed(user_id=user_id, ip=ip, now=now)


# The counter, with time passed in.


def test_ten_failures_pause_the_user_until_the_window_ends():
    fail(9)
    assert throttle.join_paused_until(user_id=1, ip="203.0.113.9", now=START) is None
    fail(1)
    assert throttle.join_paused_until(user_id=1, ip="203.0.113.9", now=START) == START + throttle.WINDOW
    assert throttle.join_paused_until(user_id=1, ip="198.51.100.7", now=START) == START + throttle.WINDOW


def test_the_pause_ends_with_its_window():
    fail(10, now=START + datetime.timedelta(minutes=14))
    last_second = START + throttle.WINDOW - datetime.timedelta(seconds=1)
    assert throttle.join_paused_until(user_id=1, ip="203.0.113.9", now=last_second) == START + throttle.WINDOW
    assert throttle.join_paused_until(user_id=1, ip="203.0.113.9", now=START + throttle.WINDOW) is None


def test_another_user_at_the_same_address_is_not_paused():
    fail(10)
    assert throttle.join_paused_until(user_id=2, ip="203.0.113.9", now=START) is None


def test_an_address_is_paused_after_its_own_limit_whoever_tries(settings):
    settings.COHORT_JOIN_IP_LIMIT = 3
    for user_id in (1, 2, 3):
        fail(1, user_id=user_id)
    assert throttle.join_paused_until(user_id=4, ip="203.0.113.9", now=START) == START + throttle.WINDOW
    assert throttle.join_paused_until(user_id=4, ip="198.51.100.7", now=START) is None


def test_without_an_address_only_the_user_counts():
    fail(10, ip=None)
    assert throttle.join_paused_until(user_id=1, ip=None, now=START) == START + throttle.WINDOW
    assert throttle.join_paused_until(user_id=2, ip=None, now=START) is None


def test_a_count_evicted_between_add_and_incr_starts_again_instead_of_crashing(monkeypatch):
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)  # as if evicted at once
    fail(10)
    assert throttle.join_paused_until(user_id=1, ip="203.0.113.9", now=START) == START + throttle.WINDOW


# The join page.


def test_the_eleventh_code_is_refused_with_429_even_if_it_is_right(login_as, newcomer, cohort, db_state):
    client = login_as(newcomer)
    for _ in range(10):
        assert join(client, "WRONG234").status_code == 400
    before = db_state()

    response = join(client, "ETHICS26")

    assert response.status_code == 429
    assert PAUSED in response.text
    seconds = int(response["Retry-After"])  # windows follow the clock, so the wait is up to 15 minutes
    assert 0 < seconds <= 900
    assert f"Try again in {math.ceil(seconds / 60)} minute" in response.text
    assert not Membership.objects.filter(user=newcomer).exists()
    assert db_state() == before


def test_a_paused_join_does_not_look_the_code_up(login_as, newcomer, cohort):
    client = login_as(newcomer)
    for _ in range(10):
        join(client, "WRONG234")
    with CaptureQueriesContext(connection) as queries:
        assert join(client, "ETHICS26").status_code == 429
    assert not [query["sql"] for query in queries if "cohorts_" in query["sql"]]


def test_another_user_can_still_join_from_the_same_computer(login_as, newcomer, classmate, cohort, other_cohort):
    for _ in range(10):
        join(login_as(newcomer), "WRONG234")
    response = join(login_as(classmate), "OTHER999")
    assert response.status_code == 302
    assert Membership.objects.filter(user=classmate, cohort=other_cohort).exists()


def test_joins_that_succeed_neither_count_nor_reset_the_count(login_as, student, cohort):
    """Joining your own cohort again succeeds: if that reset the count, a guesser could go on for ever."""
    client = login_as(student)
    for _ in range(9):
        assert join(client, "WRONG234").status_code == 400
    for _ in range(5):
        assert join(client, "ETHICS26").status_code == 302
    assert join(client, "WRONG234").status_code == 400
    assert join(client, "ETHICS26").status_code == 429


def test_a_form_error_is_not_a_guess(login_as, newcomer, cohort):
    client = login_as(newcomer)
    for _ in range(12):
        assert join(client, "").status_code == 400
    assert join(client, "ETHICS26").status_code == 302


def test_joining_works_again_once_the_count_expires(login_as, newcomer, cohort):
    client = login_as(newcomer)
    for _ in range(10):
        join(client, "WRONG234")
    assert join(client, "ETHICS26").status_code == 429
    cache.clear()  # what the end of the window does (the counter itself is time-travelled above)
    assert join(client, "ETHICS26").status_code == 302
    assert Membership.objects.filter(user=newcomer, cohort=cohort).exists()


def test_the_join_page_still_opens_while_paused(login_as, newcomer, cohort):
    """Only a submitted code is refused; following a shared link shows the form."""
    client = login_as(newcomer)
    for _ in range(10):
        join(client, "WRONG234")
    assert client.get(reverse("cohorts:join") + "?code=ETHICS26").status_code == 200
