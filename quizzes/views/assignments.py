"""Staff pages of assignments: a cohort's list, create and edit (instructors), the staff view of one
assignment (instructors and TAs), and per-student overrides (instructors)."""

from collections import Counter
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cohorts.access import get_cohort_for_instructor, get_cohort_for_staff
from cohorts.models import Membership
from quizzes.access import get_assignment_for_instructor, get_assignment_for_staff
from quizzes.forms import AssignmentForm, OverrideForm
from quizzes.models import Assignment, AssignmentOverride, Attempt
from quizzes.services import quizzes as services

STATUSES = {  # in the order a row shows the first that applies
    "needs_grading": gettext_lazy("Needs grading"),
    "in_progress": gettext_lazy("In progress"),
    "submitted": gettext_lazy("Submitted"),
    "not_started": gettext_lazy("Not started"),
}
STATUS_CLASSES = {"needs_grading": "text-bg-warning", "in_progress": "text-bg-info", "submitted": "text-bg-success",
                  "not_started": "text-bg-light border"}


@login_required
def cohort_assignments(request, cohort_pk):
    cohort, membership = get_cohort_for_staff(request.user, cohort_pk)
    submitted = Q(attempts__status=Attempt.Status.SUBMITTED)
    assignments = cohort.assignments.select_related("quiz").annotate(
        submitted_count=Count("attempts__student", filter=submitted, distinct=True))
    context = {"cohort": cohort, "membership": membership, "assignments": assignments,
               "student_count": cohort.memberships.filter(role=Membership.Role.STUDENT).count()}
    return render(request, "quizzes/assignment_staff_list.html", context)


@login_required
def assignment_create(request, cohort_pk):
    cohort, _membership = get_cohort_for_instructor(request.user, cohort_pk)
    form = AssignmentForm(request.POST or None, user=request.user, cohort=cohort,
                          initial={"quiz": request.GET.get("quiz")})
    if request.method == "POST":
        if form.is_valid():
            try:
                assignment = services.assignment_create(cohort=cohort, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Assigned “%(title)s” to %(cohort)s.") % {
                    "title": assignment.display_title, "cohort": cohort})
                return redirect("quizzes:assignment-staff", assignment.pk)
        return render(request, "quizzes/assignment_form.html", {"form": form, "cohort": cohort}, status=400)
    return render(request, "quizzes/assignment_form.html", {"form": form, "cohort": cohort})


@login_required
def assignment_edit(request, pk):
    assignment, _membership = get_assignment_for_instructor(request.user, pk)
    cohort = assignment.cohort
    form = AssignmentForm(request.POST or None, instance=assignment, user=request.user, cohort=cohort)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.assignment_update(assignment=assignment, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("quizzes:assignment-staff", assignment.pk)
        context = {"form": form, "cohort": cohort, "assignment": Assignment.objects.get(pk=pk)}
        return render(request, "quizzes/assignment_form.html", context, status=400)
    return render(request, "quizzes/assignment_form.html", {"form": form, "cohort": cohort, "assignment": assignment})


@dataclass
class StudentRow:
    membership: Membership
    attempts_used: int
    attempts_allowed: int
    status: str
    last_submitted: object
    override: AssignmentOverride | None

    @property
    def status_label(self):
        return STATUSES[self.status]

    @property
    def status_class(self):
        return STATUS_CLASSES[self.status]


def student_progress(assignment: Assignment) -> list[StudentRow]:
    """Every student of the cohort with their attempt status: one query for the roster and counts,
    one for the overrides, however many students there are."""
    mine = Q(user__attempts__assignment=assignment)
    status = "user__attempts__status"
    students = (
        assignment.cohort.memberships.filter(role=Membership.Role.STUDENT).select_related("user")
        .annotate(
            used=Count("user__attempts", filter=mine),
            open_count=Count("user__attempts", filter=mine & Q(**{status: Attempt.Status.IN_PROGRESS})),
            done_count=Count("user__attempts", filter=mine & Q(**{status: Attempt.Status.SUBMITTED})),
            to_grade=Count("user__attempts", filter=mine & Q(**{status: Attempt.Status.SUBMITTED},
                                                              user__attempts__needs_grading=True)),
            last_submitted=Max("user__attempts__submitted_at", filter=mine),
        )
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    overrides = {o.student_id: o for o in AssignmentOverride.objects.filter(assignment=assignment)}
    rows = []
    for member in students:
        override = overrides.get(member.user_id)
        state = ("needs_grading" if member.to_grade else "in_progress" if member.open_count
                 else "submitted" if member.done_count else "not_started")
        allowed = assignment.attempts_allowed + member.extra_attempts + (override.extra_attempts if override else 0)
        rows.append(StudentRow(member, member.used, allowed, state, member.last_submitted, override))
    return rows


@login_required
def assignment_staff(request, pk):
    assignment, membership = get_assignment_for_staff(request.user, pk)
    rows = student_progress(assignment)
    counts = Counter(row.status for row in rows)
    context = {
        "assignment": assignment, "cohort": assignment.cohort, "rows": rows,
        "can_change": membership.role == Membership.Role.INSTRUCTOR,
        "counts": [(key, label, counts[key]) for key, label in STATUSES.items()],
        "overrides": [row for row in rows if row.override],
    }
    return render(request, "quizzes/assignment_staff.html", context)


@login_required
def override_edit(request, pk, student_pk):
    assignment, _membership = get_assignment_for_instructor(request.user, pk)
    member = get_object_or_404(Membership.objects.select_related("user"), cohort=assignment.cohort,
                               user_id=student_pk, role=Membership.Role.STUDENT)
    override = AssignmentOverride.objects.filter(assignment=assignment, student=member.user).first()
    form = OverrideForm(request.POST or None, assignment=assignment,
                        instance=override or AssignmentOverride(assignment=assignment, student=member.user))
    context = {"form": form, "assignment": assignment, "cohort": assignment.cohort, "member": member,
               "override": override}
    if request.method == "POST":
        if form.is_valid():
            services.override_set(assignment=assignment, student=member.user, **form.cleaned_data)
            messages.success(request, _("Override saved for %(student)s.") % {"student": member.user})
            return redirect("quizzes:assignment-staff", assignment.pk)
        return render(request, "quizzes/override_form.html", context, status=400)
    return render(request, "quizzes/override_form.html", context)


@login_required
@require_POST
def override_delete(request, pk, student_pk):
    assignment, _membership = get_assignment_for_instructor(request.user, pk)
    member = get_object_or_404(Membership.objects.select_related("user"), cohort=assignment.cohort,
                               user_id=student_pk, role=Membership.Role.STUDENT)
    if services.override_remove(assignment=assignment, student=member.user):
        messages.success(request, _("Override removed for %(student)s.") % {"student": member.user})
    return redirect(reverse("quizzes:assignment-staff", args=[assignment.pk]))
