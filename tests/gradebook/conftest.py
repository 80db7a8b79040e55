"""Gradebook set-up for `cohort` (tests/conftest.py: a member of every role): assignments with 10
one-point questions, attempts written straight to the database (fast, and exact about scores and
times), and a second cohort whose names must never show up in the first."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.utils import timezone

from cohorts.models import Membership
from gradebook import services as grades
from gradebook.models import GradeAdjustment
from grading.models import ScoreChange
from quizzes.models import Assignment, AssignmentOverride, Attempt
from tests.factories import CohortFactory, MembershipFactory, UserFactory
from tests.quiz_builders import choice_question, make_assignment

Role = Membership.Role
METHODS = ("highest", "latest", "average", "first")


@pytest.fixture
def other_cohort(outsider):
    """The outsider's own cohort, with a student and a graded attempt that must never show up in `cohort`."""
    other = CohortFactory(name="Secret Seminar", course_code="SEM 999", join_code="OTHER999")
    hidden = UserFactory(username="zed", first_name="Zebedee", last_name="Hidden")
    MembershipFactory(cohort=other, user=hidden)
    assignment = past_assignment(outsider, other, title="Secret quiz")
    submit(assignment, hidden, "6.66")
    return other


def ten_questions():
    return [choice_question(n) for n in range(1, 11)]


def past_assignment(instructor, cohort, *, title, days_ago=2, **options) -> Assignment:
    """Due ``days_ago`` days ago, closing a day later: 10 points."""
    now = timezone.now()
    due = now - timedelta(days=days_ago)
    return make_assignment(instructor=instructor, cohort=cohort, specs=ten_questions(), title=title,
                           opens=due - timedelta(days=7), due=due, closes=due + timedelta(days=1), **options)


def submit(assignment, student, score, *, number=1, at=None, needs_grading=False, open=False) -> Attempt:
    """An attempt as attempt_submit leaves it (no questions): score out of 10, an hour before the due time."""
    at = at or assignment.due_at - timedelta(hours=1)
    return Attempt.objects.create(
        assignment=assignment, student=student, number=number,
        status=Attempt.Status.IN_PROGRESS if open else Attempt.Status.SUBMITTED,
        started_at=at - timedelta(minutes=25), deadline_at=at + timedelta(hours=1),
        submitted_at=None if open else at, score=None if open else Decimal(score), max_score=Decimal(10),
        is_late=at > assignment.due_at, needs_grading=needs_grading,
    )


@pytest.fixture
def graded(instructor, cohort, student, classmate):
    """Two assignments: a late one (10% a day) and a plain one; the student late on the first."""
    essay = past_assignment(instructor, cohort, title="Case memo", accept_late=True,
                            late_penalty_percent_per_day=Decimal(10))
    quiz = past_assignment(instructor, cohort, title="Reading check", days_ago=1)
    submit(essay, student, "8", at=essay.due_at + timedelta(hours=3))  # 1 day late: 7.2 (−10%)
    submit(quiz, student, "9")
    submit(essay, classmate, "5.5")
    return {"essay": essay, "quiz": quiz}


@pytest.fixture
def break_the_audit_log(monkeypatch):
    """``break_the_audit_log()``: from then on, writing a ScoreChange row fails (set up the grades first)."""

    def broken_log(**kwargs):
        raise IntegrityError("audit log unavailable")

    return lambda: monkeypatch.setattr(grades, "_log", broken_log)


@pytest.fixture
def grade_state(db):
    """Everything a grade request could change, to compare before and after a refused one."""

    def state() -> dict:
        return {
            "adjustments": list(GradeAdjustment.objects.order_by("pk").values_list(
                "pk", "assignment_id", "student_id", "score", "excused", "reason")),
            "changes": list(ScoreChange.objects.order_by("pk").values_list(
                "pk", "kind", "old_score", "new_score", "reason")),
            "attempts": list(Attempt.objects.order_by("pk").values_list("pk", "score", "status")),
            "overrides": list(AssignmentOverride.objects.order_by("pk").values_list("pk", "due_at")),
            "users": get_user_model().objects.count(),
        }

    return state


