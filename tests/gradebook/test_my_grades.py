"""A student's own grades: only theirs, and no score the review policy still holds back."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from gradebook.models import GradeAdjustment
from tests.gradebook.conftest import past_assignment, submit
from tests.quiz_builders import make_assignment


def my_grades(client):
    response = client.get(reverse("gradebook:my-grades"))
    assert response.status_code == 200
    return response.text


def test_a_student_sees_their_scores_with_the_late_penalty_and_total(login_as, student, graded):
    text = my_grades(login_as(student))

    assert "Case memo" in text and "Reading check" in text
    assert "<strong>7.20</strong> / 10" in text and "−10% late penalty" in text
    assert "<strong>9</strong> / 10" in text
    assert "<strong>81%</strong>" in text  # 16.2 of 20


def test_a_student_never_sees_a_classmates_grades(login_as, classmate, student, cohort, instructor):
    assignment = past_assignment(instructor, cohort, title="Shared quiz")
    submit(assignment, student, "3.33")
    submit(assignment, classmate, "8.88")

    text = my_grades(login_as(classmate))

    assert "8.88" in text
    assert "3.33" not in text and "Sam" not in text


def test_nothing_from_another_cohort_shows(login_as, student, graded, other_cohort):
    text = my_grades(login_as(student))

    assert "Secret" not in text and "6.66" not in text


def test_a_score_held_back_until_the_close_is_absent_even_from_the_total(login_as, instructor, cohort, student):
    now = timezone.now()
    held = make_assignment(instructor=instructor, cohort=cohort, title="Held back", review="nothing",
                           review_after_close="score", opens=now - timedelta(days=2), due=now - timedelta(days=1),
                           closes=now + timedelta(days=1), accept_late=True)
    shown = past_assignment(instructor, cohort, title="Shown")
    submit(held, student, "4.56")
    submit(shown, student, "7")

    text = my_grades(login_as(student))

    assert "4.56" not in text and "score not released yet" in text
    assert "<strong>70%</strong>" in text  # the total is the shown quiz's alone: 7 of 10
    assert "1 score is not released yet" in text


def test_the_score_appears_once_the_assignment_closes(login_as, instructor, cohort, student):
    closed = past_assignment(instructor, cohort, title="Closed", review="nothing", review_after_close="score")
    submit(closed, student, "4.56")

    assert "<strong>4.56</strong> / 10" in my_grades(login_as(student))


def test_an_override_and_an_excusal_show_to_the_student(login_as, instructor, student, graded):
    GradeAdjustment.objects.create(assignment=graded["essay"], student=student, score=Decimal("9.5"), reason="Waived",
                                   changed_by=instructor)
    GradeAdjustment.objects.create(assignment=graded["quiz"], student=student, excused=True, reason="Ill",
                                   changed_by=instructor)

    text = my_grades(login_as(student))

    assert "<strong>9.50</strong> / 10" in text and "late penalty" not in text
    assert "Excused" in text
    assert "<strong>95%</strong>" in text
    assert "Waived" not in text  # the reason is for staff


def test_a_missed_assignment_counts_zero(login_as, instructor, cohort, student):
    past_assignment(instructor, cohort, title="Forgotten")

    text = my_grades(login_as(student))

    assert "Missed" in text and "<strong>0%</strong>" in text


def test_someone_in_no_class_is_told_how_to_join(login_as, outsider):
    assert "Join a class with a code" in my_grades(login_as(outsider))


def test_the_nav_offers_my_grades_to_students(login_as, student, cohort):
    assert reverse("gradebook:my-grades") in login_as(student).get(reverse("gradebook:dashboard")).text
