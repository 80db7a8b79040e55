"""Assignments from the staff side: set a quiz for a cohort in its time zone, edit it, per-student
overrides, the staff view of progress, and who may do each."""

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Membership
from quizzes.models import Assignment, AssignmentOverride, Attempt
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_start, attempt_submit
from quizzes.services.quizzes import (
    assignment_create,
    assignment_update,
    override_remove,
    override_set,
    quiz_create,
    quiz_item_add_fixed,
)
from tests.factories import CohortFactory, InstructorFactory, MembershipFactory, UserFactory
from tests.query_counts import assert_same_queries
from tests.quiz_builders import choice_question, enrol, make_assignment, make_bank, one_question_quiz

NEW_YORK = "America/New_York"
# Times typed into the forms are in 2037, which has 2026's calendar (the same weekdays and daylight-saving
# dates): far enough ahead never to be "already past", which the forms ask about (test_surprises.py).


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def cohort(instructor):
    cohort = CohortFactory(name="Section A", timezone=NEW_YORK)
    MembershipFactory(cohort=cohort, user=instructor, role="instructor")
    return cohort


@pytest.fixture
def quiz(instructor):
    return one_question_quiz(instructor)


@pytest.fixture
def assignment(cohort, quiz):
    return assignment_create(cohort=cohort, quiz=quiz, opens_at=utc(2037, 1, 10, 14), due_at=utc(2037, 1, 15, 14),
                             time_limit_minutes=30)


@pytest.fixture
def ta(cohort):
    return MembershipFactory(cohort=cohort, user=UserFactory(username="tara", first_name="Tara", last_name="Assist"),
                             role="ta").user


@pytest.fixture
def student(cohort, student):
    MembershipFactory(cohort=cohort, user=student, role="student")
    return student


def form_data(quiz, **changes):
    data = {"quiz": quiz.pk, "title": "", "opens_at": "2037-01-10T09:00", "due_at": "2037-01-15T09:00",
            "closes_at": "", "late_penalty_percent_per_day": "0", "time_limit_minutes": "30",
            "attempts_allowed": "1", "grading_method": "highest", "review": "score", "review_after_close": "full"}
    return {**data, **changes}


# --- services --------------------------------------------------------------------------------------


def test_without_late_work_an_assignment_closes_when_due(assignment):
    assert assignment.closes_at == assignment.due_at == utc(2037, 1, 15, 14)


def test_late_work_keeps_the_closing_time(cohort, quiz):
    assignment = assignment_create(cohort=cohort, quiz=quiz, opens_at=utc(2037, 1, 10), due_at=utc(2037, 1, 15),
                                   closes_at=utc(2037, 1, 17), accept_late=True,
                                   late_penalty_percent_per_day=Decimal(10))
    assert (assignment.closes_at, assignment.late_penalty_percent_per_day) == (utc(2037, 1, 17), Decimal(10))


def test_an_empty_quiz_cannot_be_assigned(cohort, instructor):
    empty = quiz_create(owner=instructor, title="Empty")
    with pytest.raises(Exception, match="has no questions yet"):
        assignment_create(cohort=cohort, quiz=empty, opens_at=utc(2037, 1, 10), due_at=utc(2037, 1, 15))
    assert not Assignment.objects.exists()


def test_times_out_of_order_are_refused_by_the_service_and_the_database(cohort, quiz, assignment):
    with pytest.raises(Exception, match="opens, then due, then closes"):
        assignment_create(cohort=cohort, quiz=quiz, opens_at=utc(2037, 1, 16), due_at=utc(2037, 1, 15))
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk).update(opens_at=utc(2037, 2, 1))


def test_the_quiz_cannot_change_once_a_student_started(assignment, student, instructor):
    Assignment.objects.filter(pk=assignment.pk).update(opens_at=timezone.now() - timedelta(hours=1),
                                                       due_at=timezone.now() + timedelta(days=1),
                                                       closes_at=timezone.now() + timedelta(days=1))
    assignment.refresh_from_db()
    attempt_start(assignment=assignment, student=student)
    other = quiz_create(owner=instructor, title="Other")
    quiz_item_add_fixed(quiz=other, question=make_bank(instructor, [choice_question(2)]).questions.get())

    with pytest.raises(Exception, match="already started"):
        assignment_update(assignment=assignment, quiz=other)
    assignment_update(assignment=assignment, quiz=assignment.quiz, attempts_allowed=2)  # the rest may change

    assignment.refresh_from_db()
    assert (assignment.quiz.title, assignment.attempts_allowed) == ("Sanctions quiz", 2)


