"""The permission ladder for every gradebook URL: anonymous -> sign in, outsider -> 404, student ->
403, TA -> through for reading and exporting but 403 on adjusting, instructor -> through.

Each refused and allowed request sends the very same, valid data, so a refusal cannot pass because
the data was invalid, and the allowed run proves the data would have changed something.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from gradebook.urls import urlpatterns

GRADEBOOK_URLS = {"gradebook", "gradebook-student", "gradebook-attempt", "gradebook-csv", "responses-csv",
                  "grade-adjust"}
STUDENT_PAGES = {"dashboard", "assignment", "attempt-review", "my-grades"}  # a student's own: laddered elsewhere
TEACHING = {"teaching"}  # everyone's own cohorts, no cohort in the URL: laddered in test_teaching_home.py


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    allowed: tuple[str, ...]  # roles in the cohort that get through
    allowed_status: int
    changes_db: bool = False
    data: tuple = ()

    def __str__(self):
        return f"{self.method.upper()} {self.name}"


STAFF = ("instructor", "ta")
INSTRUCTOR = ("instructor",)
ENDPOINTS = [
    Endpoint("gradebook", "get", STAFF, 200),
    Endpoint("gradebook-student", "get", STAFF, 200),
    Endpoint("gradebook-attempt", "get", STAFF, 200),
    Endpoint("audit-log", "get", STAFF, 200),
    Endpoint("gradebook-csv", "get", STAFF, 200),
    Endpoint("responses-csv", "get", STAFF, 200),
    Endpoint("grade-adjust", "get", INSTRUCTOR, 200),
    Endpoint("grade-adjust", "post", INSTRUCTOR, 302, changes_db=True,
             data=(("action", "override"), ("score", "9"), ("reason", "Regraded by hand"))),
]


def test_the_ladder_covers_every_gradebook_url():
    names = {pattern.name for pattern in urlpatterns}
    assert names == GRADEBOOK_URLS | STUDENT_PAGES | TEACHING
    assert {e.name for e in ENDPOINTS} == GRADEBOOK_URLS | {"audit-log"}, "add the new URL to ENDPOINTS"


def url_for(endpoint: Endpoint, cohort, graded, classmate) -> str:
    """Every URL points at the classmate's grades: what a student must never reach."""
    essay = graded["essay"]
    args = {
        "gradebook": [cohort.pk], "audit-log": [cohort.pk], "gradebook-csv": [cohort.pk],
        "responses-csv": [cohort.pk], "gradebook-student": [cohort.pk, classmate.pk],
        "gradebook-attempt": [essay.attempts.get(student=classmate).pk], "grade-adjust": [essay.pk, classmate.pk],
    }[endpoint.name]
    app = "grading" if endpoint.name == "audit-log" else "gradebook"  # the audit log lives with its model
    return reverse(f"{app}:{endpoint.name}", args=args)


def send(client, endpoint, cohort, graded, classmate):
    return getattr(client, endpoint.method)(url_for(endpoint, cohort, graded, classmate), dict(endpoint.data))


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_visitors_are_sent_to_sign_in(client, endpoint, cohort, graded, classmate, grade_state):
    before = grade_state()
    response = send(client, endpoint, cohort, graded, classmate)
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    assert grade_state() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_an_instructor_of_another_cohort_gets_404_and_changes_nothing(
    login_as, outsider, other_cohort, endpoint, cohort, graded, classmate, grade_state
):
    before = grade_state()
    response = send(login_as(outsider), endpoint, cohort, graded, classmate)
    assert response.status_code == 404
    assert b"Carla" not in response.content
    assert grade_state() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_a_student_of_the_cohort_gets_403_and_sees_no_grades(
    login_as, student, endpoint, cohort, graded, classmate, grade_state
):
    before = grade_state()
    response = send(login_as(student), endpoint, cohort, graded, classmate)
    assert response.status_code == 403
    assert b"Carla" not in response.content and b"5.5" not in response.content
    assert grade_state() == before


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.allowed == INSTRUCTOR], ids=str)
def test_a_ta_gets_403_on_adjusting_grades(login_as, ta, endpoint, cohort, graded, classmate, grade_state):
    before = grade_state()
    response = send(login_as(ta), endpoint, cohort, graded, classmate)
    assert response.status_code == 403
    assert grade_state() == before


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if "ta" in e.allowed], ids=str)
def test_a_ta_reads_and_exports_grades(login_as, ta, endpoint, cohort, graded, classmate, grade_state):
    before = grade_state()
    response = send(login_as(ta), endpoint, cohort, graded, classmate)
    assert response.status_code == endpoint.allowed_status
    assert grade_state() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_the_instructor_gets_through(login_as, instructor, endpoint, cohort, graded, classmate, grade_state):
    before = grade_state()
    response = send(login_as(instructor), endpoint, cohort, graded, classmate)
    assert response.status_code == endpoint.allowed_status
    assert (grade_state() != before) == endpoint.changes_db


def test_my_grades_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("gradebook:my-grades"))
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")


@pytest.mark.parametrize("role", ["student", "classmate", "ta", "instructor", "outsider"])
def test_every_signed_in_user_has_a_my_grades_page(request, login_as, role, cohort, graded):
    assert login_as(request.getfixturevalue(role)).get(reverse("gradebook:my-grades")).status_code == 200


def test_a_staff_member_of_one_cohort_cannot_open_another_cohorts_attempt(login_as, instructor, cohort, other_cohort):
    from quizzes.models import Attempt

    theirs = Attempt.objects.get(assignment__cohort=other_cohort)
    assert login_as(instructor).get(reverse("gradebook:gradebook-attempt", args=[theirs.pk])).status_code == 404
