"""The assignment page (rules, the student's own time limit and attempts, past attempts) and starting."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Membership
from quizzes.models import AssignmentOverride, Attempt
from quizzes.services.attempts import AttemptRefused, attempt_start, attempt_submit
from tests.factories import UserFactory
from tests.query_counts import assert_same_queries
from tests.quiz_builders import choice_question, enrol, make_assignment

# session, user, the assignment (with quiz, case, cohort, points possible), the membership, its
# overrides, the student's attempts, an adjustment of their grade (for the score that counts).
ASSIGNMENT_PAGE_QUERIES = 7


@pytest.fixture
def assignment(instructor):
    return make_assignment(instructor=instructor, specs=[choice_question(1)], title="Week 3 quiz",
                           time_limit_minutes=40, attempts_allowed=2)


def page_url(assignment):
    return reverse("gradebook:assignment", args=[assignment.pk])


def start_url(assignment):
    return reverse("quizzes:attempt-start", args=[assignment.pk])


def test_the_rules_use_the_students_own_time_and_attempts(student_client, assignment, student):
    enrol(assignment, student, time_multiplier=Decimal("1.5"), extra_attempts=1)

    html = student_client.get(page_url(assignment)).content.decode()

    assert "60 minutes" in html and "(including your extra time)" in html
    assert "0 of 3 used · 3 left" in html
    assert "Start the quiz" in html


def test_an_extension_moves_the_due_date_shown(student_client, assignment, student):
    enrol(assignment, student)
    later = timezone.now() + timedelta(days=5)
    AssignmentOverride.objects.create(assignment=assignment, student=student, due_at=later)

    html = student_client.get(page_url(assignment)).content.decode()

    assert f'datetime="{later.isoformat()}"' in html  # the student's own due date
    assert f'datetime="{assignment.due_at.isoformat()}"' not in html


def test_past_attempts_are_listed_with_a_review_link(student_client, assignment, student):
    enrol(assignment, student)
    first = attempt_submit(attempt=attempt_start(assignment=assignment, student=student))

    html = student_client.get(page_url(assignment)).content.decode()

    assert reverse("gradebook:attempt-review", args=[first.pk]) in html
    assert "1 of 2 used · 1 left" in html
    assert "Start attempt 2" in html


def test_starting_creates_the_attempt_and_answers_with_its_page(student_client, assignment, student):
    enrol(assignment, student)

    response = student_client.post(start_url(assignment))

    attempt = Attempt.objects.get(student=student)
    assert response.status_code == 200  # the attempt page itself: no redirect hop at an exam's start
    assert f'data-attempt-url="{reverse("quizzes:attempt", args=[attempt.pk])}"' in response.text
    assert 'data-question="1"' in response.text and attempt.questions.count() == 1


def test_starting_again_resumes_the_open_attempt(student_client, assignment, student):
    enrol(assignment, student)
    attempt = attempt_start(assignment=assignment, student=student)

    assert "Resume" in student_client.get(page_url(assignment)).content.decode()
    response = student_client.post(start_url(assignment))

    assert response.url == reverse("quizzes:attempt", args=[attempt.pk])
    assert Attempt.objects.filter(student=student).count() == 1


@pytest.mark.parametrize(("options", "message"), [
    ({"opens": timezone.now() + timedelta(days=1), "due": timezone.now() + timedelta(days=2)}, "not open yet"),
    ({"opens": timezone.now() - timedelta(days=2), "due": timezone.now() - timedelta(days=1)}, "is closed"),
])
def test_a_refused_start_says_why_and_creates_nothing(student_client, instructor, student, options, message):
    assignment = make_assignment(instructor=instructor, specs=[choice_question(1)], **options)
    enrol(assignment, student)

    response = student_client.post(start_url(assignment))

    assert response.status_code == 409
    assert message in response.content.decode()
    assert not Attempt.objects.exists()


def test_no_attempts_left_refuses_to_start(student_client, assignment, student):
    enrol(assignment, student)
    for _ in range(2):
        attempt_submit(attempt=attempt_start(assignment=assignment, student=student))

    response = student_client.post(start_url(assignment))

    assert response.status_code == 409
    assert "You have used all your attempts." in response.content.decode()
    assert Attempt.objects.filter(student=student).count() == 2


def test_starting_needs_a_post(student_client, assignment, student):
    enrol(assignment, student)

    assert student_client.get(start_url(assignment)).status_code == 405
    assert not Attempt.objects.exists()


def test_a_student_of_another_cohort_gets_404(client, assignment, instructor):
    outsider = enrol(make_assignment(instructor=instructor, specs=[choice_question(1)]), UserFactory())
    client.force_login(outsider)

    assert client.get(page_url(assignment)).status_code == 404
    assert client.post(start_url(assignment)).status_code == 404
    assert not Attempt.objects.filter(assignment=assignment).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, assignment):
    assert client.get(page_url(assignment)).url.startswith(reverse("login"))
    assert client.post(start_url(assignment)).url.startswith(reverse("login"))


def test_the_page_makes_the_same_queries_however_many_attempts(student_client, assignment, student):
    enrol(assignment, student, extra_attempts=3)  # five in all

    def add_attempts(count: int):
        for _ in range(count):
            attempt_submit(attempt=attempt_start(assignment=assignment, student=student))

    pages = assert_same_queries(
        grow=add_attempts, fetch=lambda: student_client.get(page_url(assignment)), sizes=(1, 5),
        at_most=ASSIGNMENT_PAGE_QUERIES,
        fix="The assignment page must not query per attempt: load what it shows in "
            "quizzes.views.taking._assignment_page rather than raising the limit.",
    )
    for count, page in zip((1, 5), pages):
        assert page.status_code == 200
        assert len(page.context["attempts"]) == count


@pytest.mark.parametrize("role", ["instructor", "ta"])
def test_the_cohorts_staff_manage_the_assignment_instead_of_taking_it(login_as, assignment, instructor, ta, role):
    user = {"instructor": instructor, "ta": ta}[role]
    Membership.objects.get_or_create(cohort=assignment.cohort, user=user, defaults={"role": role})
    client = login_as(user)

    page = client.get(page_url(assignment))
    started = client.post(start_url(assignment))

    assert page.status_code == 302 and page["Location"] == reverse("quizzes:assignment-staff", args=[assignment.pk])
    assert started.status_code == 403
    with pytest.raises(AttemptRefused, match="Only the cohort's students"):
        attempt_start(assignment=assignment, student=user)
    assert not Attempt.objects.exists()
