"""A student takes the demo quiz in a real browser: reading the case, autosave through a dropped
connection, the countdown reaching zero, the keyboard alone, and how each screen looks on a phone
and a desktop (screenshots in test-artifacts/screenshots/; look at them)."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from banks.models import QuestionBank
from casestudies.models import CaseStudy
from cohorts.models import Membership
from quizzes.models import Assignment, Attempt, AttemptQuestion, Quiz, QuizItem
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.browser.conftest import ATTEMPT_SCRIPT, DESKTOP, PHONE
from tests.factories import CohortFactory, UserFactory
from tests.quiz_builders import choice_id, choice_ids

pytestmark = pytest.mark.django_db(transaction=True)


def demo_assignment(enrolled=True, **options):
    """The demo case and its six questions, assigned to a new section with a new student in it (the
    demo's own cohort and assignment stay out of the way). ``enrolled=False``: she joins by code."""
    call_command("seed_demo", stdout=io.StringIO())
    instructor = get_user_model().objects.get(username="instructor")
    student = UserFactory(username="rosa", first_name="Rosa", last_name="Diaz")
    case = CaseStudy.objects.published().get()
    bank = QuestionBank.objects.get(cases=case)
    quiz = Quiz.objects.create(title="Forced labour abroad", owner=instructor, case=case,
                               instructions="Answer from the case. Your answers save as you go.")
    questions = list(bank.questions.order_by("position").select_related("current_version"))
    QuizItem.objects.bulk_create(QuizItem(quiz=quiz, position=i, question=q, points=q.current_version.points)
                                 for i, q in enumerate(questions))
    for question, passage in zip(questions[:2], ("p-2", "p-3")):
        question.current_version.citation = passage
        question.current_version.save(update_fields=["citation"])
    cohort = CohortFactory(name="Section B", course_code="INTL 301", term="Fall 2026", join_code="SECTB301")
    Membership.objects.create(cohort=cohort, user=instructor, role="instructor")
    if enrolled:
        Membership.objects.create(cohort=cohort, user=student, role="student")
    now = timezone.now()
    assignment = Assignment.objects.create(
        quiz=quiz, cohort=cohort, title="Week 3 reading check", opens_at=now - timedelta(hours=1),
        due_at=now + timedelta(days=2), closes_at=now + timedelta(days=2), review="full", **options)
    return assignment, student


def earlier_weeks(assignment, student):
    """Week 2 submitted and graded, week 1 missed: a dashboard with some history."""
    now = timezone.now()
    week2 = Assignment.objects.create(quiz=assignment.quiz, cohort=assignment.cohort, title="Week 2 reading check",
                                      opens_at=now - timedelta(hours=1), due_at=now + timedelta(hours=1),
                                      closes_at=now + timedelta(hours=1), review="score")
    attempt = attempt_start(assignment=week2, student=student)
    for position, response in ((1, choice_id(attempt, 1, 1)), (2, "95"), (3, choice_ids(attempt, 3, 0, 1)),
                               (4, "Bureau 39")):
        answer_save(attempt=attempt, position=position, response=response)
    attempt_submit(attempt=attempt)
    Assignment.objects.filter(pk=week2.pk).update(opens_at=now - timedelta(days=8), due_at=now - timedelta(days=7),
                                                  closes_at=now - timedelta(days=7))
    Assignment.objects.create(quiz=assignment.quiz, cohort=assignment.cohort, title="Week 1 reading check",
                              opens_at=now - timedelta(days=15), due_at=now - timedelta(days=14),
                              closes_at=now - timedelta(days=14))


def responses(attempt):
    return dict(AttemptQuestion.objects.filter(attempt=attempt).values_list("position", "response"))


def status_of(page, position):
    return page.locator(f'[data-question="{position}"] [data-save-status]')


def console_errors(page):
    errors = []  # a CSP refusal (an inline style, a script) shows up here
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return errors


def test_a_student_joins_answers_through_a_dropped_connection_and_submits(page, live_server, login, assert_accessible):
    assignment, student = demo_assignment(enrolled=False)
    login(student)
    errors = console_errors(page)

    # She joins the section with the code her instructor gave out.
    page.goto(live_server.url + reverse("cohorts:join"))
    page.get_by_label("Join code").fill("sectb301")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text("Welcome to “Section B”: you have joined as a student.")).to_be_visible()
    assert Membership.objects.filter(cohort=assignment.cohort, user=student, role="student").exists()

    page.goto(live_server.url + reverse("home"))
    expect(page.get_by_role("heading", name="My assignments")).to_be_visible()
    page.get_by_role("link", name="North Korea's Forced Labour Abroad").click()  # read the case first
    expect(page.get_by_role("heading", level=1)).to_have_text("North Korea's Forced Labour Abroad")
    page.go_back()
    page.get_by_role("link", name="Week 3 reading check").click()
    page.get_by_role("button", name="Start the quiz").click()
    attempt = Attempt.objects.get(student=student)
    expect(page).to_have_url(live_server.url + reverse("quizzes:attempt", args=[attempt.pk]))

    # Half the questions, each saved as it changes.
    page.get_by_label("More than 50,000").check()
    page.locator("#q-2-answer").fill("95")
    page.get_by_label("Russia").check()
    page.get_by_label("China").check()
    expect(status_of(page, 1)).to_have_text("Saved")
    expect(status_of(page, 2)).to_have_text("Saved")
    expect(status_of(page, 3)).to_have_text("Saved")
    expect(page.locator("[data-answered-count]")).to_have_text("3")
    assert responses(attempt) == {1: choice_id(attempt, 1, 1), 2: "95", 3: choice_ids(attempt, 3, 0, 1), 4: None,
                                  5: None, 6: None}

    page.reload()
    expect(page.get_by_label("More than 50,000")).to_be_checked()
    expect(page.locator("#q-2-answer")).to_have_value("95")
    expect(page.get_by_label("China")).to_be_checked()

    # The Wi-Fi drops: answers stay on the device and say so.
    page.context.set_offline(True)
    page.locator("#q-4-answer").fill("Bureau 39")
    page.get_by_label("Flag for review").nth(4).check()
    expect(status_of(page, 4)).to_have_text("Offline – will retry")
    expect(page.locator("[data-save-status-global]")).to_have_text("Offline – will retry")
    assert responses(attempt)[4] is None

    # Back online: everything kept goes to the server.
    page.context.set_offline(False)
    expect(status_of(page, 4)).to_have_text("Saved", timeout=15000)
    expect(status_of(page, 5)).to_have_text("Saved")
    expect(page.locator("[data-save-status-global]")).to_have_text("All answers saved")
    assert responses(attempt)[4] == "Bureau 39"
    assert AttemptQuestion.objects.get(attempt=attempt, position=5).flagged

    page.get_by_role("button", name="Review and submit…").click()
    expect(page.get_by_role("heading", name="Submit your answers?")).to_be_visible()
    unanswered = page.get_by_role("region", name="2 questions are unanswered")
    expect(unanswered.get_by_role("link")).to_have_text(["Question 5", "Question 6"])
    expect(page.get_by_role("region", name="1 question is flagged for review")).to_be_visible()
    page.get_by_role("button", name="Submit now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Week 3 reading check")
    expect(page.locator(".review-score-value")).to_contain_text("5")
    assert_accessible(page)
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.score == 5
    assert errors == []


