from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.forms import ProfileForm


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
            form.save()
            messages.success(request, _("Your profile was saved."))
            return redirect("profile")
        return render(request, "accounts/profile.html", {"form": form}, status=400)
    return render(request, "accounts/profile.html", {"form": form})
