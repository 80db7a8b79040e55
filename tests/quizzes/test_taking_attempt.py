"""The attempt page: questions without their key, in the attempt's order, beside the case; the plain
form that saves every answer without JavaScript; time running out."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, AttemptQuestion
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_start
from tests.factories import UserFactory
from tests.query_counts import assert_same_queries
from tests.quiz_builders import choice_id, choice_ids, choice_question, enrol, make_assignment
from tests.quizzes.taking_setup import KEY_STRINGS, key_assignment, many_questions, response_at, started

# session, user, the attempt (with assignment, quiz, case, cohort), its questions with their versions.
ATTEMPT_PAGE_QUERIES = 4


@pytest.fixture
def assignment(instructor):
    return key_assignment(instructor)


@pytest.fixture
def attempt(assignment, student):
    return started(assignment, student)


def url(attempt):
    return reverse("quizzes:attempt", args=[attempt.pk])


def test_the_page_shows_every_question_the_case_and_the_progress(student_client, attempt):
    response = student_client.get(url(attempt))

    html = response.content.decode()
    assert response.status_code == 200
    assert [f'id="q-{n}"' in html for n in range(1, 6)] == [True] * 5
    assert "Workers are sent abroad in groups." in html  # the case, beside the questions
    assert re.search(r"<span data-answered-count>0</span> of 5 answered", html)
    assert 'href="#p-2"' in html  # the first question cites the case's second paragraph
    assert html.count('id="p-2"') == 1  # the questions' own paragraphs carry no competing anchors
    assert 'data-deadline="' in html and 'data-server-now="' in html
    assert "{#" not in html and "{%" not in html  # no template source leaks into the page


def test_the_page_never_contains_the_answer_key(student_client, attempt):
    html = student_client.get(url(attempt)).content.decode()

    for secret in KEY_STRINGS:
        assert secret not in html
    assert "correct" not in html.lower()  # no marker of which choice is right
    assert "weight" not in html.lower()


def test_choices_show_in_the_attempts_order_but_keep_their_values(student_client, attempt):
    AttemptQuestion.objects.filter(attempt=attempt, position=1).update(choice_order=[2, 0, 1])

    html = student_client.get(url(attempt)).content.decode()

    values = re.findall(r'name="q-1" id="q-1-[0-9a-f]+" value="([0-9a-f]+)"', html)
    assert values == choice_ids(attempt, 1, 2, 0, 1)
    assert html.index("The host country") < html.index("The workers") < html.index("A state company")


def test_saved_answers_and_flags_are_shown_in_the_navigator(student_client, attempt):
    answer_save(attempt=attempt, position=3, response="Somebody")
    AttemptQuestion.objects.filter(attempt=attempt, position=4).update(flagged=True)

    html = student_client.get(url(attempt)).content.decode()

    assert 'value="Somebody"' in html
    assert re.search(r'class="attempt-nav-link is-answered" data-nav="3"', html)
    assert re.search(r'class="attempt-nav-link is-flagged" data-nav="4"', html)
    assert re.search(r'name="flag-4" id="flag-4" value="1" data-flag checked', html)
    assert re.search(r"<span data-answered-count>1</span> of 5", html)


def test_the_plain_form_saves_every_answer_and_flag(student_client, attempt):
    right, both = choice_id(attempt, 1, 1), choice_ids(attempt, 2, 0, 1)
    response = student_client.post(url(attempt), {
        "q-1": right, "q-2": both, "q-3": "Somebody", "q-4": "12", "q-5": "An essay.", "flag-5": "1",
        "action": "save",
    })

    assert response.status_code == 302 and response.url == url(attempt)
    assert [response_at(attempt, n) for n in range(1, 6)] == [right, both, "Somebody", "12", "An essay."]
    assert list(attempt.questions.filter(flagged=True).values_list("position", flat=True)) == [5]
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.IN_PROGRESS


def test_an_answer_that_fits_no_question_saves_nothing_and_keeps_what_was_typed(student_client, attempt):
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 0))

    response = student_client.post(url(attempt), {"q-1": "7", "q-3": "Typed before the mistake", "action": "save"})

    assert response.status_code == 400
    assert response_at(attempt, 1) == choice_id(attempt, 1, 0) and response_at(attempt, 3) is None  # nothing saved
    assert 'value="Typed before the mistake"' in response.content.decode()  # nothing lost either
    assert "nothing was saved" in response.content.decode()


def test_submit_in_the_plain_form_saves_then_asks_for_confirmation(student_client, attempt):
    response = student_client.post(url(attempt), {"q-1": choice_id(attempt, 1, 1), "action": "submit"})

    assert response.status_code == 302
    assert response.url == reverse("quizzes:attempt-submit", args=[attempt.pk])
    assert response_at(attempt, 1) == choice_id(attempt, 1, 1)
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.IN_PROGRESS


def test_the_timer_reaching_zero_saves_and_submits(student_client, attempt):
    response = student_client.post(url(attempt), {"q-1": choice_id(attempt, 1, 1), "action": "finish"})

    submitted = Attempt.objects.get(pk=attempt.pk)
    assert response.url == reverse("gradebook:attempt-review", args=[attempt.pk])
    assert submitted.status == Attempt.Status.SUBMITTED and submitted.auto_submitted
    assert submitted.score == 1


def test_an_overdue_attempt_is_submitted_on_access_and_shows_its_review(student_client, attempt):
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1))
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - timedelta(minutes=5))

    response = student_client.get(url(attempt))

    finalised = Attempt.objects.get(pk=attempt.pk)
    assert response.url == reverse("gradebook:attempt-review", args=[attempt.pk])
    assert finalised.status == Attempt.Status.SUBMITTED and finalised.auto_submitted
    assert finalised.score == 1


def test_answers_posted_after_the_deadline_and_grace_are_not_saved(student_client, attempt):
    Attempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - timedelta(minutes=5))

    response = student_client.post(url(attempt), {"q-1": choice_id(attempt, 1, 1), "action": "save"})

    assert response.url == reverse("gradebook:attempt-review", args=[attempt.pk])
    assert response_at(attempt, 1) is None


def test_a_submitted_attempt_goes_to_its_review(student_client, attempt):
    Attempt.objects.filter(pk=attempt.pk).update(status="submitted", submitted_at=timezone.now())

    response = student_client.post(url(attempt), {"q-1": choice_id(attempt, 1, 1), "action": "save"})

    assert response.url == reverse("gradebook:attempt-review", args=[attempt.pk])
    assert response_at(attempt, 1) is None


# --- who may see an attempt --------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, attempt):
    response = client.get(url(attempt))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_classmate_gets_404_for_someone_elses_attempt(client, assignment, attempt):
    classmate = enrol(assignment, UserFactory())
    client.force_login(classmate)

    assert client.get(url(attempt)).status_code == 404
    assert client.post(url(attempt), {"q-1": choice_id(attempt, 1, 0), "action": "save"}).status_code == 404
    assert response_at(attempt, 1) is None


def test_a_student_of_another_cohort_gets_404(client, attempt, instructor):
    other = make_assignment(instructor=instructor, specs=[choice_question(1)])
    outsider = enrol(other, UserFactory())
    client.force_login(outsider)

    assert client.get(url(attempt)).status_code == 404


# --- query counts -----------------------------------------------------------------------------------


def test_the_attempt_page_makes_the_same_queries_for_5_and_100_questions(student_client, instructor, student):
    pages = assert_same_queries(
        build=lambda count: url(many_questions(instructor, student, count)), fetch=student_client.get,
        sizes=(5, 100), at_most=ATTEMPT_PAGE_QUERIES,
        fix="The attempt page must not query per question: load questions with select_related('version') "
            "in quizzes.views.taking._questions rather than raising the limit.",
    )
    for count, page in zip((5, 100), pages):
        assert page.status_code == 200
        assert page.content.decode().count('class="attempt-question"') == count


def test_starting_then_opening_the_page_shows_the_same_questions_in_the_same_order(student_client, instructor,
                                                                                   student):
    assignment = make_assignment(instructor=instructor, specs=[choice_question(n) for n in range(8)],
                                 shuffle_questions=True)
    enrol(assignment, student)
    attempt = attempt_start(assignment=assignment, student=student)
    titles = list(attempt.questions.order_by("position").values_list("version__title", flat=True))

    html = student_client.get(url(attempt)).content.decode()

    shown = re.findall(r"Q\d+ ·", html)
    assert [title.removesuffix(" ·") for title in shown] == titles
