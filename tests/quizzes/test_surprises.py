"""Saving an assignment or an override that would surprise (a due time already past, a time limit longer
than the assignment is open, a draw that cannot fill itself, an extension that shortens the time) saves
nothing until the instructor confirms what the page says will happen: the form comes back with status
400, the consequences and a checkbox whose value names exactly them."""

import html
import re
import zoneinfo
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casebook.confirm import digest
from quizzes.models import Assignment, AssignmentOverride
from quizzes.services.quizzes import quiz_create, quiz_item_add_draw
from quizzes.surprises import when
from tests.factories import CohortFactory, MembershipFactory
from tests.quiz_builders import choice_question, make_bank, one_question_quiz

NEW_YORK = "America/New_York"
CONFIRM = re.compile(r'name="confirm" value="([0-9a-f]+)"')


@pytest.fixture
def cohort(instructor, student):
    cohort = CohortFactory(name="Section A", timezone=NEW_YORK)
    MembershipFactory(cohort=cohort, user=instructor, role="instructor")
    MembershipFactory(cohort=cohort, user=student, role="student")
    return cohort


@pytest.fixture
def quiz(instructor):
    return one_question_quiz(instructor)


def local(moment) -> str:
    """What a datetime-local input holds for ``moment`` in New York."""
    return timezone.localtime(moment, zoneinfo.ZoneInfo(NEW_YORK)).strftime("%Y-%m-%dT%H:%M")


def hours(n):
    return (timezone.now() + timedelta(hours=n)).replace(second=0, microsecond=0)


def form_data(quiz, *, opens, due, **changes):
    data = {"quiz": quiz.pk, "title": "", "opens_at": local(opens), "due_at": local(due), "closes_at": "",
            "late_penalty_percent_per_day": "0", "time_limit_minutes": "", "attempts_allowed": "1",
            "grading_method": "highest", "review": "score", "review_after_close": "full"}
    return {**data, **changes}


def text(response) -> str:
    return html.unescape(response.content.decode())


def confirm_value(response) -> str:
    match = CONFIRM.search(response.content.decode())
    assert match, "the page offers no confirmation"
    return match.group(1)


def create_url(cohort):
    return reverse("quizzes:assignment-create", args=[cohort.pk])


def test_a_due_time_already_past_is_saved_only_once_confirmed(instructor_client, cohort, quiz):
    due = hours(-2)
    data = form_data(quiz, opens=hours(-30), due=due)

    asked = instructor_client.post(create_url(cohort), data)

    assert asked.status_code == 400 and not Assignment.objects.exists()
    page = text(asked)
    assert "Nothing is saved yet" in page
    assert f"The due time, {when(due, NEW_YORK)}, has already passed, and the assignment closes then: no student " \
           "can start it." in page
    assert re.search(r"E[SD]T", when(due, NEW_YORK)), "the time is named in the cohort's zone"

    saved = instructor_client.post(create_url(cohort), {**data, "confirm": confirm_value(asked)})

    assignment = Assignment.objects.get()
    assert saved.status_code == 302 and saved.url == reverse("quizzes:assignment-staff", args=[assignment.pk])
    assert assignment.due_at == due


def test_with_late_work_a_past_due_time_says_until_when_students_can_hand_in(instructor_client, cohort, quiz):
    closes = hours(20)
    asked = instructor_client.post(create_url(cohort), form_data(quiz, opens=hours(-30), due=hours(-2),
                                                                 accept_late="on", closes_at=local(closes)))
    assert asked.status_code == 400
    assert f"every attempt is late, until it closes at {when(closes, NEW_YORK)}." in text(asked)


def test_a_confirmation_of_other_consequences_confirms_nothing(instructor_client, cohort, quiz):
    data = form_data(quiz, opens=hours(-30), due=hours(-2))
    stale = digest(["The due time, some other time, has already passed."])
    for value in (stale, "", "yes", "on"):
        response = instructor_client.post(create_url(cohort), {**data, "confirm": value})
        assert response.status_code == 400
    assert not Assignment.objects.exists()


def test_a_confirmation_does_not_carry_over_to_a_new_surprise(instructor_client, cohort, quiz):
    data = form_data(quiz, opens=hours(-30), due=hours(-2))
    value = confirm_value(instructor_client.post(create_url(cohort), data))

    changed = instructor_client.post(create_url(cohort), {**data, "time_limit_minutes": "5000", "confirm": value})

    assert changed.status_code == 400 and not Assignment.objects.exists()
    assert "The time limit, 5000 minutes, is longer than the assignment is open" in text(changed)


def test_a_time_limit_longer_than_the_assignment_is_open_is_asked_about(instructor_client, cohort, quiz):
    data = form_data(quiz, opens=hours(1), due=hours(2), time_limit_minutes="90")

    asked = instructor_client.post(create_url(cohort), data)

    assert asked.status_code == 400 and not Assignment.objects.exists()
    assert ("The time limit, 90 minutes, is longer than the assignment is open (60 minutes from opening to closing): "
            "every attempt ends at the close, before its time is up.") in text(asked)
    assert instructor_client.post(create_url(cohort), {**data, "confirm": confirm_value(asked)}).status_code == 302
    assert Assignment.objects.get().time_limit_minutes == 90


