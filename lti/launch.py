"""Checking an OIDC login and a launch with pylti1p3, and turning whatever it refuses into a
``LaunchRefused`` whose message a person can act on (the library's own text goes to the log)."""

import json
import logging
from dataclasses import dataclass

import jwt
from django.utils.translation import gettext as _
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.contrib.django.cookie import DjangoCookieService
from pylti1p3.contrib.django.request import DjangoRequest
from pylti1p3.exception import LtiException, OIDCException

from lti.claims import Claims, MissingClaim, read_claims
from lti.models import Deployment, Platform
from lti.tool_config import ToolConf

logger = logging.getLogger(__name__)
PLATFORM_KEYS_CACHE_SECONDS = 600


class LaunchRefused(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


@dataclass
class Launch:
    platform: Platform
    deployment: Deployment
    claims: Claims
    message: DjangoMessageLaunch


def storage() -> DjangoCacheDataStorage:
    """State, nonces and launch data live in the shared cache (every process sees them)."""
    return DjangoCacheDataStorage()


@dataclass
class Login:
    platform: Platform
    auth_url: str  # the platform's authorization endpoint, with state and nonce
    cookies: DjangoCookieService  # sets the state cookie on whichever response goes back


def oidc_login(request, launch_url: str) -> Login:
    """Answer the platform's third-party login initiation: where to send the browser, and its state cookie."""
    conf = ToolConf()
    cookies = DjangoCookieService(DjangoRequest(request))
    login = DjangoOIDCLogin(request, conf, cookie_service=cookies, launch_data_storage=storage())
    try:
        url = login.get_redirect_object(launch_url).get_redirect_url()
    except (LtiException, OIDCException) as error:
        logger.info("LTI login refused: %s", error)
        raise LaunchRefused(_("Casebook does not know this LMS (issuer %(iss)s): ask your Casebook administrator "
                              "to register it.") % {"iss": request.GET.get("iss") or request.POST.get("iss") or "?"}
                            ) from error
    deployment_id = request.GET.get("lti_deployment_id") or request.POST.get("lti_deployment_id")
    if deployment_id and not Deployment.objects.filter(platform=conf.platform, deployment_id=deployment_id).exists():
        raise LaunchRefused(_("This LMS deployment (%(id)s) is not registered with Casebook.") % {"id": deployment_id})
    return Login(conf.platform, url, cookies)


def _unverified_body(request) -> dict:
    try:
        return jwt.decode(request.POST.get("id_token", ""), options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return {}


def _explain(error: Exception, request) -> LaunchRefused:
    """The library's reasons, as sentences for the person who clicked the link."""
    text = str(error)
    body = _unverified_body(request)
    iss, aud = body.get("iss", ""), body.get("aud", "")
    aud = aud[0] if isinstance(aud, list) and aud else aud
    if "State not found" in text or "Missing state" in text:
        return LaunchRefused(_("This launch does not belong to this browser (the state does not match). Open the "
                               "link again from your course."))
    if "expired" in text.lower():
        return LaunchRefused(_("This launch has expired. Open the link again from your course."))
    if "Nonce" in text or "nonce" in text:
        return LaunchRefused(_("This launch was not started by Casebook (unknown nonce). Open the link again from "
                               "your course."))
    if "Registration not found" in text or "Client id not registered" in text:
        if iss and not Platform.objects.filter(issuer=iss, is_active=True).exists():
            return LaunchRefused(_("Casebook does not know this LMS (issuer %(iss)s).") % {"iss": iss})
        return LaunchRefused(_("This launch was meant for another tool (its audience %(aud)s is not Casebook's "
                               "client ID).") % {"aud": aud})
    if "deployment" in text.lower():
        return LaunchRefused(_("This LMS deployment is not registered with Casebook."))
    if "decode id_token" in text or "public key" in text.lower() or "KID" in text or "ALG" in text:
        return LaunchRefused(_("The launch's signature does not verify with the LMS's keys."))
    return LaunchRefused(_("The launch is incomplete: %(reason)s") % {"reason": text})


def validated_launch(request) -> Launch:
    """The launch in ``request`` (the platform's form post), checked end to end, or LaunchRefused."""
    conf = ToolConf()
    message = DjangoMessageLaunch(request, conf, launch_data_storage=storage())
    message.set_public_key_caching(storage(), cache_lifetime=PLATFORM_KEYS_CACHE_SECONDS)
    try:
        message.validate()
        body = message.get_launch_data()
    except (LtiException, AssertionError, json.JSONDecodeError) as error:
        logger.info("LTI launch refused: %s", error)
        raise _explain(error, request) from error
    try:
        claims = read_claims(body, conf.platform.client_id)
    except MissingClaim as missing:
        raise LaunchRefused(_("The launch is missing the “%(claim)s” claim Casebook needs.") % {"claim": missing}
                            ) from missing
    return Launch(conf.platform, conf.deployment, claims, message)


def restored_launch(request, launch_id: str) -> DjangoMessageLaunch:
    """A validated launch kept in the cache (deep linking answers it after the instructor picks)."""
    try:
        return DjangoMessageLaunch.from_cache(launch_id, request, ToolConf(), launch_data_storage=storage())
    except LtiException as error:
        raise LaunchRefused(_("This deep-linking request has expired. Start again from your course."), 400
                            ) from error
