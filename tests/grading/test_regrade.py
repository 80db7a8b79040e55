"""Regrading after a key change: the preview lists exactly the scores that would change and writes
nothing; applying writes them with totals and an audit entry each; doing it again changes nothing."""

import dataclasses
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from banks.services import question_update, version_spec
from banks.spec import Choice
from grading.models import ScoreChange
from grading.services.manual import answer_grade
from grading.services.regrade import RegradeStale, regrade_apply, regrade_plan
from jobs.models import Job
from quizzes.models import Assignment, Attempt
from tests.factories import CohortFactory, MembershipFactory, UserFactory
from tests.grading.conftest import grading_state, rekey, submit


def scores(attempts) -> list:
    return [Attempt.objects.get(pk=a.pk).score for a in attempts]


@pytest.fixture
def rekeyed(choice, instructor, essays):
    """Sam (chose B) and Lee (B) were right, Ada (A) wrong; now A is the key."""
    rekey(choice, instructor)
    choice.refresh_from_db()
    return choice


def test_the_plan_lists_exactly_the_scores_that_would_change(rekeyed, instructor, essays):
    plan = regrade_plan(question=rekeyed, instructor=instructor)

    assert (plan.answers, plan.attempts, plan.skipped, plan.elsewhere) == (3, 3, 0, 0)
    assert sorted((c.answer.attempt.student.username, c.old_score, c.new_score) for c in plan.score_changes) == [
        ("ada", Decimal(0), Decimal(1)), ("lee", Decimal(1), Decimal(0)), ("sam", Decimal(1), Decimal(0))]


def test_the_preview_page_shows_the_changes_and_writes_nothing(login_as, instructor, rekeyed, essays):
    before = grading_state()
    client = login_as(instructor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("grading:regrade", args=[rekeyed.pk]))

    assert response.status_code == 200
    assert grading_state() == before
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))]
    assert writes == []
    table = response.text[response.text.index('id="regrade-changes"'):]
    assert "Ada Brook" in table and "0 / 1" in table and "1 / 1" in table
    assert "3 scores would change" in response.text
    assert "Apply to 3 answers" in response.text


def test_applying_rescores_answers_and_attempts_and_logs_each_change(rekeyed, instructor, essays):
    regrade_apply(question=rekeyed, instructor=instructor)

    assert scores(essays) == [Decimal(0), Decimal(1), Decimal(0)]  # the essays still wait: 0 so far
    ada = essays[1].questions.get(position=1)
    assert ada.result["status"] == "correct" and ada.score == Decimal(1)
    log = ScoreChange.objects.filter(kind=ScoreChange.Kind.REGRADE)
    assert sorted(log.values_list("student__username", "old_score", "new_score")) == [
        ("ada", Decimal(0), Decimal(1)), ("lee", Decimal(1), Decimal(0)), ("sam", Decimal(1), Decimal(0))]
    assert all(change.changed_by == instructor and "version 2" in change.reason for change in log)
    assert Attempt.objects.get(pk=essays[0].pk).needs_grading  # the essay still needs a person


def test_applying_twice_changes_nothing_the_second_time(rekeyed, instructor, essays):
    regrade_apply(question=rekeyed, instructor=instructor)
    after_first = grading_state()

    plan = regrade_apply(question=rekeyed, instructor=instructor)

    assert plan.changes == []
    assert grading_state() == after_first


def test_new_points_in_the_bank_change_no_attempt_the_quiz_sets_what_a_question_is_worth(choice, instructor, essays):
    """The quiz's slot gives the question its points, so every student stays out of the same total."""
    rekey(choice, instructor, correct=1, points=Decimal(2))  # same key, worth 2 in the bank now
    choice.refresh_from_db()

    plan = regrade_apply(question=choice, instructor=instructor)

    sam = Attempt.objects.get(pk=essays[0].pk)
    assert (sam.score, sam.max_score) == (Decimal(1), Decimal(5))
    assert plan.score_changes == [] and not ScoreChange.objects.exists()


