"""The grading pages cost a fixed number of queries, whether 10 students submitted or 200.

Each page is loaded at both sizes and must run the same queries, so a query per student or per answer (an N+1,
e.g. a template reaching for `answer.attempt.student` without `select_related`) fails here.
"""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Membership
from quizzes.models import Attempt, AttemptQuestion
from tests.grading.conftest import ESSAY
from tests.query_counts import assert_same_queries
from tests.quiz_builders import choice_question, make_assignment

SIZES = (10, 200)
FIX = (
    "A query now runs once per student or answer. Load what the page reads in the view's querysets "
    "(select_related / values_list in quizzes/views/analysis.py, grading_queue.py, regrade.py); raise N only "
    "for a new fixed query, and comment what it is."
)


@pytest.fixture
def assignment(instructor):
    """Two choice questions and an essay (the conftest's assignment has one choice question)."""
    return make_assignment(instructor=instructor, specs=[choice_question(1), choice_question(2), ESSAY])


@pytest.fixture
def versions(assignment):
    items = assignment.quiz.items.select_related("question__current_version").order_by("position")
    return [item.question.current_version for item in items]


@pytest.fixture
def add_submissions(assignment, versions):
    """``add_submissions(n)``: n more students submit the assignment, some right, every essay waiting for
    a grader; built in bulk."""
    numbers = itertools.count()
    User = get_user_model()

    def add(count: int):
        batch = list(itertools.islice(numbers, count))
        users = User.objects.bulk_create(
            User(username=f"student{n}", first_name="S", last_name=f"{n:03d}") for n in batch)
        Membership.objects.bulk_create(Membership(cohort=assignment.cohort, user=u, role="student") for u in users)
        now = timezone.now()
        attempts = Attempt.objects.bulk_create(
            Attempt(assignment=assignment, student=u, number=1, status="submitted", started_at=now, deadline_at=now,
                    submitted_at=now, score=n % 3, max_score=6, needs_grading=True) for n, u in zip(batch, users))
        AttemptQuestion.objects.bulk_create(
            AttemptQuestion(attempt=a, position=p, version=v, choice_order=[0, 1, 2], points=v.points,
                            response=v.question_spec.choice_ids()[(n + p) % 3] if v.type != "essay" else f"Essay {n}",
                            score=int((n + p) % 3 == 1) if v.type != "essay" else 0,
                            result={"status": "needs_manual" if v.type == "essay" else "correct",
                                    "max_score": str(v.points)})
            for n, a in zip(batch, attempts) for p, v in enumerate(versions, start=1))

    return add


def test_the_analysis_page_costs_the_same_for_10_or_200_students(instructor_client, assignment, add_submissions):
    url = reverse("grading:analysis", args=[assignment.pk])
    # 1 session, 2 user, 3 assignment with quiz, case and cohort, 4 my membership (access helper),
    # 5 the submitted attempts, 6 their answers, 7 the versions answered, 8 which questions I may regrade
    pages = assert_same_queries(grow=add_submissions, fetch=lambda: instructor_client.get(url), sizes=SIZES,
                                at_most=8, fix=FIX)
    for size, page in zip(SIZES, pages):
        assert page.status_code == 200
        assert f'<dt class="col-7">Students</dt><dd class="col-5">{size}</dd>' in page.text


def test_the_grading_queue_costs_the_same_for_10_or_200_answers(instructor_client, assignment, versions,
                                                                add_submissions):
    url = reverse("grading:grading-queue", args=[assignment.pk, versions[2].question_id])
    # 1 session, 2 user, 3 assignment, 4 my membership, 5 the question's answers with students and versions
    pages = assert_same_queries(grow=add_submissions, fetch=lambda: instructor_client.get(url), sizes=SIZES,
                                at_most=5, fix=FIX)
    for size, page in zip(SIZES, pages):
        assert page.status_code == 200
        assert f"0 of {size} graded" in page.text


def test_the_grading_overview_costs_the_same_for_10_or_200_answers(instructor_client, assignment, add_submissions):
    url = reverse("grading:grading-overview", args=[assignment.pk])
    # 1 session, 2 user, 3 assignment, 4 my membership, 5 answers waiting, counted per question
    pages = assert_same_queries(grow=add_submissions, fetch=lambda: instructor_client.get(url), sizes=SIZES,
                                at_most=5, fix=FIX)
    for size, page in zip(SIZES, pages):
        assert f"0 of {size}" in page.text


def test_the_regrade_preview_costs_the_same_for_10_or_200_answers(instructor_client, versions, add_submissions):
    url = reverse("grading:regrade", args=[versions[0].question_id])
    # 1 session, 2 user, 3 the question with its version and bank (access), 4 answers in my cohorts with
    # students and assignments, 5 answers elsewhere (a count)
    pages = assert_same_queries(grow=add_submissions, fetch=lambda: instructor_client.get(url), sizes=SIZES,
                                at_most=5, fix=FIX)
    for size, page in zip(SIZES, pages):
        assert page.status_code == 200
        assert f"{size} submitted answers" in page.text
