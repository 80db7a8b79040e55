"""A student's own grades, per cohort. Only theirs, and only what the review policy lets them see now:
while it says "nothing", no score of that assignment reaches the page, not even inside a total."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from cohorts.models import Membership
from gradebook import grid
from gradebook.queries import assignments_for_gradebook, loaded, rules_of
from quizzes.review import level_now, shows_score


@login_required
def my_grades(request):
    now, me = timezone.now(), request.user
    memberships = Membership.objects.filter(user=me, role=Membership.Role.STUDENT).select_related("cohort")
    groups = {m.cohort_id: {"cohort": m.cohort, "rows": []} for m in memberships}
    assignments = list(assignments_for_gradebook(list(groups)).prefetch_related(
        Prefetch("overrides", to_attr="all_overrides")) if groups else [])
    data = loaded([a.pk for a in assignments], [me.pk])
    student = grid.Student(id=me.pk, name=str(me), sort_name="")
    row = grid.grid(assignments=[rules_of(a) for a in assignments], students=[student], now=now, **data)[0]
    for assignment, score in zip(assignments, row.cells):
        visible = shows_score(level_now(assignment, assignment.all_overrides, now))
        groups[assignment.cohort_id]["rows"].append({
            "assignment": assignment, "cell": score, "visible": visible,
            "due": data["due_dates"].get((assignment.pk, me.pk), assignment.due_at),
        })
    for group in groups.values():
        group["total"] = grid.total(r["cell"] for r in group["rows"] if r["visible"])
        group["hidden"] = sum(1 for r in group["rows"] if not r["visible"] and r["cell"].submitted)
    return render(request, "gradebook/my_grades.html", {"groups": list(groups.values())})
