"""Who may see which quiz, assignment or attempt: the quiz's owner, the cohort's members by role, the
attempt's own student. Everyone else gets 404."""

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import F
from django.shortcuts import get_object_or_404

from banks.models import QuestionVersion
from cohorts.models import Membership
from quizzes.models import Assignment, Attempt, AttemptQuestion, Quiz

MEMBERSHIP_FIELDS = ("id", "role", "student_id", "time_multiplier", "extra_attempts")


def get_assignment_for_member(user, pk: int):
    """An assignment of a cohort the user belongs to (with its points possible), with the user's
    membership; 404 otherwise. One query: every student opens this page when an exam starts."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("quiz", "quiz__case", "cohort").filter(cohort__memberships__user=user)
        .with_points().annotate(**{f"member_{name}": F(f"cohort__memberships__{name}") for name in MEMBERSHIP_FIELDS}),
        pk=pk,
    )
    membership = Membership(cohort=assignment.cohort, user=user,
                            **{name: getattr(assignment, f"member_{name}") for name in MEMBERSHIP_FIELDS})
    membership._state.adding, membership._state.db = False, assignment._state.db  # as loaded from the database
    return assignment, membership


def get_attempt_for_student(user, pk: int):
    """The student's own attempt; anyone else's is 404, even to its cohort's other students."""
    return get_object_or_404(
        Attempt.objects.select_related("assignment__quiz__case", "assignment__cohort"), pk=pk, student=user
    )


# Autosave's lookup, written out: the ORM took longer to compile this query than the database took
# to plan and run it (2.2 ms against 0.6 ms per save, measured on PostgreSQL; see bench/bench_load.py).
_AUTOSAVE_QUESTION_SQL = """
    SELECT a.id, a.student_id, a.status, a.deadline_at,
           aq.id AS question_pk, aq.flagged AS question_flagged, v.id AS version_pk, v.spec AS version_spec
    FROM quizzes_attemptquestion aq
    JOIN quizzes_attempt a ON a.id = aq.attempt_id
    JOIN banks_questionversion v ON v.id = aq.version_id
    WHERE aq.attempt_id = %s AND aq.position = %s AND a.student_id = %s
"""


def get_attempt_question_for_student(user, attempt_pk: int, position: int) -> AttemptQuestion | None:
    """One question of the student's own attempt, with just what an autosave needs, in one query.

    Autosave is the hottest path at a deadline: it must not load the case text or the quiz. None means
    no such question; call ``get_attempt_for_student`` to tell a stranger's attempt (404) from that.
    """
    attempt = next(iter(Attempt.objects.raw(_AUTOSAVE_QUESTION_SQL, [attempt_pk, position, user.pk])), None)
    if attempt is None:
        return None
    spec = QuestionVersion._meta.get_field("spec").from_db_value(attempt.version_spec, None, connection)
    return AttemptQuestion(pk=attempt.question_pk, attempt=attempt, position=position,
                           flagged=bool(attempt.question_flagged), version=QuestionVersion(pk=attempt.version_pk, spec=spec))


def get_quiz_for_user(user, pk: int) -> Quiz:
    """Quizzes are private to their owner: anyone else gets 404."""
    return get_object_or_404(Quiz.objects.select_related("case"), pk=pk, owner_id=user.pk)


def get_assignment_for_staff(user, pk: int):
    """Instructors and TAs of the assignment's cohort; its students get 403, outsiders 404."""
    assignment, membership = get_assignment_for_member(user, pk)
    if not membership.is_staff_role:
        raise PermissionDenied
    return assignment, membership


def get_assignment_for_instructor(user, pk: int):
    """Instructors of the cohort only: TAs and students get 403, outsiders 404."""
    assignment, membership = get_assignment_for_member(user, pk)
    if membership.role != Membership.Role.INSTRUCTOR:
        raise PermissionDenied
    return assignment, membership
