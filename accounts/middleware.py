from django.utils import timezone, translation

from accounts.languages import chosen_language
from accounts.zones import display_zone


class UserLanguageMiddleware:
    """A signed-in user's chosen language wins over the cookie and the browser's, which Django's
    LocaleMiddleware (earlier, before anyone is signed in) read; accounts.languages decides."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = chosen_language(getattr(request, "user", None))
        if code:
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)


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
