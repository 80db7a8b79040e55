"""The gradebook pages cost a fixed number of queries, whether the class has 10 students or 500.

Each page is loaded at both sizes under the same limit, so a query per student or per cell (an N+1:
a template reaching for `cell.attempt.assignment`, a loop calling `cell_for`) fails here rather than
in week one of term.
"""

import pytest
from django.urls import reverse

from quizzes.models import Attempt, ScoreChange
from tests.gradebook.conftest import populate, submit

FIX = (
    "A gradebook page now runs a query per student, attempt or cell. Load what the page needs in "
    "quizzes/gradebook_queries.py (attempts as values_list tuples, one query per table) and compute with "
    "quizzes/gradebook.py; raise N only for a new fixed query, and comment what it is."
)


@pytest.mark.parametrize("students", [10, 500])
def test_the_gradebook_costs_the_same_for_10_or_500_students(
    login_as, instructor, cohort, students, django_assert_max_num_queries
):
    populate(cohort, instructor, students=students, assignments=20)
    client = login_as(instructor)
    # 1 session, 2 user, 3 my membership with the cohort (access helper), 4 assignments with their
    # quiz and points possible, 5 students with their users, 6 attempts (8 columns), 7 adjustments,
    # 8 extensions (overrides that move the due date)
    with django_assert_max_num_queries(8, info=FIX):
        response = client.get(reverse("quizzes:gradebook", args=[cohort.pk]), {"sort": "total", "dir": "desc"})
    assert response.status_code == 200
    assert response.text.count("/gradebook/students/") == students + 2  # + Sam and Carla
    assert "Excused" in response.text and "Needs grading" in response.text and "Missed" in response.text


@pytest.mark.parametrize("assignments", [2, 20])
def test_a_students_page_costs_the_same_for_2_or_20_assignments(
    login_as, instructor, cohort, assignments, django_assert_max_num_queries
):
    populate(cohort, instructor, students=3, assignments=assignments, questions=4)
    student = Attempt.objects.filter(assignment__cohort=cohort).first().student
    client = login_as(instructor)
    # 1 session, 2 user, 3 my membership with the cohort, 4 the student's membership and user,
    # 5 assignments, 6 attempts, 7 adjustments, 8 extensions (the grid), 9 the attempts for the
    # timing table, 10 their questions with versions, 11 the student's grade changes
    with django_assert_max_num_queries(11, info=FIX):
        response = client.get(reverse("quizzes:gradebook-student", args=[cohort.pk, student.pk]))
    assert response.status_code == 200
    assert response.text.count('class="gb-question-scores"') == Attempt.objects.filter(student=student).count()


@pytest.mark.parametrize("assignments", [2, 20])
def test_my_grades_costs_the_same_for_2_or_20_assignments(
    login_as, instructor, cohort, student, assignments, django_assert_max_num_queries
):
    for a in populate(cohort, instructor, students=1, assignments=assignments):
        submit(a, student, "0.5", number=9)
    client = login_as(student)
    # 1 session, 2 user, 3 my student memberships with cohorts, 4 assignments, 5 all their overrides
    # (the review policy waits for the last close), 6 my attempts, 7 my adjustments, 8 my extensions
    with django_assert_max_num_queries(8, info=FIX):
        response = client.get(reverse("quizzes:my-grades"))
    assert response.status_code == 200
    assert response.text.count('<th scope="row" class="fw-normal">') == assignments


@pytest.mark.parametrize("changes", [1, 60])
def test_the_audit_log_costs_the_same_for_1_or_60_changes(
    login_as, instructor, cohort, student, changes, django_assert_max_num_queries
):
    assignment = populate(cohort, instructor, students=1, assignments=1)[0]
    ScoreChange.objects.bulk_create(
        ScoreChange(assignment=assignment, student=student, kind="override", new_score=n, reason=f"r{n}",
                    changed_by=instructor) for n in range(changes))
    client = login_as(instructor)
    # 1 session, 2 user, 3 my membership with the cohort, 4 count for the pages, 5 one page of changes
    # with their student, author and assignment with its quiz
    with django_assert_max_num_queries(5, info=FIX):
        response = client.get(reverse("quizzes:audit-log", args=[cohort.pk]))
    assert response.status_code == 200
    assert response.text.count("<td>Score override</td>") == min(changes, 50)


@pytest.mark.parametrize("questions", [2, 30])
def test_an_attempts_page_costs_the_same_for_2_or_30_questions(
    login_as, instructor, cohort, questions, django_assert_max_num_queries
):
    populate(cohort, instructor, students=2, assignments=1, questions=questions)
    attempt = Attempt.objects.filter(assignment__cohort=cohort, status="submitted").first()
    client = login_as(instructor)
    # 1 session, 2 user, 3 the attempt with assignment, quiz, cohort and student, 4 my membership,
    # 5 its questions with their versions
    with django_assert_max_num_queries(5, info=FIX):
        response = client.get(reverse("quizzes:gradebook-attempt", args=[attempt.pk]))
    assert response.status_code == 200
    assert response.text.count('class="review-question"') == questions
