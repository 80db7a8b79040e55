"""“Forgot your password?” also reaches accounts that never set one: students invited from a roster."""

import re

import pytest
from django.urls import reverse

from accounts.forms import InvitedPasswordResetForm
from tests.factories import UserFactory

NEW_PASSWORD = "a brand new passphrase 7"


@pytest.fixture
def invited(db):
    """As a roster creates them: an email address and an unusable password."""
    user = UserFactory(username="ada", first_name="Ada", last_name="Lovelace", email="ada@example.edu")
    user.set_unusable_password()
    user.save()
    return user


def test_the_reset_page_uses_the_form_that_includes_invited_accounts(client, db):
    assert isinstance(client.get(reverse("password_reset")).context["form"], InvitedPasswordResetForm)


def test_an_invited_student_sets_a_first_password_through_forgot_password(client, invited, mailoutbox, run_tasks):
    with run_tasks():
        response = client.post(reverse("password_reset"), {"email": "Ada@Example.edu"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    [mail] = mailoutbox
    assert mail.to == ["ada@example.edu"]
    assert mail.subject == "Set your Casebook password"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)
    assert client.post(reverse("login"), {"username": "ada", "password": NEW_PASSWORD}).status_code == 302


def test_a_deactivated_invited_account_gets_no_email(client, invited, mailoutbox):
    invited.is_active = False
    invited.save()
    response = client.post(reverse("password_reset"), {"email": "ada@example.edu"})
    assert response.url == reverse("password_reset_done")  # says the same, so nobody learns who has an account
    assert mailoutbox == []


def test_an_address_that_only_looks_the_same_gets_no_email(client, db, mailoutbox):
    """Django's own guard, kept: PostgreSQL's UPPER() turns a dotless ı into I, so `iexact` alone would match."""
    mike = UserFactory(username="mike", email="mike@example.org")
    mike.set_unusable_password()
    mike.save()
    client.post(reverse("password_reset"), {"email": "mıke@example.org"})
    assert mailoutbox == []


def test_a_student_with_a_password_is_still_reached(client, student, mailoutbox, run_tasks):
    with run_tasks():
        client.post(reverse("password_reset"), {"email": "sam@example.edu"})
    assert [mail.to for mail in mailoutbox] == [["sam@example.edu"]]
