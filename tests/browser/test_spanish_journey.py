"""A student's whole journey in Spanish, with a browser that asks for it (es-ES): sign in, the dashboard,
the case, the quiz, submitting, the review and My grades. Every page is in Spanish (its language, the
navbar, dates in Spanish), while what the instructor wrote (the case, the questions and choices, the
titles) reads exactly as written. And the navbar's menu: a signed-in choice follows the user to another
browser; a visitor's is kept by a cookie. Screenshots in test-artifacts/screenshots/; look at them."""

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from playwright.sync_api import expect

from accounts.zones import display_zone
from quizzes.models import Attempt
from tests.browser.test_taking_journey import console_errors, demo_assignment
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
SPANISH_NAVBAR = ["Mis asignaciones", "Mis calificaciones", "Biblioteca de casos", "Grupos"]
# As the instructor wrote them (casestudies/demo, banks/demo): never translated.
CASE_TITLE = "North Korea's Forced Labour Abroad"
CASE_SENTENCE = ("A United Nations human rights expert has estimated that more than 50,000 North Koreans work "
                 "abroad in conditions that amount to forced labour")
PROMPT = ("According to the UN human rights expert cited in the case, roughly how many North Koreans work abroad "
          "in conditions amounting to forced labour?")


def in_spanish(moment, student, cohort) -> str:
    """A time as our pages write it ("D j M Y, H:i T"), in Spanish and in the zone the student sees."""
    with translation.override("es"):
        return dateformat.format(timezone.localtime(moment, display_zone(student, cohort.timezone)), "D j M Y, H:i T")


def expect_spanish_page(page):
    expect(page.locator("html")).to_have_attribute("lang", "es")
    navbar = page.get_by_role("navigation", name="Principal")
    for name in SPANISH_NAVBAR:
        expect(navbar.get_by_role("link", name=name)).to_be_visible()
    expect(navbar.get_by_role("button", name="Cerrar sesión")).to_be_visible()


def test_a_student_takes_a_quiz_in_spanish_from_sign_in_to_my_grades(new_page, live_server, shoot, shoot_both):
    assignment, student = demo_assignment()
    cohort, url = assignment.cohort, live_server.url
    page = new_page(locale="es-ES")
    errors = console_errors(page)

    page.goto(url + reverse("home"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión en Casebook")
    expect(page.get_by_role("link", name="¿Olvidaste tu contraseña?")).to_be_visible()
    shoot(page, "sign-in")
    page.get_by_label("Nombre de usuario").fill(student.username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()

    expect(page).to_have_url(url + reverse("gradebook:dashboard"))
    expect_spanish_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis asignaciones")
    expect(page.get_by_text("Sin empezar")).to_be_visible()
    expect(page.get_by_text(in_spanish(assignment.due_at, student, cohort))).to_be_visible()
    shoot_both(page, "dashboard")

    page.get_by_role("link", name=CASE_TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CASE_TITLE)
    expect(page.locator(".case-toc-title")).to_have_text("Contenido")
    expect(page.locator(".case-body")).to_contain_text(CASE_SENTENCE)
    expect_spanish_page(page)
    shoot(page, "case")
    page.go_back()

    page.get_by_role("link", name="Week 3 reading check").click()
    expect(page).to_have_url(url + reverse("gradebook:assignment", args=[assignment.pk]))
    expect(page.get_by_text(in_spanish(assignment.due_at, student, cohort)).first).to_be_visible()
    expect_spanish_page(page)
    shoot(page, "assignment")
    page.get_by_role("button", name="Empezar el cuestionario").click()

    attempt = Attempt.objects.get(student=student)
    expect(page).to_have_url(url + reverse("quizzes:attempt", args=[attempt.pk]))
    expect(page.locator('[data-question="1"]')).to_contain_text(PROMPT)
    page.get_by_label("More than 50,000").check()
    page.locator("#q-2-answer").fill("95")
    page.get_by_label("Russia").check()
    page.get_by_label("China").check()
    page.locator("#q-4-answer").fill("Bureau 39")
    expect(page.locator('[data-question="4"] [data-save-status]')).to_have_text("Guardado")
    expect(page.locator("[data-save-status-global]")).to_have_text("Todas las respuestas guardadas")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    shoot(page, "attempt", full_page=False)
    page.get_by_role("button", name="Revisar y entregar…").click()

    expect(page).to_have_url(url + reverse("quizzes:attempt-submit", args=[attempt.pk]))
    expect(page.get_by_role("heading", name="¿Entregar tus respuestas?")).to_be_visible()
    expect_spanish_page(page)
    page.get_by_role("button", name="Entregar ahora").click()

    expect(page).to_have_url(url + reverse("gradebook:attempt-review", args=[attempt.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Week 3 reading check")
    expect(page.get_by_text("Tu intento se entregó.")).to_be_visible()
    expect(page.locator(".review-score-label")).to_have_text("Este intento")
    expect(page.locator(".review-score-value")).to_contain_text("5")
    expect(page.get_by_text(PROMPT)).to_be_visible()
    expect_spanish_page(page)
    shoot_both(page, "review")
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.score == 5

    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Mis calificaciones").click()
    expect(page).to_have_url(url + reverse("gradebook:my-grades"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis calificaciones")
    expect(page.get_by_role("link", name="Week 3 reading check")).to_be_visible()
    expect(page.get_by_text(in_spanish(assignment.due_at, student, cohort))).to_be_visible()
    shoot_both(page, "my-grades")
    assert errors == []


def test_the_menu_switches_a_signed_in_user_and_the_choice_follows_them(new_page, live_server, login, shoot):
    student = UserFactory(username="rosa", first_name="Rosa", last_name="Diaz")
    page = login(student, new_page(locale="en-GB"))
    page.goto(live_server.url + reverse("profile"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")

    page.get_by_role("button", name="Language: English").click()
    shoot(page, "menu-open", full_page=False)
    page.get_by_role("button", name="Español").click()
    expect(page).to_have_url(live_server.url + reverse("profile"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tu perfil")
    expect(page.get_by_role("button", name="Idioma: Español")).to_be_visible()
    student.refresh_from_db()
    assert student.language == "es"

    elsewhere = login(student, new_page(locale="en-US"))  # another browser, which asks for English
    elsewhere.goto(live_server.url + reverse("profile"))
    expect(elsewhere.get_by_role("heading", level=1)).to_have_text("Tu perfil")
    expect(elsewhere.get_by_label("Idioma", exact=True)).to_have_value("es")
    shoot(elsewhere, "profile-elsewhere")


def test_a_visitor_switches_the_sign_in_page_with_the_menu(new_page, live_server, shoot):
    page = new_page(locale="en-US")
    page.goto(live_server.url + reverse("login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Casebook")
    page.get_by_role("button", name="Language: English").click()
    page.get_by_role("button", name="Español").click()
    expect(page).to_have_url(live_server.url + reverse("login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión en Casebook")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión en Casebook")
    shoot(page, "sign-in-switched")
