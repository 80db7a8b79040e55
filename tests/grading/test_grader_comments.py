"""The hand-grader's comment reaches its student on the review page: with right and wrong (the
"correctness" level and up), never before, as escaped plain text, and never to anyone else."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grading.comments import grader_comment
from grading.services.manual import answer_grade
from quizzes.models import Assignment

COMMENT = "Good on oil.\nSay more about the <b>transfers</b> & who ran them."
SHOWN = "Good on oil.<br>Say more about the &lt;b&gt;transfers&lt;/b&gt; &amp; who ran them."
LABEL = "Comment from your grader"


@pytest.fixture
def commented(essays, instructor):
    """Sam's essay graded with a comment that has a line break and HTML in it."""
    sam = essays[0]
    answer_grade(attempt_question=sam.questions.get(version__type="essay"), score=Decimal(3), comment=COMMENT,
                 grader=instructor)
    return sam


def policy(attempt, *, review, after_close="nothing", closed=False):
    now = timezone.now()
    times = {"opens_at": now - timedelta(days=3), "due_at": now - timedelta(days=2),
             "closes_at": now - timedelta(days=1)} if closed else {}
    Assignment.objects.filter(pk=attempt.assignment_id).update(review=review, review_after_close=after_close, **times)


def review_page(client, attempt):
    response = client.get(reverse("gradebook:attempt-review", args=[attempt.pk]))
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize("level", ["correctness", "full"])
def test_the_student_reads_the_comment_under_the_graded_question(login_as, student, commented, level):
    policy(commented, review=level)

    text = review_page(login_as(student), commented)

    assert text.count(LABEL) == 1
    essay = text[text.index('id="review-q-2"'):]
    assert LABEL in essay  # under question 2, the essay, not under the choice question before it
    assert SHOWN in essay


@pytest.mark.parametrize("level", ["nothing", "score"])
def test_no_comment_below_the_level_that_shows_right_and_wrong(login_as, student, commented, level):
    policy(commented, review=level, after_close=level, closed=True)

    text = review_page(login_as(student), commented)

    assert LABEL not in text
    assert "Good on oil" not in text and "transfers" not in text


def test_a_comment_waits_for_the_close_when_the_policy_does(login_as, student, commented):
    client = login_as(student)
    policy(commented, review="score", after_close="correctness")
    assert "Good on oil" not in review_page(client, commented)

    policy(commented, review="score", after_close="correctness", closed=True)
    assert SHOWN in review_page(client, commented)


def test_html_in_a_comment_is_shown_as_text(login_as, student, commented):
    policy(commented, review="full")

    text = review_page(login_as(student), commented)

    assert "<b>transfers</b>" not in text
    assert "&lt;b&gt;transfers&lt;/b&gt;" in text


def test_no_comment_no_label(login_as, student, essays, instructor):
    """A grade saved without a comment, and an answer not graded yet, show no empty comment box."""
    ada = essays[1]
    answer_grade(attempt_question=ada.questions.get(version__type="essay"), score=Decimal(1), comment="  ",
                 grader=instructor)
    policy(essays[0], review="full")

    assert LABEL not in review_page(login_as(student), essays[0])
    assert LABEL not in review_page(login_as(ada.student), ada)


def test_another_student_cannot_read_the_comment(login_as, essays, commented):
    ada = essays[1].student
    policy(commented, review="full")

    response = login_as(ada).get(reverse("gradebook:attempt-review", args=[commented.pk]))

    assert response.status_code == 404
    assert "Good on oil" not in response.text
    assert "Good on oil" not in review_page(login_as(ada), essays[1])  # nor on her own review


def test_the_comment_costs_no_extra_query(login_as, student, commented, django_assert_max_num_queries):
    policy(commented, review="correctness")
    client = login_as(student)
    # 1 session, 2 user, 3 the attempt with assignment, quiz and case, 4 the assignment's overrides,
    # 5 the questions with their versions (the comment is in each question's stored result); the
    # score that counts: 6 the assignment's points possible, 7 the student's attempts, 8 an adjustment;
    # 9 whether the grade reached the LMS (gradebook.sync_status)
    with django_assert_max_num_queries(9, info="The grader's comment is in AttemptQuestion.result: read it there."):
        text = review_page(client, commented)
    assert LABEL in text


@pytest.mark.parametrize(("result", "comment"), [
    ({}, ""), ({"comment": None}, ""), ({"comment": 3}, ""), ({"comment": "  Fine.\n "}, "Fine."),
])
def test_grader_comment_reads_only_text(result, comment):
    assert grader_comment(result) == comment


def test_staff_see_the_comment_on_the_attempt_page_too(login_as, instructor, commented):
    text = login_as(instructor).get(reverse("gradebook:gradebook-attempt", args=[commented.pk])).text

    assert SHOWN in text and "Grader's comment" in text
