"""Grade passback (AGS): each change of the counted score reaches the LMS line item, through the real
token endpoint, with retries, and its state is kept for the gradebook and the student's review."""

from datetime import timedelta
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gradebook import services as grades
from lti import passback
from lti.models import GradeSync
from tests.lti.conftest import take
from tests.lti.platform import AGS_SCOPES


def sync_of(course):
    return GradeSync.objects.get(student=course.student)


def test_submitting_sends_the_counted_score_to_the_line_item(linked_course, platform, run_tasks):
    with run_tasks():
        take(linked_course.assignment, linked_course.student, right=1)

    [score] = platform.scores_for("rl-quiz")
    assert score["userId"] == platform.people["learner"].sub
    assert score["scoreGiven"] == 1.0 and score["scoreMaximum"] == 2.0
    assert score["activityProgress"] == "Completed" and score["gradingProgress"] == "FullyGraded"
    assert platform.scores[0]["content_type"] == "application/vnd.ims.lis.v1.score+json"
    assert AGS_SCOPES[2] in platform.token_requests[0]["scope"]
    sync = sync_of(linked_course)
    assert sync.state == "sent" and sync.sent_score == Decimal("1.00") and sync.sent_at is not None


def test_nothing_is_sent_before_the_change_commits(linked_course, platform, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        take(linked_course.assignment, linked_course.student, right=2)
    assert platform.scores == []
    assert sync_of(linked_course).state == "pending"  # the outbox row commits with the score
    assert len(callbacks) == 1


def test_an_override_and_an_excusal_are_sent_again(linked_course, platform, run_tasks):
    course = linked_course
    with run_tasks():
        take(course.assignment, course.student, right=1)
    with run_tasks():
        grades.grade_override(assignment=course.assignment, student=course.student, score=Decimal("1.5"),
                              reason="Partial credit for working", by=course.instructor)
    with run_tasks():
        grades.grade_excuse(assignment=course.assignment, student=course.student, reason="Medical",
                            by=course.instructor)

    given = [s.get("scoreGiven") for s in platform.scores_for("rl-quiz")]
    assert given == [1.0, 1.5, None]
    excused = platform.scores_for("rl-quiz")[-1]
    assert excused["gradingProgress"] == "NotReady" and "Excused" in excused["comment"]


def test_the_override_form_sends_the_new_grade(linked_course, platform, run_tasks):
    course = linked_course
    with run_tasks():
        take(course.assignment, course.student, right=0)
    with run_tasks():
        response = course.teacher.post(
            reverse("gradebook:grade-adjust", args=[course.assignment.pk, course.student.pk]),
            {"action": "override", "score": "2", "reason": "Re-marked by hand"})
    assert response.status_code == 302, response.content.decode()[:500]
    assert [s["scoreGiven"] for s in platform.scores_for("rl-quiz")] == [0.0, 2.0]


def test_a_student_without_a_line_item_sends_nothing_and_costs_one_query(
        linked_course, django_assert_max_num_queries):
    from lti.models import LineItem

    LineItem.objects.all().delete()
    with django_assert_max_num_queries(1):  # the line items of the assignment: none, so nothing more
        passback.scores_changed(pairs=[(linked_course.assignment.pk, linked_course.student.pk)])
    assert not GradeSync.objects.exists()


def test_a_platform_error_is_retried_with_backoff_then_sent(linked_course, platform, run_tasks):
    platform.score_failures = [503]
    with run_tasks():
        take(linked_course.assignment, linked_course.student, right=2)
    sync = sync_of(linked_course)
    assert sync.state == "pending" and sync.tries == 1 and "503" in sync.error
    assert sync.next_try_at > timezone.now() + timedelta(seconds=50)

    assert passback.due_retries() == []  # not yet
    assert passback.due_retries(now=sync.next_try_at) == [sync.pk]
    passback.grade_send(sync.pk)
    sync.refresh_from_db()
    assert sync.state == "sent" and sync.error == "" and sync.tries == 0
    assert [s["scoreGiven"] for s in platform.scores_for("rl-quiz")] == [2.0]


def test_retries_give_up_after_the_last_try_with_the_platforms_reason(linked_course, platform, run_tasks):
    platform.score_failures = [503] * passback.MAX_TRIES
    with run_tasks():
        take(linked_course.assignment, linked_course.student, right=2)
    for _ in range(passback.MAX_TRIES - 1):
        passback.grade_send(sync_of(linked_course).pk)
    sync = sync_of(linked_course)
    assert sync.state == "failed" and sync.tries == passback.MAX_TRIES and "platform says 503" in sync.error
    assert passback.due_retries(now=timezone.now() + timedelta(days=7)) == []


def test_a_refusal_is_not_retried(linked_course, platform, run_tasks):
    platform.score_failures = [400]
    with run_tasks():
        take(linked_course.assignment, linked_course.student, right=2)
    sync = sync_of(linked_course)
    assert sync.state == "failed" and sync.tries == 1 and "HTTP 400" in sync.error


def test_changes_queued_together_send_the_score_that_counts_when_the_task_runs(linked_course, platform, run_tasks):
    course = linked_course
    with run_tasks():
        take(course.assignment, course.student, right=1)
        grades.grade_override(assignment=course.assignment, student=course.student, score=Decimal("0.5"),
                              reason="Late working", by=course.instructor)
    assert {s["scoreGiven"] for s in platform.scores_for("rl-quiz")} == {0.5}


def test_sending_twice_sends_the_same_score(linked_course, platform, run_tasks):
    with run_tasks():
        take(linked_course.assignment, linked_course.student, right=1)
    passback.grade_send(sync_of(linked_course).pk)
    assert [s["scoreGiven"] for s in platform.scores_for("rl-quiz")] == [1.0, 1.0]


def test_the_cron_command_sends_what_is_due(linked_course, platform, run_tasks):
    platform.score_failures = [503]
    with run_tasks():
        take(linked_course.assignment, linked_course.student, right=2)
    GradeSync.objects.update(next_try_at=timezone.now() - timedelta(minutes=1))
    with run_tasks():
        call_command("lti_sync", "--grades-only", stdout=open("/dev/null", "w"))
    assert sync_of(linked_course).state == "sent"


def test_hand_grading_an_essay_sends_the_new_total(linked_course, platform, lti_launch, run_tasks):
    from banks.spec import QuestionSpec, QuestionType
    from grading.services.manual import answer_grade
    from quizzes.models import AttemptQuestion
    from quizzes.services.answers import answer_save
    from quizzes.services.attempts import attempt_start, attempt_submit
    from tests.quiz_builders import make_assignment

    course = linked_course
    essay = make_assignment(instructor=course.instructor, cohort=course.cohort, specs=[
        QuestionSpec(type=QuestionType.ESSAY, title="Essay", prompt="Discuss.", points=Decimal(4))])
    platform.add_link("rl-essay", custom={"casebook_assignment": str(essay.pk)}, score_maximum=4)
    lti_launch(course.teacher, "teacher", "link:rl-essay")
    with run_tasks():
        attempt = attempt_start(assignment=essay, student=course.student)
        answer_save(attempt=attempt, position=1, response="An essay.")
        attempt_submit(attempt=attempt)
    assert platform.scores_for("rl-essay")[-1]["gradingProgress"] == "PendingManual"

    with run_tasks():
        answer_grade(attempt_question=AttemptQuestion.objects.get(attempt=attempt), score=Decimal(3),
                     comment="Good", grader=course.instructor)
    last = platform.scores_for("rl-essay")[-1]
    assert last["scoreGiven"] == 3.0 and last["gradingProgress"] == "FullyGraded" and last["scoreMaximum"] == 4.0


def test_a_rescore_after_a_regrade_sends_the_new_score(linked_course, platform, run_tasks):
    from quizzes.models import AttemptQuestion
    from quizzes.services.attempts import attempts_rescore

    with run_tasks():
        attempt = take(linked_course.assignment, linked_course.student, right=1)
    AttemptQuestion.objects.filter(attempt=attempt).update(score=Decimal(1))  # as regrade_apply writes them
    with run_tasks():
        attempts_rescore(attempt_ids=[attempt.pk])
    assert [s["scoreGiven"] for s in platform.scores_for("rl-quiz")] == [1.0, 2.0]
