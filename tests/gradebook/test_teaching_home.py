"""The teaching home: an instructor's or TA's cohorts with what needs them (open and coming assignments,
answers waiting for a grade, the latest submissions), in each cohort's time zone, at a fixed query cost."""

import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Membership
from quizzes.models import Attempt, AttemptQuestion
from tests.factories import CohortFactory, MembershipFactory, UserFactory
from tests.grading.conftest import ESSAY, submit
from tests.query_counts import assert_same_queries
from tests.quiz_builders import choice_question, enrol, make_assignment

URL = reverse("gradebook:teaching")
# session, user, the memberships with their cohorts and student counts, the open and coming assignments
# with their progress counts, the answers waiting for a grade, the latest submissions
TEACHING_QUERIES = 6
FIX = ("The teaching home now queries per cohort, assignment or answer. Load it in gradebook/teaching.py's "
       "querysets (select_related, annotate); raise TEACHING_QUERIES only for a new fixed query, and comment it.")


def in_days(days, hours=0):
    return timezone.now() + timedelta(days=days, hours=hours)


def item_of(html, title):
    match = re.search(r'<li class="teaching-item"[^>]*>(?:(?!</li>).)*?' + re.escape(title) + r".*?</li>", html, re.S)
    assert match, f"no row for {title}"
    return match.group(0)


@pytest.fixture
def term(instructor, cohort):
    """In `cohort` (New York time): one assignment open and due in a day, one open a week more, one opening
    in three days, one closed last week and one opening next month."""
    cohort.timezone = "America/New_York"
    cohort.save()
    made = {}
    for title, opens, due in [("Due tomorrow", -1, 1), ("Due next week", -1, 8), ("Opens soon", 3, 5),
                              ("Closed", -10, -7), ("Next month", 30, 31)]:
        made[title] = make_assignment(instructor=instructor, cohort=cohort, specs=[choice_question(1)], title=title,
                                      opens=in_days(opens), due=in_days(due))
    return made