def test_an_override_is_set_replaced_and_removed(assignment, student):
    override_set(assignment=assignment, student=student, extra_minutes=15)
    override_set(assignment=assignment, student=student, due_at=utc(2037, 1, 16, 14), extra_attempts=1)

    override = AssignmentOverride.objects.get()
    assert (override.due_at, override.extra_minutes, override.extra_attempts) == (utc(2037, 1, 16, 14), 0, 1)
    assert override_remove(assignment=assignment, student=student) is True
    assert not AssignmentOverride.objects.exists()


def test_overrides_are_only_for_students_of_the_cohort(assignment, ta, other_instructor):
    for person in (ta, other_instructor):
        with pytest.raises(Exception, match="students of this cohort"):
            override_set(assignment=assignment, student=person, extra_minutes=5)
    assert not AssignmentOverride.objects.exists()


# --- who may do what -------------------------------------------------------------------------------

CHANGES = [("assignment-create", "get"), ("assignment-create", "post"), ("assignment-edit", "get"),
           ("assignment-edit", "post"), ("override-edit", "get"), ("override-edit", "post"),
           ("override-delete", "post")]
VIEWS = [("assignment-staff", "get"), ("cohort-assignments", "get")]


def url_for(name, assignment, student):
    if name.startswith("assignment-create") or name == "cohort-assignments":
        return reverse(f"quizzes:{name}", args=[assignment.cohort_id])
    if name.startswith("override-"):
        return reverse(f"quizzes:{name}", args=[assignment.pk, student.pk])
    return reverse(f"quizzes:{name}", args=[assignment.pk])


def call(client, name, method, assignment, student):
    data = {**form_data(assignment.quiz, title="Changed"), "extra_minutes": "10", "extra_attempts": "0"}
    return getattr(client, method)(url_for(name, assignment, student), data if method == "post" else None)


def assert_nothing_changed(assignment):
    assert Assignment.objects.get().title == ""
    assert not AssignmentOverride.objects.exists()


@pytest.mark.parametrize(("name", "method"), CHANGES + VIEWS)
def test_assignment_pages_send_anonymous_visitors_to_log_in(client, assignment, student, name, method):
    response = call(client, name, method, assignment, student)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert_nothing_changed(assignment)


@pytest.mark.parametrize(("name", "method"), CHANGES + VIEWS)
def test_assignment_pages_are_forbidden_to_the_cohorts_students(client, assignment, student, name, method):
    client.force_login(student)
    assert call(client, name, method, assignment, student).status_code == 403
    assert_nothing_changed(assignment)


@pytest.mark.parametrize(("name", "method"), CHANGES)
def test_tas_may_not_change_assignments_or_overrides(client, assignment, student, ta, name, method):
    client.force_login(ta)
    assert call(client, name, method, assignment, student).status_code == 403
    assert_nothing_changed(assignment)


@pytest.mark.parametrize(("name", "method"), VIEWS)
def test_tas_may_view_the_staff_pages(client, assignment, student, ta, name, method):
    client.force_login(ta)
    response = call(client, name, method, assignment, student)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("quizzes:assignment-edit", args=[assignment.pk]) not in html
    assert reverse("quizzes:override-edit", args=[assignment.pk, student.pk]) not in html
    assert reverse("quizzes:assignment-create", args=[assignment.cohort_id]) not in html


@pytest.mark.parametrize(("name", "method"), CHANGES + VIEWS)
def test_assignment_pages_are_not_found_for_instructors_outside_the_cohort(client, other_instructor, assignment,
                                                                          student, name, method):
    client.force_login(other_instructor)
    assert call(client, name, method, assignment, student).status_code == 404
    assert_nothing_changed(assignment)


@pytest.mark.parametrize(("name", "method", "status"), [
    *((name, method, 302 if method == "post" else 200) for name, method in CHANGES), *(v + (200,) for v in VIEWS)])
def test_assignment_pages_work_for_the_cohorts_instructor(instructor_client, assignment, student, name, method,
                                                          status):
    assert call(instructor_client, name, method, assignment, student).status_code == status


# --- create and edit, in the cohort's time zone ----------------------------------------------------


