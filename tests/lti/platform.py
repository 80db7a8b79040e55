"""A small but real LTI 1.3 platform for the tests, on a loopback port in a thread.

It signs id_tokens with its own RS256 key and serves that key as a JWKS; runs the OIDC authorization
endpoint (checking the tool's client id, redirect URI and passing back state and nonce); issues access
tokens for a client_credentials grant whose JWT assertion it verifies against the tool's published keys;
keeps AGS line items and records the scores posted to them; serves an NRPS membership container (paged);
and accepts a deep-linking response, verifying its signature, turning each content item into a resource
link (with its line item). Nothing of Casebook or pylti1p3 is imported or mocked.

Tests change its behaviour through attributes: ``tamper`` (a function over the next id_token's claims,
header and signing key), ``score_failures`` (HTTP statuses the next score posts get).
"""

import html
import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_SCOPES = ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
              "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
              "https://purl.imsglobal.org/spec/lti-ags/scope/score"]
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
INSTRUCTOR, LEARNER = ROLE + "Instructor", ROLE + "Learner"
TA = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"


def new_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


_KEY = []


def platform_key():
    """One platform key for the whole run (RSA key generation is most of a test's set-up)."""
    if not _KEY:
        _KEY.append(new_key())
    return _KEY[0]


@dataclass
class Person:
    sub: str
    given_name: str
    family_name: str
    roles: list
    email: str = ""
    status: str = "Active"

    @property
    def name(self):
        return f"{self.given_name} {self.family_name}"


@dataclass
class Link:
    id: str
    context_id: str
    title: str
    custom: dict = field(default_factory=dict)
    lineitem_id: str = ""


@dataclass
class Token:
    claims: dict
    header: dict
    key: str


