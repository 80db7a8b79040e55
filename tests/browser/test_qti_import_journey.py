"""An instructor imports a Canvas QTI package: the preview names its group and what it leaves out, the
package is chosen again to import, and a dropdown question is tried as a student would. axe on each page."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from banks.formats import qti
from banks.models import QuestionBank

CANVAS = Path(__file__).parents[1] / "banks" / "formats" / "qti_files" / "canvas_quiz.xml"


@pytest.mark.django_db(transaction=True)
def test_instructor_previews_and_imports_a_canvas_package(page, live_server, login, instructor, shoot,
                                                          assert_accessible, tmp_path):
    package = tmp_path / "week3.zip"
    package.write_bytes(qti.package(qti.parse(CANVAS.read_bytes()))[0])
    original = tmp_path / "canvas.xml"
    original.write_bytes(CANVAS.read_bytes())
    login(instructor)
    page.goto(live_server.url + reverse("banks:bank-import"))

    page.get_by_label("Quiz file").set_input_files(str(original))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#import-left-out")).to_contain_text("Wage arithmetic")
    expect(page.locator("#import-groups")).to_contain_text("pick 1 of its 2 questions, 2.5 points each")
    expect(page.locator("fieldset.question-widget")).to_have_count(13)
    shoot(page, "preview-xml")
    assert_accessible(page)

    page.get_by_label("Quiz file").set_input_files(str(package))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#choose-again")).to_be_visible()
    shoot(page, "preview-package")
    assert not QuestionBank.objects.exists()

    page.get_by_label("Quiz file").set_input_files(str(package))
    page.get_by_role("button", name="Import 13 questions").click()
    expect(page.get_by_role("heading", name="Sanctions and revenue", level=1)).to_be_visible()
    bank = QuestionBank.objects.get()
    assert bank.questions.count() == 13

    dropdowns = bank.questions.get(current_version__type="dropdowns")
    page.goto(live_server.url + reverse("banks:question-try", args=[bank.pk, dropdowns.pk]))
    page.get_by_label("Blank 1 of 2").select_option(label="Russia")
    page.get_by_label("Blank 2 of 2").select_option(label="most")
    page.get_by_role("button", name="Check my answer").click()
    expect(page.get_by_text("1.00 / 2.00")).to_be_visible()
    shoot(page, "dropdowns-tried")
    assert_accessible(page)
