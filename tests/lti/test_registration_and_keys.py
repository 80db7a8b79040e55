"""Registering a platform (command and admin), the tool's keys and their rotation, the published JWKS."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from jwcrypto.jwk import JWK

from lti import keys
from lti.models import Deployment, Platform, ToolKey

ARGS = ["--issuer", "https://canvas.instructure.com", "--client-id", "10000000000001",
        "--auth-url", "https://sso.canvaslms.com/api/lti/authorize_redirect",
        "--token-url", "https://sso.canvaslms.com/login/oauth2/token",
        "--keyset-url", "https://sso.canvaslms.com/api/lti/security/jwks", "--deployment-id", "1:abc"]


def register(*extra):
    out = StringIO()
    call_command("lti_register", *ARGS, *extra, stdout=out)
    return json.loads(out.getvalue())


def test_lti_register_saves_the_platform_and_prints_the_tools_urls(db):
    urls = register("--title", "Canvas", "--base-url", "https://casebook.example.edu", "--deployment-id", "2:def",
                    "--frame-origin", "https://school.instructure.com")
    assert urls == {"login_url": "https://casebook.example.edu/lti/login/",
                    "launch_url": "https://casebook.example.edu/lti/launch/",
                    "jwks_url": "https://casebook.example.edu/lti/jwks/",
                    "deep_link_url": "https://casebook.example.edu/lti/deep-link/launch/"}
    platform = Platform.objects.get()
    assert platform.title == "Canvas" and platform.client_id == "10000000000001"
    assert platform.frame_origins == "https://school.instructure.com"
    assert set(Deployment.objects.values_list("deployment_id", flat=True)) == {"1:abc", "2:def"}
    assert ToolKey.objects.filter(is_current=True).count() == 1


def test_registering_again_updates_instead_of_duplicating(db):
    register()
    register("--title", "Canvas (renamed)")
    assert Platform.objects.get().title == "Canvas (renamed)"
    assert Deployment.objects.count() == 1


def test_a_malformed_url_is_refused_and_nothing_saved(db):
    with pytest.raises(CommandError, match="--auth-url is not a URL"):
        call_command("lti_register", *[a if a != ARGS[5] else "not a url" for a in ARGS], stdout=StringIO())
    assert not Platform.objects.exists()


def test_the_jwks_publishes_public_keys_only(client, db):
    keys.current_key()
    response = client.get(reverse("lti:jwks"))
    assert response.status_code == 200
    [key] = response.json()["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig" and key["kid"]
    assert "d" not in key and "p" not in key
    assert not JWK(**key).has_private


def test_rotating_keeps_the_old_key_published_until_pruned(client, db):
    first = keys.current_key()
    out = StringIO()
    call_command("lti_keys", "--rotate", stdout=out)
    second = ToolKey.objects.get(is_current=True)
    assert second.kid != first.kid and "New current key" in out.getvalue()
    kids = [k["kid"] for k in client.get(reverse("lti:jwks")).json()["keys"]]
    assert kids == [second.kid, first.kid]  # current first
    keys.key_rotate()
    call_command("lti_keys", "--prune", stdout=StringIO())
    assert ToolKey.objects.count() == 2  # the current one and the newest retired one
    assert first.kid not in [k["kid"] for k in client.get(reverse("lti:jwks")).json()["keys"]]


def test_only_one_key_is_current(db):
    from django.db import IntegrityError

    keys.current_key()
    with pytest.raises(IntegrityError):
        ToolKey.objects.create(kid="x", private_key="-", is_current=True)


def test_staff_register_a_platform_in_the_admin(admin_client, db):
    response = admin_client.post(reverse("admin:lti_platform_add"), {
        "title": "Moodle", "issuer": "https://moodle.example.edu", "client_id": "abc123", "is_active": "on",
        "auth_login_url": "https://moodle.example.edu/mod/lti/auth.php",
        "auth_token_url": "https://moodle.example.edu/mod/lti/token.php", "auth_audience": "",
        "keyset_url": "https://moodle.example.edu/mod/lti/certs.php", "frame_origins": "",
        "deployments-TOTAL_FORMS": "1", "deployments-INITIAL_FORMS": "0", "deployments-MIN_NUM_FORMS": "0",
        "deployments-MAX_NUM_FORMS": "1000", "deployments-0-deployment_id": "7"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Platform.objects.get().deployments.get().deployment_id == "7"
    assert admin_client.get(reverse("admin:lti_toolkey_changelist")).status_code == 200
    assert "PRIVATE KEY" not in admin_client.get(reverse("admin:lti_toolkey_changelist")).content.decode()
