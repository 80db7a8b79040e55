"""The score audit log of a cohort (instructors and TAs): every change, newest first, a page at a time."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from cohorts.access import get_cohort_for_staff
from grading.models import ScoreChange

AUDIT_PAGE_SIZE = 50


@login_required
def audit_log(request, cohort_pk):
    cohort, _membership = get_cohort_for_staff(request.user, cohort_pk)
    changes = (ScoreChange.objects.filter(assignment__cohort=cohort)
               .select_related("student", "changed_by", "assignment__quiz"))
    page = Paginator(changes, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "grading/audit_log.html", {"cohort": cohort, "page": page})
