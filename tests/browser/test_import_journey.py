"""An instructor imports a GIFT file through the UI, fixes the error it reports, previews, imports,
edits one question and tries it as a student would. Every page gets an axe check."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from banks.models import QuestionBank

# The second question's answer block is never closed: the import must name its line.
BROKEN_GIFT = """\
::Office::Which office runs the regime's illicit finance? {
  =Bureau 39
  ~Bureau 12
}

::Share::What percentage of wages does the state take? {#95:1

::Destinations::Which countries receive most workers? {~%50%Russia ~%50%China ~%-100%Brazil}
"""


@pytest.mark.django_db(transaction=True)
def test_instructor_imports_fixes_edits_and_tries_a_gift_bank(page, live_server, login, instructor, shoot,
                                                             assert_accessible, tmp_path):
    login(instructor)
    page.goto(live_server.url + reverse("banks:bank-list"))
    page.get_by_role("link", name="Import a file").click()
    assert_accessible(page)

    upload = tmp_path / "week3.gift"
    upload.write_text(BROKEN_GIFT, encoding="utf-8")
    page.get_by_label("Quiz file").set_input_files(str(upload))
    page.get_by_label("Bank title").fill("Week 3")
    page.get_by_role("button", name="Preview").click()

    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("nothing was imported")
    expect(errors).to_contain_text("Line 6")
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
    shoot(page, "errors")
    assert_accessible(page)
    assert not QuestionBank.objects.exists()

    text = page.get_by_label("…or paste the text")
    text.fill(text.input_value().replace("{#95:1\n", "{#95:1}\n"))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("status").filter(has_text="3 questions read as Moodle GIFT")).to_be_visible()
    expect(page.locator("fieldset.question-widget")).to_have_count(3)
    shoot(page, "preview")
    assert_accessible(page)

    page.get_by_role("button", name="Import 3 questions").click()
    expect(page.get_by_role("heading", name="Week 3", level=1)).to_be_visible()
    bank = QuestionBank.objects.get(title="Week 3")
    assert bank.questions.count() == 3
    shoot(page, "bank")
    assert_accessible(page)

    page.get_by_role("link", name="Edit question 1").click()
    page.get_by_label("Title").fill("Bureau 39")
    page.get_by_role("button", name="Save", exact=True).last.click()
    expect(page.get_by_text("Bureau 39").first).to_be_visible()
    assert bank.questions.order_by("position").first().current_version.number == 2

    page.get_by_role("link", name="Try it question 1").click()
    expect(page.get_by_role("heading", name="Try it as a student")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Bureau 39").check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.get_by_text(re.compile(r"^\s*Score:\s*1(\.00)? / 1(\.00)?\s*$"))).to_be_visible()
    shoot(page, "try-it")
    assert_accessible(page)
