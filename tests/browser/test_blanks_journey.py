"""Blanks in the sentence, in a real browser: an instructor tries a fill-in question, a student fills the
blanks and picks from a dropdown where they sit in the text, autosave keeps them through a reload, and the
review shows them in place. Desktop and 390 px phone screenshots in test-artifacts/screenshots/."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from banks.spec import AcceptedAnswer, Blank, Choice, QuestionSpec, QuestionType, Scoring
from quizzes.models import Attempt
from tests.browser.conftest import DESKTOP, PHONE
from tests.quiz_builders import enrol, make_assignment

pytestmark = pytest.mark.django_db(transaction=True)

FILL = QuestionSpec(
    type=QuestionType.FILL_BLANKS, title="Wages", scoring=Scoring.PER_PART, points=Decimal(2),
    prompt="Workers sent abroad earn about [[pay]] dollars a month, and the state company keeps [[share]] of it.",
    blanks=(Blank("pay", (AcceptedAnswer("120"),)), Blank("share", (AcceptedAnswer("most"),))))
DROPS = QuestionSpec(
    type=QuestionType.DROPDOWNS, title="Hosts", scoring=Scoring.PER_PART,
    prompt="Most workers go to [[host]], and the money ends up in [[city]].",
    blanks=(Blank("host", choices=(Choice("Brazil"), Choice("Russia", True))),
            Blank("city", choices=(Choice("Pyongyang", True), Choice("Seoul")))))


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_blanks_are_filled_in_the_sentence_saved_and_reviewed_in_place(page, new_page, live_server, login, instructor,
                                                                        student, shoot, assert_accessible):
    assignment = make_assignment(instructor=instructor, specs=[FILL, DROPS], review="full", title="Week 4 check")
    enrol(assignment, student)
    question = assignment.quiz.items.get(position=0).question

    # The instructor tries the question as a student meets it.
    login(instructor)
    page.goto(live_server.url + reverse("banks:question-try", args=[question.bank_id, question.pk]))
    prompt = page.locator(".question-prompt")
    expect(prompt).not_to_contain_text("[[")
    prompt.get_by_label("Blank 1 of 2").fill("120")
    prompt.get_by_label("Blank 2 of 2").fill("all")
    page.get_by_role("button", name="Check my answer").click()
    expect(page.get_by_text("1.00 / 2.00")).to_be_visible()
    expect(page.locator(".question-prompt").get_by_label("Blank 2 of 2")).to_have_value("all")
    shoot(page, "try-it-desktop")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page)
    shoot(page, "try-it-phone")

    # The student fills the blanks where they are in the text; each is saved as she goes.
    phone = login(student, new_page(viewport=DESKTOP))
    phone.goto(live_server.url + reverse("gradebook:assignment", args=[assignment.pk]))
    phone.get_by_role("button", name="Start the quiz").click()
    attempt = Attempt.objects.get(student=student)
    first = phone.locator('[data-question="1"] .question-prompt')
    second = phone.locator('[data-question="2"] .question-prompt')
    expect(first).not_to_contain_text("[[")
    first.get_by_label("Blank 1 of 2").fill("120")
    first.get_by_label("Blank 2 of 2").fill("most")
    second.get_by_label("Blank 1 of 2").select_option(label="Russia")
    second.get_by_label("Blank 2 of 2").select_option(label="Seoul")
    expect(phone.locator('[data-question="1"] [data-save-status]')).to_have_text("Saved")
    expect(phone.locator('[data-question="2"] [data-save-status]')).to_have_text("Saved")
    questions = {q.position: q.response for q in attempt.questions.all()}
    assert questions[1] == {"pay": "120", "share": "most"} and set(questions[2]) == {"host", "city"}
    shoot(phone, "attempt-desktop")
    assert_accessible(phone)

    phone.set_viewport_size(PHONE)
    phone.reload()
    expect(first.get_by_label("Blank 2 of 2")).to_have_value("most")
    expect(second.get_by_label("Blank 1 of 2").locator("option:checked")).to_have_text("Russia")
    _no_sideways_scroll(phone)
    first.scroll_into_view_if_needed()
    shoot(phone, "attempt-phone")

    # Submitted, the review shows her answers in the sentence and the key numbered as the fields are.
    phone.get_by_role("button", name="Review and submit…").click()
    phone.get_by_role("button", name="Submit now").click()
    expect(phone.get_by_role("heading", name="Week 4 check")).to_be_visible()
    review = phone.locator(".review-question").first
    expect(review.locator(".question-prompt").get_by_label("Blank 1 of 2")).to_have_value("120")
    expect(review.locator(".question-prompt").get_by_label("Blank 1 of 2")).to_be_disabled()
    expect(phone.locator(".review-question").nth(1).locator(".review-key")).to_contain_text("Blank 2: Pyongyang")
    _no_sideways_scroll(phone)
    shoot(phone, "review-phone")
    assert_accessible(phone)
    phone.set_viewport_size(DESKTOP)
    shoot(phone, "review-desktop")
