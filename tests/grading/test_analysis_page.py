"""The item analysis page: what it shows for a small class whose numbers are easy to check by hand."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cohorts.models import Membership
from grading.services.manual import answer_grade
from tests.factories import UserFactory
from tests.grading.conftest import submit
from tests.quiz_builders import choice_question, enrol, make_assignment


@pytest.fixture
def quiz_of_two(instructor):
    """Two single-choice questions (key B), four students:
         Q1 Q2  total
    s1    B  B    2
    s2    B  A    1
    s3    A  B    1
    s4    C  C    0
    Q1 facility 2/4 = 50%; Q2 likewise. The key B is marked; A and C are distractors.
    """
    assignment = make_assignment(instructor=instructor, specs=[choice_question(1), choice_question(2)])
    for n, answers in enumerate([{1: 1, 2: 1}, {1: 1, 2: 0}, {1: 0, 2: 1}, {1: 2, 2: 2}], start=1):
        user = enrol(assignment, UserFactory(username=f"s{n}"))
        submit(assignment, user, answers)
    return assignment


def page(client, assignment):
    return client.get(reverse("grading:analysis", args=[assignment.pk]))


def test_the_page_shows_the_distribution_as_an_image_and_a_table(login_as, instructor, quiz_of_two):
    response = page(login_as(instructor), quiz_of_two)

    assert response.status_code == 200
    text = response.text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in text and 'role="img"' in text
    assert 'aria-labelledby="score-distribution-title score-distribution-desc"' in text
    table = text[text.index('id="distribution-table"'):]
    # percentages 100, 50, 50, 0: one in 0–10, two in 50–60, one in 90–100
    assert "<th scope=\"row\">50–60</th><td>2</td>" in table
    assert "<th scope=\"row\">90–100</th><td>1</td>" in table


def test_each_question_gets_facility_discrimination_and_its_choices(login_as, instructor, quiz_of_two):
    text = page(login_as(instructor), quiz_of_two).text

    row = text[text.index('id="item-table"'):text.index("How to read")]
    assert row.count("50%") == 2
    # Q1 = 1 1 0 0 against rest (Q2) = 1 0 1 0: r = 0 (worked: deviations .5 .5 -.5 -.5 and .5 -.5 .5 -.5)
    assert "0.00" in row
    choices = text[text.index("Choices of 1. Q1"):text.index("Choices of 2. Q2")]
    assert choices.count('class="table-success"') == 1  # the key, B
    assert "B <span class=\"badge text-bg-success\">Key</span>" in choices
    assert "2 <span class=\"text-body-secondary\">(50%)</span>" in choices


def test_reliability_and_the_time_estimate_are_explained(login_as, instructor, quiz_of_two):
    text = page(login_as(instructor), quiz_of_two).text
    # totals 2 1 1 0 (variance 1/2); items both p = 1/2 (p*q = 1/4 each): KR-20 = 2 * (1 - 0.5/0.5) = 0
    assert 'id="kr20">0.00<' in text and 'id="alpha">0.00<' in text
    assert "Time per question is an estimate" in text


def test_pending_essays_are_left_out_until_graded(login_as, instructor, assignment, essays):
    text = page(login_as(instructor), assignment).text
    assert "2 answers still wait for hand grading" in text
    assert "(+2 to grade)" in text

    for attempt in essays[:2]:
        essay = attempt.questions.get(position=2)
        answer_grade(attempt_question=essay, score=Decimal(2), comment="", grader=instructor)
    assert "wait for hand grading" not in page(login_as(instructor), assignment).text


def test_a_question_everyone_missed_is_flagged_hard(login_as, instructor):
    assignment = make_assignment(instructor=instructor, specs=[choice_question(1)])
    for n in range(3):
        submit(assignment, enrol(assignment, UserFactory(username=f"x{n}")), {1: 0})

    text = page(login_as(instructor), assignment).text
    assert "Hard: under 20%" in text
    assert 'id="alpha">–<' in text  # one question: no reliability, and no error either


def test_without_submissions_the_page_says_so(login_as, instructor, assignment):
    response = page(login_as(instructor), assignment)
    assert response.status_code == 200
    assert 'id="no-attempts"' in response.text


def test_only_the_first_attempt_of_each_student_counts(login_as, instructor):
    assignment = make_assignment(instructor=instructor, specs=[choice_question(1)], attempts_allowed=2)
    user = enrol(assignment, UserFactory(username="twice"))
    submit(assignment, user, {1: 0})
    submit(assignment, user, {1: 1})

    text = page(login_as(instructor), assignment).text
    assert "<dt class=\"col-7\">Students</dt><dd class=\"col-5\">1</dd>" in text
    assert "Hard: under 20%" in text  # 0 of 1 in the first attempt


def test_instructors_get_a_regrade_link_and_tas_do_not(login_as, instructor, ta, quiz_of_two):
    regrade = reverse("grading:regrade", args=[quiz_of_two.quiz.items.first().question_id])
    assert regrade in page(login_as(instructor), quiz_of_two).text
    Membership.objects.create(cohort=quiz_of_two.cohort, user=ta, role="ta")
    assert regrade not in page(login_as(ta), quiz_of_two).text