class Platform:
    client_id = "casebook-client"
    deployment_id = "deployment-1"
    kid = "platform-key-1"

    def __init__(self, host="localhost"):
        self.host = host
        self.key = platform_key()
        self.people: dict[str, Person] = {}
        self.contexts: dict[str, dict] = {}
        self.links: dict[str, Link] = {}
        self.lineitems: dict[str, dict] = {}
        self.scores: list[dict] = []  # every score received: {"lineitem", "body", "content_type"}
        self.deep_link_responses: list[dict] = []
        self.tokens: dict[str, list[str]] = {}  # access token -> scopes
        self.token_requests: list[dict] = []
        self.tool_jwks: dict | None = None  # or fetched from tool_jwks_url
        self.tool_jwks_url = ""
        self.tool_login_url = ""
        self.tool_launch_url = ""
        self.tamper = None
        self.score_failures: list[int] = []
        self.page_size = 50
        self.issued: list[dict] = []  # claims of each id_token issued
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- lifecycle -------------------------------------------------------------------------------------
    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http://{self.host}:{self.server.server_address[1]}"

    @property
    def issuer(self):
        return self.url

    def endpoints(self) -> dict:
        return {"issuer": self.issuer, "client_id": self.client_id, "auth_login_url": self.url + "/auth",
                "auth_token_url": self.url + "/token", "keyset_url": self.url + "/jwks",
                "deployment_ids": [self.deployment_id]}

    # --- the course --------------------------------------------------------------------------------------
    def add_person(self, hint, given, family, roles, **extra) -> Person:
        person = Person(sub=extra.pop("sub", f"sub-{hint}-{uuid.uuid4().hex[:6]}"), given_name=given,
                        family_name=family, roles=roles, email=extra.pop("email", f"{hint}@lms.example.edu"), **extra)
        self.people[hint] = person
        return person

    def add_context(self, context_id="course-1", title="Ethics 101", label="ETH101", members=None):
        self.contexts[context_id] = {"id": context_id, "title": title, "label": label,
                                     "members": members if members is not None else list(self.people)}
        return self.contexts[context_id]

    def add_link(self, link_id, context_id="course-1", title="Casebook", custom=None, score_maximum=None) -> Link:
        link = Link(link_id, context_id, title, custom or {})
        if score_maximum is not None:
            link.lineitem_id = self.add_lineitem(context_id, title, score_maximum, link_id)
        self.links[link_id] = link
        return link

    def add_lineitem(self, context_id, label, score_maximum, link_id="") -> str:
        item_id = f"li-{len(self.lineitems) + 1}"
        self.lineitems[item_id] = {"id": self.lineitem_url(context_id, item_id), "label": label,
                                   "scoreMaximum": score_maximum, "resourceLinkId": link_id}
        return item_id

    def lineitem_url(self, context_id, item_id):
        return f"{self.url}/contexts/{context_id}/lineitems/{item_id}"

    def scores_for(self, link_id) -> list[dict]:
        url = self.lineitem_url(self.links[link_id].context_id, self.links[link_id].lineitem_id)
        return [s["body"] for s in self.scores if s["lineitem"] == url]

    # --- launches -----------------------------------------------------------------------------------------
    def login_params(self, hint, message_hint, *, target=None) -> dict:
        return {"iss": self.issuer, "login_hint": hint, "target_link_uri": target or self.tool_launch_url,
                "lti_message_hint": message_hint, "client_id": self.client_id,
                "lti_deployment_id": self.deployment_id}

    def claims_for(self, hint, message_hint, nonce) -> dict:
        person = self.people[hint]
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": self.client_id, "azp": self.client_id, "sub": person.sub,
            "exp": now + 300, "iat": now, "nonce": nonce, "name": person.name, "given_name": person.given_name,
            "family_name": person.family_name, "email": person.email,
            LTI + "deployment_id": self.deployment_id, LTI + "version": "1.3.0", LTI + "roles": person.roles,
        }
        kind, _colon, key = message_hint.partition(":")
        if kind == "deep":
            context = self.contexts[key]
            claims[LTI + "message_type"] = "LtiDeepLinkingRequest"
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
                "deep_link_return_url": f"{self.url}/deep_link_return/{key}", "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"], "accept_multiple": False,
                "data": "opaque-" + key}
        else:
            link = self.links[key]
            context = self.contexts[link.context_id]
            claims[LTI + "message_type"] = "LtiResourceLinkRequest"
            claims[LTI + "resource_link"] = {"id": link.id, "title": link.title}
            claims[LTI + "target_link_uri"] = self.tool_launch_url
            if link.custom:
                claims[LTI + "custom"] = link.custom
            ags = {"scope": AGS_SCOPES, "lineitems": f"{self.url}/contexts/{context['id']}/lineitems"}
            if link.lineitem_id:
                ags["lineitem"] = self.lineitem_url(context["id"], link.lineitem_id)
            claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = ags
        claims[LTI + "context"] = {"id": context["id"], "title": context["title"], "label": context["label"],
                                   "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"]}
        claims["https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"] = {
            "context_memberships_url": f"{self.url}/contexts/{context['id']}/memberships",
            "service_versions": ["2.0"]}
        return claims

    def authorize(self, query: dict) -> dict:
        """The OIDC authorization endpoint: {"action", "id_token", "state"} or {"error"}."""
        if query.get("client_id") != self.client_id:
            return {"error": "unknown client_id"}
        if query.get("redirect_uri") not in (self.tool_launch_url, self.tool_launch_url.replace("/launch/", "/deep-link/launch/")):
            return {"error": f"redirect_uri {query.get('redirect_uri')} not registered"}
        if query.get("response_type") != "id_token" or query.get("scope") != "openid":
            return {"error": "bad request"}
        token = Token(self.claims_for(query["login_hint"], query["lti_message_hint"], query["nonce"]),
                      {"kid": self.kid}, self.key)
        if self.tamper:
            self.tamper(token)
            self.tamper = None
        self.issued.append(token.claims)
        id_token = jwt.encode(token.claims, token.key, algorithm="RS256", headers=token.header)
        return {"action": query["redirect_uri"], "id_token": id_token, "state": query["state"]}

    def course_page(self, hint, message_hint) -> str:
        """The LMS page a person sees: the tool in an iframe, opened by a third-party login."""
        src = f"{self.tool_login_url}?{urlencode(self.login_params(hint, message_hint))}"
        return (f"<!doctype html><title>LMS course</title><h1>LMS course page</h1>"
                f"<iframe id='tool' name='tool' src='{html.escape(src)}' style='width:100%;height:900px'></iframe>")

    # --- services -------------------------------------------------------------------------------------------
    def tool_keys(self) -> dict:
        if self.tool_jwks is not None:
            return self.tool_jwks
        return requests.get(self.tool_jwks_url, timeout=10).json()

    def issue_token(self, form: dict) -> tuple[int, dict]:
        self.token_requests.append(form)
        if form.get("grant_type") != "client_credentials" or form.get("client_assertion_type") != (
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"):
            return 400, {"error": "unsupported_grant_type"}
        assertion = form.get("client_assertion", "")
        try:
            kid = jwt.get_unverified_header(assertion).get("kid")
            key = next(k for k in self.tool_keys()["keys"] if k["kid"] == kid)
            public = JWK(**key).export_to_pem()
            body = jwt.decode(assertion, public, algorithms=["RS256"], audience=self.url + "/token")
        except (StopIteration, jwt.InvalidTokenError, KeyError) as error:
            return 401, {"error": "invalid_client", "error_description": str(error)}
        if body.get("iss") != self.client_id or body.get("sub") != self.client_id:
            return 401, {"error": "invalid_client"}
        token = secrets.token_urlsafe(16)
        self.tokens[token] = form.get("scope", "").split()
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600, "scope": form.get("scope")}

    def authorized(self, headers, scope) -> bool:
        auth = headers.get("Authorization", "")
        return auth.startswith("Bearer ") and scope in self.tokens.get(auth[7:], [])

    def receive_deep_link(self, context_id, form) -> tuple[int, str]:
        token = form.get("JWT", "")
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = next(k for k in self.tool_keys()["keys"] if k["kid"] == kid)
            body = jwt.decode(token, JWK(**key).export_to_pem(), algorithms=["RS256"], audience=self.issuer)
        except (StopIteration, jwt.InvalidTokenError) as error:
            return 400, f"bad deep linking response: {error}"
        self.deep_link_responses.append(body)
        made = []
        for item in body.get("https://purl.imsglobal.org/spec/lti-dl/claim/content_items", []):
            line = item.get("lineItem") or {}
            link = self.add_link(f"dl-{len(self.links) + 1}", context_id, item.get("title", ""),
                                 custom=item.get("custom") or {}, score_maximum=line.get("scoreMaximum"))
            made.append(link.id)
        return 200, f"<!doctype html><title>Linked</title><p id='linked'>Deep link received: {', '.join(made)}</p>"


