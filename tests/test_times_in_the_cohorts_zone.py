"""Every time a page, CSV, email or job page shows is in the cohort's zone, or the viewer's chosen zone,
with the zone named (accounts.zones); only storage is UTC. The cohorts are far from UTC (New York,
Auckland) and the deadlines sit near midnight across a daylight-saving change: US clocks go back on
Sunday 1 November 2026, New Zealand's on Sunday 5 April 2026.
"""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gradebook.queries import score_for
from jobs.services import job_start
from quizzes.services.answers import answer_save
from quizzes.services.attempts import AttemptRefused, attempt_start, attempt_submit
from tests.factories import CohortFactory, MembershipFactory
from tests.gradebook.test_exports import read_csv
from tests.quiz_builders import choice_id, choice_question, make_assignment

NEW_YORK, AUCKLAND = "America/New_York", "Pacific/Auckland"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def new_york(add_cohort):
    return add_cohort(name="Section NY", timezone=NEW_YORK)


@pytest.fixture
def week9(instructor, new_york):
    """Opens Sun 25 Oct 09:00 EDT, due Sun 1 Nov 23:59 EST: the due date is Mon 2 Nov in UTC."""
    return make_assignment(instructor=instructor, cohort=new_york, specs=[choice_question(1)], title="Week 9",
                           opens=utc(2026, 10, 25, 13), due=utc(2026, 11, 2, 4, 59), review="full")


@pytest.fixture
def auckland_week(instructor, student):
    """Due Mon 6 Apr 00:30 NZST, the day after the clocks went back: Sun 5 Apr in UTC."""
    cohort = CohortFactory(name="Section NZ", timezone=AUCKLAND)
    MembershipFactory(cohort=cohort, user=student, role="student")
    return make_assignment(instructor=instructor, cohort=cohort, specs=[choice_question(1)], title="NZ week 1",
                           opens=utc(2026, 3, 30, 20), due=utc(2026, 4, 5, 12, 30))


def _create(client, cohort, data):
    """Creates an assignment whose times may now be past: the form asks first, and this confirms what it shows."""
    url = reverse("quizzes:assignment-create", args=[cohort.pk])
    response = client.post(url, data)
    if response.status_code == 400 and (asked := re.search(r'name="confirm" value="(\w+)"', response.content.decode())):
        assert "has already passed" in response.content.decode()
        response = client.post(url, {**data, "confirm": asked[1]})
    return response


