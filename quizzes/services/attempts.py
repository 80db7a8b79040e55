"""Taking a quiz: start, save answers, submit. The rules that keep every answer are enforced here,
each in one transaction, with database constraints behind them (see quizzes/models/attempts.py)."""

import json
import random
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banks import autograde
from banks.models import Question
from banks.responses import response_problem
from banks.services import version_spec
from banks.spec import QuestionType
from cohorts.models import Membership
from quizzes.deadlines import GRACE, accepts_answers, attempt_deadline, student_window
from quizzes.models import Assignment, AssignmentOverride, Attempt, AttemptQuestion

SHUFFLED_CHOICES = {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_ANSWER}
# A file arrives through its upload (services.answer_files), a text item takes no answer: a typed
# "answer" to either (say, an autosave carrying only the flag) must never overwrite what is stored.
NOT_TYPED = frozenset({QuestionType.FILE_UPLOAD, QuestionType.TEXT})


class AttemptRefused(Exception):
    """The student may not start or change this attempt; the message says why, for the student."""


class AnswerRefused(AttemptRefused):
    """The answer itself cannot belong to the attempt (no such question, an unknown choice).

    A client error (HTTP 400), unlike a refusal because time is up or the attempt is closed (409).
    """


def window_for(*, assignment: Assignment, membership: Membership, override: AssignmentOverride | None):
    return student_window(
        opens_at=assignment.opens_at, due_at=assignment.due_at, closes_at=assignment.closes_at,
        accept_late=assignment.accept_late, time_limit_minutes=assignment.time_limit_minutes,
        multiplier=membership.time_multiplier, extra_minutes=override.extra_minutes if override else 0,
        override_due=override.due_at if override else None, override_closes=override.closes_at if override else None,
    )


def attempts_allowed(*, assignment: Assignment, membership: Membership, override: AssignmentOverride | None) -> int:
    return assignment.attempts_allowed + membership.extra_attempts + (override.extra_attempts if override else 0)


def draw_questions(quiz, rng: random.Random) -> list:
    """An attempt's question versions: fixed items, then random draws without repeats, shuffled if the
    quiz says so. Attempts and the instructor's preview draw the same way."""
    chosen, taken = [], set()
    items = list(quiz.items.select_related("question__current_version"))
    for item in items:
        if item.question_id:
            chosen.append(item.question.current_version)
            taken.add(item.question_id)
    for item in items:
        if not item.question_id:
            pool = Question.objects.filter(bank_id=item.bank_id, is_archived=False).exclude(pk__in=taken)
            if item.tag_id:
                pool = pool.filter(tags=item.tag_id)
            pool = list(pool.select_related("current_version"))
            picked = rng.sample(pool, min(item.draw_count, len(pool)))
            taken.update(q.pk for q in picked)
            chosen.extend(q.current_version for q in picked)
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


@transaction.atomic
def attempt_start(*, assignment: Assignment, student, now=None) -> Attempt:
    """Start (or resume) an attempt. Its questions, their order and choice order are fixed now.

    Locking the student's membership row serialises concurrent starts (two tabs, a double click),
    and the partial unique constraint on open attempts backs it up in the database.
    """
    now = now or timezone.now()
    membership = Membership.objects.select_for_update().get(cohort=assignment.cohort_id, user=student)
    if membership.is_staff_role:  # their attempts would be graded as a student's
        raise AttemptRefused(_("Only the cohort's students take its assignments."))
    open_attempt = Attempt.objects.filter(assignment=assignment, student=student, status=Attempt.Status.IN_PROGRESS).first()
    if open_attempt:
        return open_attempt
    override = AssignmentOverride.objects.filter(assignment=assignment, student=student).first()
    window = window_for(assignment=assignment, membership=membership, override=override)
    if now < window.opens_at:
        raise AttemptRefused(_("This assignment is not open yet."))
    if now >= window.closes_at:
        raise AttemptRefused(_("This assignment is closed."))
    used = Attempt.objects.filter(assignment=assignment, student=student).count()
    if used >= attempts_allowed(assignment=assignment, membership=membership, override=override):
        raise AttemptRefused(_("You have used all your attempts."))
    rng = random.SystemRandom()
    versions = draw_questions(assignment.quiz, rng)
    attempt = Attempt.objects.create(
        assignment=assignment, student=student, number=used + 1, started_at=now,
        deadline_at=attempt_deadline(window, now), max_score=sum((v.points for v in versions), Decimal(0)),
    )
    AttemptQuestion.objects.bulk_create([
        AttemptQuestion(attempt=attempt, position=i, version=v, choice_order=choice_order(v, rng, assignment.quiz))
        for i, v in enumerate(versions, start=1)
    ])
    return attempt


