"""Every URL of the site, for every role, answers without a server error, and outsiders are kept out.

The URLs come from the URLconf (tests/pages.py), so a page added tomorrow is swept without anyone
remembering to add it here.
"""

import pytest
from django.test import Client

from tests import pages


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return pages.build_world()


def test_every_url_is_known():
    """A new URL that takes arguments needs them named in tests/pages.py ARGUMENTS: the accessibility
    and error sweeps can only visit what they can build a link to."""
    missing = [name for name, takes in pages.url_names() if takes and name not in pages.ARGUMENTS]
    assert not missing, f"Add these URL names to tests/pages.py ARGUMENTS: {missing}"
    stale = set(pages.ARGUMENTS) - {name for name, _ in pages.url_names()}
    assert not stale, f"tests/pages.py names URLs that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("role", pages.ROLES)
def test_no_url_answers_with_a_server_error(world, role):
    client = Client(raise_request_exception=False)
    if user := world.user(role):
        client.force_login(user)
    failures = []
    for name, path in pages.pages(world):
        response = client.get(path)
        if response.status_code >= 500:
            failures.append(f"{name} {path}: {response.status_code}")
    assert not failures, f"GET as {role}:\n" + "\n".join(failures)


def test_anonymous_visitors_see_only_public_pages(world):
    """Signed out, every page either is public (sign-in, password reset) or sends you to sign in."""
    client = Client()
    public = {"login", "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete",
              "health"}  # the load balancer's probe
    for name, path in pages.pages(world):
        response = client.get(path)
        if response.status_code == 405:
            continue  # an action that takes only a POST (signing out, say): no page to open
        if name in public:
            assert response.status_code in (200, 302), name
        else:
            assert response.status_code in (302, 403, 404), f"{name} is open to anyone: {response.status_code}"
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), name


def test_a_student_reaches_no_staff_page(world):
    client = Client()
    client.force_login(world.student)
    student_pages = {"home", "profile", "password_change", "password_change_done", "casestudies:list",
                     "casestudies:detail", "cohorts:join", "cohorts:list", "cohorts:detail", "banks:guide", "gradebook:dashboard",
                     "gradebook:assignment", "gradebook:attempt-review", "gradebook:my-grades", "quizzes:attempt",
                     "quizzes:attempt-submit", "password_reset", "password_reset_done", "password_reset_confirm",
                     "password_reset_complete", "login"}
    opened = {name for name, path in pages.pages(world)
              if (response := client.get(path)).status_code == 200 and pages.is_page(response)}
    assert opened - student_pages == set(), "a student opened staff pages"
