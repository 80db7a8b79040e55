"""Grading essays by hand: the service (score, comment, totals, audit log in one transaction) and the
queue page (one answer at a time, blind grading, progress, save and next)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from banks.spec import QuestionSpec, QuestionType
from grading.models import ScoreChange
from grading.services.manual import GradeRefused, answer_grade
from quizzes.models import AttemptQuestion
from quizzes.services.attempts import attempt_start
from tests.factories import UserFactory
from tests.grading.conftest import grading_state, submit
from tests.quiz_builders import enrol, make_assignment


def essay_of(attempt) -> AttemptQuestion:
    return attempt.questions.get(version__type="essay")


def queue_url(assignment, question, answer=None, blind=False):
    url = reverse("grading:grading-queue", args=[assignment.pk, question.pk])
    query = [f"answer={answer.pk}"] if answer else []
    query += ["blind=1"] if blind else []
    return url + ("?" + "&".join(query) if query else "")


# --- the service -----------------------------------------------------------------------------------


def test_submitting_an_essay_leaves_the_attempt_waiting_for_a_grade(essays):
    sam = essays[0]
    assert (sam.score, sam.max_score, sam.needs_grading) == (Decimal(1), Decimal(5), True)
    assert essay_of(sam).result["status"] == "needs_manual"


def test_grading_sets_the_score_comment_total_flag_and_log_together(essays, instructor):
    sam = essays[0]
    answer_grade(attempt_question=essay_of(sam), score=Decimal("3.5"), comment="Good on oil.", grader=instructor)

    answer = essay_of(sam)
    assert answer.score == Decimal("3.5")
    assert answer.result["status"] == "graded" and answer.result["comment"] == "Good on oil."
    sam.refresh_from_db()
    assert (sam.score, sam.needs_grading) == (Decimal("4.5"), False)
    change = ScoreChange.objects.get()
    assert (change.kind, change.old_score, change.new_score, change.reason) == (
        ScoreChange.Kind.MANUAL, None, Decimal("3.5"), "Good on oil.")
    assert (change.student, change.attempt, change.attempt_question, change.changed_by) == (
        sam.student, sam, answer, instructor)


def test_regrading_by_hand_logs_the_old_score_and_saving_it_again_logs_nothing(essays, instructor):
    answer = essay_of(essays[0])
    answer_grade(attempt_question=answer, score=Decimal(2), comment="", grader=instructor)
    answer_grade(attempt_question=answer, score=Decimal(3), comment="On reflection, better.", grader=instructor)
    answer_grade(attempt_question=answer, score=Decimal(3), comment="On reflection, better.", grader=instructor)

    assert list(ScoreChange.objects.order_by("pk").values_list("old_score", "new_score")) == [
        (None, Decimal(2)), (Decimal(2), Decimal(3))]


@pytest.mark.parametrize("score", [Decimal(-1), Decimal("4.01"), Decimal("NaN")])
def test_a_score_outside_the_points_is_refused_and_nothing_changes(essays, instructor, score):
    before = grading_state()
    with pytest.raises(GradeRefused):
        answer_grade(attempt_question=essay_of(essays[0]), score=score, comment="", grader=instructor)
    assert grading_state() == before


def test_only_hand_graded_answers_of_submitted_attempts_are_graded_here(essays, instructor, assignment):
    choice_answer = essays[0].questions.get(version__type="single_choice")
    with pytest.raises(GradeRefused):
        answer_grade(attempt_question=choice_answer, score=Decimal(1), comment="", grader=instructor)
    late = enrol(assignment, UserFactory(username="late"))
    open_attempt = attempt_start(assignment=assignment, student=late)
    with pytest.raises(GradeRefused):
        answer_grade(attempt_question=essay_of(open_attempt), score=Decimal(1), comment="", grader=instructor)


def test_the_attempt_waits_until_every_essay_is_graded(instructor, student):
    two = make_assignment(instructor=instructor, specs=[
        QuestionSpec(type=QuestionType.ESSAY, title=f"E{n}", prompt="Discuss.") for n in (1, 2)])
    enrol(two, student)
    attempt = submit(two, student, {1: "One.", 2: "Two."})
    first, second = attempt.questions.order_by("position")

    answer_grade(attempt_question=first, score=Decimal(1), comment="", grader=instructor)
    attempt.refresh_from_db()
    assert attempt.needs_grading
    answer_grade(attempt_question=second, score=Decimal("0.5"), comment="", grader=instructor)
    attempt.refresh_from_db()
    assert (attempt.needs_grading, attempt.score) == (False, Decimal("1.5"))


# --- the queue page --------------------------------------------------------------------------------


def test_the_overview_lists_questions_waiting_for_a_person(login_as, instructor, assignment, essays, essay_question):
    response = login_as(instructor).get(reverse("grading:grading-overview", args=[assignment.pk]))

    assert response.status_code == 200
    row = response.text[response.text.index("Sanctions essay"):]
    assert "0 of 2" in row[:400]  # Lee left the essay blank: nothing to grade there
    assert queue_url(assignment, essay_question) in response.text
    assert not re.search(r"\bQ1\b", response.text)  # auto-graded questions are not listed (the CSRF token may hold "Q1")


def test_the_queue_shows_the_first_waiting_answer_as_plain_text(login_as, instructor, assignment, essays,
                                                                  essay_question):
    response = login_as(instructor).get(queue_url(assignment, essay_question))

    assert response.status_code == 200
    text = response.text
    assert "Sam Student" in text
    assert "Partly.<br>They cut &lt;b&gt;oil&lt;/b&gt; imports." in text
    assert "<b>oil</b>" not in text
    assert "0 of 2 graded" in text
    assert "5 words · limit 5" in text and 'id="over-limit"' not in text
    assert 'rel="next"' in text and 'rel="prev"' not in text
    assert "js/grading.js" in text and "Keyboard shortcuts" in text


def test_blind_grading_hides_the_students_name(login_as, instructor, assignment, essays, essay_question):
    response = login_as(instructor).get(queue_url(assignment, essay_question, blind=True))

    assert "Answer 1 of 2" in response.text
    assert "Sam Student" not in response.text and "Ada Brook" not in response.text
    save_url = queue_url(assignment, essay_question, essay_of(essays[0]), blind=True).replace("&", "&amp;")
    assert f'action="{save_url}"' in response.text  # saving keeps the names hidden
    assert "Show student names" in response.text


def test_saving_grades_and_moves_to_the_next_waiting_answer(login_as, instructor, assignment, essays, essay_question):
    sam, ada = essay_of(essays[0]), essay_of(essays[1])
    client = login_as(instructor)
    response = client.post(queue_url(assignment, essay_question, sam, blind=True), {"score": "3", "comment": "Clear."})

    assert response.status_code == 302
    assert response.url == queue_url(assignment, essay_question, ada, blind=True)
    sam.refresh_from_db()
    assert (sam.score, sam.result["comment"]) == (Decimal(3), "Clear.")
    page = client.get(response.url)
    assert "1 of 2 graded" in page.text
    assert "Saved: 3 of 4 points." in page.text


def test_the_last_save_stays_on_the_answer_and_says_everything_is_graded(login_as, instructor, assignment, essays,
                                                                          essay_question):
    client = login_as(instructor)
    sam, ada = essay_of(essays[0]), essay_of(essays[1])
    client.post(queue_url(assignment, essay_question, sam), {"score": "3", "comment": ""})
    response = client.post(queue_url(assignment, essay_question, ada), {"score": "1", "comment": "Too long."},
                           follow=True)

    assert response.redirect_chain[-1][0] == queue_url(assignment, essay_question, ada)
    assert "Every answer to this question is graded." in response.text
    assert "2 of 2 graded" in response.text
    assert 'value="1.00"' in response.text or 'value="1"' in response.text  # the saved score is shown


@pytest.mark.parametrize("data", [{"score": "4.5"}, {"score": "-1"}, {"score": "abc"}, {"score": ""},
                                  {"score": "1.234"}])
def test_an_invalid_score_is_a_400_and_saves_nothing(login_as, instructor, assignment, essays, essay_question, data):
    before = grading_state()
    response = login_as(instructor).post(queue_url(assignment, essay_question, essay_of(essays[0])),
                                         {"comment": "x", **data})

    assert response.status_code == 400
    assert grading_state() == before
    assert "is-invalid" in response.text


def test_a_long_essay_gets_the_over_limit_warning(login_as, instructor, assignment, essays, essay_question):
    response = login_as(instructor).get(queue_url(assignment, essay_question, essay_of(essays[1])))
    assert "9 words · limit 5" in response.text and "Over the word limit of 5." in response.text


def test_a_question_without_answers_to_grade_is_404(login_as, instructor, assignment, essays, choice):
    response = login_as(instructor).get(queue_url(assignment, choice))
    assert response.status_code == 404