def test_answers_graded_by_hand_are_never_regraded(essay_question, instructor, essays):
    answer = essays[0].questions.get(version__type="essay")
    answer_grade(attempt_question=answer, score=Decimal(3), comment="", grader=instructor)
    spec = version_spec(essay_question.current_version)
    question_update(question=essay_question, spec=dataclasses.replace(spec, prompt="Discuss again."), editor=instructor)
    essay_question.refresh_from_db()
    before = grading_state()

    plan = regrade_apply(question=essay_question, instructor=instructor)

    assert (plan.skipped, plan.changes) == (3, [])  # Lee left the essay blank: skipped too
    assert grading_state() == before


def test_a_key_changed_again_since_the_preview_is_refused(rekeyed, instructor, essays):
    seen = rekeyed.current_version_id
    rekey(rekeyed, instructor, correct=2)
    before = grading_state()

    with pytest.raises(RegradeStale):
        regrade_apply(question=rekeyed, instructor=instructor, expected_version_id=seen)
    assert grading_state() == before


def test_the_apply_button_refuses_a_stale_preview_with_409(login_as, instructor, rekeyed, essays):
    seen = rekeyed.current_version_id
    rekey(rekeyed, instructor, correct=2)
    before = grading_state()

    response = login_as(instructor).post(reverse("grading:regrade-apply", args=[rekeyed.pk]), {"version": seen})

    assert response.status_code == 409
    assert grading_state() == before
    assert "edited again since you looked" in response.text


def test_an_apply_without_the_previewed_version_is_400(login_as, instructor, rekeyed, essays):
    before = grading_state()
    response = login_as(instructor).post(reverse("grading:regrade-apply", args=[rekeyed.pk]), {"version": "x"})
    assert response.status_code == 400
    assert grading_state() == before


def test_the_apply_button_regrades_and_says_how_many_changed(login_as, instructor, rekeyed, essays):
    client = login_as(instructor)
    response = client.post(reverse("grading:regrade-apply", args=[rekeyed.pk]),
                           {"version": rekeyed.current_version_id}, follow=True)

    assert response.redirect_chain == [(reverse("grading:regrade", args=[rekeyed.pk]), 302)]
    assert "Regraded: 3 scores changed." in response.text
    assert "nothing to apply" in response.text
    assert scores(essays) == [Decimal(0), Decimal(1), Decimal(0)]


def test_another_instructors_cohort_is_neither_shown_nor_changed(rekeyed, instructor, outsider, essays, assignment,
                                                                 login_as):
    """The bank is the instructor's, but a second section taught by someone else used the same quiz."""
    other = CohortFactory(name="Other section")
    MembershipFactory(cohort=other, user=outsider, role="instructor")
    zed = MembershipFactory(cohort=other, user=UserFactory(username="zed", first_name="Zebedee", last_name="Hidden"),
                            role="student").user
    theirs = Assignment.objects.create(quiz=assignment.quiz, cohort=other, opens_at=assignment.opens_at,
                                       due_at=assignment.due_at, closes_at=assignment.closes_at)
    zed_attempt = submit(theirs, zed, {1: 1})  # answered the new version: B is wrong now
    before = zed_attempt.score

    response = login_as(instructor).get(reverse("grading:regrade", args=[rekeyed.pk]))
    regrade_apply(question=rekeyed, instructor=instructor)

    assert "Zebedee" not in response.text
    assert "1 answer in a cohort you don't teach is not included" in response.text
    assert Attempt.objects.get(pk=zed_attempt.pk).score == before


# Answers name choices by id: a new version's order changes nobody's answer ----------------------------------


def new_choices(question, editor, *texts_and_correct):
    """A new version of the choice question with these (text, correct) choices, in this order."""
    spec = version_spec(question.current_version)
    choices = tuple(Choice(text, correct) for text, correct in texts_and_correct)
    version = question_update(question=question, spec=dataclasses.replace(spec, choices=choices), editor=editor)
    question.refresh_from_db()
    return version


