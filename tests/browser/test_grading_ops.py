"""An instructor grades essays from the keyboard, regrades a question after fixing its key (seeing the
changed scores first), and reads the item analysis; a student reads the grader's comment. Every page
gets a screenshot and an axe check."""

import dataclasses
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from banks.services import question_update, version_spec
from banks.spec import Choice, QuestionSpec, QuestionType
from cohorts.models import Membership
from grading.models import ScoreChange
from grading.services.manual import answer_grade
from quizzes.models import Attempt
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.browser.conftest import PHONE
from tests.factories import CohortFactory, UserFactory
from tests.quiz_builders import choice_id, enrol, make_assignment

ESSAY = QuestionSpec(type=QuestionType.ESSAY, title="Were the sanctions effective?", points=Decimal(4), word_limit=40,
                     prompt="In about 40 words: **were** the sanctions on the regime effective?")
CHOICE = QuestionSpec(type=QuestionType.SINGLE_CHOICE, title="Who runs Bureau 39?", prompt="Who runs Bureau 39?",
                      choices=(Choice("The Workers' Party", correct=True), Choice("The army"), Choice("The cabinet")))
ANSWERS = {  # student: (choice, essay)
    ("Sam", "Student"): (0, "Partly. They cut oil imports by a third,\nbut trade moved to ship-to-ship transfers."),
    ("Ada", "Brook"): (1, "No. Revenue from overseas labour and cyber theft replaced what was lost."),
    ("Lee", "Chen"): (2, "Yes: the regime came to the table in 2018."),
}


@pytest.fixture
def setting(instructor, student):
    cohort = CohortFactory(name="Section A", course_code="INTL 301")
    assignment = make_assignment(instructor=instructor, cohort=cohort, specs=[CHOICE, ESSAY])
    assignment.title = "Sanctions and the regime's money"
    assignment.save()
    for first, last in ANSWERS:
        user = student if first == "Sam" else UserFactory(first_name=first, last_name=last)
        enrol(assignment, user)
        attempt = attempt_start(assignment=assignment, student=user)
        choice, essay = ANSWERS[(first, last)]
        answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, choice))
        answer_save(attempt=attempt, position=2, response=essay)
        attempt_submit(attempt=attempt)
    return assignment


