"""The grading pages cost a fixed number of queries, whether 10 students submitted or 200.

Each page is loaded at both sizes under the same limit, so a query per student or per answer (an N+1,
e.g. a template reaching for `answer.attempt.student` without `select_related`) fails here.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Membership
from quizzes.models import Attempt, AttemptQuestion
from tests.grading_ops.conftest import ESSAY
from tests.quiz_builders import choice_question, make_assignment

FIX = (
    "A query now runs once per student or answer. Load what the page reads in the view's querysets "
    "(select_related / values_list in quizzes/views/analysis.py, grading_queue.py, regrade.py); raise N only "
    "for a new fixed query, and comment what it is."
)


@pytest.fixture
def make_class(instructor):
    """An assignment (two choice questions and an essay) submitted by ``size`` students, built in bulk."""

    def make(size: int):
        assignment = make_assignment(instructor=instructor, specs=[choice_question(1), choice_question(2), ESSAY])
        users = get_user_model().objects.bulk_create(
            get_user_model()(username=f"student{n}", first_name="S", last_name=f"{n:03d}") for n in range(size))
        Membership.objects.bulk_create(Membership(cohort=assignment.cohort, user=u, role="student") for u in users)
        now = timezone.now()
        attempts = Attempt.objects.bulk_create(
            Attempt(assignment=assignment, student=u, number=1, status="submitted", started_at=now, deadline_at=now,
                    submitted_at=now, score=n % 3, max_score=6, needs_grading=True) for n, u in enumerate(users))
        versions = [item.question.current_version for item in assignment.quiz.items.select_related(
            "question__current_version").order_by("position")]
        AttemptQuestion.objects.bulk_create(
            AttemptQuestion(attempt=a, position=p, version=v, choice_order=[0, 1, 2],
                            response=(n + p) % 3 if v.type != "essay" else f"Essay {n}",
                            score=int((n + p) % 3 == 1) if v.type != "essay" else 0,
                            result={"status": "needs_manual" if v.type == "essay" else "correct",
                                    "max_score": str(v.points)})
            for n, a in enumerate(attempts) for p, v in enumerate(versions, start=1))
        return assignment, versions

    return make


@pytest.mark.parametrize("size", [10, 200])
def test_the_analysis_page_costs_the_same_for_10_or_200_students(make_class, login_as, instructor, size,
                                                                 django_assert_max_num_queries):
    assignment, _versions = make_class(size)
    client = login_as(instructor)
    # 1 session, 2 user, 3 assignment with quiz, case and cohort, 4 my membership (access helper),
    # 5 the submitted attempts, 6 their answers, 7 the versions answered, 8 which questions I may regrade
    with django_assert_max_num_queries(8, info=FIX):
        response = client.get(reverse("quizzes:analysis", args=[assignment.pk]))
    assert response.status_code == 200
    assert f'<dt class="col-7">Students</dt><dd class="col-5">{size}</dd>' in response.text


@pytest.mark.parametrize("size", [10, 200])
def test_the_grading_queue_costs_the_same_for_10_or_200_answers(make_class, login_as, instructor, size,
                                                                django_assert_max_num_queries):
    assignment, versions = make_class(size)
    client = login_as(instructor)
    url = reverse("quizzes:grading-queue", args=[assignment.pk, versions[2].question_id])
    # 1 session, 2 user, 3 assignment, 4 my membership, 5 the question's answers with students and versions
    with django_assert_max_num_queries(5, info=FIX):
        response = client.get(url)
    assert response.status_code == 200
    assert f"0 of {size} graded" in response.text


@pytest.mark.parametrize("size", [10, 200])
def test_the_grading_overview_costs_the_same_for_10_or_200_answers(make_class, login_as, instructor, size,
                                                                   django_assert_max_num_queries):
    assignment, _versions = make_class(size)
    client = login_as(instructor)
    # 1 session, 2 user, 3 assignment, 4 my membership, 5 answers waiting, counted per question
    with django_assert_max_num_queries(5, info=FIX):
        response = client.get(reverse("quizzes:grading-overview", args=[assignment.pk]))
    assert f"0 of {size}" in response.text


@pytest.mark.parametrize("size", [10, 200])
def test_the_regrade_preview_costs_the_same_for_10_or_200_answers(make_class, login_as, instructor, size,
                                                                  django_assert_max_num_queries):
    assignment, versions = make_class(size)
    client = login_as(instructor)
    # 1 session, 2 user, 3 the question with its version and bank (access), 4 answers in my cohorts with
    # students and assignments, 5 answers elsewhere (a count)
    with django_assert_max_num_queries(5, info=FIX):
        response = client.get(reverse("quizzes:regrade", args=[versions[0].question_id]))
    assert response.status_code == 200
    assert f"{size} submitted answers" in response.text
