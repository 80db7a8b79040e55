"""An instructor's first hour (issue 11, Instructors): the teaching home, confirmations before a surprise
and the title counter, the import preview's key, the regrade offer after an edit, the quiz picker and the
preview as students see it, and the Markdown help. Each page is shot on a desktop and at 390 px, checked
with axe, and must not scroll sideways on the phone."""

import dataclasses
import zoneinfo
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from banks.models import QuestionBank
from banks.spec import Choice, QuestionSpec, QuestionType
from quizzes.models import Assignment
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_start, attempt_submit
from quizzes.services.quizzes import quiz_create, quiz_item_add_fixed
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import CaseStudyFactory, CohortFactory, MembershipFactory, UserFactory
from tests.quiz_builders import choice_id, choice_question, enrol, make_assignment, make_bank

ESSAY = QuestionSpec(type=QuestionType.ESSAY, title="Were the sanctions effective?", points=Decimal(4),
                     prompt="In about 40 words: were the sanctions on the regime effective?")
CHOICE = QuestionSpec(type=QuestionType.SINGLE_CHOICE, title="Who runs Bureau 39?", prompt="Who runs Bureau 39?",
                      choices=(Choice("The Workers' Party", correct=True), Choice("The army"), Choice("The cabinet")))


def both_screens(page, shoot, assert_accessible, name):
    """A desktop and a phone screenshot of the page as it is, axe on both, and no sideways scroll on the phone."""
    page.set_viewport_size(DESKTOP)
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, f"{name}-desktop")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, f"{name}-phone")
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} scrolls sideways on a phone: {width} px wide"
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def term(instructor, student):
    """Section A (New York): an assignment open now, due tomorrow, that two students submitted (essays
    waiting for a grade), and one opening in three days."""
    cohort = CohortFactory(name="Section A", course_code="INTL 301", timezone="America/New_York")
    now = timezone.now()
    assignment = make_assignment(instructor=instructor, cohort=cohort, specs=[CHOICE, ESSAY],
                                 title="Sanctions and the regime's money", due=now + timedelta(days=1))
    for user, choice in ((student, 0), (UserFactory(first_name="Ada", last_name="Brook"), 1)):
        enrol(assignment, user)
        attempt = attempt_start(assignment=assignment, student=user)
        answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, choice))
        answer_save(attempt=attempt, position=2, response="Partly: trade moved to ship-to-ship transfers.")
        attempt_submit(attempt=attempt)
    make_assignment(instructor=instructor, cohort=cohort, specs=[choice_question(1)], title="Overseas labour",
                    opens=now + timedelta(days=3), due=now + timedelta(days=5))
    return assignment


