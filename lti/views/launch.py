"""The LTI endpoints a platform calls: the keyset, the OIDC login initiation and the launch.

Each answer may be framed by the platform that called (lti.frames); a refusal is a plain page with the
reason and a 4xx status, and saves nothing.
"""

from urllib.parse import urlencode

from django.contrib.auth import login
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lti import frames, keys
from lti.claims import DEEP_LINK_LAUNCH
from lti.launch import LaunchRefused, oidc_login, validated_launch
from lti.roles import INSTRUCTOR, STUDENT
from lti.services import launch_apply

SESSION_DEEP_LINK = "lti_deep_link"  # {"launch_id", "context_id"} of the deep-linking request being answered
SESSION_SETUP = "lti_setup"  # {"context_id", "link_id", "lineitem_url"}: an instructor's first launch, to finish


@require_GET
def jwks(request):
    """The tool's public keys, for platforms to verify what Casebook signs."""
    response = JsonResponse(keys.jwks())
    response["Cache-Control"] = "public, max-age=300"
    return response


def refused(request, refusal: LaunchRefused):
    """A page anyone may frame (it has nothing to click): the LMS shows the reason in its iframe."""
    response = render(request, "lti/refused.html", {"message": refusal.message}, status=refusal.status)
    return frames.allow_frame(response, ["*"])


def launch_urls(request) -> set[str]:
    return {request.build_absolute_uri(reverse(name)) for name in ("lti:launch", "lti:deep-link-launch")}


@csrf_exempt
@xframe_options_exempt
@require_http_methods(["GET", "POST"])
def oidc_login_view(request):
    """Third-party initiated login: send the browser to the platform's authorization endpoint, after a
    check (static/js/lti/cookie_check.js) that the frame may keep cookies; if it may not, the page
    offers to open Casebook in a new window, where the same login runs again at the top level."""
    params = request.POST if request.method == "POST" else request.GET
    target = params.get("target_link_uri", "")
    launch_url = target if target in launch_urls(request) else request.build_absolute_uri(reverse("lti:launch"))
    try:
        started = oidc_login(request, launch_url)
    except LaunchRefused as refusal:
        return refused(request, refusal)
    if params.get("lti1p3_new_window"):
        response = HttpResponseRedirect(started.auth_url)
    else:
        again = {key: value for key, value in params.items() if key != "csrfmiddlewaretoken"}
        new_window = f"{reverse('lti:login')}?{urlencode({**again, 'lti1p3_new_window': '1'})}"
        response = render(request, "lti/login.html", {"auth_url": started.auth_url, "new_window_url": new_window})
    started.cookies.update_response(response)
    return frames.allow_frame(response, frames.platform_origins(started.platform),
                              **{"form-action": ["'self'", frames.origin_of(started.auth_url)]})


@csrf_exempt
@xframe_options_exempt
@require_POST
def launch(request):
    try:
        checked = validated_launch(request)
        result = launch_apply(platform=checked.platform, deployment=checked.deployment, claims=checked.claims)
    except LaunchRefused as refusal:
        return refused(request, refusal)
    login(request, result.user, backend="django.contrib.auth.backends.ModelBackend")
    frames.remember_frame(request, checked.platform)
    claims = checked.claims
    if claims.message_type == DEEP_LINK_LAUNCH:
        request.session[SESSION_DEEP_LINK] = {"launch_id": checked.message.get_launch_id(),
                                              "context_id": result.context.pk}
    if result.needs_setup:
        request.session[SESSION_SETUP] = {"context_id": result.context.pk,
                                          "link_id": result.link.pk if result.link else None,
                                          "lineitem_url": claims.lineitem_url}
        return frames.allow_frame(redirect("lti:setup"), frames.platform_origins(checked.platform))
    response = landing(request, result.link, result.role, lineitem_url=claims.lineitem_url,
                       deep_link=claims.message_type == DEEP_LINK_LAUNCH)
    return frames.allow_frame(response, frames.platform_origins(checked.platform))


def landing(request, link, role: str, *, lineitem_url: str = "", deep_link: bool = False):
    """Where a launch opens: the deep-linking picker, the link's assignment or case, or (a link made in
    the LMS by hand) the instructor's choice of what it opens."""
    if deep_link:
        return redirect("lti:deep-link")
    if link.assignment_id:
        if role == STUDENT:
            return redirect("gradebook:assignment", link.assignment_id)
        return redirect("quizzes:assignment-staff", link.assignment_id)
    if link.case_id:
        return redirect("casestudies:detail", link.case.slug)
    if role == INSTRUCTOR:
        request.session[SESSION_SETUP] = {"link_id": link.pk, "lineitem_url": lineitem_url}
        return redirect("lti:link-setup", link.pk)
    return render(request, "lti/not_ready.html", status=404)

