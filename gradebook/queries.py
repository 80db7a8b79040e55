"""The reads behind the gradebook pages, each named for its page and costing a fixed number of
queries however many students there are (pinned in tests/gradebook/test_query_counts.py).

Attempts come back as tuples of the few columns the arithmetic needs, not model instances: a cohort of
500 students and 20 assignments is 10,000+ rows, and building models for them is most of the time.
Everything is then computed in Python by ``gradebook.grid``.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from banks.models import Question
from cohorts.models import Membership
from gradebook import grid as gb
from gradebook.models import GradeAdjustment
from quizzes.models import Assignment, AssignmentOverride, Attempt, QuizItem

ATTEMPT_COLUMNS = ("assignment_id", "student_id", "number", "is_submitted", "score", "max_score", "submitted_at",
                   "needs_grading")  # the fields of gradebook.grid.AttemptRow, in order
POINTS = DecimalField(max_digits=12, decimal_places=2)


def _quiz_points():
    """Points possible of an assignment's quiz: fixed questions' points, plus each draw's count
    times the mean points of its bank (draws are random, so that is what a student can expect)."""
    bank_mean = (Question.objects.filter(bank=OuterRef("bank"), is_archived=False).order_by()
                 .values("bank").annotate(mean=Avg("current_version__points")).values("mean"))
    items = (
        QuizItem.objects.filter(quiz=OuterRef("quiz")).order_by()
        .annotate(item_points=Case(
            When(question__isnull=False, then=F("question__current_version__points")),
            default=F("draw_count") * Subquery(bank_mean, output_field=POINTS), output_field=POINTS))
        .values("quiz").annotate(total=Sum("item_points")).values("total")
    )
    return Coalesce(Subquery(items, output_field=POINTS), Value(Decimal(0)), output_field=POINTS)


def assignments_for_gradebook(cohort_ids):
    """The cohorts' assignments with their quiz title and ``points`` possible, in due order."""
    return (Assignment.objects.filter(cohort_id__in=cohort_ids).select_related("quiz")
            .only("cohort_id", "title", "quiz__title", "grading_method", "due_at", "opens_at", "closes_at",
                  "accept_late", "late_penalty_percent_per_day", "review", "review_after_close")
            .annotate(points=_quiz_points()).order_by("due_at", "pk"))


def students_for_gradebook(cohort):
    return (Membership.objects.filter(cohort=cohort, role=Membership.Role.STUDENT).select_related("user")
            .only("student_id", "user_id", "user__username", "user__first_name", "user__last_name")
            .order_by("user__last_name", "user__first_name", "user__username"))


def attempts_for_gradebook(assignment_ids, student_ids=None):
    """Tuples in the shape of ``gradebook.grid.AttemptRow`` (ATTEMPT_COLUMNS)."""
    attempts = Attempt.objects.filter(assignment_id__in=assignment_ids).annotate(
        is_submitted=ExpressionWrapper(Q(status=Attempt.Status.SUBMITTED), output_field=BooleanField()))
    if student_ids is not None:
        attempts = attempts.filter(student_id__in=student_ids)
    return attempts.order_by().values_list(*ATTEMPT_COLUMNS)


def adjustments_for_gradebook(assignment_ids, student_ids=None):
    adjustments = GradeAdjustment.objects.filter(assignment_id__in=assignment_ids)
    if student_ids is not None:
        adjustments = adjustments.filter(student_id__in=student_ids)
    return adjustments.order_by().values_list("assignment_id", "student_id", "score", "excused")


def due_dates_for_gradebook(assignment_ids, student_ids=None):
    """Extensions: (assignment_id, student_id, due_at) where an override moves the due date."""
    overrides = AssignmentOverride.objects.filter(assignment_id__in=assignment_ids, due_at__isnull=False)
    if student_ids is not None:
        overrides = overrides.filter(student_id__in=student_ids)
    return overrides.order_by().values_list("assignment_id", "student_id", "due_at")


# Rows to the pure module's shapes -----------------------------------------------------------------------


def rules_of(assignment) -> gb.Rules:
    return gb.Rules(id=assignment.pk, grading_method=assignment.grading_method, due_at=assignment.due_at,
                    points=assignment.points.quantize(gb.CENT), title=assignment.display_title,
                    penalty_per_day=assignment.late_penalty_percent_per_day)


def student_of(membership) -> gb.Student:
    user = membership.user
    name = user.get_full_name() or user.username
    return gb.Student(id=user.pk, name=name, sis_id=membership.student_id,
                      sort_name=f"{user.last_name} {user.first_name} {user.username}".lower().strip())


def attempt_rows(tuples) -> list[gb.AttemptRow]:
    return list(map(gb.AttemptRow._make, tuples))


def loaded(assignment_ids, student_ids=None) -> dict:
    """Attempts, adjustments and extensions (three queries) as ``gradebook.grid.grid`` takes them."""
    return {
        "attempts": attempt_rows(attempts_for_gradebook(assignment_ids, student_ids)),
        "adjustments": {(a, s): gb.Adjustment(score, excused)
                        for a, s, score, excused in adjustments_for_gradebook(assignment_ids, student_ids)},
        "due_dates": {(a, s): due for a, s, due in due_dates_for_gradebook(assignment_ids, student_ids)},
    }


@dataclass
class Gradebook:
    assignments: list  # Assignment rows, in column order
    rules: list  # gb.Rules, the same order
    rows: list  # gb.Row per student


def gradebook_for_cohort(cohort, *, now) -> Gradebook:
    """The whole grid: five queries (assignments, students, attempts, adjustments, extensions)."""
    assignments = list(assignments_for_gradebook([cohort.pk]))
    rules = [rules_of(a) for a in assignments]
    students = [student_of(m) for m in students_for_gradebook(cohort)]
    rows = gb.grid(assignments=rules, students=students, now=now, **loaded([a.pk for a in assignments]))
    return Gradebook(assignments, rules, rows)


def cell_for(assignment, student_id: int, *, now) -> gb.Cell:
    """One student's cell of one assignment (four queries), for services that log old and new scores."""
    assignment = assignments_for_gradebook([assignment.cohort_id]).get(pk=assignment.pk)
    student = gb.Student(id=student_id, name="", sort_name="")
    rows = gb.grid(assignments=[rules_of(assignment)], students=[student], now=now,
                   **loaded([assignment.pk], [student_id]))
    return rows[0].cells[0]
