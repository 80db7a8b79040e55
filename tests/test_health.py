"""/health/, the load balancer's probe: 200 when this node can serve, 503 naming what it cannot reach.

Each failure test breaks one thing only (the database connection, the cache client, one migration
record) and checks that the others are still reported fine, so it cannot pass for the wrong reason.
"""

import re
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from casebook import health

pytestmark = pytest.mark.django_db

URL = "/health/"


def failing(**broken: str) -> dict:
    """The 503 body when only these checks fail (given in the endpoint's order: database, migrations, cache)."""
    return {"status": "fail", "failed": list(broken), "checks": {"database": "ok", "migrations": "ok", "cache": "ok", **broken}}


def test_the_balancer_probes_this_url_which_the_https_redirect_exempts(settings):
    """docs/deploy/haproxy.cfg names the URL; bench/bench_nodes.py runs that config for real."""
    config = (Path(__file__).resolve().parent.parent / "docs" / "deploy" / "haproxy.cfg").read_text()
    assert reverse("health") == URL
    assert f"http-check send meth GET uri {URL} " in config
    assert any(re.match(pattern, URL.lstrip("/")) for pattern in settings.SECURE_REDIRECT_EXEMPT)


def test_a_healthy_node_answers_200_with_every_check_ok(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "cache": "ok"}}


def test_the_probe_is_cheap_sets_no_cookie_and_is_never_cached(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # is there a django_migrations table; its rows
        response = client.get(URL)

    assert response.status_code == 200
    assert not response.cookies  # no session, no CSRF cookie
    assert "no-store" in response["Cache-Control"]


def test_head_is_answered_too_and_posts_are_not(client):
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_the_plain_http_probe_is_not_redirected_to_https(client, settings):
    """The balancer checks each node over plain HTTP, without X-Forwarded-Proto; every other page redirects."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(reverse("login")).status_code == 301
    assert client.get(URL).status_code == 200


def test_an_unreachable_database_answers_503_naming_it(client):
    with mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("connection refused")):
        response = client.get(URL)

    assert (response.status_code, response.json()) == (503, failing(database="unreachable", migrations="unknown"))
    assert "connection refused" not in response.text  # details go to the log, not to the public


def test_an_unreachable_cache_answers_503_naming_it(client):
    with mock.patch.object(health.cache, "set", side_effect=RedisConnectionError("Error 111 connecting to redis")):
        response = client.get(URL)

    assert (response.status_code, response.json()) == (503, failing(cache="unreachable"))


def test_a_cache_that_loses_what_it_was_given_answers_503(client):
    with mock.patch.object(health.cache, "get", return_value=None):  # e.g. evicted at once, a full Redis
        response = client.get(URL)

    assert (response.status_code, response.json()) == (503, failing(cache="lost a value"))


def test_an_unapplied_migration_answers_503_naming_migrations(client):
    """A node started with new code before `migrate` ran must not take requests."""
    MigrationRecorder.Migration.objects.filter(app="jobs", name="0001_initial").delete()  # rolled back after

    response = client.get(URL)

    assert (response.status_code, response.json()) == (503, failing(migrations="1 not applied"))


def test_the_migrations_on_disk_are_all_of_the_apps(client):
    """Guards the check above: an empty set on disk would make 'migrations' always ok."""
    on_disk = health.migrations_on_disk()
    assert {("jobs", "0001_initial"), ("quizzes", "0001_initial"), ("auth", "0001_initial")} <= on_disk
    assert on_disk <= set(MigrationRecorder(connection).applied_migrations())
