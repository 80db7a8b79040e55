"""The LMS may frame Casebook's pages for the sessions its launches signed in, and no one else may."""

from django.test import Client
from django.urls import reverse

from lti import frames


def test_pages_of_an_lti_session_may_be_framed_by_that_platform_only(linked_course, platform):
    page = linked_course.student_client.get(reverse("gradebook:dashboard"))
    assert page.status_code == 200
    assert f"frame-ancestors {platform.url}" in page["Content-Security-Policy"]
    assert "X-Frame-Options" not in page
    assert "form-action 'self'" in page["Content-Security-Policy"]  # the rest of the policy unchanged


def test_a_session_signed_in_on_casebook_itself_still_refuses_every_frame(student_client):
    page = student_client.get(reverse("gradebook:dashboard"))
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"


def test_the_login_page_lets_the_platform_frame_it_and_offers_a_new_window(client, platform, registered):
    platform.add_link("rl-1")
    response = client.get(reverse("lti:login"), platform.login_params("learner", "link:rl-1"))
    text = response.content.decode()
    assert f"frame-ancestors {platform.url}" in response["Content-Security-Policy"]
    assert "js/lti/cookie_check.js" in text and "<script>" not in text
    assert "lti1p3_new_window=1" in text and 'target="_blank"' in text
    assert any(name.startswith("lti1p3-state-") for name in response.cookies)


def test_the_new_window_login_goes_straight_to_the_platform(client, platform, registered):
    platform.add_link("rl-1")
    params = {**platform.login_params("learner", "link:rl-1"), "lti1p3_new_window": "1"}
    response = client.get(reverse("lti:login"), params)
    assert response.status_code == 302 and response["Location"].startswith(platform.url + "/auth?")


def test_under_tls_the_lti_sessions_cookies_survive_the_iframe(platform, registered, settings, lti_launch):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    platform.add_link("rl-1")
    platform.tool_launch_url = platform.tool_launch_url.replace("http://", "https://")
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="testserver")
    response = lti_launch(client, "teacher", "link:rl-1")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["samesite"] == "None" and cookie["secure"]


def test_a_plain_sign_in_page_under_tls_keeps_lax_cookies(settings, db):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="testserver")
    response = client.get(reverse("login"))
    assert response.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"
    assert response["X-Frame-Options"] == "DENY"


def test_configured_origins_replace_the_issuers(registered):
    registered.frame_origins = "https://school.instructure.com/\nhttps://other.instructure.com"
    assert frames.platform_origins(registered) == ["https://other.instructure.com", "https://school.instructure.com"]
