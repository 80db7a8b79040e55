"""The teaching home: where instructors and TAs land after signing in (students land on their dashboard)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from gradebook.teaching import DUE_SOON, teaching_home


@login_required
def teaching(request):
    now = timezone.now()
    home = teaching_home(request.user, now=now)
    if not (home.teaches or request.user.is_instructor):
        raise PermissionDenied  # a student: their home is the dashboard
    return render(request, "gradebook/teaching_home.html", {"home": home, "now": now, "due_soon": DUE_SOON})
