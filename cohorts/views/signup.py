"""Joining without an account: the join link's page for a visitor, the sign-up form, "check your email",
and the emailed link that confirms the account and joins (cohorts.signups). Every page needs a valid
code; wrong codes count against the visitor's address exactly as joining does (cohorts.throttle)."""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cohorts import signups, throttle
from cohorts.forms import SignUpForm
from cohorts.invitations import Site
from cohorts.views.paused import paused_response

SENT_EMAIL = "cohorts:signup-sent-to"  # the session key: the address "check your email" names


def _join_url(code: str) -> str:
    return f"{reverse('cohorts:join')}?{urlencode({'code': code})}"


def _cohort_or_refuse(request, code: str, template: str, context: dict):
    """The code's cohort, or the response refusing it: 429 while paused, 400 for a wrong code (counted)."""
    who = {"user_id": None, "ip": get_client_ip_address(request)}
    if until := throttle.join_paused_until(**who):
        return None, paused_response(request, template, context, until)
    cohort = signups.cohort_for_code(code)
    if cohort is None:
        throttle.join_failed(**who)
        return None, render(request, template, {**context, "invalid": True}, status=400)
    return cohort, None


def join_landing(request):
    """The join link, opened by someone not signed in: sign in to join, or (if the cohort allows) sign up."""
    code = "".join(request.GET.get("code", "").split()).upper()[:12]
    if not code:
        return redirect_to_login(request.get_full_path())
    cohort, refused = _cohort_or_refuse(request, code, "cohorts/join_landing.html", {"code": code})
    if refused:
        return refused
    sign_in = f"{reverse('login')}?{urlencode({'next': _join_url(code)})}"
    signup_url = f"{reverse('cohorts:signup')}?{urlencode({'code': code})}"
    return render(request, "cohorts/join_landing.html", {"cohort": cohort, "code": code, "sign_in_url": sign_in,
                                                          "signup_url": signup_url})


def signup(request):
    if request.user.is_authenticated:  # already has an account: join with it
        return redirect(_join_url(request.GET.get("code", "")[:12]))
    code = "".join((request.POST.get("code") or request.GET.get("code", "")).split()).upper()[:12]
    if not code:
        raise Http404  # no code, no sign-up page: the site stays closed to strangers
    form = SignUpForm(request.POST or None, initial={"code": code})
    cohort, refused = _cohort_or_refuse(request, code, "cohorts/signup_form.html", {"form": form, "code": code})
    if refused:
        return refused
    context = {"form": form, "cohort": cohort, "code": code,
               "sign_in_url": f"{reverse('login')}?{urlencode({'next': _join_url(code)})}"}
    if not cohort.self_signup:
        return render(request, "cohorts/signup_off.html", context, status=403)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            signups.signup_start(cohort=cohort, email=data["email"], username=data["username"],
                                 first_name=data["first_name"], last_name=data["last_name"],
                                 password=data["password1"], site=Site.of(request))
            request.session[SENT_EMAIL] = data["email"]
            return redirect("cohorts:signup-sent")
        return render(request, "cohorts/signup_form.html", context, status=400)
    return render(request, "cohorts/signup_form.html", context)


def signup_sent(request):
    email = request.session.get(SENT_EMAIL)
    if not email:
        return redirect("login")
    return render(request, "cohorts/signup_sent.html", {"email": email})


def signup_confirm(request, token):
    """GET shows what the link confirms (mail scanners open links: they must not activate anything);
    the button posts, which confirms, signs in and shows the cohort's assignments."""
    try:
        confirmable = signups.signup_check(token)
        if request.method == "POST":
            membership = signups.signup_confirm(token=token)
    except signups.LinkRefused as refusal:
        return _refused(request, refusal)
    if request.method != "POST":
        return render(request, "cohorts/signup_confirm.html", {"cohort": confirmable.cohort,
                                                               "new_user": confirmable.user})
    request.session.pop(SENT_EMAIL, None)
    login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your email is confirmed. Welcome to “%(name)s”: you have joined as a student.")
                     % {"name": membership.cohort.name})
    return redirect("gradebook:dashboard")


def _refused(request, refusal):
    context = {"refusal": refusal, "cohort": refusal.cohort}
    if refusal.reason in ("expired", "replaced") and refusal.code_still_works:  # never a code changed since
        context["signup_url"] = f"{reverse('cohorts:signup')}?{urlencode({'code': refusal.code})}"
    return render(request, "cohorts/signup_link_refused.html", context, status=400)
