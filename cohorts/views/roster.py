"""Add students from a CSV: preview every row, then add them all or none, and invite the new ones."""

import logging
from collections import Counter
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts import services
from cohorts.access import get_cohort_for_instructor
from cohorts.forms import RosterApplyForm, RosterUploadForm

logger = logging.getLogger(__name__)


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
    if not users:
        return
    context = {"cohort": cohort, "inviter": request.user, "domain": request.get_host(),
               "protocol": "https" if request.is_secure() else "http"}
    emails = []
    for user in users:
        context |= {"user": user, "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user)}
        subject = "".join(render_to_string("cohorts/emails/roster_invite_subject.txt", context).splitlines())
        body = render_to_string("cohorts/emails/roster_invite_body.txt", context)
        emails.append(EmailMessage(subject, body, to=[user.email]))
    try:
        mailers.default.send_messages(emails)
    except Exception:  # the accounts exist; say so instead of a 500 that hides the saved roster
        logger.exception("Roster invitations for cohort %s could not be sent", cohort.pk)
        messages.warning(request, _("The students were added, but the invitation emails could not be sent. "
                                    "Ask an administrator to send them a password link."))