def check(page, shoot, assert_accessible, name):
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, name)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_instructor_grades_essays_with_the_keyboard(page, live_server, login, instructor, setting, shoot,
                                                    assert_accessible):
    login(instructor)
    page.goto(live_server.url + reverse("quizzes:assignment-staff", args=[setting.pk]))
    page.get_by_role("link", name="Grade by hand").click()
    expect(page.get_by_role("heading", name="Grade by hand", level=1)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Were the sanctions effective?")).to_contain_text("0 of 3")
    check(page, shoot, assert_accessible, "overview")

    page.get_by_role("link", name="Grade Were the sanctions effective?").click()
    progress = page.locator("#grading-progress")
    expect(progress).to_contain_text("0 of 3 graded")
    expect(page.get_by_role("heading", name="Sam Student", level=2)).to_be_visible()
    expect(page.locator("#essay-text")).to_contain_text("ship-to-ship transfers")
    expect(page.get_by_role("region", name="Keyboard shortcuts")).to_be_visible()
    check(page, shoot, assert_accessible, "queue-first")

    page.keyboard.press("g")  # to the score box
    expect(page.get_by_label("Score")).to_be_focused()
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    before = page.url
    page.keyboard.type("Good on oil; say more about the transfers.")  # j and k typed here must not navigate
    assert page.url == before
    page.keyboard.press("Control+Enter")

    expect(page.get_by_role("alert").filter(has_text="Saved: 3 of 4 points.")).to_be_visible()
    expect(progress).to_contain_text("1 of 3 graded")
    expect(page.get_by_role("heading", name="Ada Brook", level=2)).to_be_visible()

    page.keyboard.press("k")  # back to Sam's, graded now
    expect(page.get_by_role("heading", name="Sam Student", level=2)).to_be_visible()
    expect(page.get_by_text("Graded: 3 of 4")).to_be_visible()
    expect(page.get_by_label("Comment for the student")).to_have_value("Good on oil; say more about the transfers.")
    page.keyboard.press("j")
    expect(page.get_by_role("heading", name="Ada Brook", level=2)).to_be_visible()

    page.get_by_role("link", name="Hide student names").click()
    expect(page.get_by_role("heading", name="Answer 2 of 3", level=2)).to_be_visible()
    expect(page.get_by_text("Ada Brook")).to_have_count(0)
    page.get_by_label("Score").fill("2.5")
    page.keyboard.press("Escape")  # leave the box, so "s" is a shortcut again
    check(page, shoot, assert_accessible, "queue-blind")
    page.keyboard.press("s")

    expect(page.get_by_role("alert").filter(has_text="Saved: 2.5 of 4 points.")).to_be_visible()
    expect(page.get_by_role("heading", name="Answer 3 of 3", level=2)).to_be_visible()
    expect(page.get_by_text("Lee Chen")).to_have_count(0)
    page.get_by_label("Score").fill("5")  # more than the question is worth
    page.get_by_role("button", name="Save and next").click()
    expect(page.locator(".invalid-feedback, .is-invalid").first).to_be_visible()
    check(page, shoot, assert_accessible, "queue-invalid")
    page.get_by_label("Score").fill("1")
    page.get_by_role("button", name="Save and next").click()

    expect(page.get_by_role("alert").filter(has_text="Every answer to this question is graded.")).to_be_visible()
    expect(progress).to_contain_text("3 of 3 graded")
    check(page, shoot, assert_accessible, "queue-done")
    totals = dict(Attempt.objects.values_list("student__first_name", "score"))
    assert totals == {"Sam": Decimal(4), "Ada": Decimal("2.5"), "Lee": Decimal(1)}
    assert not Attempt.objects.filter(needs_grading=True).exists()
    assert ScoreChange.objects.filter(kind=ScoreChange.Kind.MANUAL).count() == 3


@pytest.mark.django_db(transaction=True)
def test_instructor_fixes_a_key_and_regrades_after_a_preview(page, live_server, login, instructor, setting, shoot,
                                                             assert_accessible):
    question = setting.quiz.items.get(question__current_version__type="single_choice").question
    spec = version_spec(question.current_version)
    fixed = tuple(dataclasses.replace(c, correct=(i == 1)) for i, c in enumerate(spec.choices))  # the army, after all
    question_update(question=question, spec=dataclasses.replace(spec, choices=fixed), editor=instructor)

    login(instructor)
    page.goto(live_server.url + reverse("grading:analysis", args=[setting.pk]))
    page.get_by_role("link", name="Regrade Who runs Bureau 39?").click()
    expect(page.get_by_role("heading", name="Regrade “Who runs Bureau 39?”")).to_be_visible()
    expect(page.locator("#current-key")).to_contain_text("The army")
    changes = page.locator("#regrade-changes tbody tr")
    expect(changes).to_have_count(2)
    expect(changes.filter(has_text="Sam Student")).to_contain_text(re.compile(r"1 / 1\s*0 / 1"))
    expect(changes.filter(has_text="Ada Brook")).to_contain_text(re.compile(r"0 / 1\s*1 / 1"))
    assert not ScoreChange.objects.exists()  # the preview wrote nothing
    check(page, shoot, assert_accessible, "preview")

    page.get_by_role("button", name="Apply to 2 answers").click()
    expect(page.get_by_role("alert").filter(has_text="Regraded: 2 scores changed.")).to_be_visible()
    expect(page.locator("#regrade-done")).to_be_visible()
    check(page, shoot, assert_accessible, "applied")
    assert sorted(ScoreChange.objects.values_list("student__first_name", "old_score", "new_score")) == [
        ("Ada", Decimal(0), Decimal(1)), ("Sam", Decimal(1), Decimal(0))]


@pytest.mark.django_db(transaction=True)
def test_a_ta_reads_the_item_analysis(page, live_server, login, setting, shoot, assert_accessible, new_page):
    ta = UserFactory(first_name="Tara", last_name="Assistant")
    Membership.objects.create(cohort=setting.cohort, user=ta, role=Membership.Role.TA)
    login(ta)
    page.goto(live_server.url + reverse("quizzes:assignment-staff", args=[setting.pk]))
    page.get_by_role("link", name="Item analysis").click()

    expect(page.get_by_role("heading", name="Item analysis", level=1)).to_be_visible()
    chart = page.get_by_role("img", name="Score distribution")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 150
    expect(page.locator("#item-table")).to_contain_text("Who runs Bureau 39?")
    expect(page.locator("#item-table")).to_contain_text("33%")  # one of three chose the key
    expect(page.get_by_role("link", name=re.compile("^Regrade"))).to_have_count(0)  # TAs don't regrade
    expect(page.get_by_text("3 answers still wait for hand grading", exact=False)).to_be_visible()
    check(page, shoot, assert_accessible, "analysis")

    phone = login(ta, new_page(viewport=PHONE))
    phone.goto(page.url)
    expect(phone.get_by_role("img", name="Score distribution")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # wide tables scroll in their box
    check(phone, shoot, assert_accessible, "analysis-phone")


@pytest.mark.django_db(transaction=True)
def test_a_student_reads_the_graders_comment_under_their_essay(page, live_server, login, instructor, student, setting,
                                                               shoot, assert_accessible):
    setting.review = "correctness"  # right and wrong, and with them the grader's comments; no key
    setting.save()
    sam = Attempt.objects.get(student=student)
    answer_grade(attempt_question=sam.questions.get(position=2), score=Decimal(3), grader=instructor,
                 comment="Good on oil.\nSay more about the <b>transfers</b>.")

    login(student)
    page.goto(live_server.url + reverse("gradebook:attempt-review", args=[sam.pk]))
    essay = page.get_by_role("article", name="Question 2")
    expect(essay).to_contain_text("Comment from your grader")
    comment = essay.locator(".review-comment-text")
    expect(comment).to_be_visible()
    assert comment.inner_text() == "Good on oil.\nSay more about the <b>transfers</b>."  # a line break; the tag as text
    expect(comment.locator("b")).to_have_count(0)
    expect(comment.locator("br")).to_have_count(1)
    expect(page.get_by_role("article", name="Question 1")).not_to_contain_text("Comment from your grader")
    expect(page.get_by_text("Correct answer")).to_have_count(0)
    check(page, shoot, assert_accessible, "review-with-comment")