def test_a_time_limit_that_fits_and_a_future_due_time_save_at_once(instructor_client, cohort, quiz):
    response = instructor_client.post(create_url(cohort), form_data(quiz, opens=hours(1), due=hours(3),
                                                                     time_limit_minutes="60"))
    assert response.status_code == 302 and Assignment.objects.count() == 1


def test_assigning_a_quiz_whose_draw_cannot_fill_itself_is_asked_about(instructor_client, instructor, cohort):
    bank = make_bank(instructor, [choice_question(n) for n in range(1, 4)])
    bank.title = "North Korea"
    bank.save()
    quiz = quiz_create(owner=instructor, title="Drawn")
    quiz_item_add_draw(quiz=quiz, bank=bank, count=3)
    bank.questions.filter(position=1).update(is_archived=True)  # the pool shrinks after the draw was added
    data = form_data(quiz, opens=hours(1), due=hours(30))

    asked = instructor_client.post(create_url(cohort), data)

    assert asked.status_code == 400 and not Assignment.objects.exists()
    assert ("The draw of 3 questions from “North Korea” has only 2 to pick from: each attempt gets 2, yet is marked "
            "out of the quiz's full total.") in text(asked)
    assert instructor_client.post(create_url(cohort), {**data, "confirm": confirm_value(asked)}).status_code == 302


def test_editing_a_past_assignment_without_moving_its_due_time_asks_nothing(instructor_client, cohort, quiz):
    assignment = Assignment.objects.create(quiz=quiz, cohort=cohort, opens_at=hours(-50), due_at=hours(-26),
                                           closes_at=hours(-26))
    url = reverse("quizzes:assignment-edit", args=[assignment.pk])
    data = form_data(quiz, opens=assignment.opens_at, due=assignment.due_at, title="Renamed",
                     review_after_close="correctness")

    response = instructor_client.post(url, data)

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.title, assignment.review_after_close) == ("Renamed", "correctness")


def test_moving_a_due_time_into_the_past_is_asked_about(instructor_client, cohort, quiz):
    assignment = Assignment.objects.create(quiz=quiz, cohort=cohort, opens_at=hours(-50), due_at=hours(26),
                                           closes_at=hours(26))
    url = reverse("quizzes:assignment-edit", args=[assignment.pk])

    asked = instructor_client.post(url, form_data(quiz, opens=assignment.opens_at, due=hours(-1)))

    assert asked.status_code == 400 and "has already passed" in text(asked)
    assignment.refresh_from_db()
    assert assignment.due_at == hours(26)


# --- per-student overrides -------------------------------------------------------------------------


@pytest.fixture
def assignment(cohort, quiz):
    return Assignment.objects.create(quiz=quiz, cohort=cohort, opens_at=hours(-48), due_at=hours(24),
                                     closes_at=hours(24))


def override_url(assignment, student):
    return reverse("quizzes:override-edit", args=[assignment.pk, student.pk])


def override_data(due, **more):
    return {"due_at": local(due), "closes_at": "", "extra_minutes": "0", "extra_attempts": "0", **more}


def test_an_extension_that_has_already_passed_is_saved_only_once_confirmed(instructor_client, assignment, student):
    due = hours(-1)

    asked = instructor_client.post(override_url(assignment, student), override_data(due))

    assert asked.status_code == 400 and not AssignmentOverride.objects.exists()
    page = text(asked)
    assert f"The new due time, {when(due, NEW_YORK)}, has already passed: Sam Student cannot start it at all." in page
    assert "is earlier than the class's" in page  # and it shortens the time: both are said, one confirmation
    saved = instructor_client.post(override_url(assignment, student),
                                   {**override_data(due), "confirm": confirm_value(asked)})
    assert saved.status_code == 302 and AssignmentOverride.objects.get().due_at == due


def test_an_override_earlier_than_the_class_says_the_student_gets_less_time(instructor_client, assignment, student):
    asked = instructor_client.post(override_url(assignment, student), override_data(hours(5)))
    assert asked.status_code == 400 and not AssignmentOverride.objects.exists()
    assert (f"The new due time is earlier than the class's, {when(assignment.due_at, NEW_YORK)}: Sam Student gets "
            "less time than everyone else.") in text(asked)


def test_a_real_extension_saves_at_once(instructor_client, assignment, student):
    response = instructor_client.post(override_url(assignment, student), override_data(hours(48)))
    assert response.status_code == 302 and AssignmentOverride.objects.get().due_at == hours(48)


def test_extra_minutes_alone_ask_nothing(instructor_client, assignment, student):
    response = instructor_client.post(override_url(assignment, student),
                                      {"due_at": "", "closes_at": "", "extra_minutes": "15", "extra_attempts": "0"})
    assert response.status_code == 302 and AssignmentOverride.objects.get().extra_minutes == 15
