"""A submitted attempt as its student may see it now: nothing, the score (the attempt's, and the one that
counts for the assignment), which answers were right (with the hand-grader's comments), or (the "full"
level only) the correct answers, feedback and the cited passage of the case.

The key is looked up only when quizzes.review.shows_key says so (see gradebook.review): below that
level no page or response carries it.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from gradebook import sync_status
from gradebook.queries import student_scores
from gradebook.review import review_rows
from quizzes.access import get_attempt_for_student
from quizzes.models import Assignment, Attempt
from quizzes.review import level_now, shows_correctness, shows_key, shows_score
from quizzes.services.attempts import finalise_if_overdue


@login_required
def attempt_review(request, pk):
    attempt = finalise_if_overdue(get_attempt_for_student(request.user, pk))
    if attempt.status != Attempt.Status.SUBMITTED:
        return redirect("quizzes:attempt", attempt.pk)
    assignment, now = attempt.assignment, timezone.now()
    overrides = list(assignment.overrides.all())
    level = level_now(assignment, overrides, now)
    case = assignment.quiz.case
    context = {
        "attempt": attempt, "assignment": assignment, "case": case, "level": level,
        "shows_score": shows_score(level), "shows_correctness": shows_correctness(level), "show_key": shows_key(level),
        "score": _score(assignment, request.user.pk, overrides, now) if shows_score(level) else None,
        "rows": review_rows(attempt, key=shows_key(level), case=case) if shows_correctness(level) else [],
        "lms": _lms(assignment, request.user.pk) if shows_score(level) else None,
    }
    return render(request, "gradebook/attempt_review.html", context)


def _lms(assignment, student_id):
    """Whether the grade reached the LMS (one query, when an LMS provider is configured)."""
    return sync_status.statuses([assignment.pk], [student_id]).get((assignment.pk, student_id))


def _score(assignment, student_id, overrides, now):
    """What counts for the assignment, beside this attempt's own score: three queries (the assignment's
    points possible, the student's attempts, an adjustment)."""
    assignment = Assignment.objects.select_related("quiz", "cohort").with_points().get(pk=assignment.pk)
    attempts = list(Attempt.objects.filter(assignment=assignment, student_id=student_id))
    due = next((o.due_at for o in overrides if o.student_id == student_id), None)
    return student_scores([assignment], student_id, now=now, attempts={assignment.pk: attempts},
                          due_dates={assignment.pk: due})[0]
