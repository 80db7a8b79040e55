"""Add students from a CSV: preview every row, then add them all or none, and invite the new ones."""

from collections import Counter
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts import invitations, services
from cohorts.access import get_cohort_for_instructor
from cohorts.forms import RosterApplyForm, RosterUploadForm


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
    with transaction.atomic():
        created = services.roster_apply(cohort=cohort, rows=rows)
        transaction.on_commit(partial(_invite, request, cohort, created))
    added = sum(row.action in ("new", "existing") for row in rows)
    message = ngettext("Added %(added)s student.", "Added %(added)s students.", added) % {"added": added}
    if created:
        message += " " + ngettext("%(new)s new account was emailed a link to set a password.",
                                  "%(new)s new accounts were emailed a link to set a password.",
                                  len(created)) % {"new": len(created)}
    messages.success(request, message)
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


def _invite(request, cohort, users):
    """After commit, so nobody is emailed about an account a rollback took away."""
    if users and not invitations.invitations_send(request=request, cohort=cohort, users=users):
        messages.warning(request, _("The students were added, but the invitation emails could not be sent. "
                                    "Use “Resend invitation” on the cohort's roster to try again."))
