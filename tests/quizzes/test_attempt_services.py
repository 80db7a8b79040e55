"""The server rules of taking a quiz: start, autosave, deadlines, idempotent submit."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from quizzes.models import Attempt, AttemptQuestion
from quizzes.services.answers import answer_save
from quizzes.services.attempts import (
    AttemptRefused,
    attempt_start,
    attempt_submit,
    close_overdue_attempts,
    finalise_if_overdue,
)
from tests.quiz_builders import choice_id, choice_ids, choice_question, enrol, make_assignment


@pytest.fixture
def assignment(instructor):
    return make_assignment(instructor=instructor)


@pytest.fixture
def attempt(assignment, student):
    enrol(assignment, student)
    return attempt_start(assignment=assignment, student=student)


def test_starting_fixes_the_questions_and_their_order(attempt):
    positions = list(attempt.questions.values_list("position", "version__title"))
    assert positions == [(1, "Q1"), (2, "Multi"), (3, "Short"), (4, "Number"), (5, "Essay")]
    assert attempt.max_score == Decimal(9)
    assert attempt.number == 1


def test_starting_again_resumes_the_open_attempt(attempt, assignment, student):
    again = attempt_start(assignment=assignment, student=student)

    assert again.pk == attempt.pk
    assert Attempt.objects.filter(student=student).count() == 1


def test_the_database_refuses_a_second_open_attempt(attempt):
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(assignment=attempt.assignment, student=attempt.student, number=2,
                               started_at=attempt.started_at, deadline_at=attempt.deadline_at)


def test_a_student_outside_the_cohort_cannot_start(assignment, other_instructor):
    from cohorts.models import Membership

    with pytest.raises(Membership.DoesNotExist):
        attempt_start(assignment=assignment, student=other_instructor)


def test_an_assignment_not_yet_open_refuses_to_start(instructor, student):
    later = timezone.now() + timedelta(days=1)
    assignment = make_assignment(instructor=instructor, opens=later, due=later + timedelta(days=1))
    enrol(assignment, student)

    with pytest.raises(AttemptRefused, match="not open yet"):
        attempt_start(assignment=assignment, student=student)
    assert not Attempt.objects.exists()


def test_attempts_are_limited_but_accommodations_add_more(instructor, student):
    assignment = make_assignment(instructor=instructor, attempts_allowed=1)
    enrol(assignment, student, extra_attempts=1)
    for _ in range(2):
        attempt_submit(attempt=attempt_start(assignment=assignment, student=student))

    with pytest.raises(AttemptRefused, match="all your attempts"):
        attempt_start(assignment=assignment, student=student)
    assert Attempt.objects.filter(student=student).count() == 2


def test_time_limit_is_stretched_by_the_accommodation_and_capped_by_close(instructor, student):
    now = timezone.now()
    assignment = make_assignment(instructor=instructor, time_limit_minutes=60, due=now + timedelta(minutes=80))
    enrol(assignment, student, time_multiplier=Decimal("1.5"))

    attempt = attempt_start(assignment=assignment, student=student, now=now)

    assert attempt.deadline_at == now + timedelta(minutes=80)  # 90 minutes, but the quiz closes at 80


def test_an_answer_is_saved_only_for_a_question_of_the_attempt(attempt):
    saved = answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1))
    assert AttemptQuestion.objects.get(pk=saved.pk).response == choice_id(attempt, 1, 1)

    with pytest.raises(AttemptRefused):
        answer_save(attempt=attempt, position=99, response=choice_id(attempt, 1, 1))


@pytest.mark.parametrize("position, response", [
    (1, 7), (1, -1), (1, "1"), (1, "no-such-choice"), (1, ["a"]), (2, "b"), (2, ["c", 9]), (2, [None]),
])
def test_an_answer_naming_an_unknown_choice_is_refused_and_changes_nothing(attempt, position, response):
    """Choices are named by their ids: a position (1, "1") names nothing, however it is written."""
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 2))

    with pytest.raises(AttemptRefused):
        answer_save(attempt=attempt, position=position, response=response)

    assert AttemptQuestion.objects.get(attempt=attempt, position=1).response == choice_id(attempt, 1, 2)


def test_answers_after_the_deadline_and_grace_are_refused(attempt):
    late = attempt.deadline_at + timedelta(minutes=1)

    with pytest.raises(AttemptRefused, match="Time is up"):
        answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1), now=late)
    assert AttemptQuestion.objects.get(attempt=attempt, position=1).response is None


def test_an_answer_within_the_grace_period_counts(attempt):
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1),
                now=attempt.deadline_at + timedelta(seconds=10))

    assert AttemptQuestion.objects.get(attempt=attempt, position=1).response == choice_id(attempt, 1, 1)


def test_submit_grades_every_answer(attempt):
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1))
    answer_save(attempt=attempt, position=2, response=choice_ids(attempt, 2, 0, 1))
    answer_save(attempt=attempt, position=3, response="  bureau 39 ")
    answer_save(attempt=attempt, position=4, response="94.5")
    answer_save(attempt=attempt, position=5, response="An essay.")

    submitted = attempt_submit(attempt=attempt)

    assert submitted.status == Attempt.Status.SUBMITTED
    assert submitted.score == Decimal(5)
    assert submitted.needs_grading is True
    assert list(submitted.questions.values_list("score", flat=True)) == [1, 2, 1, 1, 0]


def test_submit_twice_gives_one_submission(attempt):
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1))
    first = attempt_submit(attempt=attempt)
    second = attempt_submit(attempt=attempt)

    assert first.submitted_at == second.submitted_at
    assert Attempt.objects.get(pk=attempt.pk).score == Decimal(1)


def test_no_answer_changes_after_submit(attempt):
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1))
    attempt_submit(attempt=attempt)

    with pytest.raises(AttemptRefused, match="submitted"):
        answer_save(attempt=Attempt.objects.get(pk=attempt.pk), position=1, response=choice_id(attempt, 1, 0))
    assert AttemptQuestion.objects.get(attempt=attempt, position=1).response == choice_id(attempt, 1, 1)


def test_overdue_attempts_are_submitted_on_next_access_at_their_deadline(attempt):
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1))
    later = attempt.deadline_at + timedelta(hours=2)

    finalised = finalise_if_overdue(attempt, now=later)

    assert finalised.status == Attempt.Status.SUBMITTED
    assert finalised.auto_submitted
    assert finalised.submitted_at == attempt.deadline_at
    assert finalised.score == Decimal(1)


def test_the_command_closes_only_overdue_attempts(instructor, student, other_instructor):
    now = timezone.now()
    overdue = make_assignment(instructor=instructor, specs=[choice_question(1)], time_limit_minutes=10)
    enrol(overdue, student)
    late_attempt = attempt_start(assignment=overdue, student=student, now=now - timedelta(minutes=30))
    current = make_assignment(instructor=instructor, specs=[choice_question(1)])
    enrol(current, other_instructor)
    open_attempt = attempt_start(assignment=current, student=other_instructor)

    assert close_overdue_attempts(now=now) == 1
    assert Attempt.objects.get(pk=late_attempt.pk).status == Attempt.Status.SUBMITTED
    assert Attempt.objects.get(pk=open_attempt.pk).status == Attempt.Status.IN_PROGRESS


def test_late_submission_is_marked_late(instructor, student):
    now = timezone.now()
    assignment = make_assignment(instructor=instructor, specs=[choice_question(1)], due=now - timedelta(hours=1),
                                 opens=now - timedelta(days=1), closes=now + timedelta(days=1), accept_late=True)
    enrol(assignment, student)

    submitted = attempt_submit(attempt=attempt_start(assignment=assignment, student=student, now=now), now=now)

    assert submitted.is_late


def test_choices_are_shuffled_per_attempt_when_asked(instructor, student):
    assignment = make_assignment(instructor=instructor, specs=[choice_question(i) for i in range(30)],
                                 shuffle_choices=True)
    enrol(assignment, student)
    attempt = attempt_start(assignment=assignment, student=student)

    orders = list(attempt.questions.values_list("choice_order", flat=True))
    assert all(sorted(order) == [0, 1, 2] for order in orders)
    assert any(order != [0, 1, 2] for order in orders)  # 30 identical orders: 1 in 3^29 by chance


def test_a_start_that_loses_a_race_resumes_the_attempt_that_won(assignment, student, monkeypatch):
    enrol(assignment, student)
    """Another tab's start inserts its attempt between this one's checks and its insert."""
    from quizzes.services import attempts as service

    draw = service.draw_questions

    def draw_after_the_other_tab_started(quiz, rng):
        drawn = draw(quiz, rng)
        monkeypatch.setattr(service, "draw_questions", draw)
        winner.append(attempt_start(assignment=assignment, student=student))
        return drawn

    winner = []
    monkeypatch.setattr(service, "draw_questions", draw_after_the_other_tab_started)

    resumed = attempt_start(assignment=assignment, student=student)

    assert resumed == winner[0] and Attempt.objects.filter(student=student).count() == 1