def test_times_typed_in_new_york_are_stored_in_utc_and_shown_back_in_new_york(instructor_client, cohort, quiz):
    response = instructor_client.post(reverse("quizzes:assignment-create", args=[cohort.pk]), form_data(quiz))

    assignment = Assignment.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("quizzes:assignment-staff", args=[assignment.pk])
    assert assignment.opens_at == utc(2037, 1, 10, 14)  # 09:00 EST is 14:00 UTC in winter
    assert assignment.due_at == assignment.closes_at == utc(2037, 1, 15, 14)
    edit = instructor_client.get(reverse("quizzes:assignment-edit", args=[assignment.pk])).content.decode()
    assert 'value="2037-01-15T09:00"' in edit and 'value="2037-01-10T09:00"' in edit
    assert NEW_YORK in edit
    staff = instructor_client.get(response.url).content.decode()
    assert "Thu 15 Jan 2037, 09:00 EST" in staff


def test_summer_times_use_daylight_saving(instructor_client, cohort, quiz):
    instructor_client.post(reverse("quizzes:assignment-create", args=[cohort.pk]),
                           form_data(quiz, opens_at="2037-07-01T09:00", due_at="2037-07-15T09:00"))

    assert Assignment.objects.get().due_at == utc(2037, 7, 15, 13)  # EDT is UTC-4


def test_the_create_page_preselects_the_quiz_and_names_the_time_zone(instructor_client, cohort, quiz):
    url = reverse("quizzes:assignment-create", args=[cohort.pk]) + f"?quiz={quiz.pk}"
    html = instructor_client.get(url).content.decode()

    assert f'<option value="{quiz.pk}" selected>Sanctions quiz</option>' in html
    assert f"{NEW_YORK} time." in html


@pytest.mark.parametrize(("changes", "message"), [
    ({"due_at": "2037-01-09T09:00"}, "The due time must not be before the opening time."),
    ({"accept_late": "on", "closes_at": "2037-01-14T09:00"}, "The closing time must not be before the due time."),
    ({"late_penalty_percent_per_day": "150"}, "The late penalty is a percentage from 0 to 100."),
    ({"late_penalty_percent_per_day": "-1"}, "The late penalty is a percentage from 0 to 100."),
    ({"attempts_allowed": "0"}, "Allow at least 1 attempt."),
    ({"time_limit_minutes": "0"}, "A time limit is at least 1 minute"),
    ({"due_at": ""}, "This field is required."),
    ({"due_at": "2037-03-08T02:30"}, "couldn’t be interpreted in time zone America/New_York"),  # skipped at DST
])
def test_invalid_settings_are_refused_with_a_clear_message_and_nothing_saved(instructor_client, cohort, quiz,
                                                                            changes, message):
    response = instructor_client.post(reverse("quizzes:assignment-create", args=[cohort.pk]),
                                      form_data(quiz, **changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Assignment.objects.exists()


def test_only_my_own_quizzes_can_be_assigned(instructor_client, cohort, other_instructor):
    theirs = quiz_create(owner=other_instructor, title="Oscar's quiz")

    page = instructor_client.get(reverse("quizzes:assignment-create", args=[cohort.pk])).content.decode()
    response = instructor_client.post(reverse("quizzes:assignment-create", args=[cohort.pk]), form_data(theirs))

    assert "Oscar" not in page
    assert response.status_code == 400
    assert not Assignment.objects.exists()


def test_an_empty_quiz_is_refused_on_the_form(instructor_client, cohort, instructor):
    empty = quiz_create(owner=instructor, title="Empty")

    response = instructor_client.post(reverse("quizzes:assignment-create", args=[cohort.pk]), form_data(empty))

    assert response.status_code == 400
    assert "has no questions yet" in response.content.decode()
    assert not Assignment.objects.exists()


def test_late_work_until_a_closing_time_with_a_penalty(instructor_client, cohort, quiz):
    instructor_client.post(reverse("quizzes:assignment-create", args=[cohort.pk]), form_data(
        quiz, accept_late="on", closes_at="2037-01-17T23:59", late_penalty_percent_per_day="12.5"))

    assignment = Assignment.objects.get()
    assert assignment.accept_late
    assert assignment.closes_at == utc(2037, 1, 18, 4, 59)
    assert assignment.late_penalty_percent_per_day == Decimal("12.5")


def test_editing_changes_the_settings(instructor_client, assignment):
    response = instructor_client.post(reverse("quizzes:assignment-edit", args=[assignment.pk]), form_data(
        assignment.quiz, title="Midterm", due_at="2037-01-20T17:00", attempts_allowed="3", grading_method="latest"))

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.title, assignment.due_at, assignment.attempts_allowed, assignment.grading_method) == (
        "Midterm", utc(2037, 1, 20, 22), 3, "latest")


def test_an_invalid_edit_changes_nothing(instructor_client, assignment):
    response = instructor_client.post(reverse("quizzes:assignment-edit", args=[assignment.pk]),
                                      form_data(assignment.quiz, title="Midterm", opens_at="2037-02-01T09:00"))

    assert response.status_code == 400
    assert "The due time must not be before the opening time." in response.content.decode()
    assignment.refresh_from_db()
    assert (assignment.title, assignment.opens_at) == ("", utc(2037, 1, 10, 14))


def test_a_co_instructor_can_keep_the_quiz_they_do_not_own(client, cohort, assignment):
    colleague = InstructorFactory(username="cole")
    MembershipFactory(cohort=cohort, user=colleague, role="instructor")
    client.force_login(colleague)

    response = client.post(reverse("quizzes:assignment-edit", args=[assignment.pk]),
                           form_data(assignment.quiz, title="Kept"))

    assert response.status_code == 302
    assert Assignment.objects.get().title == "Kept"


# --- overrides -------------------------------------------------------------------------------------


def test_an_override_is_typed_in_the_cohorts_time_zone(instructor_client, assignment, student):
    url = reverse("quizzes:override-edit", args=[assignment.pk, student.pk])
    response = instructor_client.post(url, {"due_at": "2037-01-17T09:00", "closes_at": "", "extra_minutes": "15",
                                            "extra_attempts": "1"})

    assert response.status_code == 302
    override = AssignmentOverride.objects.get()
    assert (override.student, override.due_at, override.extra_minutes, override.extra_attempts) == (
        student, utc(2037, 1, 17, 14), 15, 1)
    assert 'value="2037-01-17T09:00"' in instructor_client.get(url).content.decode()
    staff = instructor_client.get(reverse("quizzes:assignment-staff", args=[assignment.pk])).content.decode()
    assert "Sat 17 Jan, 09:00" in staff and "+15 minutes" in staff and "+1 attempt" in staff


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Change at least one thing, or remove the override instead."),
    ({"due_at": "2037-01-01T09:00"}, "The new due time must not be before the assignment opens."),
    ({"due_at": "2037-01-17T09:00", "closes_at": "2037-01-16T09:00"},
     "The new closing time must not be before the due time."),
    ({"extra_minutes": "-5"}, "Ensure this value is greater than or equal to 0."),
])
def test_an_invalid_override_is_refused_and_nothing_saved(instructor_client, assignment, student, data, message):
    response = instructor_client.post(reverse("quizzes:override-edit", args=[assignment.pk, student.pk]),
                                      {"extra_minutes": "0", "extra_attempts": "0", **data})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AssignmentOverride.objects.exists()


