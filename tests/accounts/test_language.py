"""The language of pages (accounts.languages): a signed-in user's choice wins, then the menu's cookie, then
the browser's; the navbar's menu works signed in or out and a signed-in choice is kept on the profile."""

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

LOGIN, PROFILE, MENU = reverse("login"), reverse("profile"), reverse("set-language")
SPANISH, ENGLISH = "Iniciar sesión en Casebook", "Sign in to Casebook"


def test_a_visitor_gets_the_browsers_language(client, db):
    spanish = client.get(LOGIN, headers={"accept-language": "es-ES,es;q=0.9,en;q=0.5"})
    assert spanish.status_code == 200
    assert SPANISH in spanish.text and '<html lang="es">' in spanish.text
    assert ENGLISH in Client().get(LOGIN, headers={"accept-language": "de-DE"}).text  # not offered: English


def test_the_menu_is_on_pages_for_visitors_with_each_language_named_in_itself(client, db):
    page = client.get(LOGIN).text
    assert f'action="{MENU}"' in page and "csrfmiddlewaretoken" in page
    assert 'value="es" lang="es">Español</button>' in page
    assert 'value="en" lang="en" aria-current="true">English</button>' in page.replace(' active"', '"')
    assert f'name="next" value="{LOGIN}"' in page


def test_a_visitor_switches_with_the_menu_and_a_cookie_keeps_it(client, db):
    response = client.post(MENU, {"language": "es", "next": LOGIN}, headers={"accept-language": "en"})
    assert response.status_code == 302 and response.url == LOGIN
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert SPANISH in client.get(LOGIN, headers={"accept-language": "en"}).text


def test_a_signed_in_choice_is_saved_and_wins_over_cookie_and_browser(student_client, student):
    response = student_client.post(MENU, {"language": "es", "next": PROFILE})
    assert response.status_code == 302 and response.url == PROFILE
    student.refresh_from_db()
    assert student.language == "es"

    other_browser = Client()
    other_browser.force_login(student)
    other_browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = other_browser.get(PROFILE, headers={"accept-language": "en-GB"})
    assert "Tu perfil" in page.text and '<html lang="es">' in page.text
    assert page.headers["Content-Language"] == "es"


def test_a_user_who_chose_none_follows_the_browser(student_client, student):
    assert student.language == ""
    assert "Tu perfil" in student_client.get(PROFILE, headers={"accept-language": "es"}).text
    assert "Your profile" in student_client.get(PROFILE, headers={"accept-language": "en"}).text


@pytest.mark.parametrize("data", [{"language": "fr"}, {"language": ""}, {}], ids=["unoffered", "blank", "none"])
def test_a_language_not_offered_is_a_400_and_changes_nothing(student_client, student, data):
    response = student_client.post(MENU, data)
    assert response.status_code == 400
    assert "Choose one of the languages the menu offers." in response.text
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    student.refresh_from_db()
    assert student.language == ""


def test_the_menu_goes_back_only_to_this_site(client, db):
    response = client.post(MENU, {"language": "es", "next": "https://evil.example/phish"})
    assert response.status_code == 302 and response.url == reverse("home")


def test_the_menu_needs_a_post_with_its_csrf_token(db):
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(MENU).status_code == 405
    assert browser.post(MENU, {"language": "es"}).status_code == 403


def test_the_profile_chooses_the_language_and_says_so_in_it(student_client, student):
    data = {"first_name": "Sam", "last_name": "Student", "email": "sam@example.edu", "timezone": "", "language": "es"}
    response = student_client.post(PROFILE, data, follow=True)
    assert "Tu perfil se guardó." in response.text
    student.refresh_from_db()
    assert student.language == "es"
    assert response.redirect_chain == [(PROFILE, 302)]

    back = student_client.post(PROFILE, {**data, "language": ""})
    assert back.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""  # forgotten: the browser's language again
    student.refresh_from_db()
    assert student.language == ""


def test_dates_and_numbers_follow_the_language():
    """Our explicit formats ("D j M Y, H:i T") name days and months in the page's language, and decimals
    take its separator (Django's own Spanish names: days in lower case, months title-cased)."""
    moment = timezone.datetime(2026, 12, 6, 21, 5, tzinfo=timezone.UTC)
    template = Template('{{ moment|date:"D j M Y, H:i T" }} · {{ points|floatformat:"-2" }}')
    with translation.override("es"):
        assert template.render(Context({"moment": moment, "points": 2.5})) == "dom 6 Dic 2026, 21:05 UTC · 2,50"
    with translation.override("en"):
        assert template.render(Context({"moment": moment, "points": 2.5})) == "Sun 6 Dec 2026, 21:05 UTC · 2.50"