def test_a_timed_quiz_submits_itself_when_the_time_runs_out(page, live_server, login):
    assignment, student = demo_assignment(time_limit_minutes=30)
    attempt = attempt_start(assignment=assignment, student=student)
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() + timedelta(seconds=6))
    login(student)

    page.goto(live_server.url + reverse("quizzes:attempt", args=[attempt.pk]))
    page.get_by_label("More than 50,000").check()
    page.wait_for_url(live_server.url + reverse("gradebook:attempt-review", args=[attempt.pk]), timeout=20000)

    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.auto_submitted
    assert responses(attempt)[1] == choice_id(attempt, 1, 1)
    expect(page.get_by_text("Time is up: your answers were saved and submitted.")).to_be_visible()


def tab_to(page, test, limit=150):
    """Press Tab (only Tab) until the focused element passes ``test`` (a JS function of it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({test})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {test}")


def test_the_whole_quiz_can_be_done_with_the_keyboard_alone(page, live_server, login):
    assignment, student = demo_assignment()
    login(student)
    page.goto(live_server.url + reverse("gradebook:assignment", args=[assignment.pk]))

    tab_to(page, "el => el.textContent.trim() === 'Start the quiz'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/attempts/*/")
    tab_to(page, "el => el.name === 'q-1'")
    page.keyboard.press("ArrowDown")  # the second choice: "More than 50,000"
    tab_to(page, "el => el.name === 'q-2'")
    page.keyboard.type("95")
    tab_to(page, "el => el.name === 'q-3'")  # Russia
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # China
    page.keyboard.press("Space")
    tab_to(page, "el => el.id === 'flag-3'")
    page.keyboard.press("Space")
    tab_to(page, "el => el.textContent.trim() === 'Review and submit…'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/submit/")
    tab_to(page, "el => el.textContent.trim() === 'Submit now'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/review/")

    attempt = Attempt.objects.get(student=student)
    assert attempt.status == "submitted"
    assert {k: v for k, v in responses(attempt).items() if k <= 3} == {
        1: choice_id(attempt, 1, 1), 2: "95", 3: choice_ids(attempt, 3, 0, 1)}
    assert AttemptQuestion.objects.get(attempt=attempt, position=3).flagged


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (DESKTOP, "desktop")], ids=["phone", "desktop"])
def test_the_screens_read_well_and_pass_axe(viewport, name, new_page, live_server, login, assert_accessible, shoot):
    assignment, student = demo_assignment(time_limit_minutes=45)
    earlier_weeks(assignment, student)
    page = login(student, new_page(viewport=viewport))
    errors = console_errors(page)

    page.goto(live_server.url + reverse("gradebook:dashboard"))
    shoot(page, f"dashboard-{name}")
    assert_accessible(page)
    page.get_by_role("link", name="North Korea's Forced Labour Abroad").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("North Korea's Forced Labour Abroad")
    assert_accessible(page)

    page.goto(live_server.url + reverse("gradebook:assignment", args=[assignment.pk]))
    shoot(page, f"assignment-{name}")
    assert_accessible(page)

    attempt = attempt_start(assignment=assignment, student=student)
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1))
    answer_save(attempt=attempt, position=3, response=choice_ids(attempt, 3, 0, 1))
    AttemptQuestion.objects.filter(attempt=attempt, position=4).update(flagged=True)
    page.goto(live_server.url + reverse("quizzes:attempt", args=[attempt.pk]))
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    if name == "phone":
        shoot(page, "attempt-phone")
        page.get_by_role("button", name="Read the case").click()
        expect(page.locator("#case-pane")).to_be_visible()
        page.wait_for_timeout(400)  # the drawer's slide-in
        shoot(page, "attempt-phone-case-open", full_page=False)
        assert_accessible(page)
        page.get_by_role("button", name="Close the case").click()
        expect(page.locator("#case-pane")).to_be_hidden()
    else:
        shoot(page, "attempt-desktop", full_page=False)
        page.get_by_role("link", name="Go to the cited passage").first.click()
        expect(page.locator("#p-2")).to_be_focused()
        expect(page.locator("#p-2")).to_be_in_viewport()
        shoot(page, "attempt-desktop-cited", full_page=False)

    page.goto(live_server.url + reverse("quizzes:attempt-submit", args=[attempt.pk]))
    shoot(page, f"submit-{name}")
    assert_accessible(page)

    attempt_submit(attempt=attempt)
    page.goto(live_server.url + reverse("gradebook:attempt-review", args=[attempt.pk]))
    shoot(page, f"review-{name}")
    assert_accessible(page)
    assert errors == []


def test_the_countdown_follows_the_servers_clock_and_announces_only_at_the_minute_marks(
        page, live_server, login):
    assignment, student = demo_assignment(time_limit_minutes=30)
    attempt = attempt_start(assignment=assignment, student=student)
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() + timedelta(seconds=63))
    login(student)
    page.clock.install(time=timezone.now() + timedelta(hours=3))  # this device's clock is 3 hours fast

    page.goto(live_server.url + reverse("quizzes:attempt", args=[attempt.pk]))
    value, announcer = page.locator("[data-timer-value]"), page.locator("[data-timer-announce]")
    expect(value).to_have_text(re.compile(r"^1:0\d$"))  # still a minute left, by the server's clock
    expect(announcer).to_have_text("")
    expect(announcer).to_have_text("1 minute left.", timeout=10000)
    ticking = value.inner_text()
    page.wait_for_timeout(2100)
    assert value.inner_text() != ticking and announcer.inner_text() == "1 minute left."  # not every second

    page.get_by_role("button", name="Hide time").click()
    expect(value).to_be_hidden()
    expect(page.get_by_role("button", name="Show time")).to_have_attribute("aria-pressed", "true")
    assert Attempt.objects.get(pk=attempt.pk).status == "in_progress"


def test_without_javascript_the_plain_form_saves_and_submits(new_page, live_server, login):
    assignment, student = demo_assignment()
    attempt = attempt_start(assignment=assignment, student=student)
    page = login(student, new_page(java_script_enabled=False))

    page.goto(live_server.url + reverse("quizzes:attempt", args=[attempt.pk]))
    page.get_by_label("More than 50,000").check()
    page.locator("#q-4-answer").fill("Bureau 39")
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    assert responses(attempt)[1] == choice_id(attempt, 1, 1) and responses(attempt)[4] == "Bureau 39"

    page.locator("#q-2-answer").fill("95")
    page.get_by_role("button", name="Review and submit…").click()
    expect(page.get_by_role("heading", name="Submit your answers?")).to_be_visible()
    page.get_by_role("button", name="Submit now").click()
    expect(page.locator(".review-score-value")).to_contain_text("3")
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and responses(attempt)[2] == "95"


def test_answers_given_before_the_script_has_loaded_are_saved_once_it_has(page, live_server, login):
    assignment, student = demo_assignment()
    attempt = attempt_start(assignment=assignment, student=student)
    login(student)
    answered = []

    def hold_script(route):  # a slow phone: the page is there, its script not yet
        page.get_by_label("More than 50,000").check()
        page.locator("#q-2-answer").fill("95")
        answered.append(True)
        route.continue_()

    page.route(ATTEMPT_SCRIPT, hold_script)
    page.goto(live_server.url + reverse("quizzes:attempt", args=[attempt.pk]))

    expect(status_of(page, 1)).to_have_text("Saved")
    expect(status_of(page, 2)).to_have_text("Saved")
    expect(status_of(page, 3)).to_have_text("")  # untouched questions are not sent
    assert answered and {k: v for k, v in responses(attempt).items() if k <= 3} == {
        1: choice_id(attempt, 1, 1), 2: "95", 3: None}
