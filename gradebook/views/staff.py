"""The gradebook, staff side: the cohort's grid, one student's attempts, one attempt's grading detail,
grade adjustments (instructors), the audit log and the CSV exports (instructors and TAs).

TAs see and export everything here but change nothing (403); outsiders get 404, students 403.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts.access import get_cohort_for_staff
from cohorts.models import Membership
from gradebook import grid, sync_status, tasks
from gradebook import services as grades
from gradebook.csv_exports import export_rows, stream_csv
from gradebook.forms import GradeAdjustForm
from gradebook.models import GradeAdjustment
from gradebook.queries import (
    assignments_for_gradebook,
    gradebook_for_cohort,
    loaded,
    rules_of,
    score_for,
    student_of,
    students_for_gradebook,
)
from gradebook.review import review_rows
from gradebook.score import Status, days_late
from grading.models import ScoreChange
from jobs.services import job_start
from quizzes.access import get_assignment_for_instructor
from quizzes.models import Attempt, AttemptQuestion

STATUS_LABELS = {  # the filter's options, in the order an instructor looks for them
    Status.NEEDS_GRADING: gettext_lazy("Needs grading"), Status.MISSED: gettext_lazy("Missed"),
    Status.LATE: gettext_lazy("Late"), Status.IN_PROGRESS: gettext_lazy("In progress"),
    Status.NOT_STARTED: gettext_lazy("Not started"), Status.EXCUSED: gettext_lazy("Excused"),
    Status.GRADED: gettext_lazy("Graded"),
}


@login_required
def gradebook(request, cohort_pk):
    cohort, membership = get_cohort_for_staff(request.user, cohort_pk)
    book = gradebook_for_cohort(cohort, now=timezone.now())
    sort, descending = request.GET.get("sort", "name"), request.GET.get("dir") == "desc"
    column = _sort_column(sort, book.rules)
    shown = grid.filter_rows(book.rows, search=request.GET.get("q", ""), status=request.GET.get("status", ""))
    shown = grid.sort_rows(shown, column=column, descending=descending)
    totals = grid.column_totals(book.rows, len(book.rules))
    links = _sort_links(request.GET, ["name", "total", *(f"a{r.id}" for r in book.rules)], sort, descending)
    columns = [{"assignment": a, "rules": r, "total": t, "key": f"a{a.pk}", "link": links[f"a{a.pk}"]}
               for a, r, t in zip(book.assignments, book.rules, totals)]
    context = {
        "cohort": cohort, "membership": membership, "columns": columns, "table": _rendered_cells(shown),
        "student_count": len(book.rows), "class_average": grid.class_average(book.rows),
        "sort": sort if column is not None else "name", "descending": descending,
        "sort_links": links,
        "q": request.GET.get("q", ""), "status": request.GET.get("status", ""), "statuses": STATUS_LABELS.items(),
        "can_change": membership.role == Membership.Role.INSTRUCTOR,
        "outside_links": sync_status.cohort_links(cohort),
    }
    return render(request, "gradebook/gradebook.html", context)


def _rendered_cells(rows: list) -> list[tuple]:
    """Each row with its cells as one piece of HTML. A class has few distinct cells (status, score,
    penalty), so each is rendered from the template once and reused: rendering 30,000 cells one by
    one would take seconds."""
    template, seen, table = get_template("gradebook/gradebook.html#cell"), {}, []
    for row in rows:
        parts = []
        for cell in row.cells:
            key = (cell.status, cell.points, cell.penalty_percent, cell.overridden)
            if key not in seen:
                seen[key] = template.render({"cell": cell})
            parts.append(seen[key])
        table.append((row, mark_safe("".join(parts))))  # noqa: S308 (rendered by the template engine)
    return table


def _sort_column(sort: str, rules: list) -> int | None:
    if sort == "total":
        return -1
    ids = {f"a{r.id}": i for i, r in enumerate(rules)}
    return ids.get(sort)


def _sort_links(params: QueryDict, keys: list[str], current: str, descending: bool) -> dict[str, str]:
    """Each column header's link: sort by it, or flip the order when it is already the sort."""
    links = {}
    for key in keys:
        query = params.copy()
        query["sort"] = key
        query["dir"] = "asc" if key == current and descending else ("desc" if key == current else "asc")
        links[key] = "?" + query.urlencode()
    return links


@login_required
def gradebook_student(request, cohort_pk, student_pk):
    cohort, membership = get_cohort_for_staff(request.user, cohort_pk)
    member = get_object_or_404(students_for_gradebook(cohort), user_id=student_pk)
    now = timezone.now()
    assignments = list(assignments_for_gradebook([cohort.pk]))
    data = loaded([a.pk for a in assignments], [student_pk])
    rules = [rules_of(a) for a in assignments]
    row = grid.grid(assignments=rules, students=[student_of(member)], now=now, **data)[0]
    questions = AttemptQuestion.objects.select_related("version").only(
        "attempt_id", "position", "score", "points", "result", "version__title").order_by("position")
    attempts = (Attempt.objects.filter(assignment__cohort=cohort, student_id=student_pk)
                .prefetch_related(Prefetch("questions", questions)).order_by("number"))
    by_assignment = {}
    for attempt in attempts:
        by_assignment.setdefault(attempt.assignment_id, []).append(attempt)
    lms = sync_status.statuses([a.pk for a in assignments], [student_pk])
    sections = [{**_section(a, r, c, by_assignment.get(a.pk, []), data["due_dates"].get((a.pk, student_pk))),
                 "lms": lms.get((a.pk, student_pk))} for a, r, c in zip(assignments, rules, row.cells)]
    changes = (ScoreChange.objects.filter(assignment__cohort=cohort, student_id=student_pk)
               .select_related("changed_by", "assignment__quiz"))
    context = {"cohort": cohort, "member": member, "student": member.user, "row": row, "sections": sections,
               "changes": changes, "can_change": membership.role == Membership.Role.INSTRUCTOR}
    return render(request, "gradebook/student_grades.html", context)


