"""The deadline rush, for real: many requests at once on PostgreSQL, whose row locks the services rely on.

Skipped on SQLite, which serialises every write (see tests/concurrency.py).
"""

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from banks import autograde
from banks.services import version_spec
from quizzes.models import Attempt, AttemptQuestion
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.concurrency import POSTGRESQL_ONLY, all_at_once
from tests.factories import UserFactory
from tests.quiz_builders import choice_id, choice_ids, choice_question, enrol, make_assignment

pytestmark = POSTGRESQL_ONLY

THREADS = 50


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_fifty_submissions_of_one_attempt_make_exactly_one(instructor):
    assignment = make_assignment(instructor=instructor, specs=[choice_question(n) for n in range(10)])
    student = enrol(assignment, UserFactory())
    attempt = attempt_start(assignment=assignment, student=student)
    for position in (1, 2, 3):
        answer_save(attempt=attempt, position=position, response=choice_id(attempt, position, 1))  # three right answers
    clients = [signed_in(student) for _ in range(THREADS)]
    url = reverse("quizzes:attempt-submit", args=[attempt.pk])

    statuses = all_at_once(THREADS, lambda i: clients[i].post(url).status_code)

    assert statuses == [302] * THREADS
    submitted = Attempt.objects.get(pk=attempt.pk)
    assert submitted.status == Attempt.Status.SUBMITTED
    assert submitted.score == Decimal(3)
    assert Attempt.objects.filter(student=student).count() == 1
    again = attempt_submit(attempt=submitted)
    assert again.submitted_at == submitted.submitted_at  # a late duplicate changes nothing


def test_fifty_students_autosaving_at_once_keep_every_acknowledged_answer(instructor):
    assignment = make_assignment(instructor=instructor, specs=[choice_question(n) for n in range(3)])
    students = [enrol(assignment, UserFactory()) for _ in range(THREADS)]
    attempts = [attempt_start(assignment=assignment, student=s) for s in students]
    clients = [signed_in(s) for s in students]
    ids = {(a.pk, position): choice_ids(a, position, 0, 1, 2) for a in attempts for position in (1, 2, 3)}

    def save_three(i):
        acknowledged = []
        for position in (1, 2, 3):
            answer = ids[attempts[i].pk, position][(i + position) % 3]
            url = reverse("quizzes:answer-save", args=[attempts[i].pk, position])
            response = clients[i].post(url, {f"q-{position}": answer})
            if response.status_code == 200:
                acknowledged.append((position, answer))
        return acknowledged

    results = all_at_once(THREADS, save_three)

    assert all(len(acknowledged) == 3 for acknowledged in results)
    for attempt, acknowledged in zip(attempts, results):
        saved = dict(AttemptQuestion.objects.filter(attempt=attempt).values_list("position", "response"))
        assert saved == dict(acknowledged)


def test_answers_racing_a_submit_are_either_graded_or_refused_never_lost_after_grading(instructor):
    assignment = make_assignment(instructor=instructor, specs=[choice_question(n) for n in range(THREADS)])
    student = enrol(assignment, UserFactory())
    attempt = attempt_start(assignment=assignment, student=student)
    clients = [signed_in(student) for _ in range(THREADS + 1)]
    submit_url = reverse("quizzes:attempt-submit", args=[attempt.pk])
    right = {position: choice_id(attempt, position, 1) for position in range(1, THREADS + 1)}

    def work(i):
        if i == THREADS:
            return clients[i].post(submit_url).status_code
        url = reverse("quizzes:answer-save", args=[attempt.pk, i + 1])
        return clients[i].post(url, {f"q-{i + 1}": right[i + 1]}).status_code

    statuses = all_at_once(THREADS + 1, work)

    assert set(statuses[:-1]) <= {200, 409} and statuses[-1] == 302
    questions = list(AttemptQuestion.objects.filter(attempt=attempt).select_related("version"))
    for question, status in zip(sorted(questions, key=lambda q: q.position), statuses):
        assert (question.response == right[question.position]) == (status == 200)  # acknowledged means saved
        graded = autograde.grade(version_spec(question.version), question.response)
        assert question.score == graded.score  # and the grade is of the answer that was kept
    assert Attempt.objects.get(pk=attempt.pk).score == sum(s == 200 for s in statuses[:-1])


def test_twenty_starts_of_one_student_at_once_make_one_attempt(instructor):
    """No lock serialises starts: the unique constraints let one insert win and the rest resume it."""
    assignment = make_assignment(instructor=instructor, specs=[choice_question(n) for n in range(5)])
    student = enrol(assignment, UserFactory())
    clients = [signed_in(student) for _ in range(20)]
    url = reverse("quizzes:attempt-start", args=[assignment.pk])

    statuses = all_at_once(20, lambda i: clients[i].post(url).status_code)

    assert set(statuses) <= {200, 302}  # the page of the attempt made, or a redirect to the one resumed
    assert Attempt.objects.filter(student=student).count() == 1
    assert AttemptQuestion.objects.filter(attempt__student=student).count() == 5
