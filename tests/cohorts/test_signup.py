"""Signing up from a join link (cohorts.signups): a valid code is the only way in, the email is confirmed
by a link before the account can sign in, and the new student lands in the cohort seeing its
assignments. No code, no sign-up page; wrong codes are throttled as joining is; nothing on a page tells
whether an address already has an account."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from cohorts import services, signups
from cohorts.models import Membership
from tests.factories import PASSWORD
from tests.quiz_builders import choice_question, make_assignment

User = get_user_model()
GOOD = {"first_name": "Nina", "last_name": "Newcomer", "email": "nina@example.edu", "username": "nina",
        "password1": "violet tapestry 1848", "password2": "violet tapestry 1848", "code": "ETHICS26"}
SIGNUP = reverse("cohorts:signup")


def sign_up(client, run_tasks, **changes):
    with run_tasks():
        return client.post(SIGNUP, {**GOOD, **changes})


def confirm_link(message) -> str:
    return re.search(r"https?://testserver(/cohorts/join/sign-up/confirm/[^/\s]+/)", message.body).group(1)


@pytest.fixture
def signed_up(client, run_tasks, cohort):
    """Nina signed up with the cohort's code; the email with her link is the last one sent."""
    response = sign_up(client, run_tasks)
    assert response.status_code == 302, response.content.decode()
    return User.objects.get(username="nina")


# The join link, for a visitor --------------------------------------------------------------------


def test_the_join_link_offers_sign_in_and_sign_up_to_a_visitor(client, cohort):
    page = client.get(reverse("cohorts:join"), {"code": "ethics26"}).content.decode()

    assert "Join “Ethics in Practice”" in page and "PHIL 210" in page
    assert 'href="/accounts/login/?next=%2Fcohorts%2Fjoin%2F%3Fcode%3DETHICS26"' in page
    assert f'href="{SIGNUP}?code=ETHICS26"' in page and "Create an account" in page
    assert "Carla" not in page and "Irene" not in page  # nobody's name before joining


def test_with_sign_up_off_the_link_only_offers_sign_in(client, cohort):
    cohort.self_signup = False
    cohort.save()

    page = client.get(reverse("cohorts:join"), {"code": "ETHICS26"}).content.decode()

    assert "Sign in to join" in page and "does not take sign-ups" in page and SIGNUP not in page


@pytest.mark.parametrize("code", ["WRONG234", "OTHER999"])
def test_a_wrong_code_in_the_link_names_no_cohort_and_offers_no_sign_up(client, cohort, code):
    response = client.get(reverse("cohorts:join"), {"code": code})

    assert response.status_code == 400
    page = response.content.decode()
    assert "That join code is not valid" in page and SIGNUP not in page and "Ethics" not in page


def test_an_inactive_cohorts_code_does_not_work(client, cohort):
    cohort.is_active = False
    cohort.save()

    assert client.get(reverse("cohorts:join"), {"code": "ETHICS26"}).status_code == 400
    assert client.get(SIGNUP, {"code": "ETHICS26"}).status_code == 400


# The sign-up page ------------------------------------------------------------------------------------


def test_without_a_code_there_is_no_sign_up_page(client, db):
    response = client.get(SIGNUP)

    assert response.status_code == 404
    assert "There is nothing here" in response.content.decode()  # the styled 404


def test_a_wrong_code_shows_no_form_and_creates_nothing(client, run_tasks, cohort):
    assert client.get(SIGNUP, {"code": "WRONG234"}).status_code == 400

    response = sign_up(client, run_tasks, code="WRONG234")

    assert response.status_code == 400 and "That join code is not valid" in response.content.decode()
    assert "<form" not in response.content.decode().split('id="main"')[1]
    assert not User.objects.filter(username="nina").exists() and not mail.outbox


def test_someone_signed_in_is_sent_to_join_with_their_account(student_client, cohort):
    response = student_client.get(SIGNUP, {"code": "ETHICS26"})

    assert response.status_code == 302 and response.url == "/cohorts/join/?code=ETHICS26"


def test_the_form_asks_for_names_email_username_and_a_password(client, cohort):
    page = client.get(SIGNUP, {"code": "ETHICS26"}).content.decode()

    labels = [label.strip() for label in re.findall(r"<label[^>]*>\s*([^<]*)", page)]
    assert labels == ["First name", "Last name", "Email", "Username", "Password", "Password confirmation"]
    assert 'name="code" value="ETHICS26"' in page and "Sign in instead" in page


