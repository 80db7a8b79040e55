"""Role checks shared by every app's views."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def instructor_required(view):
    """Signed-in instructors only: anonymous users go to the login page, students get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_instructor:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
