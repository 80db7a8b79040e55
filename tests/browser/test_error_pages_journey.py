"""The error pages in a real browser (DEBUG off, as in production): a student who opens a staff page, an
address that does not exist, and a server error, each in the site's layout with a way on. Desktop and
390 px phone screenshots in test-artifacts/screenshots/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.error_urls")]


def test_a_student_meets_styled_403_404_and_500_pages_with_a_way_on(page, live_server, login, cohort, student,
                                                                    shoot_both):
    login(student)

    response = page.goto(live_server.url + reverse("gradebook:gradebook", args=[cohort.pk]))
    assert response.status == 403
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    expect(page.get_by_role("link", name="My assignments")).to_be_visible()  # her own menu, in the layout
    shoot_both(page, "403")

    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="There is nothing here")).to_be_visible()
    shoot_both(page, "404")
    page.get_by_role("link", name="Go to my home page").click()
    expect(page.get_by_role("heading", name="My assignments")).to_be_visible()

    response = page.goto(live_server.url + "/test-broken/")
    assert response.status == 500
    expect(page.get_by_role("heading", name="Something went wrong on our side")).to_be_visible()
    expect(page.get_by_text("RuntimeError")).to_have_count(0)
    shoot_both(page, "500")