@pytest.mark.django_db(transaction=True)
def test_an_instructor_lands_on_what_needs_them(page, live_server, login, instructor, term, shoot, assert_accessible):
    login(instructor)
    page.goto(live_server.url + reverse("home"))

    expect(page.get_by_role("heading", name="Teaching", level=1)).to_be_visible()
    section = page.get_by_role("region", name="INTL 301 Section A")
    expect(section.locator(".teaching-item").first).to_contain_text("Sanctions and the regime's money")
    expect(section.locator(".teaching-item").first).to_contain_text("2 of 2 submitted")
    expect(section.locator(".teaching-item").first).to_contain_text("Due soon")
    expect(section).to_contain_text("Opening this week")
    expect(page.get_by_role("status").filter(has_text="2 answers wait to be graded.")).to_be_visible()
    expect(page.locator("#recent-submissions")).to_contain_text("Ada Brook")
    both_screens(page, shoot, assert_accessible, "home")

    page.get_by_role("region", name="To grade").get_by_role("link", name="Were the sanctions effective?").click()
    expect(page.get_by_role("heading", name="Were the sanctions effective?")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_past_due_time_and_extra_credit_are_saved_only_once_confirmed(page, live_server, login, instructor, term,
                                                                       student, shoot, assert_accessible):
    login(instructor)
    page.goto(live_server.url + reverse("quizzes:assignment-create", args=[term.cohort_id]))
    title = page.get_by_label("Title")
    title.fill("A" * 150)
    counter = page.locator("#id_title-count")
    expect(counter).to_have_text("150 of 200 characters")
    title.fill("Week3:" + "sanctions" * 15)  # one long unbroken word: it wraps, the page does not widen
    expect(counter).to_have_text("141 of 200 characters")
    page.get_by_label("Quiz").select_option(str(term.quiz_id))
    yesterday = timezone.localtime(timezone.now() - timedelta(days=1), zoneinfo.ZoneInfo(term.cohort.timezone))
    page.get_by_label("Opens").fill((yesterday - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Due").fill(yesterday.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Assign").click()

    box = page.locator("#confirm-box")
    expect(box).to_contain_text("has already passed, and the assignment closes then: no student can start it.")
    expect(page.get_by_text("Nothing is saved yet: check what will happen below")).to_be_visible()
    assert Assignment.objects.count() == 2
    both_screens(page, shoot, assert_accessible, "past-due-asked")

    page.get_by_label("I understand: save the assignment anyway").check()
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("alert").filter(has_text="Assigned")).to_be_visible()
    assert Assignment.objects.count() == 3
    both_screens(page, shoot, assert_accessible, "past-due-saved")

    page.goto(live_server.url + reverse("gradebook:grade-adjust", args=[term.pk, student.pk]))
    page.get_by_label("New score").fill("7.5")
    page.get_by_label("Reason").fill("Presented the case to the class")
    page.get_by_role("button", name="Override score").click()
    expect(page.locator("#confirm-box")).to_contain_text(
        "7.5 is more than the 5 points possible: Sam Student gets 2.5 points of extra credit.")
    both_screens(page, shoot, assert_accessible, "extra-credit-asked")
    page.get_by_label("Yes, give the extra credit").check()
    page.get_by_role("button", name="Override score").click()
    expect(page.get_by_role("alert").filter(has_text="Score overridden for Sam Student.")).to_be_visible()


GIFT = """$CATEGORY: $course$/top/Unit 1/Week 3 sanctions

::Bureau::Which office runs the regime's money? {
  =Bureau 39 #Right: the party's own.
  ~Bureau 121 #That one runs hackers.
}

What percentage of wages does the state take? {#95:1}

Match each activity to its region. {
  =Poaching -> Africa
  =Labour -> Russia
  = -> Antarctica
}
"""


@pytest.mark.django_db(transaction=True)
def test_the_import_preview_shows_the_key_and_names_the_bank(page, live_server, login, instructor, shoot,
                                                             assert_accessible):
    login(instructor)
    page.goto(live_server.url + reverse("banks:bank-import"))
    page.get_by_label("…or paste the text").fill(GIFT)
    page.get_by_role("button", name="Preview").click()

    cards = page.locator(".import-question")
    expect(cards).to_have_count(3)
    expect(cards.nth(0).locator(".import-key")).to_contain_text("Correct: Bureau 39 (Feedback: Right: the party's own.)")
    expect(cards.nth(1).locator(".import-key")).to_contain_text("95 ± 1")
    expect(cards.nth(1)).to_contain_text("What percentage of wages does the state take?")  # its title, from the prompt
    expect(cards.nth(2).locator(".import-key")).to_contain_text("Distractor: Antarctica")
    both_screens(page, shoot, assert_accessible, "import-key")

    page.get_by_role("button", name="Import 3 questions").click()
    expect(page.get_by_role("heading", name="Week 3 sanctions", level=1)).to_be_visible()
    assert QuestionBank.objects.get().title == "Week 3 sanctions"


@pytest.mark.django_db(transaction=True)
def test_saving_a_new_version_offers_the_regrade_right_there(page, live_server, login, instructor, term, shoot,
                                                            assert_accessible):
    question = term.quiz.items.get(question__current_version__type="single_choice").question
    login(instructor)
    page.goto(live_server.url + reverse("banks:question-edit", args=[question.bank_id, question.pk]))
    page.get_by_label("Question text").fill("Who runs Bureau 39, the party's office for hard currency?")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert").filter(has_text="Saved as version 2.")).to_be_visible()
    offer = page.locator(f"#regrade-offer-{question.pk}")
    expect(offer).to_contain_text("2 attempts answered the old version:")
    both_screens(page, shoot, assert_accessible, "regrade-offer")
    offer.get_by_role("link", name="preview the regrade").click()
    expect(page.get_by_role("heading", name="Regrade “Who runs Bureau 39?”")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_many_questions_go_in_at_once_and_the_preview_reads_as_an_attempt(page, live_server, login, instructor,
                                                                        shoot, assert_accessible):
    bank = make_bank(instructor, [dataclasses.replace(choice_question(n), title=title, tags=tags)
                                  for n, (title, tags) in enumerate([
                                      ("Who runs Bureau 39?", ("week 1",)), ("Sanctions since 2006", ("sanctions",)),
                                      ("UN Panel of Experts", ("sanctions",)), ("Ship-to-ship transfers", ("sanctions",)),
                                  ], start=1)])
    bank.title = "North Korea"
    bank.save()
    case = CaseStudyFactory(author=instructor, title="The regime's money", published=True,
                            body="## Background\n\nBureau 39 raises hard currency.\n\nShips meet at sea.")
    quiz = quiz_create(owner=instructor, title="Sanctions check", case=case)
    quiz_item_add_fixed(quiz=quiz, question=bank.questions.get(current_version__title="Who runs Bureau 39?"))
    cohort = CohortFactory(name="Section B", course_code="INTL 301", timezone="Asia/Tokyo")
    MembershipFactory(cohort=cohort, user=instructor, role="instructor")
    now = timezone.now()
    Assignment.objects.create(quiz=quiz, cohort=cohort, opens_at=now - timedelta(hours=1),
                              due_at=now + timedelta(days=2), closes_at=now + timedelta(days=2), time_limit_minutes=20)
    login(instructor)
    page.goto(live_server.url + reverse("quizzes:quiz-detail", args=[quiz.pk]))
    page.get_by_role("link", name="Pick several questions at once…").click()

    page.get_by_label("Tag").select_option(label="sanctions")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#pick-count")).to_have_text("3 questions match.")
    page.get_by_label("Select all shown").check()
    expect(page.locator("#pick-list input[type=checkbox]:checked")).to_have_count(3)
    page.get_by_label("UN Panel of Experts").uncheck()
    expect(page.get_by_label("Select all shown")).not_to_be_checked()
    both_screens(page, shoot, assert_accessible, "picker")
    page.get_by_label("Select all shown").check()
    page.get_by_role("button", name="Add the ticked questions").click()
    expect(page.get_by_role("alert").filter(has_text="Added 3 questions.")).to_be_visible()
    assert quiz.items.count() == 4

    page.get_by_role("link", name="Preview as a student").click()
    expect(page.locator("#case-pane")).to_contain_text("Bureau 39 raises hard currency.")
    expect(page.locator("#preview-timer [data-timer-value]")).to_contain_text(":")
    expect(page.locator("#preview-timing")).to_contain_text("The timer of INTL 301 Section B: 20 minutes from the start.")
    expect(page.locator(".question-widget")).to_have_count(4)
    both_screens(page, shoot, assert_accessible, "preview")

    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Read the case").click()
    expect(page.locator("#case-pane")).to_be_visible()
    shoot(page, "preview-case-drawer-phone", full_page=False)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_the_markdown_help_opens_beside_the_editor(page, live_server, login, instructor, shoot, assert_accessible):
    page.emulate_media(reduced_motion="reduce")  # no fading buttons or sliding panel while axe measures colours
    login(instructor)
    page.goto(live_server.url + reverse("casestudies:create"))
    page.get_by_role("button", name="Markdown help").click()
    help_box = page.get_by_role("dialog", name="Markdown help")
    expect(help_box).to_be_visible()
    expect(help_box).to_contain_text("Citing a paragraph")
    page.get_by_label("Body (Markdown)").fill("First paragraph.\n\nSecond, which a question cites.")
    expect(page.locator("#preview p#p-2")).to_be_visible()  # typing goes on while the help is open
    shoot(page, "markdown-help-desktop", full_page=False)
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    shoot(page, "markdown-help-phone", full_page=False)
    assert_accessible(page)
    help_box.get_by_role("button", name="Close the Markdown help").click()
    expect(help_box).to_be_hidden()