def test_an_override_for_someone_outside_the_cohort_or_not_a_student_is_not_found(instructor_client, assignment,
                                                                                  ta, other_instructor):
    for person in (ta, other_instructor):
        response = instructor_client.post(reverse("quizzes:override-edit", args=[assignment.pk, person.pk]),
                                          {"extra_minutes": "5", "extra_attempts": "0"})
        assert response.status_code == 404
    assert not AssignmentOverride.objects.exists()


def test_removing_an_override(instructor_client, assignment, student):
    override_set(assignment=assignment, student=student, extra_minutes=10)

    response = instructor_client.post(reverse("quizzes:override-delete", args=[assignment.pk, student.pk]),
                                      follow=True)

    assert "Override removed for Sam Student." in response.content.decode()
    assert not AssignmentOverride.objects.exists()


def test_removing_an_override_needs_a_post(instructor_client, assignment, student):
    override_set(assignment=assignment, student=student, extra_minutes=10)

    response = instructor_client.get(reverse("quizzes:override-delete", args=[assignment.pk, student.pk]))

    assert response.status_code == 405
    assert AssignmentOverride.objects.exists()


# --- the staff view --------------------------------------------------------------------------------


@pytest.fixture
def open_assignment(instructor):
    """Open now, with an essay (so submitted attempts need grading) and a choice question."""
    return make_assignment(instructor=instructor, cohort=CohortFactory(timezone=NEW_YORK), attempts_allowed=2)


