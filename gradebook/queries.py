"""The reads behind every page that shows a score, each costing a fixed number of queries however many
students and assignments there are (pinned in tests/gradebook/test_query_counts.py).

Attempts come back as tuples of the few columns the arithmetic needs, not model instances: a cohort of
500 students and 20 assignments is 10,000+ rows, and building models for them is most of the time.
Everything is then computed by ``gradebook.score.score`` (through ``gradebook.grid`` for many).
"""

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q

from accounts.zones import cohort_zone
from cohorts.models import Membership
from gradebook import grid
from gradebook.models import GradeAdjustment
from gradebook.score import Adjustment, AttemptRow, Rules, Score, cents
from quizzes.models import Assignment, AssignmentOverride, Attempt

ATTEMPT_COLUMNS = ("assignment_id", "student_id", "number", "is_submitted", "score", "max_score", "submitted_at",
                   "needs_grading")  # the fields of gradebook.score.AttemptRow, in order


def assignments_for_gradebook(cohort_ids):
    """The cohorts' assignments with their quiz title and ``points_possible``, in due order."""
    return (Assignment.objects.filter(cohort_id__in=cohort_ids).select_related("quiz", "cohort")
            .only("cohort_id", "cohort__timezone", "title", "quiz__title", "grading_method", "due_at", "opens_at",
                  "closes_at", "accept_late", "late_penalty_percent_per_day", "review", "review_after_close")
            .with_points().order_by("due_at", "pk"))


def students_for_gradebook(cohort):
    return (Membership.objects.filter(cohort=cohort, role=Membership.Role.STUDENT).select_related("user")
            .only("student_id", "user_id", "user__username", "user__first_name", "user__last_name")
            .order_by("user__last_name", "user__first_name", "user__username"))


def attempts_for_gradebook(assignment_ids, student_ids=None):
    """Tuples in the shape of ``gradebook.score.AttemptRow`` (ATTEMPT_COLUMNS)."""
    attempts = Attempt.objects.filter(assignment_id__in=assignment_ids).annotate(
        is_submitted=ExpressionWrapper(Q(status=Attempt.Status.SUBMITTED), output_field=BooleanField()))
    if student_ids is not None:
        attempts = attempts.filter(student_id__in=student_ids)
    return attempts.order_by().values_list(*ATTEMPT_COLUMNS)


def adjustments_for_gradebook(assignment_ids, student_ids=None):
    adjustments = GradeAdjustment.objects.filter(assignment_id__in=assignment_ids)
    if student_ids is not None:
        adjustments = adjustments.filter(student_id__in=student_ids)
    return adjustments.order_by().values_list(
        "assignment_id", "student_id", "score", "excused", "reason", "changed_at",
        "changed_by__first_name", "changed_by__last_name", "changed_by__username")


def due_dates_for_gradebook(assignment_ids, student_ids=None):
    """Extensions: (assignment_id, student_id, due_at) where an override moves the due date."""
    overrides = AssignmentOverride.objects.filter(assignment_id__in=assignment_ids, due_at__isnull=False)
    if student_ids is not None:
        overrides = overrides.filter(student_id__in=student_ids)
    return overrides.order_by().values_list("assignment_id", "student_id", "due_at")


# Rows to the pure modules' shapes -----------------------------------------------------------------------


def rules_of(assignment) -> Rules:
    """The assignment (loaded with its cohort's time zone) as gradebook.score takes it."""
    return Rules(id=assignment.pk, grading_method=assignment.grading_method, due_at=assignment.due_at,
                 points=cents(assignment.points_possible), title=assignment.display_title,
                 penalty_per_day=assignment.late_penalty_percent_per_day,
                 zone=cohort_zone(assignment.cohort.timezone))


def student_of(membership) -> grid.Student:
    user = membership.user
    name = user.get_full_name() or user.username
    return grid.Student(id=user.pk, name=name, sis_id=membership.student_id,
                        sort_name=f"{user.last_name} {user.first_name} {user.username}".lower().strip())


def loaded(assignment_ids, student_ids=None) -> dict:
    """Attempts, adjustments and extensions (three queries) as ``gradebook.grid.grid`` takes them."""
    return {
        "attempts": list(map(AttemptRow._make, attempts_for_gradebook(assignment_ids, student_ids))),
        "adjustments": loaded_adjustments(assignment_ids, student_ids),
        "due_dates": {(a, s): due for a, s, due in due_dates_for_gradebook(assignment_ids, student_ids)},
    }


def loaded_adjustments(assignment_ids, student_ids=None) -> dict:
    return {(a, s): Adjustment(points, excused, by=f"{first} {last}".strip() or username, reason=reason, at=at)
            for a, s, points, excused, reason, at, first, last, username
            in adjustments_for_gradebook(assignment_ids, student_ids)}


@dataclass
class Gradebook:
    assignments: list  # Assignment rows, in column order
    rules: list  # Rules, the same order
    rows: list  # grid.Row per student


def gradebook_for_cohort(cohort, *, now) -> Gradebook:
    """The whole grid: five queries (assignments, students, attempts, adjustments, extensions)."""
    assignments = list(assignments_for_gradebook([cohort.pk]))
    rules = [rules_of(a) for a in assignments]
    students = [student_of(m) for m in students_for_gradebook(cohort)]
    rows = grid.grid(assignments=rules, students=students, now=now, **loaded([a.pk for a in assignments]))
    return Gradebook(assignments, rules, rows)


def attempt_row(attempt) -> AttemptRow:
    """An Attempt (a model instance) in the shape ``gradebook.score`` takes."""
    return AttemptRow(attempt.assignment_id, attempt.student_id, attempt.number,
                      attempt.status == Attempt.Status.SUBMITTED, attempt.score, attempt.max_score,
                      attempt.submitted_at, attempt.needs_grading)


def student_scores(assignments, student_id: int, *, now, attempts: dict | None = None,
                   due_dates: dict | None = None) -> list[Score]:
    """One student's score on each of ``assignments`` (loaded ``with_points()``), in their order.

    A page that holds the student's attempts ({assignment id: [Attempt]}) and extensions ({assignment id:
    due_at}) already passes them: then this is one query (the adjustments), else three.
    """
    ids = [a.pk for a in assignments]
    if attempts is None or due_dates is None:
        data = loaded(ids, [student_id])
    else:
        data = {"attempts": [attempt_row(a) for theirs in attempts.values() for a in theirs],
                "due_dates": {(a, student_id): due for a, due in due_dates.items() if due},
                "adjustments": loaded_adjustments(ids, [student_id])}
    student = grid.Student(id=student_id, name="", sort_name="")
    return grid.grid(assignments=[rules_of(a) for a in assignments], students=[student], now=now, **data)[0].cells


def score_for(assignment, student_id: int, *, now) -> Score:
    """One student's score on one assignment (four queries), for services that log the old and new score."""
    assignment = Assignment.objects.select_related("quiz", "cohort").with_points().get(pk=assignment.pk)
    return student_scores([assignment], student_id, now=now)[0]
