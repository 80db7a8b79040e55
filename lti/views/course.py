"""The cohort's LMS page for its staff: each student's grade passback state per LMS column, re-sending
one grade or all, and the roster sync (last run, who left, run it now)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cohorts.access import get_cohort_for_instructor, get_cohort_for_staff
from cohorts.models import Membership
from gradebook.queries import students_for_gradebook
from lti import passback, tasks
from lti.models import Context, GradeSync, LineItem, RosterEntry


def _context_of(cohort) -> Context:
    return get_object_or_404(Context.objects.select_related("deployment__platform"), cohort=cohort)


@login_required
def cohort_grades(request, cohort_pk):
    cohort, membership = get_cohort_for_staff(request.user, cohort_pk)
    context = _context_of(cohort)
    items = list(LineItem.objects.filter(context=context).select_related("assignment__quiz").order_by("pk"))
    students = list(students_for_gradebook(cohort))
    syncs = {(s.line_item_id, s.student_id): s for s in GradeSync.objects.filter(line_item__in=items)}
    rows = [(member, [(item, syncs.get((item.pk, member.user_id))) for item in items]) for member in students]
    left = RosterEntry.objects.filter(context=context, has_left=True).select_related("account__user")
    return render(request, "lti/cohort_grades.html", {
        "cohort": cohort, "context": context, "items": items, "rows": rows, "left": left,
        "can_change": membership.role == Membership.Role.INSTRUCTOR,
        "failed": sum(s.state == GradeSync.State.FAILED for s in syncs.values()),
    })


@login_required
@require_POST
def grade_resend(request, line_item_pk, student_pk):
    item = get_object_or_404(LineItem.objects.select_related("context__deployment", "assignment"), pk=line_item_pk)
    cohort, _membership = get_cohort_for_instructor(request.user, item.assignment.cohort_id)
    if not cohort.memberships.filter(user_id=student_pk, role=Membership.Role.STUDENT).exists():
        raise PermissionDenied
    sent = passback.resend(line_items=[item], student_ids=[student_pk])
    messages.success(request, _("The grade is being sent again.") if sent else
                     _("This student has no account on the LMS yet: nothing to send."))
    next_url = request.POST.get("next")
    return redirect(_local(next_url)) if next_url else redirect("lti:cohort-grades", cohort.pk)


@login_required
@require_POST
def grades_resend_all(request, cohort_pk):
    cohort, _membership = get_cohort_for_instructor(request.user, cohort_pk)
    items = list(LineItem.objects.filter(context=_context_of(cohort)).select_related("context__deployment",
                                                                                       "assignment"))
    sent = passback.resend(line_items=items)
    messages.success(request, ngettext("%(n)s grade is being sent again.", "%(n)s grades are being sent again.",
                                       len(sent)) % {"n": len(sent)})
    return redirect("lti:cohort-grades", cohort.pk)


@login_required
@require_POST
def roster_sync_now(request, cohort_pk):
    cohort, _membership = get_cohort_for_instructor(request.user, cohort_pk)
    context = _context_of(cohort)
    if not context.memberships_url:
        messages.error(request, _("The LMS did not offer its roster service for this course."))
    else:
        transaction.on_commit(lambda: tasks.sync_roster.enqueue(context.pk))
        messages.success(request, _("The roster is being synced from the LMS; reload in a moment."))
    return redirect("lti:cohort-grades", cohort.pk)


def _local(url: str) -> str:
    """Only a path of ours from a value that went through the browser (no open redirect)."""
    return url if url.startswith("/") and not url.startswith("//") else "/"