def handler_for(platform: Platform):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status, body, content_type="application/json", headers=()):
            data = (json.dumps(body) if content_type.endswith("json") else body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _form(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            return raw, {k: v[0] for k, v in parse_qs(raw).items()}

        def do_GET(self):  # noqa: N802
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            path = parts.path.rstrip("/").split("/")
            if parts.path == "/jwks":
                public = json.loads(JWK.from_pem(platform.key.encode()).export_public())
                return self._send(200, {"keys": [{**public, "kid": platform.kid, "alg": "RS256", "use": "sig"}]})
            if parts.path == "/auth":
                answer = platform.authorize(query)
                if "error" in answer:
                    return self._send(400, answer)
                if "application/json" in self.headers.get("Accept", ""):
                    return self._send(200, answer)
                page = (f"<!doctype html><form id='f' method='post' action='{html.escape(answer['action'])}'>"
                        f"<input type='hidden' name='id_token' value='{answer['id_token']}'>"
                        f"<input type='hidden' name='state' value='{html.escape(answer['state'])}'></form>"
                        "<script>document.getElementById('f').submit()</script>")
                return self._send(200, page, "text/html")
            if parts.path == "/course":
                return self._send(200, platform.course_page(query["user"], query["message"]), "text/html")
            if len(path) == 4 and path[1] == "contexts" and path[3] == "memberships":
                if not platform.authorized(self.headers, NRPS_SCOPE):
                    return self._send(401, {"error": "not allowed"})
                context = platform.contexts[path[2]]
                people = [platform.people[h] for h in context["members"]]
                start = int(query.get("from", 0))
                page = people[start:start + platform.page_size]
                headers = []
                if start + platform.page_size < len(people):
                    headers.append(("Link", f'<{platform.url}{parts.path}?from={start + platform.page_size}>; rel="next"'))
                body = {"id": platform.url + parts.path, "context": {"id": context["id"], "title": context["title"]},
                        "members": [{"status": p.status, "name": p.name, "given_name": p.given_name,
                                     "family_name": p.family_name, "email": p.email, "user_id": p.sub,
                                     "roles": p.roles} for p in page]}
                return self._send(200, body, "application/vnd.ims.lti-nrps.v2.membershipcontainer+json", headers)
            return self._send(404, {"error": "not found"})

        def do_POST(self):  # noqa: N802
            parts = urlsplit(self.path)
            path = parts.path.rstrip("/").split("/")
            raw, form = self._form()
            if parts.path == "/token":
                status, body = platform.issue_token(form)
                return self._send(status, body)
            if len(path) == 3 and path[1] == "deep_link_return":
                status, page = platform.receive_deep_link(path[2], form)
                return self._send(status, page, "text/html")
            if len(path) == 6 and path[1] == "contexts" and path[5] == "scores":
                if not platform.authorized(self.headers, AGS_SCOPES[2]):
                    return self._send(401, {"error": "not allowed"})
                if platform.score_failures:
                    status = platform.score_failures.pop(0)
                    return self._send(status, {"error": f"platform says {status}"})
                lineitem = platform.lineitem_url(path[2], path[4])
                platform.scores.append({"lineitem": lineitem, "body": json.loads(raw),
                                        "content_type": self.headers.get("Content-Type")})
                return self._send(200, {})
            return self._send(404, {"error": "not found"})

    return Handler
