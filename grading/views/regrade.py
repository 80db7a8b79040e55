"""Regrading a question after its key changed (instructors who may edit the bank): a preview that
writes nothing, then one POST that applies exactly what was previewed, or refuses if the key changed
again in between."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import instructor_required
from banks.keys import answer_key
from banks.models import Question, QuestionBank
from banks.services import version_spec
from grading import tasks
from grading.services.regrade import (
    RegradeStale,
    answered_before,
    regrade_apply,
    regrade_plan,
    regrade_size,
    regrade_summary,
)
from jobs.services import job_start


class ApplyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)  # the key the preview was computed with


def _question(user, pk) -> Question:
    """A question of a bank the instructor owns or shares: others get 404, whoever taught with it."""
    visible = Question.objects.filter(bank__in=QuestionBank.objects.visible_to(user), current_version__isnull=False)
    return get_object_or_404(visible.select_related("current_version", "bank"), pk=pk)


def _preview(request, question, status=200):
    plan, version = regrade_plan(question=question, instructor=request.user), question.current_version
    context = {"plan": plan, "question": question, "version": version,
               "key": answer_key(version_spec(version), version.rendered),
               "form": ApplyForm(initial={"version": question.current_version_id})}
    return render(request, "grading/regrade_preview.html", context, status=status)


@instructor_required
@require_GET
def regrade(request, pk):
    return _preview(request, _question(request.user, pk))


@instructor_required
@require_GET
def regrade_offer(request, pk):
    """What the bank page shows beside a question just saved as a new version (htmx): how many attempts
    answered an older one, and the way to the regrade preview; nothing when none did. Opened as a page
    (no htmx), it is the regrade preview itself."""
    question = _question(request.user, pk)
    if not request.htmx:
        return redirect("grading:regrade", question.pk)
    count = answered_before(question=question, instructor=request.user)
    return render(request, "grading/_regrade_offer.html", {"question": question, "count": count})


@instructor_required
@require_POST
def regrade_apply_view(request, pk):
    question = _question(request.user, pk)
    form = ApplyForm(request.POST)
    if not form.is_valid():
        return _preview(request, question, status=400)
    version = form.cleaned_data["version"]
    if regrade_size(question=question, instructor=request.user) > settings.REGRADE_INLINE_ANSWERS:
        job = job_start(owner=request.user, task=tasks.apply_regrade, args=(question.pk, request.user.pk, version),
                        title=_("Regrading “%(title)s”") % {"title": question.current_version.title or question},
                        back_url=reverse("grading:regrade", args=[question.pk]))
        return redirect(job)
    try:
        plan = regrade_apply(question=question, instructor=request.user, expected_version_id=version)
    except RegradeStale as stale:
        messages.warning(request, str(stale))
        return _preview(request, Question.objects.select_related("current_version", "bank").get(pk=pk), status=409)
    messages.success(request, regrade_summary(plan))
    return redirect("grading:regrade", question.pk)