def test_reordered_choices_leave_every_answer_marked_as_it_was(choice, instructor, essays):
    """Sam and Lee chose B (right), Ada chose A (wrong): B moves to the front, the key is still B."""
    new_choices(choice, instructor, ("B", True), ("C", False), ("A", False))

    plan = regrade_apply(question=choice, instructor=instructor)

    assert plan.score_changes == [] and plan.lost == []
    assert scores(essays) == [Decimal(1), Decimal(0), Decimal(1)]


def test_an_inserted_choice_shifts_no_answer_onto_another_choice(choice, instructor, essays):
    new_choices(choice, instructor, ("New first", False), ("A", False), ("B", True), ("C", False))

    regrade_apply(question=choice, instructor=instructor)

    assert scores(essays) == [Decimal(1), Decimal(0), Decimal(1)]


def test_moving_the_key_to_another_text_regrades_by_what_each_student_chose(choice, instructor, essays):
    new_choices(choice, instructor, ("C", False), ("B", False), ("A", True))  # A is right now, and last

    plan = regrade_apply(question=choice, instructor=instructor)

    assert sorted((c.answer.attempt.student.username, c.new_score) for c in plan.score_changes) == [
        ("ada", Decimal(1)), ("lee", Decimal(0)), ("sam", Decimal(0))]


def test_a_deleted_choice_that_was_chosen_is_named_in_the_plan(login_as, choice, instructor, essays):
    new_choices(choice, instructor, ("B", True), ("C", False))  # Ada's A is gone

    plan = regrade_plan(question=choice, instructor=instructor)

    assert plan.lost == [("A", 1)]
    page = login_as(instructor).get(reverse("grading:regrade", args=[choice.pk])).text
    assert "no longer has" in page and "“A”: 1 answer" in page


def test_after_a_regrade_the_review_shows_the_key_of_the_version_that_scored_it(login_as, student, choice,
                                                                                instructor, essays):
    """The issue's case: the key changed, was regraded, and the review must not show the old key."""
    Assignment.objects.filter(pk=essays[0].assignment_id).update(review="full")
    new_choices(choice, instructor, ("A", False), ("B", False), ("C", True))
    regrade_apply(question=choice, instructor=instructor)

    page = login_as(student).get(reverse("gradebook:attempt-review", args=[essays[0].pk])).text

    first = page[page.index('id="review-q-1"'):page.index('id="review-q-2"')]
    key = re.search(r'<ul class="review-key-list">(.*?)</ul>', first, re.S).group(1)
    assert re.sub(r"<[^>]+>|\s", "", key) == "C"
    assert "Regraded on" in page and "version 2 of the question" in page
    assert 'data-attempt-score="0.00"' in page  # Sam chose B, which is wrong now


def test_a_big_regrade_runs_as_a_job_and_reports_what_changed(login_as, instructor, rekeyed, essays, run_tasks,
                                                              settings):
    settings.REGRADE_INLINE_ANSWERS = 1
    client = login_as(instructor)
    with run_tasks():
        response = client.post(reverse("grading:regrade-apply", args=[rekeyed.pk]),
                               {"version": rekeyed.current_version_id})

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.status, job.message) == ("finished", "Regraded: 3 scores changed.")
    assert scores(essays) == [Decimal(0), Decimal(1), Decimal(0)]
    assert job.back_url == reverse("grading:regrade", args=[rekeyed.pk])


def test_a_big_regrade_whose_key_changed_again_applies_nothing_and_says_so(login_as, instructor, rekeyed, essays,
                                                                           settings, run_tasks):
    settings.REGRADE_INLINE_ANSWERS = 1
    previewed = rekeyed.current_version_id
    rekey(rekeyed, instructor, correct=2)
    with run_tasks():
        login_as(instructor).post(reverse("grading:regrade-apply", args=[rekeyed.pk]), {"version": previewed})

    assert "edited again" in Job.objects.get().message
    assert scores(essays) == [Decimal(1), Decimal(0), Decimal(1)]
