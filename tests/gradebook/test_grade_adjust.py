"""Overriding, excusing and unexcusing a grade: each writes its audit row in the same transaction,
needs a reason, and is the instructor's alone."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from gradebook.models import GradeAdjustment
from gradebook.services import grade_excuse, grade_override, grade_unexcuse
from grading.models import ScoreChange


def adjust_url(assignment, student):
    return reverse("gradebook:grade-adjust", args=[assignment.pk, student.pk])


# The services ---------------------------------------------------------------------------------------------


def test_an_override_logs_the_score_it_replaced_and_the_reason(instructor, student, graded):
    change = grade_override(assignment=graded["essay"], student=student, score=Decimal("9.5"),
                            reason="Penalty waived: medical note", by=instructor)

    adjustment = GradeAdjustment.objects.get(assignment=graded["essay"], student=student)
    assert (adjustment.score, adjustment.excused, adjustment.changed_by) == (Decimal("9.5"), False, instructor)
    assert (change.kind, change.old_score, change.new_score) == ("override", Decimal("7.20"), Decimal("9.5"))
    assert (change.reason, change.changed_by, change.student) == ("Penalty waived: medical note", instructor, student)


def test_a_second_override_logs_the_first_as_its_old_score(instructor, student, graded):
    grade_override(assignment=graded["quiz"], student=student, score=Decimal(10), reason="Regraded", by=instructor)
    change = grade_override(assignment=graded["quiz"], student=student, score=Decimal(8), reason="Typo", by=instructor)

    assert (change.old_score, change.new_score) == (Decimal(10), Decimal(8))
    assert GradeAdjustment.objects.get().score == Decimal(8)
    assert ScoreChange.objects.count() == 2


def test_excusing_then_unexcusing_logs_both_and_restores_the_computed_score(instructor, student, graded):
    excused = grade_excuse(assignment=graded["essay"], student=student, reason="Bereavement", by=instructor)
    assert (excused.kind, excused.old_score, excused.new_score) == ("excuse", Decimal("7.20"), None)
    assert GradeAdjustment.objects.get().excused

    back = grade_unexcuse(assignment=graded["essay"], student=student, reason="Excused by mistake", by=instructor)

    assert (back.kind, back.old_score, back.new_score) == ("unexcuse", None, Decimal("7.20"))
    assert not GradeAdjustment.objects.exists()  # nothing left to say: the row goes
    assert ScoreChange.objects.count() == 2


def test_an_override_on_an_excused_grade_gives_it_a_score_again(instructor, student, graded):
    grade_excuse(assignment=graded["quiz"], student=student, reason="Ill", by=instructor)
    change = grade_override(assignment=graded["quiz"], student=student, score=Decimal(6), reason="Did it after all",
                            by=instructor)

    adjustment = GradeAdjustment.objects.get()
    assert (adjustment.excused, adjustment.score) == (False, Decimal(6))
    assert change.old_score is None  # it was excused


@pytest.mark.parametrize("reason", ["", "   "])
def test_no_change_without_a_reason(instructor, student, graded, reason, grade_state):
    before = grade_state()
    for change in (lambda: grade_override(assignment=graded["quiz"], student=student, score=Decimal(5), reason=reason,
                                          by=instructor),
                   lambda: grade_excuse(assignment=graded["quiz"], student=student, reason=reason, by=instructor)):
        with pytest.raises(ValidationError, match="reason"):
            change()
    assert grade_state() == before


def test_excusing_twice_or_unexcusing_what_is_not_excused_is_refused(instructor, student, graded):
    with pytest.raises(ValidationError, match="not excused"):
        grade_unexcuse(assignment=graded["quiz"], student=student, reason="Oops", by=instructor)
    grade_excuse(assignment=graded["quiz"], student=student, reason="Ill", by=instructor)
    with pytest.raises(ValidationError, match="already excused"):
        grade_excuse(assignment=graded["quiz"], student=student, reason="Ill again", by=instructor)
    assert ScoreChange.objects.count() == 1


def test_the_grade_and_its_audit_row_are_saved_together_or_not_at_all(instructor, student, graded,
                                                                      break_the_audit_log, grade_state):
    """If the audit row cannot be written, the override it records must not stay either."""
    break_the_audit_log()
    before = grade_state()
    with pytest.raises(IntegrityError):
        grade_override(assignment=graded["quiz"], student=student, score=Decimal(1), reason="Test", by=instructor)
    assert grade_state() == before


# The page ----------------------------------------------------------------------------------------------------


def test_the_instructor_overrides_with_a_reason_and_sees_it_in_the_audit_log(login_as, instructor, student, graded,
                                                                           cohort):
    client = login_as(instructor)
    response = client.post(adjust_url(graded["essay"], student),
                           {"action": "override", "score": "9.5", "reason": "Late penalty waived"}, follow=True)

    assert response.redirect_chain[-1][0].endswith(
        reverse("gradebook:gradebook-student", args=[cohort.pk, student.pk]) + f"#assignment-{graded['essay'].pk}")
    assert "Score overridden for Sam Student." in response.text
    assert "Late penalty waived" in response.text  # the student page's audit log
    log = client.get(reverse("grading:audit-log", args=[cohort.pk])).text
    assert "Late penalty waived" in log and "Irene Adler" in log and "7.2" in log and "9.5" in log


def test_excusing_from_the_page_needs_only_a_reason(login_as, instructor, student, graded):
    response = login_as(instructor).post(adjust_url(graded["quiz"], student), {"action": "excuse", "reason": "Ill"})

    assert response.status_code == 302
    assert GradeAdjustment.objects.get().excused


@pytest.mark.parametrize(("data", "message"), [
    ({"action": "override", "score": "9", "reason": ""}, "This field is required"),
    ({"action": "override", "score": "", "reason": "Because"}, "Enter the new score."),
    ({"action": "override", "score": "-1", "reason": "Because"}, "greater than or equal to 0"),
    ({"action": "override", "score": "abc", "reason": "Because"}, "Enter a number."),
    ({"action": "delete-everything", "score": "9", "reason": "Because"}, "Choose a change."),
    ({"action": "unexcuse", "reason": "Because"}, "This grade is not excused."),
])
def test_an_invalid_adjustment_is_refused_with_400_and_saves_nothing(login_as, instructor, student, graded, data,
                                                                      message, grade_state):
    before = grade_state()
    response = login_as(instructor).post(adjust_url(graded["quiz"], student), data)

    assert response.status_code == 400
    assert message in response.text
    assert grade_state() == before


def test_the_adjust_page_shows_the_current_grade_and_its_history(login_as, instructor, student, graded):
    grade_override(assignment=graded["essay"], student=student, score=Decimal(9), reason="First change", by=instructor)

    text = login_as(instructor).get(adjust_url(graded["essay"], student)).text

    assert 'data-score="9.00" data-possible="10.00"' in text
    assert "Overridden to 9 by Irene Adler: “First change”" in " ".join(text.split())


def test_the_adjust_page_explains_a_late_penalty(login_as, instructor, student, graded):
    text = login_as(instructor).get(adjust_url(graded["essay"], student)).text

    words = " ".join(text.split())
    assert "Attempt 1: 8 of 10 points" in words and "−10 % for handing it in 1 day late (−0.80)" in words
    assert 'data-score="7.20" data-possible="10.00"' in text


def test_a_ta_can_view_grades_but_not_adjust_them(login_as, ta, student, graded, cohort, grade_state):
    client = login_as(ta)
    before = grade_state()

    assert client.get(adjust_url(graded["quiz"], student)).status_code == 403
    assert client.post(adjust_url(graded["quiz"], student), {"action": "excuse", "reason": "Ill"}).status_code == 403
    page = client.get(reverse("gradebook:gradebook-student", args=[cohort.pk, student.pk]))
    assert page.status_code == 200
    assert f"/grades/{student.pk}/" not in page.text and "Adjust" not in page.text
    assert grade_state() == before


def test_an_instructor_cannot_adjust_a_student_of_another_cohort_through_their_own_assignment(
    login_as, instructor, graded, other_cohort, grade_state
):
    from django.contrib.auth import get_user_model

    zed = get_user_model().objects.get(username="zed")
    before = grade_state()
    response = login_as(instructor).post(adjust_url(graded["quiz"], zed), {"action": "excuse", "reason": "x"})
    assert response.status_code == 404
    assert grade_state() == before
