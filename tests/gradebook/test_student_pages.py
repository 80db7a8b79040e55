"""One student's gradebook page (attempts, timing, scores) and one attempt's "why this mark?" page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from banks.spec import AcceptedAnswer, Choice, QuestionSpec, QuestionType
from quizzes.models import AssignmentOverride
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.gradebook.conftest import submit
from tests.quiz_builders import choice_id, choice_ids, make_assignment

SHORT_KEY = "Bureau 39"
FEEDBACK = "The bureau runs the money."


@pytest.fixture
def answered(instructor, cohort, student):
    """A submitted attempt: one right choice (with feedback), half of a multiple answer, a wrong short answer."""
    specs = [
        QuestionSpec(type=QuestionType.SINGLE_CHOICE, title="Who", prompt="Who keeps the wages?",
                     choices=(Choice("The workers"), Choice("A state company", True, feedback=FEEDBACK))),
        QuestionSpec(type=QuestionType.MULTIPLE_ANSWER, title="Where", prompt="Pick the host countries.",
                     points=Decimal(2), scoring="right_minus_wrong",
                     choices=(Choice("Russia", True), Choice("China", True), Choice("Brazil"))),
        QuestionSpec(type=QuestionType.SHORT_ANSWER, title="Name", prompt="Name the bureau.",
                     answers=(AcceptedAnswer(SHORT_KEY),)),
    ]
    assignment = make_assignment(instructor=instructor, cohort=cohort, specs=specs, title="Wages quiz")
    attempt = attempt_start(assignment=assignment, student=student)
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1))
    answer_save(attempt=attempt, position=2, response=choice_ids(attempt, 2, 0))
    answer_save(attempt=attempt, position=3, response="=Bureau 40")
    return attempt_submit(attempt=attempt)


def test_the_attempt_page_explains_the_mark_question_by_question(login_as, instructor, answered):
    response = login_as(instructor).get(reverse("gradebook:gradebook-attempt", args=[answered.pk]))

    assert response.status_code == 200
    text = response.text
    assert "Who keeps the wages?" in text and "Pick the host countries." in text
    assert "Correct answer" in text and SHORT_KEY in text  # the key, for staff
    assert FEEDBACK in text  # the grader's feedback
    assert "Partly correct" in text and "Incorrect" in text and "Correct</span>" in text
    assert "How it was graded" in text and "✓ right" in text
    assert 'value="=Bureau 40"' in text  # the student's answer, escaped in the input
    assert "Points: 1 / 1" in text and "Points: 1 / 2" in text and "Points: 0 / 1" in text
    assert '2<span class="review-score-max"> / 4' in text


def test_the_students_page_lists_every_attempt_with_its_timing(login_as, instructor, cohort, student, answered):
    timed = submit(make_assignment(instructor=instructor, cohort=cohort, title="Timed"), student, "3")  # 25 minutes
    response = login_as(instructor).get(reverse("gradebook:gradebook-student", args=[cohort.pk, student.pk]))

    assert response.status_code == 200
    text = response.text
    assert "Wages quiz" in text and "Attempt 1" in text
    assert reverse("gradebook:gradebook-attempt", args=[answered.pk]) in text
    assert '<li title="Who">1: 1/1</li>' in text  # per-question scores
    assert reverse("gradebook:gradebook-attempt", args=[timed.pk]) in text and "<td>25\xa0minutes</td>" in text


def test_a_late_attempt_shows_how_many_days_late_against_the_students_extension(
    login_as, instructor, cohort, student, graded
):
    essay = graded["essay"]  # Sam submitted 3 hours after the due time
    text = login_as(instructor).get(reverse("gradebook:gradebook-student", args=[cohort.pk, student.pk])).text
    assert "1 day late</span>" in text and "(−10%)" in text

    AssignmentOverride.objects.create(assignment=essay, student=student, due_at=essay.due_at + timedelta(days=1))
    text = login_as(instructor).get(reverse("gradebook:gradebook-student", args=[cohort.pk, student.pk])).text
    assert "day late</span>" not in text and "(−10%)" not in text
    assert "(extended)" in text


def test_the_students_page_shows_nothing_of_their_classmates(login_as, instructor, cohort, student, classmate):
    mine = submit(make_assignment(instructor=instructor, cohort=cohort, title="Shared"), student, "3")
    theirs = submit(mine.assignment, classmate, "4.44")

    text = login_as(instructor).get(reverse("gradebook:gradebook-student", args=[cohort.pk, student.pk])).text

    assert reverse("gradebook:gradebook-attempt", args=[mine.pk]) in text
    assert reverse("gradebook:gradebook-attempt", args=[theirs.pk]) not in text
    assert "4.44" not in text and "Carla" not in text


def test_a_student_of_another_cohort_is_404_through_this_cohort(login_as, instructor, cohort, other_cohort):
    from django.contrib.auth import get_user_model

    zed = get_user_model().objects.get(username="zed")
    response = login_as(instructor).get(reverse("gradebook:gradebook-student", args=[cohort.pk, zed.pk]))
    assert response.status_code == 404


def test_staff_of_the_cohort_are_not_students_in_the_gradebook(login_as, instructor, ta, cohort):
    response = login_as(instructor).get(reverse("gradebook:gradebook-student", args=[cohort.pk, ta.pk]))
    assert response.status_code == 404


def test_an_open_attempt_shows_its_saved_answers_and_no_score(login_as, instructor, cohort, student):
    assignment = make_assignment(instructor=instructor, cohort=cohort, due=timezone.now() + timedelta(days=2))
    attempt = attempt_start(assignment=assignment, student=student)

    text = login_as(instructor).get(reverse("gradebook:gradebook-attempt", args=[attempt.pk])).text

    assert "Not submitted yet" in text
