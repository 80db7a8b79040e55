"""Autosave: one question per request, a small JSON acknowledgement, refusals that change nothing."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, AttemptQuestion
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_submit
from tests.factories import UserFactory
from tests.query_counts import assert_same_queries
from tests.quiz_builders import choice_id, choice_ids, choice_question, enrol, make_assignment
from tests.quizzes.taking_setup import KEY_STRINGS, key_assignment, many_questions, response_at, started

# session, user, the question with its attempt and version (one lean query), and the write: one
# statement that locks the attempt while it is open and updates the answer.
AUTOSAVE_QUERIES = 4


@pytest.fixture
def attempt(instructor, student):
    return started(key_assignment(instructor), student)


def save_url(attempt, position):
    return reverse("quizzes:answer-save", args=[attempt.pk, position])


def test_an_answer_is_saved_and_acknowledged_with_its_position_and_time_only(student_client, attempt):
    response = student_client.post(save_url(attempt, 3), {"q-3": "Somebody"})

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"position", "saved_at"}
    assert data["position"] == 3
    saved = AttemptQuestion.objects.get(attempt=attempt, position=3)
    assert saved.response == "Somebody" and saved.saved_at.isoformat() == data["saved_at"]


@pytest.mark.parametrize(("position", "fields"), [
    (1, lambda attempt: {"q-1": choice_id(attempt, 1, 1)}),  # the right choice
    (2, lambda attempt: {"q-2": choice_ids(attempt, 2, 0, 1)}),  # the right choices
    (3, lambda attempt: {"q-3": "Mansudae Overseas Projects"}),  # the right text
    (4, lambda attempt: {"q-4": "4817.25"}),  # the right number
])
def test_the_acknowledgement_says_nothing_about_correctness_even_for_a_right_answer(
        student_client, attempt, position, fields):
    fields = fields(attempt)
    response = student_client.post(save_url(attempt, position), fields)

    body = response.content.decode()
    assert set(json.loads(body)) == {"position", "saved_at"}
    assert "correct" not in body.lower() and "score" not in body.lower()
    for secret in KEY_STRINGS:
        if secret not in json.dumps(fields):
            assert secret not in body


def test_choices_and_flags_save_together(student_client, attempt):
    response = student_client.post(save_url(attempt, 2), {"q-2": choice_ids(attempt, 2, 2, 0), "flag-2": "1"})

    saved = AttemptQuestion.objects.get(attempt=attempt, position=2)
    assert response.status_code == 200
    assert saved.response == choice_ids(attempt, 2, 0, 2) and saved.flagged  # in the question's order


def test_unflagging_keeps_the_answer(student_client, attempt):
    right = choice_id(attempt, 1, 1)
    AttemptQuestion.objects.filter(attempt=attempt, position=1).update(flagged=True, response=right)

    student_client.post(save_url(attempt, 1), {"q-1": right, "flag-1": "0"})

    saved = AttemptQuestion.objects.get(attempt=attempt, position=1)
    assert saved.response == right and not saved.flagged


def test_an_unknown_choice_is_refused_with_400_and_changes_nothing(student_client, attempt):
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 0))

    response = student_client.post(save_url(attempt, 1), {"q-1": "7", "flag-1": "1"})

    assert response.status_code == 400
    assert set(response.json()) == {"error"}
    saved = AttemptQuestion.objects.get(attempt=attempt, position=1)
    assert saved.response == choice_id(attempt, 1, 0) and not saved.flagged


def test_an_unknown_question_is_refused_with_400(student_client, attempt):
    response = student_client.post(save_url(attempt, 99), {"q-99": "1"})

    assert response.status_code == 400
    assert "not part of this attempt" in response.json()["error"]


def test_an_answer_after_the_deadline_and_grace_is_refused_with_409(student_client, attempt):
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - timedelta(minutes=1))

    response = student_client.post(save_url(attempt, 3), {"q-3": "Too late"})

    assert response.status_code == 409
    assert "Time is up" in response.json()["error"]
    assert response_at(attempt, 3) is None


def test_an_answer_within_the_grace_period_is_saved(student_client, attempt):
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - timedelta(seconds=10))

    response = student_client.post(save_url(attempt, 3), {"q-3": "Just in time"})

    assert response.status_code == 200
    assert response_at(attempt, 3) == "Just in time"


def test_an_answer_to_a_submitted_attempt_is_refused_with_409(student_client, attempt):
    answer_save(attempt=attempt, position=3, response="Final")
    attempt_submit(attempt=attempt)

    response = student_client.post(save_url(attempt, 3), {"q-3": "Changed my mind"})

    assert response.status_code == 409
    assert response_at(attempt, 3) == "Final"


def test_anonymous_autosave_is_sent_to_sign_in_and_saves_nothing(client, attempt):
    response = client.post(save_url(attempt, 3), {"q-3": "Anonymous"})

    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert response_at(attempt, 3) is None


def test_a_classmate_gets_a_404_json_and_saves_nothing(client, attempt):
    classmate = enrol(attempt.assignment, UserFactory())
    client.force_login(classmate)

    response = client.post(save_url(attempt, 3), {"q-3": "Not mine"})

    assert response.status_code == 404 and set(response.json()) == {"error"}
    assert response_at(attempt, 3) is None


def test_a_student_of_another_cohort_gets_404(client, attempt, instructor):
    outsider = enrol(make_assignment(instructor=instructor, specs=[choice_question(1)]), UserFactory())
    client.force_login(outsider)

    assert client.post(save_url(attempt, 1), {"q-1": "1"}).status_code == 404
    assert response_at(attempt, 1) is None


def test_autosave_takes_post_only(student_client, attempt):
    assert student_client.get(save_url(attempt, 1)).status_code == 405


def test_one_autosave_makes_the_same_queries_for_5_and_100_questions(student_client, instructor, student):
    attempts = {}

    def build(count: int) -> tuple[str, dict]:
        """A new attempt of ``count`` questions, and the autosave of its last answer."""
        attempts[count] = attempt = many_questions(instructor, student, count)
        return save_url(attempt, count), {f"q-{count}": choice_id(attempt, count, 1)}

    saves = assert_same_queries(
        build=build, fetch=lambda save: student_client.post(*save), sizes=(5, 100), at_most=AUTOSAVE_QUERIES,
        fix="Autosave runs on every change from every student: keep it to one lean read of the question "
            "(quizzes.access.get_attempt_question_for_student) and one write (answer_save).",
    )
    for count, response in zip((5, 100), saves):
        assert response.status_code == 200
        assert response.json()["position"] == count
        assert response_at(attempts[count], count) == choice_id(attempts[count], count, 1)
