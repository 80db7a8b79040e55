"""Production settings: refuse to start when misconfigured, and pass Django's deployment checks.

Each case starts a fresh Python with a clean environment, because settings are read once at import
and the test run's own settings (tests/settings.py) set a secret for every test.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
POSTGRES = "postgres://casebook@127.0.0.1:5432/casebook"  # never connected to: settings only


@pytest.fixture
def run(tmp_path):
    """Run manage.py with only the variables given (plus PATH), against a throw-away SQLite file."""

    def manage(*args: str, **variables: str) -> subprocess.CompletedProcess:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path),
            "PYTHONDONTWRITEBYTECODE": "1",
            "DJANGO_SETTINGS_MODULE": "casebook.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
            **variables,
        }
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip

    return manage


def a_real_secret() -> str:
    return secrets.token_urlsafe(50)


def test_production_refuses_to_start_without_a_secret_key(run):
    result = run("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert "System check identified" not in result.stdout


def test_an_empty_secret_key_counts_as_missing(run):
    result = run("check", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_mode_starts_without_a_secret_key(run):
    result = run("check", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_importing_production_settings_fails_without_a_secret(tmp_path):
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "casebook.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=BASE_DIR, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG must be true or false, not 'maybe'"),
        ("DATABASE_CONN_MAX_AGE", "abc", "DATABASE_CONN_MAX_AGE must be a whole number, not 'abc'"),
        ("DJANGO_SECURE_HSTS_SECONDS", "1 year", "DJANGO_SECURE_HSTS_SECONDS must be a whole number"),
        ("DJANGO_SECURE_COOKIES", "perhaps", "DJANGO_SECURE_COOKIES must be true or false"),
        ("CASE_IMAGE_MAX_BYTES", "5MB", "CASE_IMAGE_MAX_BYTES must be a whole number"),
    ],
    ids=lambda value: value if str(value).isupper() else "",
)
def test_a_malformed_value_stops_start_up_naming_the_variable(run, variable, value, message):
    result = run("check", DJANGO_SECRET_KEY=a_real_secret(), **{variable: value})
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    "several_nodes",
    [{}, {"REDIS_URL": "redis://127.0.0.1:6379/3", "DATABASE_URL": POSTGRES, "DATABASE_POOL": "true", "DJANGO_BEHIND_TLS_PROXY": "true", "DJANGO_TRUSTED_PROXIES": "1"}],
    ids=["one-node", "several-nodes"],
)
def test_deploy_checks_pass_with_a_real_secret_and_host(run, several_nodes):
    result = run(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SECRET_KEY=a_real_secret(), DJANGO_ALLOWED_HOSTS="example.edu", **several_nodes,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_deploy_checks_do_flag_a_weak_secret(run):
    """Proves the check above is not vacuous: Django's security checks are running, not silenced."""
    result = run(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SECRET_KEY="short", DJANGO_ALLOWED_HOSTS="example.edu",
    )  # fmt: skip
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_deploy_checks_flag_debug_in_production(run):
    result = run(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SECRET_KEY=a_real_secret(), DJANGO_ALLOWED_HOSTS="example.edu", DJANGO_DEBUG="true",
    )  # fmt: skip
    assert result.returncode != 0
    assert "security.W018" in result.stderr


def settings_of(run, *names: str, **variables: str) -> dict:
    """The named settings as the app would see them with these variables (read in a fresh manage.py)."""
    code = f"import json; from django.conf import settings; print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    result = run("shell", "-c", code, DJANGO_SECRET_KEY=a_real_secret(), **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])



def test_pooling_keeps_a_small_pool_per_process_and_no_persistent_connections(run):
    database = settings_of(run, "DATABASES", DATABASE_URL=POSTGRES, DATABASE_POOL="true")["DATABASES"]["default"]
    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 4, "timeout": 10}
    assert database["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections

    sized = settings_of(run, "DATABASES", DATABASE_URL=POSTGRES, DATABASE_POOL="true", DATABASE_POOL_MIN_SIZE="2",
                        DATABASE_POOL_MAX_SIZE="8", DATABASE_POOL_TIMEOUT="5")["DATABASES"]["default"]
    assert sized["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 8, "timeout": 5}


def test_without_pooling_connections_persist_a_minute(run):
    database = settings_of(run, "DATABASES", DATABASE_URL=POSTGRES)["DATABASES"]["default"]
    assert "pool" not in database.get("OPTIONS", {}) and database["CONN_MAX_AGE"] == 60


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DATABASE_POOL": "true"}, "DATABASE_POOL needs PostgreSQL"),  # the SQLite default
        ({"DATABASE_POOL": "true", "DATABASE_URL": POSTGRES, "DATABASE_CONN_MAX_AGE": "60"},
         "DATABASE_CONN_MAX_AGE cannot be used with DATABASE_POOL"),
        ({"DATABASE_POOL": "true", "DATABASE_URL": POSTGRES, "DATABASE_POOL_MAX_SIZE": "0"},
         "DATABASE_POOL_MIN_SIZE <= DATABASE_POOL_MAX_SIZE"),
        ({"DATABASE_POOL": "true", "DATABASE_URL": POSTGRES, "DATABASE_POOL_MIN_SIZE": "5"},
         "DATABASE_POOL_MIN_SIZE <= DATABASE_POOL_MAX_SIZE"),
        ({"DATABASE_POOL": "true", "DATABASE_URL": POSTGRES, "DATABASE_POOL_TIMEOUT": "soon"},
         "DATABASE_POOL_TIMEOUT must be a whole number"),
    ],
    ids=["sqlite", "conn-max-age", "max-0", "min-over-max", "timeout"],
)
def test_a_pool_that_cannot_work_stops_start_up(run, variables, message):
    result = run("check", DJANGO_SECRET_KEY=a_real_secret(), **variables)
    assert result.returncode != 0
    assert message in result.stderr


def test_redis_holds_the_cache_and_sessions_under_casebooks_prefix_and_fails_fast(run):
    found = settings_of(run, "CACHES", "SESSION_ENGINE", REDIS_URL="redis://127.0.0.1:6379/3")
    cache = found["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert (cache["LOCATION"], cache["KEY_PREFIX"]) == ("redis://127.0.0.1:6379/3", "casebook")
    assert cache["OPTIONS"] == {"socket_connect_timeout": 2, "socket_timeout": 2}  # never a hung worker
    assert found["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"  # a Redis restart signs nobody out


def test_without_redis_sessions_stay_in_the_database(run):
    found = settings_of(run, "CACHES", "SESSION_ENGINE")
    assert found["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert found["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
