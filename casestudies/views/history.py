"""Revision history: list, diff between two revisions, restore."""

import difflib

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import instructor_required
from casestudies import services
from casestudies.access import get_case_for_editor


@instructor_required
def case_history(request, slug):
    case = get_case_for_editor(request.user, slug)
    revisions = case.revisions.select_related("editor").defer("body", "summary", "source")
    return render(request, "casestudies/casestudy_history.html", {"case": case, "revisions": revisions})


@instructor_required
def revision_diff(request, slug, number):
    """Compare a revision with the one before it (or with ``?against=N``)."""
    case = get_case_for_editor(request.user, slug)
    revision = get_object_or_404(case.revisions, number=number)
    against_number = request.GET.get("against", "")
    older = case.revisions.filter(
        number=int(against_number) if against_number.isdigit() else number - 1
    ).first()
    lines = _diff_lines(older.body if older else "", revision.body)
    context = {"case": case, "revision": revision, "older": older, "lines": lines,
               "title_changed": older is not None and older.title != revision.title,
               "is_latest": not case.revisions.filter(number__gt=number).exists()}
    return render(request, "casestudies/revision_diff.html", context)


def _diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, text) pairs of a unified diff; kind is one of add, remove, context, hunk."""
    kinds = {"+": "add", "-": "remove", " ": "context", "@": "hunk"}
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=3)
    return [(kinds.get(line[:1], "context"), line) for line in list(diff)[2:]]


@instructor_required
@require_POST
def revision_restore(request, slug, number):
    case = get_case_for_editor(request.user, slug)
    revision = get_object_or_404(case.revisions, number=number)
    services.case_restore(case=case, revision=revision, editor=request.user)
    messages.success(request, _("Restored revision %(number)s.") % {"number": number})
    return redirect("casestudies:edit", slug=case.slug)
