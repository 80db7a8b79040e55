from django.utils import timezone

from accounts.zones import display_zone


class UserTimezoneMiddleware:
    """Times outside any cohort (``{% in_zone %}`` sets the cohort's) in the viewer's chosen zone, else
    UTC: accounts.zones decides. They are stored in UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.activate(display_zone(getattr(request, "user", None)))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
