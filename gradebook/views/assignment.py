"""The student's page of an assignment: its rules, their attempts, where they stand, and the start
button (which posts to quizzes.views.taking.attempt_begin)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from gradebook.queries import student_scores
from gradebook.standing import standing
from quizzes.access import get_assignment_for_member
from quizzes.models import AssignmentOverride
from quizzes.review import level_now, shows_score
from quizzes.services.attempts import attempts_allowed, finalise_if_overdue, window_for


@login_required
def assignment_detail(request, pk):
    """The student's page; the cohort's instructors and TAs manage the assignment on theirs."""
    assignment, membership = get_assignment_for_member(request.user, pk)
    if membership.is_staff_role:
        return redirect("quizzes:assignment-staff", assignment.pk)
    return _assignment_page(request, assignment, membership)


def _assignment_page(request, assignment, membership, status=200):
    now = timezone.now()
    overrides = list(AssignmentOverride.objects.filter(assignment=assignment))
    override = next((o for o in overrides if o.student_id == request.user.pk), None)
    window = window_for(assignment=assignment, membership=membership, override=override)
    attempts = [finalise_if_overdue(a, now) for a in assignment.attempts.filter(student=request.user).order_by("number")]
    level = level_now(assignment, overrides, now)
    (score,) = student_scores([assignment], request.user.pk, now=now, attempts={assignment.pk: attempts},
                              due_dates={assignment.pk: override.due_at if override else None})
    allowed = attempts_allowed(assignment=assignment, membership=membership, override=override)
    context = {
        "assignment": assignment, "case": assignment.quiz.case, "window": window, "attempts": attempts,
        "allowed": allowed, "attempts_left": max(allowed - len(attempts), 0), "level": level, "now": now,
        "standing": standing(window=window, attempts=attempts, score=score, level=level, now=now),
        "score": score if shows_score(level) else None,
        "is_open": window.opens_at <= now < window.closes_at,
        "limit_minutes": round(window.time_limit.total_seconds() / 60) if window.time_limit else None,
    }
    return render(request, "gradebook/assignment_detail.html", context, status=status)