def _page(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_shows_each_cohorts_deadline_in_its_own_zone(student_client, week9, auckland_week):
    page = _page(student_client, "gradebook:dashboard")

    assert "Due Sun 1 Nov 2026, 23:59 EST" in page and "Times in America/New_York, the cohort's time zone." in page
    assert "Due Mon 6 Apr 2026, 00:30 NZST" in page and "Times in Pacific/Auckland, the cohort's time zone." in page
    assert "04:59" not in page and "12:30" not in page and "UTC" not in page


def test_a_chosen_zone_wins_on_every_cohort(student_client, student, week9, auckland_week):
    student.timezone = "Asia/Tokyo"
    student.save()

    page = _page(student_client, "gradebook:dashboard")

    assert "Due Mon 2 Nov 2026, 13:59 JST" in page and "Due Sun 5 Apr 2026, 21:30 JST" in page
    assert page.count("Times in Asia/Tokyo, your time zone") == 2 and "EST" not in page


def test_the_assignment_page_names_the_zone_and_carries_the_offset(student_client, week9):
    page = _page(student_client, "gradebook:assignment", week9.pk)

    assert '<time datetime="2026-10-25T09:00:00-04:00">Sun 25 Oct 2026, 09:00 EDT</time>' in page
    assert '<time datetime="2026-11-01T23:59:00-05:00">Sun 1 Nov 2026, 23:59 EST</time>' in page
    assert "Times in America/New_York, the cohort's time zone." in page


def test_my_grades_shows_the_due_date_in_the_cohorts_zone(student_client, week9):
    assert "due Sun 1 Nov 2026, 23:59 EST" in _page(student_client, "gradebook:my-grades")


def test_the_attempt_pages_countdown_says_when_it_ends_in_the_cohorts_zone(student_client, student, instructor,
                                                                             new_york):
    zone = ZoneInfo(NEW_YORK)
    tonight = (timezone.now().astimezone(zone) + timedelta(days=1)).replace(hour=23, minute=59, second=0,
                                                                            microsecond=0)
    assignment = make_assignment(instructor=instructor, cohort=new_york, specs=[choice_question(1)],
                                 due=tonight.astimezone(UTC))
    attempt = attempt_start(assignment=assignment, student=student)

    page = _page(student_client, "quizzes:attempt", attempt.pk)

    ends = tonight.strftime("%a %-d %b, 23:59 ") + tonight.tzname()
    assert f"(until {ends})" in page
    assert f'data-deadline="{attempt.deadline_at.isoformat(timespec="milliseconds")}"' in page  # the clock is UTC


def test_typed_times_are_the_cohorts_and_stored_in_utc_across_the_change(login_as, instructor, new_york, week9):
    instructor.timezone = "Asia/Tokyo"  # the instructor's own zone does not change what they type
    instructor.save()
    client = login_as(instructor)
    data = {"quiz": week9.quiz_id, "title": "Week 10", "opens_at": "2026-10-31T23:30", "due_at": "2026-11-01T23:59",
            "closes_at": "", "late_penalty_percent_per_day": "0", "time_limit_minutes": "", "attempts_allowed": "1",
            "grading_method": "highest", "review": "score", "review_after_close": "full"}

    response = _create(client, new_york, data)

    assert response.status_code == 302
    created = new_york.assignments.get(title="Week 10")
    assert (created.opens_at, created.due_at) == (utc(2026, 11, 1, 3, 30), utc(2026, 11, 2, 4, 59))  # EDT, EST
    form = _page(client, "quizzes:assignment-edit", created.pk)
    assert 'value="2026-10-31T23:30"' in form and 'value="2026-11-01T23:59"' in form
    assert "America/New_York time." in form


def test_a_time_the_clocks_pass_twice_is_refused_and_nothing_saved(instructor_client, new_york, week9):
    data = {"quiz": week9.quiz_id, "title": "Ambiguous", "opens_at": "2026-10-30T09:00", "due_at": "2026-11-01T01:30",
            "closes_at": "", "late_penalty_percent_per_day": "0", "time_limit_minutes": "", "attempts_allowed": "1",
            "grading_method": "highest", "review": "score", "review_after_close": "full"}

    response = instructor_client.post(reverse("quizzes:assignment-create", args=[new_york.pk]), data)

    assert response.status_code == 400
    assert "couldn’t be interpreted in time zone America/New_York" in response.content.decode()
    assert not new_york.assignments.filter(title="Ambiguous").exists()


def test_new_zealand_typed_times_land_on_both_sides_of_its_change(login_as, instructor, auckland_week):
    cohort = auckland_week.cohort  # make_assignment made the instructor its instructor
    data = {"quiz": auckland_week.quiz_id, "title": "NZ week 2", "opens_at": "2026-04-04T23:59",
            "due_at": "2026-04-05T23:59", "closes_at": "", "late_penalty_percent_per_day": "0",
            "time_limit_minutes": "", "attempts_allowed": "1", "grading_method": "highest", "review": "score",
            "review_after_close": "full"}

    assert _create(login_as(instructor), cohort, data).status_code == 302

    created = cohort.assignments.get(title="NZ week 2")
    assert (created.opens_at, created.due_at) == (utc(2026, 4, 4, 10, 59), utc(2026, 4, 5, 11, 59))  # +13, +12


@pytest.fixture
def late_by_the_clock(instructor, student, new_york):
    """Due Sat 31 Oct 23:59 EDT with 10 % off a day; submitted Sun 1 Nov 23:30 EST, 24 h 31 min later: one day
    late on New York's calendar (its Sunday has 25 hours), where 24-hour days would make it two."""
    assignment = make_assignment(instructor=instructor, cohort=new_york, specs=[choice_question(1)], title="Late",
                                 opens=utc(2026, 10, 25, 13), due=utc(2026, 11, 1, 3, 59), closes=utc(2026, 11, 8, 4, 59),
                                 accept_late=True, late_penalty_percent_per_day=Decimal(10), review="full")
    attempt = attempt_start(assignment=assignment, student=student, now=utc(2026, 11, 2, 4))
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1), now=utc(2026, 11, 2, 4, 10))
    return attempt_submit(attempt=attempt, now=utc(2026, 11, 2, 4, 30))


