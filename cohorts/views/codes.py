"""Joining by code, and the instructor's controls over the code."""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts import services, throttle
from cohorts.access import get_cohort_for_instructor
from cohorts.forms import JoinForm
from cohorts.views import signup
from cohorts.views.paused import paused_response


def cohort_join(request):
    """A form, prefilled from `?code=` so an instructor can share a link instead of a code. Someone not
    signed in who opens the link meets its cohort, to sign in or sign up (cohorts.views.signup)."""
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return signup.join_landing(request)
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")[:12]})
    if request.method == "POST":
        # The address as the sign-in lock-out sees it (axes' settings say which proxy header to trust).
        who = {"user_id": request.user.pk, "ip": get_client_ip_address(request)}
        if until := throttle.join_paused_until(**who):
            return _paused(request, form, until)
        if form.is_valid():
            code = form.cleaned_data["code"]
            already = request.user.memberships.filter(cohort__join_code=code).exists()
            try:
                membership = services.cohort_join(user=request.user, code=code)
            except services.JoinRefused as refusal:
                throttle.join_failed(**who)
                form.add_error("code", str(refusal))
            else:
                name = membership.cohort.name
                messages.success(request, _("You were already in “%(name)s”.") % {"name": name} if already
                                 else _("Welcome to “%(name)s”: you have joined as a student.") % {"name": name})
                return redirect(membership.cohort)
        return render(request, "cohorts/cohort_join.html", {"form": form}, status=400)
    return render(request, "cohorts/cohort_join.html", {"form": form})


def _paused(request, form, until):
    return paused_response(request, "cohorts/cohort_join.html", {"form": form}, until)


@login_required
@require_POST
def code_rotate(request, pk):
    cohort, _membership = get_cohort_for_instructor(request.user, pk)
    services.join_code_rotate(cohort=cohort)
    messages.success(request, _("New join code: %(code)s. The old code no longer works.") % {"code": cohort.join_code})
    return redirect(cohort)


@login_required
@require_POST
def code_disable(request, pk):
    cohort, _membership = get_cohort_for_instructor(request.user, pk)
    services.join_code_disable(cohort=cohort)
    messages.success(request, _("Joining by code is turned off. Create a new code to turn it on again."))
    return redirect(cohort)