def _section(assignment, rules, cell, attempts, extension):
    due = extension or assignment.due_at
    timings = [{
        "attempt": a,
        "duration": (a.submitted_at - a.started_at) if a.submitted_at else None,
        "days_late": days_late(a.submitted_at, due, rules.zone) if a.submitted_at else 0,
    } for a in attempts]
    return {"assignment": assignment, "cell": cell, "attempts": timings, "due": due, "extended": bool(extension)}


@login_required
def gradebook_attempt(request, pk):
    attempt = get_object_or_404(
        Attempt.objects.select_related("assignment__quiz", "assignment__cohort", "student"), pk=pk)
    cohort, membership = get_cohort_for_staff(request.user, attempt.assignment.cohort_id)
    context = {"attempt": attempt, "assignment": attempt.assignment, "cohort": cohort, "student": attempt.student,
               "student_pk": attempt.student_id, "rows": review_rows(attempt, key=True, detail=True),
               "score": score_for(attempt.assignment, attempt.student_id, now=timezone.now())}
    return render(request, "gradebook/attempt_detail_staff.html", context)


ADJUSTERS = {"override": grades.grade_override, "clear": grades.grade_override_clear,
             "excuse": grades.grade_excuse, "unexcuse": grades.grade_unexcuse}
DONE = {"override": gettext_lazy("Score overridden for %(student)s."),
        "clear": gettext_lazy("Override cleared for %(student)s."),
        "excuse": gettext_lazy("Excused %(student)s."),
        "unexcuse": gettext_lazy("The excusal of %(student)s is removed.")}


@login_required
def grade_adjust(request, pk, student_pk):
    assignment, _membership = get_assignment_for_instructor(request.user, pk)
    member = get_object_or_404(Membership.objects.select_related("user"), cohort=assignment.cohort,
                               user_id=student_pk, role=Membership.Role.STUDENT)
    form = GradeAdjustForm(request.POST or None, points_possible=assignment.points_possible, student=member.user)
    if request.method == "POST":
        if form.is_valid():
            action = form.cleaned_data["action"]
            extra = {"score": form.cleaned_data["score"]} if action == "override" else {}
            try:
                ADJUSTERS[action](assignment=assignment, student=member.user, reason=form.cleaned_data["reason"],
                                  by=request.user, **extra)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, DONE[action] % {"student": member.user})
                url = reverse("gradebook:gradebook-student", args=[assignment.cohort_id, student_pk])
                return redirect(f"{url}#assignment-{assignment.pk}")
        return render(request, "gradebook/gradebook_adjust.html", _adjust_context(assignment, member, form), status=400)
    return render(request, "gradebook/gradebook_adjust.html", _adjust_context(assignment, member, form))


def _adjust_context(assignment, member, form) -> dict:
    return {
        "assignment": assignment, "cohort": assignment.cohort, "member": member, "form": form,
        "cell": score_for(assignment, member.user_id, now=timezone.now()),
        "adjustment": GradeAdjustment.objects.filter(assignment=assignment, student=member.user).first(),
        "changes": ScoreChange.objects.filter(assignment=assignment, student=member.user).select_related("changed_by"),
    }


def _filename(cohort, what: str) -> str:
    return f"{slugify(str(cohort)) or 'cohort'}-{what}-{timezone.localdate():%Y-%m-%d}.csv"


@login_required
def gradebook_csv(request, cohort_pk):
    cohort, _membership = get_cohort_for_staff(request.user, cohort_pk)
    return _export(request, cohort, "grades", _("Exporting the grades of %(cohort)s"))


@login_required
def responses_csv(request, cohort_pk):
    cohort, _membership = get_cohort_for_staff(request.user, cohort_pk)
    return _export(request, cohort, "responses", _("Exporting the responses of %(cohort)s"))


def _export(request, cohort, kind, title):
    """Streamed as it is written for most classes; a big cohort's is written by a job, with a progress page."""
    filename = _filename(cohort, kind)
    if cohort.memberships.filter(role=Membership.Role.STUDENT).count() > settings.EXPORT_INLINE_STUDENTS:
        job = job_start(owner=request.user, title=title % {"cohort": cohort}, task=tasks.export_csv,
                        args=(cohort.pk, kind, filename), back_url=reverse("gradebook:gradebook", args=[cohort.pk]),
                        timezone=cohort.timezone)
        return redirect(job)
    return stream_csv(export_rows(kind, cohort, now=timezone.now()), filename)
