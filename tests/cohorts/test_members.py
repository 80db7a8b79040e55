"""An instructor changes a member's role and accommodations, or removes them; a cohort keeps an instructor."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cohorts.models import Membership

Role = Membership.Role


def edit_url(member):
    return reverse("cohorts:member-edit", args=[member.cohort_id, member.pk])


def remove_url(member):
    return reverse("cohorts:member-remove", args=[member.cohort_id, member.pk])


def test_the_instructor_gives_a_student_accommodations(login_as, instructor, carla):
    response = login_as(instructor).post(edit_url(carla), {
        "role": "student", "time_multiplier": "1.5", "extra_attempts": "2"}, follow=True)
    carla.refresh_from_db()
    assert (carla.role, carla.time_multiplier, carla.extra_attempts) == (Role.STUDENT, Decimal("1.5"), 2)
    assert "Saved the changes for Carla Classmate." in response.text
    assert "×1.5 time" in response.text


def test_the_instructor_makes_a_student_a_ta(login_as, instructor, carla):
    login_as(instructor).post(edit_url(carla), {"role": "ta", "time_multiplier": "1", "extra_attempts": "0"})
    carla.refresh_from_db()
    assert carla.role == Role.TA


@pytest.mark.parametrize(("data", "field"), [
    ({"role": "student", "time_multiplier": "0.5", "extra_attempts": "0"}, "time_multiplier"),
    ({"role": "student", "time_multiplier": "5.5", "extra_attempts": "0"}, "time_multiplier"),
    ({"role": "student", "time_multiplier": "1.234", "extra_attempts": "0"}, "time_multiplier"),
    ({"role": "student", "time_multiplier": "1", "extra_attempts": "-1"}, "extra_attempts"),
    ({"role": "student", "time_multiplier": "1", "extra_attempts": "99"}, "extra_attempts"),
    ({"role": "owner", "time_multiplier": "1", "extra_attempts": "0"}, "role"),
])
def test_an_invalid_member_change_is_a_400_and_saves_nothing(login_as, instructor, carla, data, field, db_state):
    before = db_state()
    response = login_as(instructor).post(edit_url(carla), data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert db_state() == before


def test_the_only_instructor_cannot_step_down(login_as, instructor, irene, db_state):
    before = db_state()
    response = login_as(instructor).post(edit_url(irene), {"role": "ta", "time_multiplier": "1", "extra_attempts": "0"})
    assert response.status_code == 400
    assert "This is the cohort&#x27;s only instructor" in response.text
    assert response.context["form"].errors["role"] == [
        "This is the cohort's only instructor. Make someone else an instructor first."]
    assert response.context["member"].role == Role.INSTRUCTOR  # the heading shows the saved role, not the posted one
    assert db_state() == before


def test_two_instructors_stepping_down_one_after_the_other_leave_one(
    login_as, instructor, other_instructor, irene, cohort
):
    """The second page was loaded while there were two instructors: the service counts again when it saves."""
    theirs = Membership.objects.create(cohort=cohort, user=other_instructor, role=Role.INSTRUCTOR)
    step_down = {"role": "ta", "time_multiplier": "1", "extra_attempts": "0"}
    assert login_as(instructor).post(edit_url(irene), step_down).status_code == 302
    response = login_as(other_instructor).post(edit_url(theirs), step_down)
    assert response.status_code == 400
    assert "This is the cohort&#x27;s only instructor" in response.text
    assert list(Membership.objects.filter(cohort=cohort, role=Role.INSTRUCTOR)) == [theirs]


def test_an_instructor_may_step_down_once_there_is_another(login_as, instructor, irene, carla):
    Membership.objects.filter(pk=carla.pk).update(role=Role.INSTRUCTOR)
    login_as(instructor).post(edit_url(irene), {"role": "ta", "time_multiplier": "1", "extra_attempts": "0"})
    irene.refresh_from_db()
    assert irene.role == Role.TA


def test_removing_asks_first_then_removes(login_as, instructor, carla, classmate):
    client = login_as(instructor)
    confirm = client.get(remove_url(carla))
    assert confirm.status_code == 200
    assert "Remove Carla Classmate?" in confirm.text
    assert Membership.objects.filter(pk=carla.pk).exists()
    response = client.post(remove_url(carla), follow=True)
    assert response.redirect_chain == [(reverse("cohorts:detail", args=[carla.cohort_id]), 302)]
    assert not Membership.objects.filter(pk=carla.pk).exists()
    assert classmate.__class__.objects.filter(pk=classmate.pk).exists()  # the account stays
    assert "Removed Carla Classmate from “Ethics in Practice”." in response.text


def test_the_last_instructor_cannot_be_removed(login_as, instructor, irene, db_state):
    client = login_as(instructor)
    confirm = client.get(remove_url(irene))
    assert "is the only instructor of this cohort and cannot be removed" in confirm.text
    assert 'type="submit">Remove<' not in confirm.text
    before = db_state()
    response = client.post(remove_url(irene))
    assert response.status_code == 400
    assert "is the only instructor of this cohort and cannot be removed" in response.text
    assert db_state() == before


def test_removing_an_instructor_who_became_the_last_since_the_page_loaded_is_a_400(
    login_as, instructor, other_instructor, irene, cohort, db_state
):
    theirs = Membership.objects.create(cohort=cohort, user=other_instructor, role=Role.INSTRUCTOR)
    client = login_as(instructor)
    confirm = client.get(remove_url(irene))
    assert 'type="submit">Remove<' in confirm.text  # two instructors when the page was loaded
    Membership.objects.filter(pk=theirs.pk).delete()
    before = db_state()
    response = client.post(remove_url(irene))
    assert response.status_code == 400
    assert "Irene Adler is the only instructor of this cohort and cannot be removed" in response.text
    assert db_state() == before


def test_an_instructor_who_leaves_goes_back_to_their_cohorts(login_as, instructor, irene, carla):
    Membership.objects.filter(pk=carla.pk).update(role=Role.INSTRUCTOR)
    response = login_as(instructor).post(remove_url(irene))
    assert response.status_code == 302
    assert response.url == reverse("cohorts:list")
    assert not Membership.objects.filter(pk=irene.pk).exists()
