"""Signing in and out, lock-out after password guessing, password reset and change, the profile."""

import datetime
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.urls import reverse

from casestudies import services
from tests.factories import PASSWORD

LOCKED_OUT = "Too many sign-in attempts"
NEW_PASSWORD = "a brand new passphrase 7"


def sign_in(client, username, password, query=""):
    return client.post(reverse("login") + query, {"username": username, "password": password})


def signed_in_as(client):
    return client.session.get(SESSION_KEY)


# Signing in and out.


def test_the_sign_in_page_shows_the_form(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'name="username"' in response.text and 'name="password"' in response.text
    assert reverse("password_reset") in response.text


def test_the_right_password_signs_in_and_goes_home(client, student):
    response = sign_in(client, "sam", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert signed_in_as(client) == str(student.pk)


def test_a_wrong_password_is_refused_with_a_message(client, student):
    response = sign_in(client, "sam", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert signed_in_as(client) is None


def test_sign_in_follows_next_but_never_off_site(client, instructor):
    response = sign_in(client, "irene", PASSWORD, query="?next=" + reverse("casestudies:mine"))
    assert response.url == reverse("casestudies:mine")
    client.post(reverse("logout"))
    response = sign_in(client, "irene", PASSWORD, query="?next=https://evil.example/")
    assert response.url == reverse("home")


def test_five_wrong_passwords_lock_the_account_out_even_for_the_right_one(client, student):
    for _ in range(4):
        assert sign_in(client, "sam", "wrong").status_code == 200
    fifth = sign_in(client, "sam", "wrong")
    assert fifth.status_code == 429
    assert LOCKED_OUT in fifth.text

    sixth = sign_in(client, "sam", PASSWORD)
    assert sixth.status_code == 429
    assert LOCKED_OUT in sixth.text
    assert reverse("password_reset") in sixth.text
    assert signed_in_as(client) is None


def test_lock_out_is_per_user_so_others_can_still_sign_in(client, student, instructor):
    for _ in range(5):
        sign_in(client, "sam", "wrong")
    response = sign_in(client, "irene", PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client) == str(instructor.pk)


def test_four_wrong_passwords_do_not_lock_out(client, student):
    for _ in range(4):
        sign_in(client, "sam", "wrong")
    response = sign_in(client, "sam", PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client) == str(student.pk)


def test_signing_out_needs_post(student_client):
    response = student_client.get(reverse("logout"))
    assert response.status_code == 405
    assert signed_in_as(student_client) is not None

    response = student_client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert signed_in_as(student_client) is None


def test_home_sends_visitors_to_sign_in_students_to_their_assignments_instructors_to_their_teaching(
        client, student, instructor):
    assert client.get(reverse("home")).url == reverse("login")
    client.force_login(student)
    assert client.get(reverse("home")).url == reverse("gradebook:dashboard")
    client.force_login(instructor)
    assert client.get(reverse("home")).url == reverse("gradebook:teaching")


# Password reset and change.


def test_password_reset_emails_a_link_that_sets_a_new_password(client, student, mailoutbox, run_tasks):
    with run_tasks():
        response = client.post(reverse("password_reset"), {"email": "sam@example.edu"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["sam@example.edu"]
    assert mail.subject == "Set your Casebook password"
    link = re.search(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", mail.body)
    assert link, mail.body

    set_password_page = client.get(link.group(1), follow=True)
    assert set_password_page.status_code == 200
    assert set_password_page.context["validlink"] is True
    response = client.post(
        set_password_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")
    student.refresh_from_db()
    assert student.check_password(NEW_PASSWORD)
    assert not student.check_password(PASSWORD)


def test_a_reset_link_works_only_once(client, student, mailoutbox, run_tasks):
    with run_tasks():
        client.post(reverse("password_reset"), {"email": "sam@example.edu"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "This link has expired or was already used." in again.text


def test_the_reset_email_is_sent_by_a_task_once_the_request_has_committed(client, student, mailoutbox,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("password_reset"), {"email": "sam@example.edu"})

    assert response.status_code == 302 and mailoutbox == []  # the page does not wait for the mail server
    assert len(queued) == 1
    queued[0]()
    assert [mail.to for mail in mailoutbox] == [["sam@example.edu"]]


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, db, mailoutbox, run_tasks):
    with run_tasks():
        response = client.post(reverse("password_reset"), {"email": "nobody@example.edu"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []


def test_password_change_sets_the_new_password_and_keeps_me_signed_in(student_client, student):
    response = student_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    student.refresh_from_db()
    assert student.check_password(NEW_PASSWORD)
    assert student_client.get(reverse("profile")).status_code == 200


def test_password_change_needs_the_old_password(student_client, student):
    response = student_client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Your old password was entered incorrectly" in response.text
    student.refresh_from_db()
    assert student.check_password(PASSWORD)


def test_password_change_needs_sign_in(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Profile and time zones.


def test_profile_saves_the_time_zone(student_client, student):
    response = student_client.post(
        reverse("profile"),
        {"first_name": "Sam", "last_name": "Student", "email": "sam@example.edu", "timezone": "Asia/Tokyo"},
    )
    assert response.status_code == 302
    assert response.url == reverse("profile")
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Your profile was saved."]
    student.refresh_from_db()
    assert student.timezone == "Asia/Tokyo"


def test_an_unknown_time_zone_is_a_400_and_saves_nothing(student_client, student):
    response = student_client.post(
        reverse("profile"),
        {"first_name": "Changed", "last_name": "Student", "email": "sam@example.edu", "timezone": "Mars/Olympus"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    student.refresh_from_db()
    assert (student.timezone, student.first_name) == ("", "Sam")  # still following the cohort's zone


def test_profile_needs_sign_in(client, db):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('profile')}"


@pytest.fixture
def revised_at_0330_utc(instructor):
    case = services.case_create(author=instructor, title="Timed", body="x")
    case.revisions.update(created=datetime.datetime(2026, 1, 15, 3, 30, tzinfo=datetime.UTC))
    return case


@pytest.mark.parametrize(
    ("zone", "shown", "iso"),
    [
        ("Asia/Tokyo", "Thu 15 Jan 2026, 12:30 JST", "2026-01-15T12:30:00+09:00"),
        ("UTC", "Thu 15 Jan 2026, 03:30 UTC", "2026-01-15T03:30:00+00:00"),
        ("America/New_York", "Wed 14 Jan 2026, 22:30 EST", "2026-01-14T22:30:00-05:00"),
        ("", "Thu 15 Jan 2026, 03:30 UTC", "2026-01-15T03:30:00+00:00"),  # chose none: a case is of no cohort
    ],
)
def test_times_are_shown_in_the_viewers_time_zone(client, instructor, revised_at_0330_utc, zone, shown, iso):
    instructor.timezone = zone
    instructor.save()
    client.force_login(instructor)
    response = client.get(reverse("casestudies:history", args=[revised_at_0330_utc.slug]))
    assert response.status_code == 200
    assert f'<time datetime="{iso}">{shown}</time>' in response.text


def test_a_stored_time_zone_that_no_longer_exists_falls_back_to_utc(client, instructor, revised_at_0330_utc):
    type(instructor).objects.filter(pk=instructor.pk).update(timezone="Mars/Olympus")
    client.force_login(instructor)
    response = client.get(reverse("casestudies:history", args=[revised_at_0330_utc.slug]))
    assert response.status_code == 200
    assert "03:30 UTC" in response.text
