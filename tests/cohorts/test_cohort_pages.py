"""My cohorts, creating one, a cohort's page for staff and for students, and its settings."""

import pytest
from django.urls import reverse

from cohorts.models import Cohort, Membership
from tests.factories import CohortFactory, MembershipFactory

Role = Membership.Role


def test_my_cohorts_lists_mine_with_my_role_and_nothing_else(login_as, ta, cohort, other_cohort):
    MembershipFactory(cohort=CohortFactory(name="Another section"), user=ta, role=Role.STUDENT)
    response = login_as(ta).get(reverse("cohorts:list"))
    assert response.status_code == 200
    assert [m.cohort.name for m in response.context["memberships"]] == ["Another section", "Ethics in Practice"]
    assert "Teaching assistant" in response.text
    assert "Secret Seminar" not in response.text


def test_my_cohorts_invites_someone_in_no_cohort_to_join(login_as, student):
    response = login_as(student).get(reverse("cohorts:list"))
    assert "You are not in any cohort yet" in response.text
    assert reverse("cohorts:join") in response.text
    assert reverse("cohorts:create") not in response.text  # students cannot create cohorts


def test_an_instructor_creates_a_cohort_and_becomes_its_instructor(login_as, instructor):
    response = login_as(instructor).post(reverse("cohorts:create"), {
        "name": "Section B", "course_code": "PHIL 210", "term": "Spring 2027", "timezone": "America/Chicago",
    }, follow=True)
    cohort = Cohort.objects.get(name="Section B")
    assert response.redirect_chain == [(cohort.get_absolute_url(), 302)]
    assert (cohort.course_code, cohort.term, cohort.timezone, cohort.is_active) == (
        "PHIL 210", "Spring 2027", "America/Chicago", True)
    assert Membership.objects.get(cohort=cohort).user == instructor
    assert Membership.objects.get(cohort=cohort).role == Role.INSTRUCTOR
    assert "Cohort “Section B” created" in response.text
    assert cohort.join_code in response.text


def test_the_create_form_offers_the_models_time_zones_and_starts_from_mine(login_as, instructor):
    instructor.timezone = "Europe/Oslo"
    instructor.save()
    response = login_as(instructor).get(reverse("cohorts:create"))
    field = response.context["form"]["timezone"]
    assert list(field.field.choices) == list(Cohort._meta.get_field("timezone").choices)
    assert field.value() == "Europe/Oslo"


@pytest.mark.parametrize("data", [
    {"name": "", "timezone": "UTC"},
    {"name": "Section C", "timezone": "Mars/Olympus_Mons"},
    {"name": "x" * 121, "timezone": "UTC"},
])
def test_an_invalid_new_cohort_is_a_400_and_saves_nothing(login_as, instructor, data, db_state):
    before = db_state()
    response = login_as(instructor).post(reverse("cohorts:create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert db_state() == before


# The cohort page ----------------------------------------------------------------------------------


def test_staff_see_the_roster_with_roles_ids_accommodations_and_the_code(login_as, ta, cohort, classmate):
    Membership.objects.filter(user=classmate).update(time_multiplier="1.5", extra_attempts=2)
    response = login_as(ta).get(reverse("cohorts:detail", args=[cohort.pk]))
    assert response.status_code == 200
    for text in ("Irene Adler", "Tara Assistant", "Sam Student", "Carla Classmate", "S-1001", "S-1002",
                 "Teaching assistant", "×1.5 time", "+2 attempts", "ETHICS26", "/cohorts/join/?code=ETHICS26"):
        assert text in response.text
    # A TA sees the code but has no controls over codes or members.
    assert reverse("cohorts:rotate-code", args=[cohort.pk]) not in response.text
    assert reverse("cohorts:edit", args=[cohort.pk]) not in response.text
    assert "/members/" not in response.text


def test_the_instructor_has_the_code_and_member_controls(login_as, instructor, cohort, classmate):
    response = login_as(instructor).get(reverse("cohorts:detail", args=[cohort.pk]))
    member = Membership.objects.get(user=classmate)
    for url in (reverse("cohorts:rotate-code", args=[cohort.pk]), reverse("cohorts:disable-code", args=[cohort.pk]),
                reverse("cohorts:edit", args=[cohort.pk]), reverse("cohorts:roster", args=[cohort.pk]),
                reverse("cohorts:member-edit", args=[cohort.pk, member.pk])):
        assert url in response.text


def test_a_student_sees_the_cohort_and_its_instructors_but_no_classmate(login_as, student, cohort, other_cohort):
    response = login_as(student).get(reverse("cohorts:detail", args=[cohort.pk]))
    assert response.status_code == 200
    for text in ("Ethics in Practice", "PHIL 210", "Fall 2026", "Irene Adler"):
        assert text in response.text
    for text in ("Carla", "Classmate", "carla@", "S-1002", "Tara", "ETHICS26", "Zebedee", "Secret Seminar"):
        assert text not in response.text
    assert "members" not in response.context


def test_a_disabled_code_shows_as_off_with_a_button_to_create_one(login_as, instructor, cohort):
    Cohort.objects.filter(pk=cohort.pk).update(join_code=None)
    response = login_as(instructor).get(reverse("cohorts:detail", args=[cohort.pk]))
    assert "Joining by code is turned off." in response.text
    assert "Create a code" in response.text
    assert reverse("cohorts:disable-code", args=[cohort.pk]) not in response.text


def test_rotating_shows_the_new_code_and_the_old_one_stops_working(login_as, instructor, cohort):
    response = login_as(instructor).post(reverse("cohorts:rotate-code", args=[cohort.pk]), follow=True)
    cohort.refresh_from_db()
    assert cohort.join_code not in (None, "ETHICS26")
    assert f"New join code: {cohort.join_code}" in response.text
    assert "ETHICS26" not in response.text


def test_disabling_the_code_says_so(login_as, instructor, cohort):
    response = login_as(instructor).post(reverse("cohorts:disable-code", args=[cohort.pk]), follow=True)
    assert Cohort.objects.get(pk=cohort.pk).join_code is None
    assert "Joining by code is turned off" in response.text


@pytest.mark.parametrize("name", ["rotate-code", "disable-code"])
def test_code_controls_refuse_get(login_as, instructor, cohort, name, db_state):
    before = db_state()
    assert login_as(instructor).get(reverse(f"cohorts:{name}", args=[cohort.pk])).status_code == 405
    assert db_state() == before


# Settings -----------------------------------------------------------------------------------------


def test_the_instructor_changes_the_settings(login_as, instructor, cohort):
    response = login_as(instructor).post(reverse("cohorts:edit", args=[cohort.pk]), {
        "name": "Ethics II", "course_code": "PHIL 211", "term": "Spring 2027", "timezone": "Asia/Tokyo",
    }, follow=True)
    cohort.refresh_from_db()
    assert (cohort.name, cohort.course_code, cohort.term, cohort.timezone, cohort.is_active) == (
        "Ethics II", "PHIL 211", "Spring 2027", "Asia/Tokyo", False)  # the unticked box deactivates
    assert cohort.join_code == "ETHICS26"  # settings never touch the code
    assert "Settings saved." in response.text


def test_invalid_settings_are_a_400_and_save_nothing(login_as, instructor, cohort, db_state):
    before = db_state()
    response = login_as(instructor).post(reverse("cohorts:edit", args=[cohort.pk]), {
        "name": "", "timezone": "Not/AZone", "is_active": "on",
    })
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "timezone"}
    assert db_state() == before
