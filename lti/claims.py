# pure: the claims of a validated launch as plain values, no Django.
"""What Casebook reads from a validated id_token, checked for what the library leaves unchecked."""

from dataclasses import dataclass, field

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPE = LTI + "message_type"
RESOURCE_LINK = LTI + "resource_link"
CONTEXT = LTI + "context"
ROLES = LTI + "roles"
CUSTOM = LTI + "custom"
DEPLOYMENT_ID = LTI + "deployment_id"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"

RESOURCE_LAUNCH, DEEP_LINK_LAUNCH = "LtiResourceLinkRequest", "LtiDeepLinkingRequest"


class MissingClaim(ValueError):
    """The token lacks a claim Casebook needs; the message names it."""


@dataclass(frozen=True)
class Claims:
    message_type: str
    sub: str
    nonce: str
    deployment_id: str
    roles: tuple[str, ...]
    context_id: str
    context_title: str = ""
    context_label: str = ""
    resource_link_id: str = ""
    resource_link_title: str = ""
    given_name: str = ""
    family_name: str = ""
    name: str = ""
    email: str = ""
    custom: dict = field(default_factory=dict)
    lineitem_url: str = ""
    lineitems_url: str = ""
    memberships_url: str = ""
    deep_link_return_url: str = ""


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def read_claims(body: dict, client_id: str) -> Claims:
    """Raises MissingClaim for a token without what a launch needs (the message names the claim)."""
    def need(value, name):
        if not _text(value):
            raise MissingClaim(name)
        return _text(value)

    aud = body.get("aud")
    if isinstance(aud, list) and len(aud) > 1 and body.get("azp") != client_id:
        raise MissingClaim("azp")
    message_type = need(body.get(MESSAGE_TYPE), "message_type")
    roles = body.get(ROLES)
    if not isinstance(roles, list):
        raise MissingClaim("roles")
    context = body.get(CONTEXT) if isinstance(body.get(CONTEXT), dict) else {}
    link = body.get(RESOURCE_LINK) if isinstance(body.get(RESOURCE_LINK), dict) else {}
    ags = body.get(AGS) if isinstance(body.get(AGS), dict) else {}
    nrps = body.get(NRPS) if isinstance(body.get(NRPS), dict) else {}
    deep = body.get(DEEP_LINKING) if isinstance(body.get(DEEP_LINKING), dict) else {}
    custom = body.get(CUSTOM) if isinstance(body.get(CUSTOM), dict) else {}
    claims = Claims(
        message_type=message_type, sub=need(body.get("sub"), "sub"), nonce=need(body.get("nonce"), "nonce"),
        deployment_id=need(body.get(DEPLOYMENT_ID), "deployment_id"),
        roles=tuple(role for role in roles if isinstance(role, str)),
        context_id=need(context.get("id"), "context"), context_title=_text(context.get("title")),
        context_label=_text(context.get("label")), resource_link_id=_text(link.get("id")),
        resource_link_title=_text(link.get("title")), given_name=_text(body.get("given_name")),
        family_name=_text(body.get("family_name")), name=_text(body.get("name")), email=_text(body.get("email")),
        custom={str(k): str(v) for k, v in custom.items()}, lineitem_url=_text(ags.get("lineitem")),
        lineitems_url=_text(ags.get("lineitems")), memberships_url=_text(nrps.get("context_memberships_url")),
        deep_link_return_url=_text(deep.get("deep_link_return_url")),
    )
    if message_type == RESOURCE_LAUNCH and not claims.resource_link_id:
        raise MissingClaim("resource_link")
    if message_type == DEEP_LINK_LAUNCH and not claims.deep_link_return_url:
        raise MissingClaim("deep_linking_settings")
    if message_type not in (RESOURCE_LAUNCH, DEEP_LINK_LAUNCH):
        raise MissingClaim("message_type")
    return claims
