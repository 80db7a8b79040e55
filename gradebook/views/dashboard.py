"""A student's home: their cohorts and each assignment's standing, due dates in their own time zone."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone

from cohorts.models import Membership
from gradebook.queries import student_scores
from gradebook.standing import standing
from quizzes.models import Assignment, Attempt
from quizzes.review import level_now
from quizzes.services.attempts import window_for

TO_DO = {"in_progress", "not_started", "upcoming"}
CASE_TEXT = ("quiz__case__body", "quiz__case__body_html", "quiz__case__toc_html", "quiz__case__summary")


def assignments_for_dashboard(user, cohort_ids):
    """Assignments with their quiz, case (no case text) and points possible, this student's attempts and
    every override (the last close decides what review shows): four queries however many there are."""
    return (
        Assignment.objects.filter(cohort_id__in=cohort_ids)
        .select_related("quiz__case", "cohort")
        .defer(*CASE_TEXT)
        .prefetch_related(
            Prefetch("attempts", Attempt.objects.filter(student=user).order_by("number"), to_attr="mine"),
            Prefetch("overrides", to_attr="all_overrides"),
        )
        .with_points().order_by("due_at", "pk")
    )


@login_required
def dashboard(request):
    now = timezone.now()
    everywhere = list(Membership.objects.filter(user=request.user).select_related("cohort"))
    memberships = [m for m in everywhere if m.role == Membership.Role.STUDENT]
    teaches = any(m.is_staff_role for m in everywhere)
    if teaches and not memberships:
        return redirect("gradebook:teaching")  # a TA who takes no class: nothing to do here
    by_cohort = {m.cohort_id: {"membership": m, "cohort": m.cohort, "rows": []} for m in memberships}
    assignments = list(assignments_for_dashboard(request.user, list(by_cohort))) if by_cohort else []
    mine = {a.pk: next((o for o in a.all_overrides if o.student_id == request.user.pk), None) for a in assignments}
    scores = student_scores(assignments, request.user.pk, now=now, attempts={a.pk: a.mine for a in assignments},
                            due_dates={pk: o.due_at for pk, o in mine.items() if o})
    for assignment, score in zip(assignments, scores):
        group = by_cohort[assignment.cohort_id]
        override = mine[assignment.pk]
        window = window_for(assignment=assignment, membership=group["membership"], override=override)
        level = level_now(assignment, assignment.all_overrides, now)
        group["rows"].append({
            "assignment": assignment, "window": window, "case": assignment.quiz.case,
            "standing": standing(window=window, attempts=assignment.mine, score=score, level=level, now=now),
        })
    for group in by_cohort.values():
        group["rows"].sort(key=_to_do_first)
    context = {"groups": list(by_cohort.values()), "now": now, "teaches": teaches}
    return render(request, "gradebook/dashboard.html", context)


def _to_do_first(row):
    """What can still be done, soonest due first; then the finished and missed, most recent first."""
    due = row["window"].due_at.timestamp()
    return (0, due) if row["standing"].code in TO_DO else (1, -due)