def test_signing_up_makes_a_pending_account_that_cannot_sign_in(client, signed_up, cohort):
    nina = signed_up
    assert not nina.is_active and nina.check_password(GOOD["password1"]) and nina.email == "nina@example.edu"
    assert not Membership.objects.filter(user=nina).exists()  # not in the class before confirming
    refused = client.post(reverse("login"), {"username": "nina", "password": GOOD["password1"]})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session  # cannot sign in yet

    sent = client.get(reverse("cohorts:signup-sent")).content.decode()
    assert "We sent a message to <strong>nina@example.edu</strong>" in sent and "cannot sign in" in sent

    (message,) = mail.outbox
    assert message.to == ["nina@example.edu"] and "Ethics in Practice" in message.subject
    assert "nina" in message.body and "The link works until " in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and confirm_link(message) in html


@pytest.mark.parametrize(("changes", "message"), [
    ({"password1": "short", "password2": "short"}, "This password is too short."),
    ({"password1": "password123", "password2": "password123"}, "This password is too common."),
    ({"password1": "ninanewcomer", "password2": "ninanewcomer"}, "too similar to the"),
    ({"password2": "violet tapestry 1849"}, "didn’t match"),
    ({"email": "not-an-email"}, "Enter a valid email address."),
    ({"username": "sam"}, "That username is taken: choose another."),  # the fixture's student
    ({"username": "nina lee"}, "Enter a valid username."),
    ({"first_name": ""}, "This field is required."),
])
def test_a_bad_form_is_a_400_with_a_clear_message_and_creates_nothing(client, run_tasks, cohort, changes, message):
    before = User.objects.count()

    response = sign_up(client, run_tasks, **changes)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == before and not mail.outbox


def test_with_sign_up_off_the_page_says_so_and_creates_nothing(client, run_tasks, cohort):
    cohort.self_signup = False
    cohort.save()

    response = sign_up(client, run_tasks)

    assert response.status_code == 403
    assert "does not take sign-ups" in response.content.decode()
    assert not User.objects.filter(username="nina").exists() and not mail.outbox


# Confirming ------------------------------------------------------------------------------------------


def test_the_link_confirms_signs_in_and_shows_the_cohorts_assignments(client, signed_up, cohort, instructor):
    make_assignment(instructor=instructor, cohort=cohort, specs=[choice_question(1)], title="Week 1 reading check")
    link = confirm_link(mail.outbox[-1])

    page = client.get(link)
    assert page.status_code == 200 and "Confirm and join" in page.content.decode()
    signed_up.refresh_from_db()
    assert not signed_up.is_active  # opening the link (a mail scanner does) changes nothing

    response = client.post(link, follow=True)

    assert response.redirect_chain == [(reverse("gradebook:dashboard"), 302)]
    page = response.content.decode()
    assert "Your email is confirmed. Welcome to “Ethics in Practice”" in page and "Week 1 reading check" in page
    signed_up.refresh_from_db()
    assert signed_up.is_active
    assert Membership.objects.get(user=signed_up).role == Membership.Role.STUDENT
    assert response.wsgi_request.user == signed_up


def test_a_used_link_says_so_and_changes_nothing(client, signed_up):
    link = confirm_link(mail.outbox[-1])
    client.post(link)
    client.logout()

    response = client.post(link)

    assert response.status_code == 400 and "already confirmed: sign in" in response.content.decode()
    assert Membership.objects.filter(user=signed_up).count() == 1


def test_an_expired_link_offers_to_sign_up_again(client, signed_up, settings):
    settings.SIGNUP_LINK_MAX_AGE = -1

    response = client.post(confirm_link(mail.outbox[-1]))

    assert response.status_code == 400
    page = response.content.decode()
    assert "This link has expired" in page and f'href="{SIGNUP}?code=ETHICS26"' in page
    signed_up.refresh_from_db()
    assert not signed_up.is_active


def test_a_broken_link_is_refused(client, db):
    response = client.get(reverse("cohorts:signup-confirm", args=["not-a-real-token"]))

    assert response.status_code == 400 and "This link is broken" in response.content.decode()


@pytest.mark.parametrize("change", ["rotate", "disable", "sign-up off", "inactive"])
def test_a_link_made_before_the_code_changed_joins_nothing_and_never_shows_the_new_code(client, signed_up, cohort,
                                                                                         change):
    link = confirm_link(mail.outbox[-1])
    if change == "rotate":
        services.join_code_rotate(cohort=cohort)
    elif change == "disable":
        services.join_code_disable(cohort=cohort)
    else:
        setattr(cohort, "self_signup" if change == "sign-up off" else "is_active", False)
        cohort.save()

    response = client.post(link)

    assert response.status_code == 400
    page = response.content.decode()
    assert "no longer takes sign-ups with the code you used" in page
    cohort.refresh_from_db()
    assert (cohort.join_code or "ETHICS26") not in page or change in ("sign-up off", "inactive")
    assert "Sign up again" not in page
    signed_up.refresh_from_db()
    assert not signed_up.is_active and not Membership.objects.filter(user=signed_up).exists()


