"""``close_overdue_attempts`` runs from a timer on every node (docs/deploy/), so two runs can overlap:
each overdue attempt must still be graded and submitted exactly once.

attempt_submit locks the attempt row and returns at once when it finds it submitted; this proves it
on PostgreSQL (skipped on SQLite, which serialises every write). A submit is counted where it
happens, in ``Attempt.save`` (attempt_submit saves the attempt once, only when it submits it).
"""

import threading
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from quizzes.models import Attempt
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_start, close_overdue_attempts
from tests.concurrency import POSTGRESQL_ONLY, all_at_once
from tests.factories import UserFactory
from tests.quiz_builders import choice_id, choice_question, enrol, make_assignment

pytestmark = POSTGRESQL_ONLY

ATTEMPTS = 40
NODES = 2


def test_two_runs_at_once_submit_each_overdue_attempt_once(instructor, monkeypatch):
    assignment = make_assignment(instructor=instructor, specs=[choice_question(n) for n in range(3)])
    attempts = [attempt_start(assignment=assignment, student=enrol(assignment, UserFactory())) for _ in range(ATTEMPTS)]
    for attempt in attempts:
        answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1))  # one right answer each
    deadline = timezone.now() - timedelta(minutes=5)  # ran out while the students were away
    Attempt.objects.filter(pk__in=[a.pk for a in attempts]).update(deadline_at=deadline)
    in_progress = Attempt.objects.create(assignment=assignment, student=enrol(assignment, UserFactory()), number=1,
                                         started_at=timezone.now(), deadline_at=timezone.now() + timedelta(hours=1))
    submits, lock = Counter(), threading.Lock()
    original_save = Attempt.save

    def counting_save(self, *args, **kwargs):
        if self.status == Attempt.Status.SUBMITTED:
            with lock:
                submits[self.pk] += 1
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Attempt, "save", counting_save)

    counts = all_at_once(NODES, lambda node: close_overdue_attempts())

    assert submits == Counter({attempt.pk: 1 for attempt in attempts}), "an attempt was graded twice, or never"
    assert sum(counts) == ATTEMPTS, f"each run reports only what it submitted: {counts}"
    closed = Attempt.objects.filter(pk__in=[a.pk for a in attempts])
    assert {(a.status, a.auto_submitted, a.submitted_at, a.score) for a in closed} == {
        (Attempt.Status.SUBMITTED, True, deadline, 1)}  # fmt: skip
    assert Attempt.objects.get(pk=in_progress.pk).status == Attempt.Status.IN_PROGRESS  # still in time: untouched
