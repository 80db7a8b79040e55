"""Taking a quiz: start, save answers, submit. The rules that keep every answer are enforced here,
each in one transaction, with database constraints behind them (see quizzes/models/attempts.py)."""

import dataclasses
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banks import autograde
from banks.models import Question, QuestionVersion
from banks.services import version_spec
from banks.spec import UNGRADED, QuestionSpec, QuestionType
from banks.versions import versions_by_id
from cohorts.models import Membership
from quizzes.deadlines import GRACE, accepts_answers, attempt_deadline, student_window
from quizzes.models import Assignment, AssignmentOverride, Attempt, AttemptQuestion

SHUFFLED_CHOICES = {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_ANSWER}
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


@dataclass(frozen=True)
class Drawn:
    """A question an attempt asks: the version shown and what it is worth in this quiz (its slot's points)."""

    version: QuestionVersion
    points: Decimal


def draw_questions(quiz, rng: random.Random) -> list[Drawn]:
    """An attempt's questions: fixed items, then random draws without repeats, shuffled if the quiz says
    so. Attempts and the instructor's preview draw the same way. The pools are read as ids only, and the
    versions come from memory (banks.versions): at an exam's start every student draws from them."""
    items = list(quiz.items.order_by("position", "pk").values_list(
        "question_id", "question__current_version_id", "bank_id", "tag_id", "draw_count", "points"))
    chosen = [(version_id, points) for question_id, version_id, *_, points in items if question_id]
    taken = {question_id for question_id, *_ in items if question_id}
    for question_id, _version_id, bank_id, tag_id, count, points in items:
        if question_id:
            continue
        pool = Question.objects.filter(bank_id=bank_id, is_archived=False).exclude(pk__in=taken)
        if tag_id:
            pool = pool.filter(tags=tag_id)
        picked = _pick(pool, count, rng)
        taken.update(pk for pk, _ in picked)
        chosen.extend((version_id, points) for _, version_id in picked)
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    versions = versions_by_id(version_id for version_id, _ in chosen)
    return [Drawn(versions[version_id], points) for version_id, points in chosen]


def _pick(pool, count: int, rng: random.Random) -> list[tuple[int, int]]:
    """``count`` of the pool's (question id, version id), at random (ordered first: the same seed draws
    the same questions)."""
    candidates = list(pool.order_by("pk").values_list("pk", "current_version_id"))
    return rng.sample(candidates, min(count, len(candidates)))


def graded_spec(spec: QuestionSpec, points: Decimal) -> QuestionSpec:
    """The spec as graded where it is asked: worth its slot's points (a text item is worth nothing)."""
    return dataclasses.replace(spec, points=Decimal(0) if spec.type in UNGRADED else points)


def attempt_start(*, assignment: Assignment, student, membership: Membership | None = None, now=None) -> Attempt:
    """Start (or resume) an attempt. Its questions, their order and choice order are fixed now.

    Two starts at once (two tabs, a double click) are settled by the database: the partial unique
    constraint on open attempts and the one on attempt numbers let one insert win; the other then
    resumes the attempt that won. No row is locked, so a class starting together does not queue.
    ``membership`` saves a query when the caller has it.
    """
    now = now or timezone.now()
    membership = membership or Membership.objects.get(cohort=assignment.cohort_id, user=student)
    if membership.is_staff_role:  # their attempts would be graded as a student's
        raise AttemptRefused(_("Only the cohort's students take its assignments."))
    attempts = list(Attempt.objects.filter(assignment=assignment, student=student))
    open_attempt = next((a for a in attempts if a.status == Attempt.Status.IN_PROGRESS), None)
    if open_attempt:
        return open_attempt
    override = AssignmentOverride.objects.filter(assignment=assignment, student=student).first()
    window = window_for(assignment=assignment, membership=membership, override=override)
    if now < window.opens_at:
        raise AttemptRefused(_("This assignment is not open yet."))
    if now >= window.closes_at:
        raise AttemptRefused(_("This assignment is closed."))
    used = len(attempts)
    if used >= attempts_allowed(assignment=assignment, membership=membership, override=override):
        raise AttemptRefused(_("You have used all your attempts."))
    rng = random.SystemRandom()
    drawn = draw_questions(assignment.quiz, rng)
    questions = [AttemptQuestion(position=i, version=d.version, choice_order=choice_order(d.version, rng, assignment.quiz),
                                 points=graded_spec(d.version.question_spec, d.points).points)
                 for i, d in enumerate(drawn, start=1)]
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                assignment=assignment, student=student, number=used + 1, started_at=now,
                deadline_at=attempt_deadline(window, now), max_score=sum((q.points for q in questions), Decimal(0)),
            )
            for question in questions:
                question.attempt = attempt
            AttemptQuestion.objects.bulk_create(questions)
    except IntegrityError:  # another start of the same student won the race: resume what it made
        winner = Attempt.objects.filter(assignment=assignment, student=student,
                                        status=Attempt.Status.IN_PROGRESS).first()
        if winner is None:
            raise AttemptRefused(_("You have used all your attempts.")) from None
        return winner
    attempt.started_questions = questions  # the page shown next needs no query for them
    return attempt