def test_signing_up_again_refreshes_the_pending_account_and_only_the_newest_link_works(client, run_tasks, signed_up):
    first = confirm_link(mail.outbox[-1])

    sign_up(client, run_tasks, first_name="Nina J.", password1="amber lantern 2207", password2="amber lantern 2207")

    assert User.objects.filter(email__iexact="nina@example.edu").count() == 1
    assert client.post(first).status_code == 400
    assert "A newer link was sent" in client.post(first).content.decode()
    assert client.post(confirm_link(mail.outbox[-1])).status_code == 302
    nina = User.objects.get(username="nina")
    assert nina.first_name == "Nina J." and nina.check_password("amber lantern 2207") and nina.is_active


# An address that already has an account -------------------------------------------------------------------


def test_an_address_with_an_account_is_told_by_email_not_on_the_page(client, run_tasks, cohort, student):
    new = sign_up(client, run_tasks)
    new_page = client.get(reverse("cohorts:signup-sent")).content.decode().replace("nina@example.edu", "X")
    mail.outbox.clear()
    client.session.flush()

    taken = sign_up(client, run_tasks, email="SAM@example.edu", username="sammy")
    taken_page = client.get(reverse("cohorts:signup-sent")).content.decode().replace("SAM@example.edu", "X")

    assert new.status_code == taken.status_code == 302 and new.url == taken.url
    csrf = re.compile(r"[A-Za-z0-9]{64}")
    assert csrf.sub("", new_page) == csrf.sub("", taken_page)  # the same page, its CSRF token aside
    assert not User.objects.filter(username="sammy").exists()
    student.refresh_from_db()
    assert student.check_password(PASSWORD) and student.is_active  # untouched
    (message,) = mail.outbox
    assert message.to == ["sam@example.edu"] and "You already have a Casebook account" in message.subject
    assert "your username is sam" in message.body
    assert "/accounts/login/?next=%2Fcohorts%2Fjoin%2F%3Fcode%3DETHICS26" in message.body
    assert "/accounts/reset/" in message.body  # a password to set, for an invited student who never did


def test_an_instructor_made_account_is_never_taken_over(client, run_tasks, cohort, classmate):
    classmate.set_unusable_password()  # a roster account that never set its password
    classmate.save()

    sign_up(client, run_tasks, email=classmate.email, username="carla2")

    classmate.refresh_from_db()
    assert not classmate.has_usable_password() and classmate.username == "carla"
    assert "You already have a Casebook account" in mail.outbox[-1].subject


# Throttles ------------------------------------------------------------------------------------------------


def test_wrong_codes_pause_sign_up_as_they_pause_joining(client, run_tasks, cohort, settings):
    settings.COHORT_JOIN_IP_LIMIT = 3
    for _ in range(3):
        assert client.get(reverse("cohorts:join"), {"code": "WRONG234"}).status_code == 400

    response = sign_up(client, run_tasks)  # even with the right code

    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "joining is paused" in response.content.decode()
    assert not User.objects.filter(username="nina").exists()
    assert client.get(reverse("cohorts:join"), {"code": "ETHICS26"}).status_code == 429


def test_one_address_gets_a_few_sign_up_emails_a_window_at_most(client, run_tasks, cohort):
    for _ in range(5):
        assert sign_up(client, run_tasks).status_code == 302

    assert len(mail.outbox) == 3  # cohorts.throttle.SIGNUP_MAILS_PER_ADDRESS; the page says the same each time


# The instructor's switch ------------------------------------------------------------------------------------


def test_an_instructor_turns_sign_up_off_in_the_settings(instructor_client, cohort):
    url = reverse("cohorts:edit", args=[cohort.pk])
    assert "Students can sign up" in instructor_client.get(url).content.decode()

    response = instructor_client.post(url, {"name": cohort.name, "course_code": cohort.course_code,
                                            "term": cohort.term, "timezone": cohort.timezone, "is_active": "on"})

    assert response.status_code == 302
    cohort.refresh_from_db()
    assert not cohort.self_signup
    detail = instructor_client.get(cohort.get_absolute_url()).content.decode()
    assert "Sign-up is off: only students who already have an account can join." in detail


def test_pending_is_only_an_unconfirmed_sign_up(db, signed_up, student):
    assert signups.is_pending(signed_up) and not signups.is_pending(student)


def test_a_sign_up_never_confirmed_frees_its_username_once_its_link_has_expired(client, run_tasks, signed_up,
                                                                                settings):
    assert sign_up(client, run_tasks, email="other@example.edu").status_code == 400  # "nina" is held for now
    settings.SIGNUP_LINK_MAX_AGE = 0
    User.objects.filter(pk=signed_up.pk).update(date_joined=signed_up.date_joined.replace(year=2025))

    response = sign_up(client, run_tasks, email="other@example.edu")

    assert response.status_code == 302
    assert list(User.objects.filter(username="nina").values_list("email", flat=True)) == ["other@example.edu"]