def populate(cohort, instructor, *, students: int, assignments: int, questions: int = 0) -> list[Assignment]:
    """A big class, fast (bulk_create): ``students`` students and ``assignments`` assignments of one
    quiz, every kind of cell (graded, two attempts, late, needs grading, in progress, missed, not
    started), some excusals and extensions; with ``questions``, each submitted attempt gets that many
    answered questions (for the responses export). Call it again to add more to the same cohort."""
    from quizzes.models import AttemptQuestion

    now, half = timezone.now(), assignments // 2
    specs = [choice_question(n) for n in range(max(questions, 1))]
    first = make_assignment(instructor=instructor, cohort=cohort, specs=specs, title="A0",
                            opens=now - timedelta(days=60), due=now - timedelta(days=30),
                            closes=now - timedelta(days=29), accept_late=True, late_penalty_percent_per_day=Decimal(5))
    rest = Assignment.objects.bulk_create(
        Assignment(quiz=first.quiz, cohort=cohort, title=f"A{j}", opens_at=now - timedelta(days=60),
                   due_at=now + timedelta(days=j - half), closes_at=now + timedelta(days=j - half + 1),
                   accept_late=True, late_penalty_percent_per_day=Decimal(j % 3 * 5), grading_method=METHODS[j % 4])
        for j in range(1, assignments))
    every = [first, *rest]
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"big{first.pk}-{i:05d}", first_name=f"First{i:05d}", last_name=f"Last{i:05d}", password="!")
        for i in range(students))
    Membership.objects.bulk_create(
        Membership(cohort=cohort, user=u, role=Role.STUDENT, student_id=f"SIS{i:05d}") for i, u in enumerate(users))
    attempts, adjustments, overrides = [], [], []
    for i, user in enumerate(users):
        for j, a in enumerate(every):
            kind, due = (i + j) % 7, a.due_at
            at = due - timedelta(hours=2) if kind != 2 else due + timedelta(hours=30)
            if kind == 0 or (at > now and kind != 4):
                continue
            common = {"assignment": a, "student": user, "started_at": at - timedelta(minutes=30),
                      "deadline_at": at + timedelta(hours=1), "max_score": Decimal(max(questions, 1))}
            if kind == 4:
                attempts.append(Attempt(number=1, status="in_progress", **common))
                continue
            score = Decimal((i * 7 + j * 3) % (max(questions, 1) * 100 + 1)) / 100
            attempts.append(Attempt(number=1, status="submitted", submitted_at=at, score=score, is_late=kind == 2,
                                    needs_grading=kind == 3, **common))
            if kind == 1:
                attempts.append(Attempt(number=2, status="submitted", submitted_at=at, score=score / 2, **common))
        if i % 50 == 0:
            adjustments.append(GradeAdjustment(assignment=first, student=user, excused=True, reason="Ill",
                                               changed_by=instructor))
        if i % 40 == 1:
            extension = first.due_at + timedelta(days=2)
            overrides.append(AssignmentOverride(assignment=first, student=user, due_at=extension))
    Attempt.objects.bulk_create(attempts, batch_size=2000)
    GradeAdjustment.objects.bulk_create(adjustments)
    AssignmentOverride.objects.bulk_create(overrides)
    if questions:
        items = first.quiz.items.select_related("question__current_version")
        versions = [item.question.current_version for item in items]
        submitted = Attempt.objects.filter(assignment__in=every, status="submitted").values_list("pk", flat=True)
        AttemptQuestion.objects.bulk_create(
            (AttemptQuestion(attempt_id=pk, position=p, version=v, points=v.points, score=Decimal(p % 2),
                             response=v.question_spec.choice_ids()[p % 3], result={"status": "correct"})
             for pk in submitted.iterator() for p, v in enumerate(versions, 1)),
            batch_size=5000)
    return every
