"""The error pages speak the visitor's language too, the 500 page included (it renders with no request,
so it leaves out the language menu, whose form could not carry a CSRF token)."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.urls("tests.error_urls")
SPANISH = {"accept-language": "es-ES,es;q=0.9"}


@pytest.mark.parametrize(("address", "status", "heading"), [
    ("/no-such-page/", 404, "Aquí no hay nada"),
    ("/test-suspicious/", 400, "No se pudo entender esta solicitud"),
    ("/test-broken/", 500, "Algo salió mal por nuestra parte"),
], ids=["404", "400", "500"])
def test_an_error_page_is_in_the_browsers_language(db, address, status, heading):
    response = Client(raise_request_exception=False).get(address, headers=SPANISH)
    assert response.status_code == status
    page = response.content.decode()
    assert heading in page and '<html lang="es">' in page
    assert "Iniciar sesión" in page


def test_the_500_page_offers_no_language_menu(db):
    page = Client(raise_request_exception=False).get("/test-broken/", headers=SPANISH).content.decode()
    assert reverse("set-language") not in page
    assert reverse("set-language") in Client().get("/no-such-page/", headers=SPANISH).content.decode()


def test_a_student_on_a_staff_page_reads_the_403_in_their_language(student_client, student, cohort):
    student.language = "es"
    student.save()
    response = student_client.get(reverse("gradebook:gradebook", args=[cohort.pk]))
    assert response.status_code == 403
    assert "No tienes acceso a esta página" in response.content.decode()
    assert "Has iniciado sesión como Sam Student" in response.content.decode()


def test_a_form_without_its_csrf_token_is_refused_in_spanish(student):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    response = client.post(reverse("cohorts:join"), {"code": "ETHICS26"}, headers=SPANISH)
    assert response.status_code == 403
    assert "No se pudo enviar este formulario de forma segura" in response.content.decode()
