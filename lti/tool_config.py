"""pylti1p3 over Casebook's tables: registrations are ``Platform`` rows, deployments ``Deployment`` rows.

Lookups only: an unknown issuer, client or deployment is refused, never created on the fly (the library's
own Django config and django-lti's both create unknown deployments).
"""

import requests
from pylti1p3.contrib.django.service_connector import DjangoServiceConnector
from pylti1p3.deployment import Deployment as LibDeployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract

from lti.keys import current_key
from lti.models import Deployment, Platform


class ToolRegistration(Registration):
    """The library's registration, signing with the tool's current key under its published kid."""

    _kid = None

    def get_kid(self):
        return self._kid

    def get_jwks(self):
        return []


def registration_for(platform: Platform) -> ToolRegistration:
    key = current_key()
    registration = ToolRegistration()
    registration.set_issuer(platform.issuer).set_client_id(platform.client_id).set_key_set_url(platform.keyset_url)
    registration.set_auth_token_url(platform.auth_token_url).set_auth_login_url(platform.auth_login_url)
    registration.set_auth_audience(platform.auth_audience).set_tool_private_key(key.private_key)
    registration._kid = key.kid
    return registration


SERVICE_TIMEOUT = (5, 20)  # seconds to connect, to read: a hung LMS must not hold a worker


class TimeoutSession(requests.Session):
    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", SERVICE_TIMEOUT)
        return super().request(*args, **kwargs)


def connector_for(platform: Platform) -> DjangoServiceConnector:
    """Signed service requests (AGS, NRPS) with a cached access token, outside any launch."""
    session = TimeoutSession()
    session.headers["User-Agent"] = "Casebook-LTI"
    return DjangoServiceConnector(registration_for(platform), requests_session=session)


class ToolConf(ToolConfAbstract):
    def __init__(self):
        super().__init__()
        self.platform: Platform | None = None
        self.deployment: Deployment | None = None

    def check_iss_has_one_client(self, iss):
        return False

    def check_iss_has_many_clients(self, iss):
        return True

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        return None

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        """The active platform for the issuer and client id; without a client id (the OIDC login may
        leave it out) only when the issuer has a single registration."""
        platforms = Platform.objects.filter(issuer=iss, is_active=True)
        if client_id:
            platforms = platforms.filter(client_id=client_id)
        found = list(platforms[:2])
        if len(found) != 1:
            return None
        self.platform = found[0]
        return registration_for(self.platform)

    def find_deployment(self, iss, deployment_id):
        return None

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        if self.platform is None:
            return None
        self.deployment = Deployment.objects.filter(platform=self.platform, deployment_id=deployment_id).first()
        return LibDeployment().set_deployment_id(deployment_id) if self.deployment else None
