"""Clearing an override: the score the attempts earned counts again, the audit row (old and new score,
reason, who) is written in the same transaction, and only those who may override may clear."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gradebook.models import GradeAdjustment
from gradebook.queries import score_for
from gradebook.services import grade_excuse, grade_override, grade_override_clear, grade_unexcuse
from grading.models import ScoreChange

CLEAR = {"action": "clear", "reason": "Override entered for the wrong student"}


def adjust_url(assignment, student):
    return reverse("gradebook:grade-adjust", args=[assignment.pk, student.pk])


def overridden(assignment, student, by, score="9.5"):
    """The essay (7.20 after its late penalty) overridden to ``score``."""
    grade_override(assignment=assignment, student=student, score=Decimal(score), reason="Penalty waived", by=by)
    return assignment


# The service ----------------------------------------------------------------------------------------------


def test_clearing_an_override_brings_back_the_computed_score_and_logs_both(instructor, student, graded):
    essay = overridden(graded["essay"], student, instructor)

    change = grade_override_clear(assignment=essay, student=student, reason="  Entered by mistake ", by=instructor)

    assert not GradeAdjustment.objects.exists()  # nothing left to say: the row goes
    cell = score_for(essay, student.pk, now=timezone.now())
    assert (cell.points, cell.overridden, cell.penalty_percent) == (Decimal("7.20"), False, Decimal(10))
    assert (change.kind, change.old_score, change.new_score) == ("clear", Decimal("9.5"), Decimal("7.20"))
    assert (change.reason, change.changed_by, change.student, change.assignment) == (
        "Entered by mistake", instructor, student, essay)
    assert change.attempt is None and change.attempt_question is None
    assert list(ScoreChange.objects.order_by("pk").values_list("kind", flat=True)) == ["override", "clear"]


def test_clearing_the_override_of_an_excused_grade_keeps_the_excusal(instructor, student, graded):
    essay = overridden(graded["essay"], student, instructor)
    grade_excuse(assignment=essay, student=student, reason="Ill", by=instructor)

    change = grade_override_clear(assignment=essay, student=student, reason="Drop the old override", by=instructor)

    adjustment = GradeAdjustment.objects.get()
    assert (adjustment.excused, adjustment.score) == (True, None)
    assert (change.old_score, change.new_score) == (None, None)  # excused before and after: nothing counted
    back = grade_unexcuse(assignment=essay, student=student, reason="Not ill after all", by=instructor)
    assert back.new_score == Decimal("7.20")  # the attempts' score, not the cleared 9.5


@pytest.mark.parametrize("excused", [False, True], ids=["no adjustment", "excused without override"])
def test_clearing_when_there_is_no_override_is_refused_and_changes_nothing(instructor, student, graded, excused,
                                                                          grade_state):
    if excused:
        grade_excuse(assignment=graded["quiz"], student=student, reason="Ill", by=instructor)
    before = grade_state()

    with pytest.raises(ValidationError, match="no override to clear"):
        grade_override_clear(assignment=graded["quiz"], student=student, reason="Tidy up", by=instructor)

    assert grade_state() == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_no_clearing_without_a_reason(instructor, student, graded, reason, grade_state):
    overridden(graded["essay"], student, instructor)
    before = grade_state()

    with pytest.raises(ValidationError, match="reason"):
        grade_override_clear(assignment=graded["essay"], student=student, reason=reason, by=instructor)

    assert grade_state() == before


def test_the_clearing_and_its_audit_row_are_saved_together_or_not_at_all(instructor, student, graded,
                                                                        break_the_audit_log, grade_state):
    overridden(graded["essay"], student, instructor)
    break_the_audit_log()
    before = grade_state()
    with pytest.raises(IntegrityError):
        grade_override_clear(assignment=graded["essay"], student=student, reason="Test", by=instructor)
    assert grade_state() == before
    assert GradeAdjustment.objects.get().score == Decimal("9.5")


# The page --------------------------------------------------------------------------------------------------


def test_the_instructor_clears_an_override_and_every_page_shows_the_computed_grade(login_as, instructor, student,
                                                                                 graded, cohort):
    essay = overridden(graded["essay"], student, instructor)
    client = login_as(instructor)
    student_page = reverse("gradebook:gradebook-student", args=[cohort.pk, student.pk])
    assert "Overridden to 9.50 by Irene Adler" in " ".join(client.get(student_page).text.split())  # the set-up holds

    response = client.post(adjust_url(essay, student), CLEAR, follow=True)

    assert response.redirect_chain == [(f"{student_page}#assignment-{essay.pk}", 302)]
    text = response.text
    assert "Override cleared for Sam Student." in text
    assert "Overridden to" not in text
    assert 'data-score="7.20" data-possible="10.00"' in text
    assert "Override entered for the wrong student" in text  # the student's grade changes
    grid = client.get(reverse("gradebook:gradebook", args=[cohort.pk])).text
    assert "(overridden)" not in grid and '<span class="gb-score" data-score="7.20">7.20</span>' in grid
    assert "9.50" not in grid
    log = client.get(reverse("grading:audit-log", args=[cohort.pk])).text
    assert "Override entered for the wrong student" in log and "9.50" in log and "7.20" in log


def test_the_clear_button_shows_only_when_there_is_an_override(login_as, instructor, student, graded):
    client = login_as(instructor)
    assert 'value="clear"' not in client.get(adjust_url(graded["essay"], student)).text

    overridden(graded["essay"], student, instructor)
    text = client.get(adjust_url(graded["essay"], student)).text

    assert '<button class="btn btn-outline-danger" type="submit" name="action" value="clear"' in text
    assert "Clear override" in text and 'id="clear-help"' in text


@pytest.mark.parametrize(("data", "message"), [
    ({"action": "clear", "reason": "Tidy up"}, "This grade has no override to clear."),
    ({"action": "clear", "reason": ""}, "This field is required."),
])
def test_a_refused_clear_is_a_400_with_the_reason_and_saves_nothing(login_as, instructor, student, graded, data,
                                                                      message, grade_state):
    if data["reason"]:
        grade_excuse(assignment=graded["quiz"], student=student, reason="Ill", by=instructor)  # excused, no score
    else:
        overridden(graded["quiz"], student, instructor)
    before = grade_state()

    response = login_as(instructor).post(adjust_url(graded["quiz"], student), data)

    assert response.status_code == 400
    assert message in response.text
    assert grade_state() == before


def test_a_get_never_clears(login_as, instructor, student, graded, grade_state):
    essay = overridden(graded["essay"], student, instructor)
    before = grade_state()

    response = login_as(instructor).get(adjust_url(essay, student), CLEAR)

    assert response.status_code == 200
    assert grade_state() == before


def test_clearing_needs_the_csrf_token_of_the_form(instructor, student, graded, grade_state):
    essay = overridden(graded["essay"], student, instructor)
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)
    before = grade_state()

    assert client.post(adjust_url(essay, student), CLEAR).status_code == 403
    assert grade_state() == before

    page = client.get(adjust_url(essay, student))
    start = page.text.index('<form method="post" novalidate>')  # the adjustment's form, not the navbar's
    form = page.text[start:page.text.index("</form>", start)]
    assert 'name="csrfmiddlewaretoken"' in form
    token = page.context["csrf_token"]
    assert client.post(adjust_url(essay, student), {**CLEAR, "csrfmiddlewaretoken": token}).status_code == 302
    assert not GradeAdjustment.objects.exists()


# Who may clear: the same people who may override --------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, instructor, classmate, graded, grade_state):
    essay = overridden(graded["essay"], classmate, instructor)
    before = grade_state()

    response = client.post(adjust_url(essay, classmate), CLEAR)

    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    assert grade_state() == before


@pytest.mark.parametrize(("role", "status"), [("outsider", 404), ("student", 403), ("ta", 403), ("instructor", 302)])
def test_only_the_instructor_clears(request, login_as, instructor, classmate, graded, other_cohort, grade_state,
                                    role, status):
    """The same valid request from each role: refusals change nothing, the instructor's clears."""
    essay = overridden(graded["essay"], classmate, instructor)
    before = grade_state()

    response = login_as(request.getfixturevalue(role)).post(adjust_url(essay, classmate), CLEAR)

    assert response.status_code == status
    assert (grade_state() != before) == (role == "instructor")
    assert GradeAdjustment.objects.exists() == (role != "instructor")
    if role != "instructor":
        assert "Carla" not in response.text
