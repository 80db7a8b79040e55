"""Which language a page or an email is in: the one rule the middleware, the language menu and the
email tasks follow.

1. a signed-in user's own choice (their profile, or the navbar's menu, which saves it too): it wins;
2. else the menu's cookie (someone signed out who chose), then the browser's ``Accept-Language``
   (both read by Django's LocaleMiddleware);
3. else English (``settings.LANGUAGE_CODE``).
An email has no browser: it goes in its recipient's chosen language, else the language of the page
that caused it (an invitation in the instructor's), else English.
"""

from django.conf import settings


def known(code: str) -> bool:
    return code in dict(settings.LANGUAGES)


def chosen_language(user) -> str:
    """The language the user picked, or "" (none: their browser's)."""
    code = getattr(user, "language", "") if getattr(user, "is_authenticated", False) else ""
    return code if known(code) else ""


def email_language(user, fallback: str = "") -> str:
    """The language an email to ``user`` is written in (``fallback``: the language of the request that
    queued it, if any)."""
    return chosen_language(user) or (fallback if known(fallback) else "") or settings.LANGUAGE_CODE


def remember_language(response, code: str) -> None:
    """The menu's cookie, which keeps a choice for someone signed out (and after signing out); "" forgets it."""
    if not code:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, path=settings.LANGUAGE_COOKIE_PATH,
                               domain=settings.LANGUAGE_COOKIE_DOMAIN, samesite=settings.LANGUAGE_COOKIE_SAMESITE)
        return
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
                        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                        samesite=settings.LANGUAGE_COOKIE_SAMESITE)