def choice_order(version, rng, quiz) -> list[int]:
    count = len(version.spec.get("choices", ()))
    order = list(range(count))
    if quiz.shuffle_choices and version.type in SHUFFLED_CHOICES:
        rng.shuffle(order)
    return order


def check_open(attempt: Attempt, now) -> None:
    """Refuse any change to an attempt that is submitted or past its deadline (plus grace)."""
    if attempt.status != Attempt.Status.IN_PROGRESS:
        raise AttemptRefused(_("This attempt has been submitted; answers can no longer change."))
    if not accepts_answers(attempt.deadline_at, now):
        raise AttemptRefused(_("Time is up: this answer arrived after the deadline."))


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
    for question in questions:
        result = autograde.grade(graded_spec(version_spec(question.version), question.points), question.response)
        question.score, question.result, question.graded_version_id = result.score, result_data(result), question.version_id
    AttemptQuestion.objects.bulk_update(questions, ["score", "result", "graded_version"])
    attempt.status = Attempt.Status.SUBMITTED
    attempt.submitted_at = min(now, attempt.deadline_at) if auto else now
    attempt.auto_submitted = auto
    attempt.score, attempt.max_score, attempt.needs_grading = attempt_totals(
        (q.score, q.points, q.result) for q in questions)
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
    """Submit the attempts whose time ran out while their students were away; returns how many this
    run submitted. Runs on every node at once (docs/deploy/): each attempt is claimed with SKIP
    LOCKED, so two runs share the work instead of queueing behind each other, and the deadline is
    checked again under the lock."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS, deadline_at__lt=now - GRACE)
    submitted = 0
    for pk in overdue.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            # of "self": the default ordering joins the assignment, whose row every attempt shares.
            claimed = overdue.select_for_update(skip_locked=True, of=("self",)).filter(pk=pk).first()
            if claimed is not None:  # not taken by another run, still in progress, still overdue
                attempt_submit(attempt=claimed, now=now, auto=True)
                submitted += 1
    return submitted


def attempt_totals(questions: Iterable[tuple]) -> tuple[Decimal, Decimal, bool]:
    """An attempt's score, maximum and needs-grading flag from its questions' ``(score, points, result)``:
    the one sum that submitting, hand grading and regrading all use."""
    score, maximum, waiting = Decimal(0), Decimal(0), False
    for question_score, points, result in questions:
        score += question_score or 0
        maximum += points
        waiting |= (result or {}).get("status") == autograde.GradeStatus.NEEDS_MANUAL
    return score, maximum, waiting


def attempts_rescore(*, attempt_ids: Iterable[int]) -> None:
    """Recompute the total, maximum and needs-grading flag of submitted attempts from their questions
    (after a hand grade or a regrade), never by a delta that a concurrent change could skew."""
    ids = set(attempt_ids)
    rows = defaultdict(list)
    for attempt_id, *question in AttemptQuestion.objects.filter(attempt_id__in=ids).values_list(
            "attempt_id", "score", "points", "result"):
        rows[attempt_id].append(question)
    attempts = list(Attempt.objects.filter(pk__in=ids, status=Attempt.Status.SUBMITTED))
    for attempt in attempts:
        attempt.score, attempt.max_score, attempt.needs_grading = attempt_totals(rows[attempt.pk])
    Attempt.objects.bulk_update(attempts, ["score", "max_score", "needs_grading"])