def choice_order(version, rng, quiz) -> list[int]:
    count = len(version.spec.get("choices", ()))
    order = list(range(count))
    if quiz.shuffle_choices and version.type in SHUFFLED_CHOICES:
        rng.shuffle(order)
    return order


def answer_save(*, attempt: Attempt, position: int, response, now=None,
                question: AttemptQuestion | None = None) -> AttemptQuestion:
    """Save one answer, only while the attempt is open and in time. Pass ``question`` (loaded with its
    version) when the caller already has it, to save a query.

    Locking the attempt row serialises the save with ``attempt_submit`` (which locks it too): an
    answer is either in before grading starts or refused, never written after the grade.
    This is the hottest write at a deadline, so it is one statement (see ``_write_if_open``).
    """
    now = now or timezone.now()
    check_open(attempt, now)
    if question is None:
        question = AttemptQuestion.objects.select_related("version").filter(attempt=attempt, position=position).first()
    if question is None or question.attempt_id != attempt.pk or question.position != position:
        raise AnswerRefused(_("That question is not part of this attempt."))
    spec = version_spec(question.version)
    if spec.type in NOT_TYPED:
        raise AnswerRefused(_("This question takes no typed answer."))
    problem = response_problem(spec, response)
    if problem:
        raise AnswerRefused(_("That answer does not fit the question (%(problem)s).") % {"problem": problem})
    if not _write_if_open(question_pk=question.pk, attempt_pk=attempt.pk, response=response, now=now):
        raise AttemptRefused(_("This attempt has been submitted; answers can no longer change."))
    question.response, question.saved_at = response, now
    return question


def check_open(attempt: Attempt, now) -> None:
    """Refuse any change to an attempt that is submitted or past its deadline (plus grace)."""
    if attempt.status != Attempt.Status.IN_PROGRESS:
        raise AttemptRefused(_("This attempt has been submitted; answers can no longer change."))
    if not accepts_answers(attempt.deadline_at, now):
        raise AttemptRefused(_("Time is up: this answer arrived after the deadline."))


# PostgreSQL: lock the attempt row (as attempt_submit does) and write, in one statement and one round
# trip. A save racing a submit waits for it, then finds the attempt submitted and writes nothing.
_WRITE_IF_OPEN_PG = """
    WITH still_open AS (
        SELECT id FROM quizzes_attempt WHERE id = %s AND status = 'in_progress' FOR NO KEY UPDATE
    )
    UPDATE quizzes_attemptquestion SET response = %s::jsonb, saved_at = %s
    WHERE id = %s AND attempt_id IN (SELECT id FROM still_open)
"""


def _write_if_open(*, question_pk: int, attempt_pk: int, response, now) -> bool:
    """Write an answer only while its attempt is open: never after grading has started."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_WRITE_IF_OPEN_PG, [attempt_pk, json.dumps(response), now, question_pk])
            return cursor.rowcount == 1
    # SQLite runs one write at a time, so the condition and the write cannot be separated.
    return bool(AttemptQuestion.objects.filter(
        pk=question_pk, attempt_id=attempt_pk, attempt__status=Attempt.Status.IN_PROGRESS
    ).update(response=response, saved_at=now))


def flag_set(*, attempt: Attempt, position: int, flagged: bool) -> int:
    """Mark a question for the student's own review; returns how many questions changed (0 or 1)."""
    return AttemptQuestion.objects.filter(
        attempt=attempt, position=position, attempt__status=Attempt.Status.IN_PROGRESS
    ).update(flagged=flagged)


