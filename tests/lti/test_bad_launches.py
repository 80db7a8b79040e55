"""Every bad launch gets a 4xx page saying why, and saves nothing: no account, user, cohort, context,
link or membership, and no used nonce."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cohorts.models import Cohort, Membership
from lti.models import Account, Context, Deployment, Platform, ResourceLink, UsedNonce
from tests.lti.platform import LTI, new_key


def counts():
    return {model.__name__: model.objects.count()
            for model in (get_user_model(), Account, Cohort, Context, ResourceLink, Membership, UsedNonce)}


@pytest.fixture
def before(registered, platform):
    platform.add_link("rl-1", score_maximum=10)
    return counts()


def refused(response, status, text):
    body = response.content.decode()
    assert response.status_code == status, body[:800]
    assert "data-lti-refused" in body
    assert text in body
    return body


def change(**claims):
    def tamper(token):
        for name, value in claims.items():
            if value is None:
                token.claims.pop(name, None)
            else:
                token.claims[name] = value
    return tamper


def test_unknown_issuer_at_login_is_refused(client, platform, before):
    params = {**platform.login_params("learner", "link:rl-1"), "iss": "https://other-lms.example"}
    response = client.get(reverse("lti:login"), params)
    refused(response, 400, "does not know this LMS")
    assert counts() == before


def test_unknown_deployment_at_login_is_refused(client, platform, before):
    params = {**platform.login_params("learner", "link:rl-1"), "lti_deployment_id": "elsewhere"}
    refused(client.get(reverse("lti:login"), params), 400, "deployment")
    assert counts() == before


def test_unknown_issuer_in_the_token_is_refused(client, platform, before, lti_launch):
    platform.tamper = change(iss="https://other-lms.example")
    refused(lti_launch(client, "teacher", "link:rl-1"), 400, "does not know this LMS")
    assert counts() == before


def test_unknown_deployment_in_the_token_is_refused(client, platform, before, lti_launch):
    platform.tamper = change(**{LTI + "deployment_id": "someone-else"})
    refused(lti_launch(client, "teacher", "link:rl-1"), 400, "deployment is not registered")
    assert counts() == before
    assert list(Deployment.objects.values_list("deployment_id", flat=True)) == [platform.deployment_id]


def test_a_token_signed_with_another_key_is_refused(client, platform, before, lti_launch):
    def forged(token):
        token.key = new_key()  # same kid, wrong key
    platform.tamper = forged
    refused(lti_launch(client, "teacher", "link:rl-1"), 400, "signature does not verify")
    assert counts() == before


def test_a_token_with_an_unknown_key_id_is_refused(client, platform, before, lti_launch):
    def other_kid(token):
        token.header["kid"] = "not-published"
    platform.tamper = other_kid
    refused(lti_launch(client, "teacher", "link:rl-1"), 400, "signature does not verify")
    assert counts() == before


def test_a_token_for_another_audience_is_refused(client, platform, before, lti_launch):
    platform.tamper = change(aud="another-tool", azp="another-tool")
    refused(lti_launch(client, "teacher", "link:rl-1"), 400, "meant for another tool")
    assert counts() == before


def test_several_audiences_without_ours_as_authorized_party_are_refused(client, platform, before, lti_launch):
    platform.tamper = change(aud=[platform.client_id, "another-tool"], azp="another-tool")
    refused(lti_launch(client, "teacher", "link:rl-1"), 400, "azp")
    assert counts() == before


def test_an_expired_token_is_refused(client, platform, before, lti_launch):
    platform.tamper = change(exp=int(time.time()) - 60, iat=int(time.time()) - 400)
    refused(lti_launch(client, "teacher", "link:rl-1"), 400, "expired")
    assert counts() == before


def test_a_replayed_launch_is_refused_and_the_first_one_stands(client, platform, before, lti_launch):
    first = lti_launch(client, "teacher", "link:rl-1")
    assert first.status_code == 302
    after_first = counts()

    again = client.post(reverse("lti:launch"), {"id_token": first.lti_form["id_token"],
                                                "state": first.lti_form["state"]})
    refused(again, 400, "already used")
    assert counts() == after_first


def test_a_nonce_the_tool_never_issued_is_refused(client, platform, before, lti_launch):
    platform.tamper = change(nonce="made-up-nonce")
    refused(lti_launch(client, "teacher", "link:rl-1"), 400, "unknown nonce")
    assert counts() == before


def test_a_state_that_does_not_match_the_browser_is_refused(client, platform, before, lti_launch):
    def other_state(form):
        return {**form, "state": "state-from-another-browser"}
    refused(lti_launch(client, "teacher", "link:rl-1", tamper=other_state), 400, "state does not match")
    assert counts() == before


def test_a_launch_from_another_browser_without_the_state_cookie_is_refused(client, platform, before, lti_launch):
    from django.test import Client

    form = lti_launch(Client(), "teacher", "link:rl-1", tamper=lambda f: {**f, "id_token": "x.y.z"}).lti_form
    stranger = Client()
    refused(stranger.post(reverse("lti:launch"), {"id_token": form["id_token"], "state": form["state"]}), 400,
            "state does not match")
    assert counts() == before


@pytest.mark.parametrize("claim, named", [
    ("sub", "sub"), (LTI + "context", "context"), (LTI + "resource_link", "resource_link"),
    (LTI + "roles", "roles"), (LTI + "message_type", "message type"), (LTI + "version", "version"),
])
def test_a_token_missing_a_claim_is_refused(client, platform, before, lti_launch, claim, named):
    platform.tamper = change(**{claim: None})
    body = refused(lti_launch(client, "teacher", "link:rl-1"), 400, "")
    assert named.split()[0] in body.lower() or "incomplete" in body
    assert counts() == before


def test_an_inactive_platform_is_refused(client, platform, before, lti_launch):
    Platform.objects.update(is_active=False)
    params = platform.login_params("learner", "link:rl-1")
    refused(client.get(reverse("lti:login"), params), 400, "does not know this LMS")
    assert counts() == before


def test_a_student_before_any_instructor_opened_the_course_is_refused(client, platform, before, lti_launch):
    refused(lti_launch(client, "learner", "link:rl-1"), 403, "not set up in this course yet")
    assert counts() == before


def test_a_role_casebook_has_no_place_for_is_refused(client, platform, before, lti_launch):
    platform.add_person("parent", "Pat", "Parent", ["http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"])
    refused(lti_launch(client, "parent", "link:rl-1"), 403, "no place for your role")
    assert counts() == before


def test_a_student_cannot_make_a_deep_linking_request(client, platform, before, lti_launch):
    refused(lti_launch(client, "learner", "deep:course-1"), 403, "Only the course")
    assert counts() == before


def test_a_get_to_the_launch_url_is_refused(client, before):
    assert client.get(reverse("lti:launch")).status_code == 405
    assert counts() == before


def test_a_refusal_page_may_be_shown_in_any_lms_frame_and_has_nothing_to_click(client, platform, before):
    response = client.get(reverse("lti:login"), {**platform.login_params("x", "y"), "iss": "https://nope.example"})
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "<form" not in response.content.decode()
