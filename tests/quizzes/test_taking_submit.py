"""Submitting: a confirmation listing unanswered and flagged questions, then exactly one graded submission."""

from decimal import Decimal

import pytest
from django.urls import reverse

from banks.spec import QuestionSpec, QuestionType
from quizzes.models import Attempt, AttemptQuestion
from quizzes.services.answers import answer_save
from tests.factories import UserFactory
from tests.query_counts import assert_same_queries
from tests.quiz_builders import choice_id, choice_question, enrol, make_assignment
from tests.quizzes.taking_setup import KEY_STRINGS, key_assignment, many_questions, started

# session, user, the attempt (access helper), SAVEPOINT, lock the attempt, its questions with versions,
# one bulk UPDATE of their grades, the student's override (lateness), UPDATE the attempt, the LMS line
# items of the assignment (the score-changed listener, lti.passback: none here), RELEASE.
SUBMIT_QUERIES = 11


@pytest.fixture
def attempt(instructor, student):
    return started(key_assignment(instructor), student)


def submit_url(attempt):
    return reverse("quizzes:attempt-submit", args=[attempt.pk])


def test_the_confirmation_lists_unanswered_and_flagged_questions(student_client, attempt):
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1))
    answer_save(attempt=attempt, position=3, response="   ")  # blank text is no answer
    AttemptQuestion.objects.filter(attempt=attempt, position=1).update(flagged=True)

    response = student_client.get(submit_url(attempt))

    html = response.content.decode()
    assert response.status_code == 200
    assert "You have answered 1 of 5 questions." in html
    assert "4 questions are unanswered" in html
    attempt_url = reverse("quizzes:attempt", args=[attempt.pk])
    for position in (2, 3, 4, 5):
        assert f'href="{attempt_url}#q-{position}"' in html
    assert "1 question is flagged for review" in html
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.IN_PROGRESS  # asking changes nothing


def test_the_confirmation_never_contains_the_key(student_client, attempt):
    html = student_client.get(submit_url(attempt)).content.decode()

    for secret in KEY_STRINGS:
        assert secret not in html
    assert "correct" not in html.lower()


def test_submitting_grades_once_and_shows_the_review(student_client, attempt):
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1))
    answer_save(attempt=attempt, position=3, response="mansudae overseas projects")
    answer_save(attempt=attempt, position=5, response="An essay for a person to grade.")

    response = student_client.post(submit_url(attempt))

    submitted = Attempt.objects.get(pk=attempt.pk)
    assert response.status_code == 302
    assert response.url == reverse("gradebook:attempt-review", args=[attempt.pk])
    assert submitted.status == Attempt.Status.SUBMITTED and not submitted.auto_submitted
    assert submitted.score == Decimal(2) and submitted.needs_grading


def test_a_double_click_or_second_tab_gives_one_submission(student_client, attempt):
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1))
    student_client.post(submit_url(attempt))
    first = Attempt.objects.get(pk=attempt.pk)

    again = student_client.post(submit_url(attempt))

    second = Attempt.objects.get(pk=attempt.pk)
    assert again.status_code == 302 and again.url == reverse("gradebook:attempt-review", args=[attempt.pk])
    assert (second.submitted_at, second.score) == (first.submitted_at, first.score)
    assert Attempt.objects.filter(student=attempt.student).count() == 1


def test_a_classmate_cannot_submit_someone_elses_attempt(client, attempt):
    client.force_login(enrol(attempt.assignment, UserFactory()))

    assert client.get(submit_url(attempt)).status_code == 404
    assert client.post(submit_url(attempt)).status_code == 404
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.IN_PROGRESS


def test_anonymous_visitors_are_sent_to_sign_in(client, attempt):
    response = client.post(submit_url(attempt))

    assert response.url.startswith(reverse("login"))
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.IN_PROGRESS


def test_one_submit_makes_the_same_queries_for_5_and_100_questions(student_client, instructor, student):
    submits = assert_same_queries(
        build=lambda count: submit_url(many_questions(instructor, student, count)), fetch=student_client.post,
        sizes=(5, 100), at_most=SUBMIT_QUERIES,
        fix="Submitting must grade in bulk: one SELECT of the questions and one bulk_update in "
            "quizzes.services.attempts.attempt_submit, never a query per question.",
    )
    assert [response.status_code for response in submits] == [302, 302]
    assert not Attempt.objects.filter(student=student).exclude(status=Attempt.Status.SUBMITTED).exists()
    assert not AttemptQuestion.objects.filter(attempt__student=student, result__isnull=True).exists()


def test_a_text_only_item_is_not_counted_as_an_unanswered_question(student_client, instructor, student):
    reading = QuestionSpec(type=QuestionType.TEXT, prompt="Read the table in the case first.")
    attempt = started(make_assignment(instructor=instructor, specs=[reading, choice_question(1)]), student)

    page = student_client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    confirmation = student_client.get(submit_url(attempt)).content.decode()

    assert "<span data-answered-count>0</span> of 1 answered" in page
    assert "You have answered 0 of 1 question." in confirmation
    assert "#q-1" not in confirmation and "#q-2" in confirmation