@transaction.atomic
def attempt_submit(*, attempt: Attempt, now=None, auto: bool = False) -> Attempt:
    """Grade and close the attempt exactly once: a second call (double click, other tab) is a no-op."""
    now = now or timezone.now()
    # Lock only the attempt row ("self"): locking the joined assignment too would queue every
    # student's submission behind one another at the deadline.
    attempt = Attempt.objects.select_for_update(of=("self",)).select_related("assignment").get(pk=attempt.pk)
    if attempt.status == Attempt.Status.SUBMITTED:
        return attempt
    questions = list(attempt.questions.select_related("version"))
    total, needs_grading = Decimal(0), False
    for question in questions:
        result = autograde.grade(version_spec(question.version), question.response)
        question.score = result.score
        question.result = result_data(result)
        total += result.score
        needs_grading |= result.status == autograde.GradeStatus.NEEDS_MANUAL
    AttemptQuestion.objects.bulk_update(questions, ["score", "result"])
    attempt.status = Attempt.Status.SUBMITTED
    attempt.submitted_at = min(now, attempt.deadline_at) if auto else now
    attempt.auto_submitted = auto
    attempt.score = total
    attempt.needs_grading = needs_grading
    attempt.is_late = attempt.submitted_at > _due_for(attempt)
    attempt.save()
    return attempt


def _due_for(attempt: Attempt):
    override = AssignmentOverride.objects.filter(assignment=attempt.assignment_id, student=attempt.student_id).first()
    return (override.due_at if override and override.due_at else None) or attempt.assignment.due_at


def result_data(result: autograde.GradeResult) -> dict:
    """The JSON stored with a graded answer: what the review and the gradebook explain a mark with."""
    return {
        "status": str(result.status),
        "score": str(result.score),
        "max_score": str(result.max_score),
        "reason": result.reason,
        "feedback": list(result.feedback),
        "parts": [{"key": p.key, "correct": p.correct, "credit": str(p.credit), "feedback": p.feedback}
                  for p in result.parts],
    }


def finalise_if_overdue(attempt: Attempt, now=None) -> Attempt:
    """Submit an attempt whose deadline (plus grace) has passed: on next access and from the command."""
    now = now or timezone.now()
    if attempt.status == Attempt.Status.IN_PROGRESS and not accepts_answers(attempt.deadline_at, now):
        return attempt_submit(attempt=attempt, now=now, auto=True)
    return attempt


def close_overdue_attempts(now=None) -> int:
    now = now or timezone.now()
    overdue = Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS, deadline_at__lt=now - GRACE)
    count = 0
    for attempt in overdue.iterator():
        attempt_submit(attempt=attempt, now=now, auto=True)
        count += 1
    return count


def attempts_rescore(*, attempt_ids: Iterable[int]) -> None:
    """Recompute the total, maximum and needs-grading flag of submitted attempts from their questions."""
    ids = set(attempt_ids)
    totals = defaultdict(lambda: [Decimal(0), Decimal(0), False])
    rows = AttemptQuestion.objects.filter(attempt_id__in=ids).values_list("attempt_id", "score", "result",
                                                                          "version__points")
    for attempt_id, score, result, points in rows:
        result = result or {}
        entry = totals[attempt_id]
        entry[0] += score or 0
        entry[1] += Decimal(result["max_score"]) if "max_score" in result else points
        entry[2] |= result.get("status") == autograde.GradeStatus.NEEDS_MANUAL
    attempts = list(Attempt.objects.filter(pk__in=ids, status=Attempt.Status.SUBMITTED))
    for attempt in attempts:
        attempt.score, attempt.max_score, attempt.needs_grading = totals[attempt.pk]
    Attempt.objects.bulk_update(attempts, ["score", "max_score", "needs_grading"])