def test_a_day_late_across_the_change_costs_one_days_penalty_everywhere(login_as, instructor, student,
                                                                          late_by_the_clock):
    attempt = late_by_the_clock
    assert attempt.is_late and attempt.submitted_at == utc(2026, 11, 2, 4, 30)

    cell = score_for(attempt.assignment, student.pk, now=timezone.now())
    mine = _page(login_as(student), "gradebook:my-grades")
    staff = _page(login_as(instructor), "gradebook:gradebook-student", attempt.assignment.cohort_id, student.pk)

    assert cell.points == Decimal("0.90") and cell.counted[0].days_late == 1
    assert "−10% late penalty" in mine
    assert "1 day late" in staff and "2 days late" not in staff
    assert "1 Nov, 23:30 EST" in staff and "Due Sat 31 Oct 2026, 23:59 EDT" in staff


def test_the_review_and_the_staff_pages_show_the_submission_in_the_zone(login_as, instructor, student,
                                                                         late_by_the_clock):
    attempt = late_by_the_clock
    review = _page(login_as(student), "gradebook:attempt-review", attempt.pk)
    staff = login_as(instructor)
    detail = _page(staff, "gradebook:gradebook-attempt", attempt.pk)
    overview = _page(staff, "quizzes:assignment-staff", attempt.assignment_id)

    assert "submitted Sun 1 Nov 2026, 23:30 EST" in review
    assert "submitted Sun 1 Nov 2026, 23:30 EST" in detail and "started Sun 1 Nov 2026, 23:00 EST" in detail
    assert "Sun 1 Nov, 23:30 EST" in overview and "Times in America/New_York, the cohort's time zone." in overview


def test_staff_who_chose_a_zone_see_their_own_named(login_as, instructor, late_by_the_clock):
    instructor.timezone = "Europe/London"
    instructor.save()

    overview = _page(login_as(instructor), "quizzes:assignment-staff", late_by_the_clock.assignment_id)

    assert "Sun 1 Nov 2026, 04:30 GMT" not in overview  # it is Mon 2 Nov in London
    assert "Mon 2 Nov, 04:30 GMT" in overview and "Times in Europe/London, your time zone." in overview


def test_the_responses_csv_is_iso_8601_in_the_cohorts_zone_whoever_downloads_it(login_as, instructor,
                                                                                   late_by_the_clock):
    instructor.timezone = "Asia/Tokyo"
    instructor.save()

    rows = read_csv(login_as(instructor).get(reverse("gradebook:responses-csv",
                                                     args=[late_by_the_clock.assignment.cohort_id])))

    column = rows[0].index("Submitted (ISO 8601, America/New_York)")
    assert rows[1][column] == "2026-11-01T23:30:00-05:00"


def test_an_invitation_says_until_when_its_link_works_in_the_cohorts_zone(instructor_client, new_york, run_tasks):
    zone = ZoneInfo(NEW_YORK)
    with run_tasks():
        instructor_client.post(reverse("cohorts:roster", args=[new_york.pk]), {
            "action": "apply", "csv": "email,first_name,last_name\nada@example.edu,Ada,Lovelace\n"})

    (email,) = mail.outbox
    sent = timezone.now().astimezone(zone)
    expires = sent + timedelta(days=3)  # PASSWORD_RESET_TIMEOUT
    assert f"until {expires.strftime('%a %-d %b %Y')}, " in email.body and f" {expires.tzname()}, so use it" in email.body


def test_a_job_page_shows_its_times_in_the_cohorts_zone(login_as, instructor, new_york):
    from tests.jobs.test_jobs import count_to

    job = job_start(owner=instructor, title="Counting", task=count_to, args=(1,), timezone=new_york.timezone)
    created = job.created.astimezone(ZoneInfo(NEW_YORK))

    page = _page(login_as(instructor), "jobs:detail", job.pk)

    assert f"Started {created.strftime('%a %-d %b %Y, %H:%M')} {created.tzname()}." in page


def test_the_deadline_is_the_stored_moment_whatever_the_zone(student, week9):
    """23:59 EST on the night the clocks went back is 04:59 UTC the next day: answers are taken up to
    then (and the grace), refused after, for a student in any zone."""
    student.timezone = "Pacific/Auckland"
    student.save()
    attempt = attempt_start(assignment=week9, student=student, now=utc(2026, 11, 2, 4, 50))
    assert attempt.deadline_at == week9.due_at == utc(2026, 11, 2, 4, 59)

    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1), now=utc(2026, 11, 2, 4, 59, 20))
    with pytest.raises(AttemptRefused):
        answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 0), now=utc(2026, 11, 2, 5, 0))
