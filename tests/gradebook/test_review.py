"""The review shows what the assignment's policy allows now, and not one character of the key before."""

from datetime import timedelta
from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone

from casestudies.markdown import render
from casestudies.passages import cited_passage
from quizzes.models import Assignment, AssignmentOverride
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_submit
from tests.factories import UserFactory
from tests.query_counts import assert_same_queries
from tests.quiz_builders import choice_id, enrol
from tests.quizzes.taking_setup import (
    CHOICE_FEEDBACK,
    KEY_STRINGS,
    NUMERIC_KEY,
    SHORT_KEY,
    key_assignment,
    many_questions,
    started,
)

# session, user, the attempt (with assignment, quiz, case), the assignment's overrides (the last
# close decides the policy), the questions with the versions seen and graded (only from "correctness"
# up); from "score" up, the score that counts: the assignment's points possible, the student's
# attempts and an adjustment, and whether the grade reached the LMS (gradebook.sync_status).
REVIEW_QUERIES = 9


def submitted(instructor, student, **options):
    """A submitted attempt with a right choice, a wrong text, a wrong number and a blank essay."""
    attempt = started(key_assignment(instructor, **options), student)
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1))
    answer_save(attempt=attempt, position=3, response="Some other company")
    answer_save(attempt=attempt, position=4, response="12")
    return attempt_submit(attempt=attempt)


def review(client, attempt):
    response = client.get(reverse("gradebook:attempt-review", args=[attempt.pk]))
    assert response.status_code == 200
    return response.content.decode()


def close_everything(attempt):
    """Move the assignment into the past: opened, due and closed (the attempt stays as it was)."""
    now = timezone.now()
    Assignment.objects.filter(pk=attempt.assignment_id).update(
        opens_at=now - timedelta(days=3), due_at=now - timedelta(days=2), closes_at=now - timedelta(days=1))


def assert_no_key(html):
    for secret in KEY_STRINGS:
        assert secret not in html
    assert "Correct answer" not in html and "Feedback" not in html


def test_nothing_shows_no_score_and_no_questions(student_client, instructor, student):
    attempt = submitted(instructor, student, review="nothing", review_after_close="nothing")

    html = review(student_client, attempt)

    assert "Your instructor will release the results later" in html
    assert "1 / 9" not in html and 'class="review-question"' not in html
    assert "correct" not in html.lower()
    assert_no_key(html)


def test_score_shows_the_total_only(student_client, instructor, student):
    attempt = submitted(instructor, student, review="score", review_after_close="score")

    html = review(student_client, attempt)

    assert "1<span class=\"review-score-max\"> / 9</span>" in html
    assert 'class="review-question"' not in html
    assert "correct" not in html.lower()
    assert_no_key(html)


def test_correctness_marks_each_question_but_still_hides_the_key(student_client, instructor, student):
    attempt = submitted(instructor, student, review="correctness", review_after_close="correctness")

    html = review(student_client, attempt)

    assert html.count('class="review-question"') == 5
    assert html.count(">Correct</span>") == 1 and html.count(">Incorrect</span>") == 2
    assert "Some other company" in html  # the student's own answer is theirs to see
    assert_no_key(html)


def test_full_shows_correct_answers_feedback_and_the_cited_passage(student_client, instructor, student):
    attempt = submitted(instructor, student, review="full")

    html = review(student_client, attempt)

    assert SHORT_KEY in html and NUMERIC_KEY in html
    assert CHOICE_FEEDBACK in html
    assert "See <strong>paragraph 2</strong> of the case." in html  # Markdown, rendered and sanitised
    assert "Their wages are paid to a state company, which keeps most of the money." in html
    case = attempt.assignment.quiz.case
    assert f'href="{case.get_absolute_url()}#p-2"' in html


def test_after_the_close_the_more_generous_policy_applies(student_client, instructor, student):
    attempt = submitted(instructor, student, review="score", review_after_close="full")
    assert SHORT_KEY not in review(student_client, attempt)

    close_everything(attempt)

    assert SHORT_KEY in review(student_client, attempt)


def test_the_key_waits_for_the_last_students_extension(student_client, instructor, student):
    attempt = submitted(instructor, student, review="score", review_after_close="full", accept_late=True)
    close_everything(attempt)
    latecomer = enrol(attempt.assignment, UserFactory())
    AssignmentOverride.objects.create(assignment=attempt.assignment, student=latecomer,
                                      closes_at=timezone.now() + timedelta(days=1))

    html = review(student_client, attempt)

    assert_no_key(html)


def test_an_open_attempt_has_no_review_yet(student_client, instructor, student):
    attempt = started(key_assignment(instructor, review="full"), student)

    response = student_client.get(reverse("gradebook:attempt-review", args=[attempt.pk]))

    assert response.status_code == 302 and response.url == reverse("quizzes:attempt", args=[attempt.pk])


def test_a_classmate_gets_404_and_anonymous_visitors_sign_in(client, instructor, student):
    attempt = submitted(instructor, student, review="full")
    url = reverse("gradebook:attempt-review", args=[attempt.pk])

    assert client.get(url).url.startswith(reverse("login"))
    client.force_login(enrol(attempt.assignment, UserFactory()))
    assert client.get(url).status_code == 404


def test_the_full_review_makes_the_same_queries_for_5_and_100_questions(student_client, instructor, student):
    def build(count: int):
        """A submitted attempt of ``count`` questions whose assignment shows the full review."""
        attempt = many_questions(instructor, student, count)
        Assignment.objects.filter(pk=attempt.assignment_id).update(review="full")
        return attempt_submit(attempt=attempt)

    pages = assert_same_queries(
        build=build, fetch=lambda attempt: review(student_client, attempt), sizes=(5, 100), at_most=REVIEW_QUERIES,
        fix="The review must not query per question: keep select_related('version') in gradebook.views.review._rows.",
    )
    assert [html.count('class="review-question"') for html in pages] == [5, 100]


def test_the_quoted_passage_is_plain_text_without_footnote_markers():
    case = SimpleNamespace(body_html=render("Wages go to the *state*.[^pay]\n\n[^pay]: A source."))

    assert cited_passage(case, "p-1") == "Wages go to the state."
    assert cited_passage(case, "p-9") == ""
