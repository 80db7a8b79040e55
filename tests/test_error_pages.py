"""Error pages in the site's layout (DEBUG off, as in production): what happened, and where to go next.

A student who opens a staff page meets the styled 403, an outsider the styled 404, never Django's bare
"403 Forbidden"; the 500 page renders with no request and no database at all.
"""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.urls("tests.error_urls")
LAYOUT = 'href="#main"'  # base.html's skip link: the page is in the site's layout


def _text(response) -> str:
    return response.content.decode()


def test_a_student_on_a_staff_page_gets_the_styled_403(student_client, cohort):
    response = student_client.get(reverse("gradebook:gradebook", args=[cohort.pk]))

    assert response.status_code == 403
    page = _text(response)
    assert LAYOUT in page and "You do not have access to this page" in page
    assert "You are signed in as Sam Student" in page
    assert reverse("gradebook:dashboard") in page  # the student's own menu is there
    assert "403 Forbidden" not in page and "<h1>Forbidden" not in page


def test_an_outsider_gets_the_styled_404(login_as, outsider, cohort):
    response = login_as(outsider).get(reverse("cohorts:detail", args=[cohort.pk]))

    assert response.status_code == 404
    page = _text(response)
    assert LAYOUT in page and "There is nothing here" in page and "Go to my home page" in page
    assert cohort.name not in page  # a cohort's existence never leaks


def test_an_unknown_address_is_the_styled_404_offering_sign_in(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = _text(response)
    assert "There is nothing here" in page and f'href="{reverse("login")}"' in page


def test_a_malformed_request_is_the_styled_400(client, db):
    response = client.get("/test-suspicious/")

    assert response.status_code == 400
    page = _text(response)
    assert LAYOUT in page and "This request could not be understood" in page and "a malformed request" not in page


def test_a_bad_host_header_is_the_styled_400(client, db):
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "This request could not be understood" in _text(response)


def test_a_bug_is_the_styled_500_and_shows_no_details(db):
    response = Client(raise_request_exception=False).get("/test-broken/")

    assert response.status_code == 500
    page = _text(response)
    assert LAYOUT in page and "Something went wrong on our side" in page
    assert "RuntimeError" not in page and "a bug" not in page and "Traceback" not in page


def test_the_500_page_renders_without_a_database_or_a_request():
    """No db mark: pytest-django refuses any query, so a template that touched the database fails here."""
    page = render_to_string("500.html")

    assert "Something went wrong on our side" in page and LAYOUT in page
    assert f'href="{reverse("home")}"' in page and f'href="{reverse("login")}"' in page


def test_a_form_without_its_csrf_token_gets_the_styled_page_and_changes_nothing(student, cohort):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)

    response = client.post(reverse("cohorts:join"), {"code": "ETHICS26"})

    assert response.status_code == 403
    page = _text(response)
    assert LAYOUT in page and "This form could not be sent safely" in page and "nothing was saved" in page
    assert "CSRF verification failed" not in page
    assert student.memberships.count() == 1  # the one from the fixture: the join did not happen
