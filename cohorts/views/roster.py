"""Add students from a CSV: preview every row, then add them all or none, and invite the new ones."""

from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cohorts import invitations, services, tasks
from cohorts.access import get_cohort_for_instructor
from cohorts.forms import RosterApplyForm, RosterUploadForm
from jobs.services import job_start


@login_required
def roster_upload(request, pk):
    cohort, _membership = get_cohort_for_instructor(request.user, pk)
    if request.method != "POST":
        return _page(request, cohort, RosterUploadForm())
    if request.POST.get("action") == "apply":
        return _apply(request, cohort)
    form = RosterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, cohort, form, status=400)
    text = form.cleaned_data["csv"]
    rows = services.roster_preview(cohort=cohort, text=text)
    # The pasted box holds the text again, so a wrong row can be fixed here and previewed again.
    return _page(request, cohort, RosterUploadForm(initial={"text": text}), rows=rows, text=text)


def _apply(request, cohort):
    """Check the carried CSV from scratch: the preview may be stale, or the hidden field edited."""
    form = RosterApplyForm(request.POST)
    if not form.is_valid():
        return _page(request, cohort, RosterUploadForm(), status=400)
    text = form.cleaned_data["csv"]
    rows = services.roster_preview(cohort=cohort, text=text)
    if not rows or any(not row.ok for row in rows):
        return _page(request, cohort, RosterUploadForm(initial={"text": text}), rows=rows, text=text,
                     refused=True)
    site = invitations.Site.of(request)
    if len(rows) > settings.ROSTER_INLINE_ROWS:  # a big roster: a job, with a progress bar
        job = job_start(owner=request.user, title=_("Adding the roster of %(cohort)s") % {"cohort": cohort},
                        task=tasks.import_roster, args=(cohort.pk, text, request.user.pk, site.domain, site.protocol),
                        total=len(rows), back_url=cohort.get_absolute_url(), timezone=cohort.timezone)
        return redirect(job)
    with transaction.atomic():
        created = services.roster_apply(cohort=cohort, rows=rows)
        tasks.invite_on_commit(cohort=cohort, inviter=request.user, users=created, site=site)
    messages.success(request, tasks.roster_summary(rows, created))
    return redirect(cohort)


def _page(request, cohort, form, *, rows=None, text="", refused=False, status=None):
    counts = Counter(row.action for row in rows or [])
    context = {
        "cohort": cohort, "form": form, "rows": rows, "counts": counts, "refused": refused,
        "addable": counts["new"] + counts["existing"],
        "apply_form": RosterApplyForm(initial={"csv": text}) if rows and not counts["error"] else None,
    }
    if status is None:
        status = 400 if counts["error"] or refused else 200
    return render(request, "cohorts/roster_upload.html", context, status=status)
