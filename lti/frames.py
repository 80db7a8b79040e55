"""Letting the LMS frame Casebook, for its pages and no one else's.

Everywhere else Casebook refuses every frame (``X-Frame-Options: DENY``, ``frame-ancestors 'none'``). A
response to an LTI request (login, launch, deep linking) and every page of a session that an LTI launch
signed in get ``frame-ancestors`` listing that platform's origins alone, and no X-Frame-Options (it cannot
name an origin). Under TLS that session's cookies are re-issued ``SameSite=None; Secure`` so the browser
sends them inside the LMS's iframe; a session signed in on Casebook itself keeps ``SameSite=Lax``.
"""

from urllib.parse import urlsplit

from django.conf import settings

SESSION_KEY = "lti_frame_origins"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def platform_origins(platform) -> list[str]:
    configured = [line.strip().rstrip("/") for line in platform.frame_origins.splitlines() if line.strip()]
    origins = configured or [origin_of(platform.issuer), origin_of(platform.auth_login_url)]
    return sorted({origin for origin in origins if origin})


def framed_policy(origins, **directives) -> dict:
    return {**settings.SECURE_CSP, "frame-ancestors": list(origins) or ["'none'"], **directives}


def allow_frame(response, origins, **directives):
    """Let ``origins`` frame this response (``directives`` may widen others, e.g. form-action)."""
    response._csp_config = framed_policy(origins, **directives)
    response.xframe_options_exempt = True
    response.headers.pop("X-Frame-Options", None)
    return response


def remember_frame(request, platform) -> None:
    """After a launch signs someone in: the rest of their session may be framed by this platform."""
    request.session[SESSION_KEY] = platform_origins(platform)


class LtiFrameMiddleware:
    """Sits between the CSP middleware and the session middleware: it sees the session cookie the
    session middleware set and the X-Frame-Options header of the clickjacking middleware, and sets the
    policy before the CSP middleware writes it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        origins = session.get(SESSION_KEY) if session is not None else None
        if origins and not getattr(response, "_csp_config", None):
            allow_frame(response, origins)
        if (origins or getattr(response, "xframe_options_exempt", False)) and request.is_secure():
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                if name in response.cookies:
                    response.cookies[name]["samesite"] = "None"
                    response.cookies[name]["secure"] = True
        return response