def test_anonymous_visitors_sign_in_first(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_student_is_refused_and_keeps_their_dashboard(student_client, cohort):
    assert student_client.get(URL).status_code == 403
    assert student_client.get(reverse("gradebook:dashboard")).status_code == 200


def test_signing_in_lands_an_instructor_here(client, instructor):
    client.force_login(instructor)
    assert client.get(reverse("home")).url == URL


def test_a_ta_who_takes_no_class_is_sent_on_from_the_dashboard(login_as, ta, cohort):
    response = login_as(ta).get(reverse("gradebook:dashboard"))
    assert response.status_code == 302 and response.url == URL


def test_a_ta_who_is_also_a_student_keeps_their_dashboard_with_a_link_here(login_as, ta, cohort):
    MembershipFactory(cohort=CohortFactory(name="Their own class"), user=ta, role="student")
    client = login_as(ta)
    dashboard = client.get(reverse("gradebook:dashboard"))
    assert dashboard.status_code == 200 and f'href="{URL}"' in dashboard.text
    page = client.get(URL)
    assert page.status_code == 200
    assert "Ethics in Practice" in page.text and "Their own class" not in page.text
    assert f'href="{reverse("gradebook:dashboard")}"' in page.text


def test_open_and_coming_assignments_show_in_the_cohorts_zone(instructor_client, term):
    html = instructor_client.get(URL).text
    open_now = html[html.index("Open now"):html.index("Opening this week")]
    assert "Due tomorrow" in open_now and "Due next week" in open_now
    assert "Opens soon" in html[html.index("Opening this week"):]
    assert "Closed" not in html and "Next month" not in html
    assert "Due soon" in item_of(html, "Due tomorrow") and "Due soon" not in item_of(html, "Due next week")
    assert re.search(r"Due \w{3} \d+ \w{3}, \d\d:\d\d E[SD]T", item_of(html, "Due tomorrow")), "due in New York time"
    assert "America/New_York" in html


def test_each_assignment_counts_who_submitted_and_who_is_working(instructor_client, instructor, student, classmate,
                                                                 cohort):
    assignment = make_assignment(instructor=instructor, cohort=cohort, specs=[choice_question(1), ESSAY],
                                 title="Sanctions quiz")
    submit(assignment, student, {1: 1, 2: "An essay."})
    from quizzes.services.attempts import attempt_start
    attempt_start(assignment=assignment, student=classmate)
    row = item_of(instructor_client.get(URL).text, "Sanctions quiz")
    assert "1 of 2 submitted" in row and "1 working now" in row


def test_answers_waiting_for_a_grade_link_to_their_queue_even_after_the_close(instructor_client, instructor, student,
                                                                             cohort):
    assignment = make_assignment(instructor=instructor, cohort=cohort, specs=[choice_question(1), ESSAY],
                                 title="Essay week")
    submit(assignment, student, {1: 1, 2: "An essay."})
    assignment.opens_at, assignment.due_at = in_days(-9), in_days(-8)
    assignment.closes_at = assignment.due_at
    assignment.save()
    essay = assignment.quiz.items.get(question__current_version__type="essay").question
    html = instructor_client.get(URL).text
    section = html[html.index('id="to-grade"'):html.index('id="recent-heading"')]
    assert reverse("grading:grading-queue", args=[assignment.pk, essay.pk]) in section
    assert "Sanctions essay" in section and "Essay week" in section and "1 waiting" in section
    assert "1 answer waits to be graded." in html


def test_recent_submissions_name_the_student_and_link_the_attempt(instructor_client, instructor, student, cohort):
    cohort.timezone = "Asia/Tokyo"
    cohort.save()
    assignment = make_assignment(instructor=instructor, cohort=cohort, specs=[choice_question(1)], title="Quiz one")
    attempt = submit(assignment, student, {1: 1})
    Attempt.objects.filter(pk=attempt.pk).update(submitted_at=datetime(2026, 3, 8, 15, 30, tzinfo=UTC))
    html = instructor_client.get(URL).text
    recent = html[html.index('id="recent-submissions"'):]
    assert reverse("gradebook:gradebook-attempt", args=[attempt.pk]) in recent
    assert "Sam Student" in recent and "Quiz one" in recent
    assert "Mon 9 Mar, 00:30 JST" in recent, "shown in the cohort's zone, past midnight there"


def test_another_cohorts_assignments_students_and_answers_never_show(instructor_client, outsider, cohort):
    other = CohortFactory(name="Secret Seminar")
    MembershipFactory(cohort=other, user=outsider, role="instructor")
    hidden = UserFactory(username="zed", first_name="Zebedee", last_name="Hidden")
    secret = make_assignment(instructor=outsider, cohort=other, specs=[choice_question(1), ESSAY],
                             title="Secret quiz")
    enrol(secret, hidden)
    submit(secret, hidden, {1: 1, 2: "Hidden essay."})
    html = instructor_client.get(URL).text
    for name in ("Secret Seminar", "Secret quiz", "Zebedee", "Sanctions essay"):
        assert name not in html
    assert "Nothing waits for a grade." in html


def test_inactive_cohorts_are_left_out_and_counted(instructor_client, instructor, cohort):
    old = CohortFactory(name="Last year", is_active=False)
    MembershipFactory(cohort=old, user=instructor, role="instructor")
    make_assignment(instructor=instructor, cohort=old, specs=[choice_question(1)], title="Old quiz")
    html = instructor_client.get(URL).text
    assert "Last year" not in html and "Old quiz" not in html
    assert "1 inactive cohort is not shown." in html


def test_an_instructor_without_cohorts_is_shown_where_to_start(client, db):
    newcomer = UserFactory(username="nina", is_instructor=True)
    client.force_login(newcomer)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'id="no-cohorts"' in response.text and reverse("cohorts:create") in response.text


@pytest.fixture
def add_cohorts(instructor):
    """``add_cohorts(n)``: n more cohorts, each with 3 assignments (open, coming, closed with essays waiting)
    and 4 students who submitted; built in bulk."""
    numbers = itertools.count()
    User = get_user_model()

    def add(count: int):
        for n in itertools.islice(numbers, count):
            cohort = CohortFactory(name=f"Section {n}")
            MembershipFactory(cohort=cohort, user=instructor, role="instructor")
            users = User.objects.bulk_create(User(username=f"s{n}-{i}", last_name=f"{i}") for i in range(4))
            Membership.objects.bulk_create(Membership(cohort=cohort, user=u, role="student") for u in users)
            for opens, due in [(-1, 1), (2, 4), (-9, -8)]:
                assignment = make_assignment(instructor=instructor, cohort=cohort, specs=[choice_question(1), ESSAY],
                                             opens=in_days(opens), due=in_days(due), title=f"A{n}.{opens}")
                versions = [item.question.current_version for item in assignment.quiz.items.select_related(
                    "question__current_version")]
                now = timezone.now()
                attempts = Attempt.objects.bulk_create(
                    Attempt(assignment=assignment, student=u, number=1, status="submitted", started_at=now,
                            deadline_at=now, submitted_at=now, score=1, max_score=5, needs_grading=True) for u in users)
                AttemptQuestion.objects.bulk_create(
                    AttemptQuestion(attempt=a, position=p, version=v, points=v.points, response="x",
                                    result={"status": "needs_manual" if v.type == "essay" else "correct"})
                    for a in attempts for p, v in enumerate(versions, start=1))

    return add


def test_the_page_costs_the_same_for_1_or_6_cohorts(instructor_client, add_cohorts):
    small, large = assert_same_queries(grow=add_cohorts, fetch=lambda: instructor_client.get(URL), sizes=(1, 6),
                                       at_most=TEACHING_QUERIES, fix=FIX)
    assert large.text.count('class="teaching-cohort') == 6
    assert "72 answers wait to be graded." in large.text  # 6 cohorts x 3 assignments x 4 students
