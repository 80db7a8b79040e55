from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms import LanguageForm, ProfileForm
from accounts.languages import remember_language


def home(request):
    """Instructors start at their teaching home, everyone else at their assignments (a TA who is no
    student anywhere is sent on from there), visitors at sign-in."""
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect("gradebook:teaching" if request.user.is_instructor else "gradebook:dashboard")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = form.save()
            if user.language:
                translation.activate(user.language)  # the confirmation in the language just chosen
            messages.success(request, _("Your profile was saved."))
            response = redirect("profile")
            remember_language(response, user.language)
            return response
        return render(request, "accounts/profile.html", {"form": form}, status=400)
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request):
    """The navbar's menu, signed in or not: a cookie remembers the choice, and a signed-in user's
    profile keeps it (so it follows them to other browsers and into their emails)."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose one of the languages the menu offers."))
    code, back = form.cleaned_data["language"], form.cleaned_data["next"]
    if request.user.is_authenticated:
        request.user.language = code
        request.user.save(update_fields=["language"])
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    response = redirect(back if safe and back else "home")
    remember_language(response, code)
    return response
