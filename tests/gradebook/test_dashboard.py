"""A student's dashboard: their cohorts' assignments, each with its standing, in the viewer's time zone."""

import itertools
import re
from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from banks.spec import QuestionSpec, QuestionType
from quizzes.models import Attempt
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.factories import CohortFactory, UserFactory
from tests.query_counts import assert_same_queries
from tests.quiz_builders import choice_id, choice_question, enrol, make_assignment
from tests.quizzes.taking_setup import KEY_STRINGS, key_assignment, make_case

# session, user, the student's memberships with cohorts, the assignments with quiz, case and points
# possible, the student's attempts (prefetch), the assignments' overrides (prefetch), the student's grade
# adjustments (for the scores that count).
DASHBOARD_QUERIES = 7

URL = reverse("gradebook:dashboard")


def one_question(instructor, cohort=None, **options):
    return make_assignment(instructor=instructor, specs=[choice_question(1)], cohort=cohort, **options)


def row_of(html, title):
    """The dashboard row of the assignment titled ``title``."""
    match = re.search(r'<li class="dashboard-item"[^>]*>(?:(?!</li>).)*?>' + re.escape(title) + r"</a>.*?</li>", html, re.S)
    assert match, f"no row for {title}"
    return match.group(0)


def test_each_assignment_shows_its_standing(student_client, instructor, student):
    now = timezone.now()
    cohort = CohortFactory()
    todo = one_question(instructor, cohort, title="To do")
    enrol(todo, student)
    going = one_question(instructor, cohort, title="Going", time_limit_minutes=30)
    attempt_start(assignment=going, student=student)
    graded = one_question(instructor, cohort, title="Graded", review="score")
    done = attempt_start(assignment=graded, student=student)
    answer_save(attempt=done, position=1, response=choice_id(done, 1, 1))
    attempt_submit(attempt=done)
    hidden = one_question(instructor, cohort, title="Hidden", review="nothing", review_after_close="nothing")
    attempt_submit(attempt=attempt_start(assignment=hidden, student=student))
    missed = one_question(instructor, cohort, title="Missed", opens=now - timedelta(days=3),
                          due=now - timedelta(days=2))
    late = one_question(instructor, cohort, title="Late", opens=now - timedelta(days=3), due=now - timedelta(days=1),
                        closes=now + timedelta(days=1), accept_late=True)
    upcoming = one_question(instructor, cohort, title="Upcoming", opens=now + timedelta(days=1),
                            due=now + timedelta(days=2))

    html = student_client.get(URL).content.decode()

    assert "Not started" in row_of(html, "To do")
    assert "In progress" in row_of(html, "Going") and "left" in row_of(html, "Going")
    assert "Graded: 1 / 1" in row_of(html, "Graded")
    assert "Submitted" in row_of(html, "Hidden") and "Graded" not in row_of(html, "Hidden")
    assert "Missed" in row_of(html, "Missed")
    assert "Not started" in row_of(html, "Late") and "standing-late" in row_of(html, "Late")
    assert "Not open yet" in row_of(html, "Upcoming")
    assert all(a.cohort_id == cohort.pk for a in (todo, missed, late, upcoming))


def test_an_essay_waiting_for_a_person_shows_needs_grading(student_client, instructor, student):
    essay = make_assignment(instructor=instructor, title="Essay",
                            specs=[QuestionSpec(type=QuestionType.ESSAY, prompt="Discuss.")])
    enrol(essay, student)
    attempt = attempt_start(assignment=essay, student=student)
    answer_save(attempt=attempt, position=1, response="My essay")
    attempt_submit(attempt=attempt)

    assert "needs grading" in row_of(student_client.get(URL).content.decode(), "Essay")


def test_due_dates_are_shown_in_the_viewers_time_zone(client, instructor):
    due = datetime(2031, 3, 3, 17, 0, tzinfo=UTC)
    assignment = one_question(instructor, title="Timed", opens=timezone.now() - timedelta(hours=1), due=due)
    student = enrol(assignment, UserFactory(timezone="Asia/Tokyo"))
    client.force_login(student)

    html = client.get(URL).content.decode()

    assert "Mon 3 Mar 2031, 02:00" not in html
    assert "Tue 4 Mar 2031, 02:00 JST" in row_of(html, "Timed")


def test_the_linked_case_is_one_click_away(student_client, instructor, student):
    assignment = one_question(instructor, title="With a case")
    assignment.quiz.case = make_case(instructor, title="Forced labour abroad")
    assignment.quiz.save()
    enrol(assignment, student)

    row = row_of(student_client.get(URL).content.decode(), "With a case")

    assert f'href="{assignment.quiz.case.get_absolute_url()}"' in row


def test_another_cohorts_assignments_are_absent(student_client, instructor, student):
    mine = one_question(instructor, title="Mine")
    enrol(mine, student)
    one_question(instructor, title="Someone else's")

    html = student_client.get(URL).content.decode()

    assert "Mine" in html and "Someone else" not in html


def test_a_student_in_no_class_is_told_how_to_join(student_client):
    html = student_client.get(URL).content.decode()

    assert "You are not in a class yet." in html
    assert reverse("cohorts:join") in html


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL).url.startswith(reverse("login"))


def test_the_dashboard_makes_the_same_queries_for_1_and_20_assignments(student_client, instructor, student):
    cohorts, numbers = [CohortFactory(), CohortFactory()], itertools.count()

    def add_assignments(count: int):
        """Alternately in two cohorts (the student joins both with the first two), every third one started."""
        for n in itertools.islice(numbers, count):
            assignment = one_question(instructor, cohorts[n % 2], title=f"Assignment {n}")
            if n < 2:
                enrol(assignment, student)
            if n % 3 == 0:
                attempt_start(assignment=assignment, student=student)

    pages = assert_same_queries(
        grow=add_assignments, fetch=lambda: student_client.get(URL), sizes=(1, 20), at_most=DASHBOARD_QUERIES,
        fix="The dashboard must not query per assignment: extend assignments_for_dashboard "
            "(select_related / Prefetch) in quizzes/views/dashboard.py rather than raising the limit.",
    )
    for count, page in zip((1, 20), pages):
        assert page.status_code == 200
        assert page.content.decode().count('class="dashboard-item"') == count
    assert Attempt.objects.filter(student=student).count() == (20 + 2) // 3


def test_what_is_still_to_do_comes_first_then_the_most_recent_past(student_client, instructor, student):
    now = timezone.now()
    cohort = CohortFactory()
    enrol(one_question(instructor, cohort, title="Next week", due=now + timedelta(days=7)), student)
    one_question(instructor, cohort, title="Tomorrow", due=now + timedelta(days=1))
    one_question(instructor, cohort, title="Long ago", opens=now - timedelta(days=30), due=now - timedelta(days=29))
    one_question(instructor, cohort, title="Last week", opens=now - timedelta(days=8), due=now - timedelta(days=7))

    html = student_client.get(URL).content.decode()

    titles = re.findall(r'<h3 class="h6 mb-1"><a href="[^"]+">([^<]+)</a>', html)
    assert titles == ["Tomorrow", "Next week", "Last week", "Long ago"]


def test_neither_the_dashboard_nor_the_assignment_page_carries_the_key(student_client, instructor, student):
    assignment = key_assignment(instructor, review="full")
    enrol(assignment, student)
    attempt_start(assignment=assignment, student=student)

    for url in (URL, reverse("gradebook:assignment", args=[assignment.pk])):
        html = student_client.get(url).content.decode()
        assert [secret for secret in KEY_STRINGS if secret in html] == []