def test_the_staff_view_counts_each_student_once_by_status(instructor_client, open_assignment):
    students = {name: enrol(open_assignment, UserFactory(username=name, last_name=name.title()))
                for name in ("ann", "ben", "cat", "dan")}
    attempt_start(assignment=open_assignment, student=students["ben"])  # in progress
    essay = attempt_start(assignment=open_assignment, student=students["cat"])
    answer_save(attempt=essay, position=5, response="An essay.")
    attempt_submit(attempt=essay)  # an answered essay waits for a human
    done = attempt_submit(attempt=attempt_start(assignment=open_assignment, student=students["dan"]))
    Attempt.objects.filter(pk=done.pk).update(needs_grading=False)  # graded by hand
    other = make_assignment(instructor=open_assignment.quiz.owner, cohort=open_assignment.cohort)
    attempt_start(assignment=other, student=students["ann"])  # another assignment's attempt does not count here

    response = instructor_client.get(reverse("quizzes:assignment-staff", args=[open_assignment.pk]))

    rows = {row.membership.user.username: (row.status, row.attempts_used, row.attempts_allowed)
            for row in response.context["rows"]}
    assert rows == {"ann": ("not_started", 0, 2), "ben": ("in_progress", 1, 2), "cat": ("needs_grading", 1, 2),
                    "dan": ("submitted", 1, 2)}
    assert [(key, count) for key, _label, count in response.context["counts"]] == [
        ("needs_grading", 1), ("in_progress", 1), ("submitted", 1), ("not_started", 1)]
    html = response.content.decode()
    assert "Needs grading" in html and "Not started" in html


def test_the_staff_view_shows_no_one_from_another_cohort(instructor_client, open_assignment, other_instructor):
    enrol(open_assignment, UserFactory(username="ann", first_name="Ann", last_name="Insider"))
    elsewhere = make_assignment(instructor=other_instructor)
    enrol(elsewhere, UserFactory(username="zed", first_name="Zed", last_name="Outsider"))

    html = instructor_client.get(reverse("quizzes:assignment-staff", args=[open_assignment.pk])).content.decode()

    assert "Ann Insider" in html
    assert "Zed Outsider" not in html


def test_the_cohort_list_shows_its_assignments_and_submissions(instructor_client, open_assignment, student):
    enrol(open_assignment, student)
    attempt_submit(attempt=attempt_start(assignment=open_assignment, student=student))
    make_assignment(instructor=InstructorFactory(), cohort=CohortFactory(name="Other section"))

    response = instructor_client.get(reverse("quizzes:cohort-assignments", args=[open_assignment.cohort_id]))

    html = response.content.decode()
    assert reverse("quizzes:assignment-staff", args=[open_assignment.pk]) in html
    assert "1 / 1" in html
    assert len(response.context["assignments"]) == 1


# One request for the staff view, whatever the number of students (see views.assignments.student_progress).
STAFF_PAGE_QUERIES = 6
# 1. the session  2. the signed-in user  3. the assignment with quiz and cohort, if the user is a member
# 4. the user's membership of the cohort (TA or instructor?)
# 5. the cohort's students with their users and attempt counts (one GROUP BY query)
# 6. the assignment's overrides


def test_the_staff_view_makes_the_same_queries_for_5_and_200_students(instructor_client, open_assignment):
    numbers = itertools.count()

    def add_students(count: int):
        """Half of them with an attempt, in progress or submitted in turn; every third with extra time."""
        batch = list(itertools.islice(numbers, count))
        users = UserFactory._meta.model.objects.bulk_create(
            [UserFactory.build(username=f"s{n}", password="x") for n in batch])
        Membership.objects.bulk_create(Membership(cohort=open_assignment.cohort, user=u, role="student") for u in users)
        now = timezone.now()
        Attempt.objects.bulk_create(
            Attempt(assignment=open_assignment, student=u, number=1, started_at=now, deadline_at=now,
                    status="submitted" if n % 4 else "in_progress", submitted_at=now if n % 4 else None)
            for n, u in zip(batch, users) if n % 4 < 2)
        AssignmentOverride.objects.bulk_create(
            AssignmentOverride(assignment=open_assignment, student=u, extra_minutes=10)
            for n, u in zip(batch, users) if n % 3 == 0)

    url = reverse("quizzes:assignment-staff", args=[open_assignment.pk])
    pages = assert_same_queries(
        grow=add_students, fetch=lambda: instructor_client.get(url), sizes=(5, 200), at_most=STAFF_PAGE_QUERIES,
        fix="The staff view must not query per student: annotate counts in "
            "quizzes.views.assignments.student_progress and select_related what the template reads.",
    )
    for count, page in zip((5, 200), pages):
        assert page.status_code == 200
        assert len(page.context["rows"]) == count
