"""The gradebook pages cost a fixed number of queries, whether the class has 10 students or 500.

Each page is loaded at both sizes and must run the same queries, so a query per student or per cell (an N+1:
a template reaching for `cell.attempt.assignment`, a loop calling `cell_for`) fails here rather than
in week one of term.
"""

import itertools

from django.urls import reverse

from grading.models import ScoreChange
from quizzes.models import Attempt
from tests.gradebook.conftest import populate, submit
from tests.query_counts import assert_same_queries

FIX = (
    "A gradebook page now runs a query per student, attempt or cell. Load what the page needs in "
    "quizzes/gradebook_queries.py (attempts as values_list tuples, one query per table) and compute with "
    "quizzes/gradebook.py; raise N only for a new fixed query, and comment what it is."
)


def test_the_gradebook_costs_the_same_for_10_or_500_students(instructor_client, instructor, add_cohort):
    def build(students: int) -> str:
        """A new cohort (Irene, Tara, Sam and Carla), ``students`` more students and 20 assignments."""
        cohort = add_cohort()
        populate(cohort, instructor, students=students, assignments=20)
        return reverse("gradebook:gradebook", args=[cohort.pk])

    # 1 session, 2 user, 3 my membership with the cohort (access helper), 4 assignments with their
    # quiz and points possible, 5 students with their users, 6 attempts (8 columns), 7 adjustments,
    # 8 extensions (overrides that move the due date), 9 whether the cohort has an LMS course (the
    # "LMS grade sync" button, gradebook.sync_status)
    sorted_by_total = {"sort": "total", "dir": "desc"}
    pages = assert_same_queries(build=build, fetch=lambda url: instructor_client.get(url, sorted_by_total),
                                sizes=(10, 500), at_most=9, fix=FIX)
    for students, page in zip((10, 500), pages):
        assert page.status_code == 200
        assert page.text.count("/gradebook/students/") == students + 2  # + Sam and Carla
        assert "Excused" in page.text and "Needs grading" in page.text and "Missed" in page.text


def test_a_students_page_costs_the_same_for_2_or_20_assignments(instructor_client, instructor, add_cohort):
    def build(assignments: int) -> str:
        """A new cohort with three students and ``assignments`` assignments; one student's page."""
        cohort = add_cohort()
        populate(cohort, instructor, students=3, assignments=assignments, questions=4)
        student_pk = Attempt.objects.filter(assignment__cohort=cohort).values_list("student", flat=True).first()
        return reverse("gradebook:gradebook-student", args=[cohort.pk, student_pk])

    # 1 session, 2 user, 3 my membership with the cohort, 4 the student's membership and user,
    # 5 assignments, 6 attempts, 7 adjustments, 8 extensions (the grid), 9 the attempts for the
    # timing table, 10 their questions with versions, 11 the student's grade changes, 12 where each
    # grade stands in the LMS (gradebook.sync_status)
    pages = assert_same_queries(build=build, fetch=instructor_client.get, sizes=(2, 20), at_most=12, fix=FIX)
    for assignments, page in zip((2, 20), pages):
        assert page.status_code == 200
        assert len(page.context["sections"]) == assignments
        attempts = Attempt.objects.filter(student=page.context["student"]).count()
        assert page.text.count('class="gb-question-scores"') == attempts


def test_my_grades_costs_the_same_for_2_or_20_assignments(student_client, instructor, cohort, student):
    def grow(assignments: int):
        for a in populate(cohort, instructor, students=1, assignments=assignments):
            submit(a, student, "0.5", number=9)

    # 1 session, 2 user, 3 my student memberships with cohorts, 4 assignments, 5 all their overrides
    # (the review policy waits for the last close), 6 my attempts, 7 my adjustments, 8 my extensions
    pages = assert_same_queries(grow=grow, fetch=lambda: student_client.get(reverse("gradebook:my-grades")),
                                sizes=(2, 20), at_most=8, fix=FIX)
    for assignments, page in zip((2, 20), pages):
        assert page.status_code == 200
        assert page.text.count('<th scope="row" class="fw-normal">') == assignments


def test_the_audit_log_costs_the_same_for_1_or_60_changes(instructor_client, instructor, cohort, student):
    assignment = populate(cohort, instructor, students=1, assignments=1)[0]
    numbers = itertools.count()

    def grow(changes: int):
        ScoreChange.objects.bulk_create(
            ScoreChange(assignment=assignment, student=student, kind="override", new_score=n, reason=f"r{n}",
                        changed_by=instructor) for n in itertools.islice(numbers, changes))

    # 1 session, 2 user, 3 my membership with the cohort, 4 count for the pages, 5 one page of changes
    # with their student, author and assignment with its quiz
    url = reverse("grading:audit-log", args=[cohort.pk])
    pages = assert_same_queries(grow=grow, fetch=lambda: instructor_client.get(url), sizes=(1, 60), at_most=5, fix=FIX)
    for changes, page in zip((1, 60), pages):
        assert page.status_code == 200
        assert page.text.count("<td>Score override</td>") == min(changes, 50)


def test_an_attempts_page_costs_the_same_for_2_or_30_questions(instructor_client, instructor, cohort):
    def build(questions: int) -> str:
        """An assignment of ``questions`` questions for two more students; a submitted attempt's page."""
        assignment = populate(cohort, instructor, students=2, assignments=1, questions=questions)[0]
        attempt = Attempt.objects.filter(assignment=assignment, status="submitted").first()
        return reverse("gradebook:gradebook-attempt", args=[attempt.pk])

    # 1 session, 2 user, 3 the attempt with assignment, quiz, cohort and student, 4 my membership,
    # 5 its questions with the versions seen and graded, then the score that counts: 6 the assignment
    # with its points possible, 7 the student's attempts, 8 an adjustment, 9 an extension
    pages = assert_same_queries(build=build, fetch=instructor_client.get, sizes=(2, 30), at_most=9, fix=FIX)
    for questions, page in zip((2, 30), pages):
        assert page.status_code == 200
        assert page.text.count('class="review-question"') == questions
