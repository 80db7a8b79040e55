"""Resending a roster invitation to a student who never set a password (the first link expired or got lost)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.mail.backends import locmem
from django.test import Client
from django.urls import reverse

from cohorts import services
from cohorts.models import Membership

NEW_PASSWORD = "a long new password 4 me"
RESEND = "Resend invitation"


@pytest.fixture
def ada(cohort):
    """Added from a roster: an account with no usable password, not yet signed in."""
    rows = services.roster_preview(cohort=cohort, text="email,first_name,last_name\nada@example.edu,Ada,Lovelace\n")
    [user] = services.roster_apply(cohort=cohort, rows=rows)
    return Membership.objects.get(cohort=cohort, user=user)


def invite_url(member):
    return reverse("cohorts:member-invite", args=[member.cohort_id, member.pk])


def test_the_roster_offers_a_resend_button_only_beside_members_without_a_password(
    login_as, instructor, cohort, ada, carla
):
    response = login_as(instructor).get(cohort.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count(RESEND) == 1
    assert invite_url(ada) in response.text
    assert invite_url(carla) not in response.text
    assert "No password yet" in response.text


def test_a_ta_sees_the_roster_but_no_resend_button(login_as, ta, cohort, ada):
    response = login_as(ta).get(cohort.get_absolute_url())
    assert "Ada Lovelace" in response.text
    assert RESEND not in response.text
    assert invite_url(ada) not in response.text


def test_resending_emails_a_fresh_link_that_sets_the_password(login_as, instructor, cohort, ada, mailoutbox, client,
                                                              run_tasks):
    with run_tasks():
        response = login_as(instructor).post(invite_url(ada), follow=True)

    assert response.redirect_chain == [(cohort.get_absolute_url(), 302)]
    assert "A new invitation is on its way to Ada Lovelace at ada@example.edu." in response.text
    [mail] = mailoutbox
    assert mail.to == ["ada@example.edu"]
    assert mail.subject == "You have been added to Ethics in Practice on Casebook"
    assert "Your username is: ada" in mail.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert get_user_model().objects.get(pk=ada.user_id).check_password(NEW_PASSWORD)


def test_once_the_password_is_set_the_button_goes_and_a_resend_is_refused(
    login_as, instructor, cohort, ada, mailoutbox
):
    ada.user.set_password(NEW_PASSWORD)
    ada.user.save()
    client = login_as(instructor)
    assert RESEND not in client.get(cohort.get_absolute_url()).text
    response = client.post(invite_url(ada))
    assert response.status_code == 400
    assert "Ada Lovelace has already set a password" in response.text
    assert mailoutbox == []


@pytest.mark.parametrize("change", [{"is_active": False}, {"email": ""}], ids=["deactivated", "no-email"])
def test_an_account_that_cannot_be_reached_gets_no_invitation(login_as, instructor, ada, change, mailoutbox):
    get_user_model().objects.filter(pk=ada.user_id).update(**change)
    assert login_as(instructor).post(invite_url(ada)).status_code == 400
    assert mailoutbox == []


@pytest.mark.parametrize(("role", "status"), [("ta", 403), ("student", 403), ("outsider", 404)])
def test_only_the_instructor_may_resend(request, login_as, role, status, ada, other_cohort, mailoutbox):
    response = login_as(request.getfixturevalue(role)).post(invite_url(ada))
    assert response.status_code == status
    assert mailoutbox == []


def test_resending_needs_a_post_with_the_csrf_token(instructor, ada, mailoutbox):
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)
    assert client.get(invite_url(ada)).status_code == 405
    assert client.post(invite_url(ada)).status_code == 403
    assert mailoutbox == []


@pytest.fixture
def mail_server_down(monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse)


def test_a_mail_server_failure_fails_the_task_not_the_page(login_as, instructor, cohort, ada, mail_server_down,
                                                           run_tasks, caplog):
    with run_tasks():
        response = login_as(instructor).post(invite_url(ada), follow=True)
    assert response.redirect_chain == [(cohort.get_absolute_url(), 302)]
    assert "Invitations for cohort" in caplog.text  # logged for the maintainers
    assert RESEND in response.text and "No password yet" in response.text  # still there to try again


def test_a_roster_whose_invitations_failed_still_adds_everyone_and_offers_the_resend_button(
    login_as, instructor, cohort, mail_server_down, run_tasks
):
    client = login_as(instructor)
    with run_tasks():
        response = client.post(reverse("cohorts:roster", args=[cohort.pk]), {
            "action": "apply", "csv": "email,first_name,last_name\nalan@example.edu,Alan,Turing\n"})
    assert response.status_code == 302
    alan = Membership.objects.get(cohort=cohort, user__email="alan@example.edu")
    assert invite_url(alan) in client.get(cohort.get_absolute_url()).text
