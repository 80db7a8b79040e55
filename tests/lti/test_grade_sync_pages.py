"""Where grades stand in the LMS, as staff and students see it: the cohort's LMS page (the access
ladder, re-send one or all, failures with the platform's reason) and the student's review."""

from django.urls import reverse

from lti.models import GradeSync
from tests.factories import UserFactory
from tests.lti.conftest import take


def page_url(course):
    return reverse("lti:cohort-grades", args=[course.cohort.pk])


def test_the_lms_page_shows_each_students_state_with_the_platforms_reason(linked_course, platform, run_tasks):
    platform.score_failures = [400]
    with run_tasks():
        take(linked_course.assignment, linked_course.student, right=2)
    page = linked_course.teacher.get(page_url(linked_course))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-sync="failed"' in text and "platform says 400" in text
    assert "1 grade failed." in text
    assert "Re-send all grades" in text


def test_re_sending_one_grade_sends_it_and_shows_it_sent(linked_course, platform, run_tasks):
    course = linked_course
    platform.score_failures = [400]
    with run_tasks():
        take(course.assignment, course.student, right=2)
    sync = GradeSync.objects.get()
    with run_tasks():
        response = course.teacher.post(reverse("lti:grade-resend", args=[sync.line_item_id, course.student.pk]))
    assert response.status_code == 302
    sync.refresh_from_db()
    assert sync.state == "sent" and sync.error == ""
    assert 'data-sync="sent"' in course.teacher.get(page_url(course)).content.decode()


def test_re_sending_all_sends_every_linked_students_grade(linked_course, platform, lti_launch, run_tasks):
    from django.test import Client

    course = linked_course
    lti_launch(Client(), "learner2", "link:rl-quiz")
    with run_tasks():
        response = course.teacher.post(reverse("lti:grades-resend-all", args=[course.cohort.pk]))
    assert response.status_code == 302
    users = {s["userId"] for s in platform.scores_for("rl-quiz")}
    assert users == {platform.people["learner"].sub, platform.people["learner2"].sub}
    assert all(s["gradingProgress"] == "NotReady" for s in platform.scores_for("rl-quiz"))  # nothing taken yet


def test_the_ladder_anonymous_outsider_student_ta(linked_course, platform, lti_launch, login_as):
    from django.test import Client

    from lti.models import Account, LineItem

    course = linked_course
    url = page_url(course)
    assert Client().get(url).status_code == 302  # anonymous: to the login page
    assert login_as(UserFactory()).get(url).status_code == 404  # outsider
    assert course.student_client.get(url).status_code == 403  # student
    ta = Client()
    lti_launch(ta, "assistant", "link:rl-quiz")
    assert ta.get(url).status_code == 200  # TA sees, but cannot re-send
    assert "Re-send all" not in ta.get(url).content.decode()
    assert ta.post(reverse("lti:grades-resend-all", args=[course.cohort.pk])).status_code == 403
    item = LineItem.objects.get()
    assert course.student_client.post(reverse("lti:grade-resend", args=[item.pk, course.student.pk])).status_code == 403
    assert login_as(UserFactory()).post(reverse("lti:grade-resend", args=[item.pk, course.student.pk])).status_code == 404
    assert Account.objects.filter(user__username__startswith="lti").count() == 3


def test_a_cohort_without_an_lms_course_has_no_lms_page(instructor_client, cohort):
    assert instructor_client.get(reverse("lti:cohort-grades", args=[cohort.pk])).status_code == 404
    page = instructor_client.get(reverse("gradebook:gradebook", args=[cohort.pk]))
    assert "LMS grade sync" not in page.content.decode()


def test_the_gradebook_links_to_the_lms_page(linked_course):
    page = linked_course.teacher.get(reverse("gradebook:gradebook", args=[linked_course.cohort.pk]))
    assert page.status_code == 200
    assert page_url(linked_course) in page.content.decode()


def test_the_students_review_says_whether_the_grade_reached_the_lms(linked_course, platform, run_tasks):
    course = linked_course
    with run_tasks():
        attempt = take(course.assignment, course.student, right=2)
    review = course.student_client.get(reverse("gradebook:attempt-review", args=[attempt.pk]))
    assert review.status_code == 200
    text = review.content.decode()
    assert 'data-lms-status="sent"' in text and "reached your course" in text
    assert "Re-send" not in text  # students cannot


def test_the_students_review_says_when_it_failed_without_the_platforms_words(linked_course, platform, run_tasks):
    course = linked_course
    platform.score_failures = [400]
    with run_tasks():
        attempt = take(course.assignment, course.student, right=2)
    text = course.student_client.get(reverse("gradebook:attempt-review", args=[attempt.pk])).content.decode()
    assert 'data-lms-status="failed"' in text and "could not be sent" in text
    assert "platform says" not in text


def test_the_staff_student_page_shows_the_state_and_a_re_send(linked_course, platform, run_tasks):
    course = linked_course
    with run_tasks():
        take(course.assignment, course.student, right=1)
    url = reverse("gradebook:gradebook-student", args=[course.cohort.pk, course.student.pk])
    text = course.teacher.get(url).content.decode()
    assert 'data-lms-status="sent"' in text and "Re-send" in text


def test_the_lms_page_costs_the_same_for_2_or_40_students(linked_course):
    from django.utils import timezone

    from cohorts.models import Membership
    from lti.models import Account, LineItem, Platform
    from tests.query_counts import assert_same_queries

    course, item, platform = linked_course, LineItem.objects.get(), Platform.objects.get()

    def grow(n):
        for _ in range(n):
            user = UserFactory()
            Membership.objects.create(cohort=course.cohort, user=user, role="student")
            Account.objects.create(platform=platform, sub=f"s-{user.pk}", user=user)
            GradeSync.objects.create(line_item=item, student=user, state="failed", requested_at=timezone.now(),
                                     error="HTTP 400: no such user")

    # 1 session, 2 user, 3 my membership with the cohort, 4 the LMS course with its platform, 5 its line
    # items with their assignments, 6 the students, 7 the grade syncs, 8 the people who left
    pages = assert_same_queries(grow=grow, fetch=lambda: course.teacher.get(page_url(course)), sizes=(2, 40),
                                at_most=8, fix="Load the LMS page's rows in lti/views/course.py, a query a table.")
    assert pages[1].content.decode().count('data-sync="failed"') == 40
