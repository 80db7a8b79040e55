"""Emails and jobs' outcomes are written in their reader's language (accounts.languages): the recipient's
own choice, else the language of the page that caused them, else English. The worker that sends them
has no browser, so the language travels with the task."""

import re

import pytest
from django.urls import reverse

from jobs.models import Job
from tests.factories import UserFactory

SPANISH = {"accept-language": "es"}
ROSTER = "email,first_name,last_name\nada@example.edu,Ada,Lovelace\nalan@example.edu,Alan,Turing\n"


@pytest.fixture
def ada(db):
    return UserFactory(username="ada", first_name="Ada", last_name="Lovelace", email="ada@example.edu")


def test_a_password_reset_asked_from_a_spanish_page_comes_in_spanish(client, ada, mailoutbox, run_tasks):
    with run_tasks():
        client.post(reverse("password_reset"), {"email": "ada@example.edu"}, headers=SPANISH)
    [mail] = mailoutbox
    assert mail.subject == "Establece tu contraseña de Casebook"
    assert "Alguien (esperamos que tú) pidió establecer una nueva contraseña" in mail.body
    assert re.search(r"http://testserver/accounts/reset/\S+/", mail.body)  # the link is untouched


def test_the_recipients_own_language_wins_over_the_page_that_asked(client, ada, mailoutbox, run_tasks):
    ada.language = "en"
    ada.save()
    with run_tasks():
        client.post(reverse("password_reset"), {"email": "ada@example.edu"}, headers=SPANISH)
    assert mailoutbox[0].subject == "Set your Casebook password"


def test_roster_invitations_go_in_each_students_language(login_as, instructor, cohort, mailoutbox, run_tasks):
    """Ada is new (no language: the instructor's page decides); Alan has an account and chose English, so
    a second invitation (a resend) reaches him in English even from a Spanish page."""
    spanish_page = login_as(instructor)
    with run_tasks():
        response = spanish_page.post(reverse("cohorts:roster", args=[cohort.pk]), {"action": "apply", "csv": ROSTER},
                                     headers=SPANISH, follow=True)
    assert "Se añadieron 2 estudiantes." in response.text
    ada_mail = next(mail for mail in mailoutbox if mail.to == ["ada@example.edu"])
    assert ada_mail.subject == "Te han añadido a Ethics in Practice en Casebook"  # the cohort's name as written
    assert "Irene Adler te añadió a «Ethics in Practice» en Casebook" in ada_mail.body
    assert "Tu nombre de usuario es: ada" in ada_mail.body

    mailoutbox.clear()
    alan = cohort.memberships.get(user__email="alan@example.edu")
    alan.user.language = "en"
    alan.user.save()
    with run_tasks():
        spanish_page.post(reverse("cohorts:member-invite", args=[cohort.pk, alan.pk]), headers=SPANISH)
    [mail] = mailoutbox
    assert mail.subject == "You have been added to Ethics in Practice on Casebook"


def test_a_sign_up_from_a_spanish_page_is_confirmed_in_spanish(client, cohort, mailoutbox, run_tasks):
    data = {"first_name": "Nina", "last_name": "Nueva", "email": "nina@example.edu", "username": "nina",
            "password1": "violet tapestry 1848", "password2": "violet tapestry 1848", "code": cohort.join_code}
    with run_tasks():
        response = client.post(reverse("cohorts:signup"), data, headers=SPANISH)
    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.subject == "Confirma tu correo para unirte a Ethics in Practice en Casebook"
    assert "El enlace funciona hasta el" in mail.body
    html = mail.alternatives[0].content
    assert "Confirmar mi correo" in html and "<strong>nina</strong>" in html


def test_a_big_roster_job_writes_its_outcome_in_the_language_of_the_page_that_started_it(
        login_as, instructor, cohort, run_tasks, settings):
    settings.ROSTER_INLINE_ROWS = 1
    with run_tasks():
        login_as(instructor).post(reverse("cohorts:roster", args=[cohort.pk]), {"action": "apply", "csv": ROSTER},
                                  headers=SPANISH)
    job = Job.objects.get()
    assert (job.language, job.status) == ("es", "finished")
    assert job.title == "Añadiendo la lista de clase de PHIL 210 Ethics in Practice"
    assert job.message.startswith("Se añadieron 2 estudiantes.")
