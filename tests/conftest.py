"""Fixtures shared by every test: role users (like healthchecks' alice/bob/charlie), a cohort of them, and
browser set-up."""

import os

# pytest-playwright keeps an event loop on the main thread; Django's ORM must still run there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from banks import versions, widgets  # noqa: E402
from casebook.catalogues import compile_catalogues  # noqa: E402
from tests.factories import CohortFactory, InstructorFactory, MembershipFactory, UserFactory  # noqa: E402

compile_catalogues()  # as `make test` does, for a pytest started by hand: pages in Spanish need the .mo files


@pytest.fixture(autouse=True)
def empty_cache():
    """Counts kept in the cache (join-code throttle) and the versions kept in memory outlive a test's
    rollback (and SQLite reuses the ids it rolled back): start each test clean."""
    cache.clear()
    versions.forget_all()
    widgets.forget_all()


@pytest.fixture
def instructor(db):
    return InstructorFactory(username="irene", first_name="Irene", last_name="Adler")


@pytest.fixture
def other_instructor(db):
    return InstructorFactory(username="oscar", first_name="Oscar", last_name="Other")


@pytest.fixture
def student(db):
    return UserFactory(username="sam", first_name="Sam", last_name="Student")


@pytest.fixture
def ta(db):
    return UserFactory(username="tara", first_name="Tara", last_name="Assistant")


@pytest.fixture
def classmate(db):
    return UserFactory(username="carla", first_name="Carla", last_name="Classmate")


@pytest.fixture
def outsider(db):
    """An instructor of another cohort: being staff somewhere must not open this one."""
    return InstructorFactory(username="olga", first_name="Olga", last_name="Outsider")


@pytest.fixture
def add_cohort(instructor, ta, student, classmate):
    """``add_cohort(**fields)``: a new cohort with a member of every role: the instructor, the TA, and the
    student and classmate (student ids S-1001 and S-1002)."""

    def add(**fields):
        cohort = CohortFactory(**fields)
        MembershipFactory(cohort=cohort, user=instructor, role="instructor")
        MembershipFactory(cohort=cohort, user=ta, role="ta")
        MembershipFactory(cohort=cohort, user=student, role="student", student_id="S-1001")
        MembershipFactory(cohort=cohort, user=classmate, role="student", student_id="S-1002")
        return cohort

    return add


@pytest.fixture
def cohort(add_cohort):
    return add_cohort(name="Ethics in Practice", course_code="PHIL 210", term="Fall 2026", join_code="ETHICS26")


@pytest.fixture
def login_as(db):
    """A fresh signed-in client per user, so one test can act as several people."""

    def sign_in(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def instructor_client(client, instructor):
    client.force_login(instructor)
    return client


@pytest.fixture
def student_client(client, student):
    client.force_login(student)
    return client


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """``with run_tasks(): client.post(...)``: run what the request queued for after its commit (its
    background tasks, which the test settings' immediate backend then runs at once). Without it, a test
    sees what the request itself did: nothing is sent before its transaction commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
