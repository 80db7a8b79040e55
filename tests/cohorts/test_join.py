"""Joining a cohort with the code (or a shared link carrying it)."""

import pytest
from django.urls import reverse

from cohorts.models import Cohort, Membership
from tests.factories import UserFactory


@pytest.fixture
def newcomer(db):
    return UserFactory(username="nina", first_name="Nina", last_name="Newcomer")


def test_a_student_joins_with_the_code_and_lands_on_the_cohort(login_as, newcomer, cohort):
    response = login_as(newcomer).post(reverse("cohorts:join"), {"code": " ethics 26 "}, follow=True)
    assert response.redirect_chain == [(cohort.get_absolute_url(), 302)]
    assert Membership.objects.get(cohort=cohort, user=newcomer).role == Membership.Role.STUDENT
    assert "Welcome to “Ethics in Practice”: you have joined as a student." in response.text
    assert "Carla" not in response.text  # a new student sees no classmates either


def test_joining_again_says_you_were_already_in(login_as, student, cohort):
    response = login_as(student).post(reverse("cohorts:join"), {"code": "ETHICS26"}, follow=True)
    assert "You were already in “Ethics in Practice”." in response.text
    assert Membership.objects.filter(cohort=cohort, user=student).count() == 1


def test_a_shared_link_prefills_the_code(login_as, newcomer, cohort):
    response = login_as(newcomer).get(reverse("cohorts:join") + "?code=ETHICS26")
    assert response.status_code == 200
    assert 'value="ETHICS26"' in response.text
    assert not Membership.objects.filter(user=newcomer).exists()  # opening the link alone joins nothing


def test_an_anonymous_visitor_with_a_link_comes_back_to_it_after_signing_in(client, cohort):
    response = client.get(reverse("cohorts:join") + "?code=ETHICS26")
    assert response.status_code == 200  # the cohort's page for visitors: sign in, or sign up (test_signup.py)
    assert 'href="/accounts/login/?next=%2Fcohorts%2Fjoin%2F%3Fcode%3DETHICS26"' in response.content.decode()


def test_an_anonymous_visitor_without_a_code_is_sent_to_sign_in(client, db):
    response = client.get(reverse("cohorts:join"))
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/cohorts/join/"


@pytest.mark.parametrize("code", ["WRONG123", "", "ETHICS2", "OTHER999"])
def test_a_wrong_code_is_a_400_with_a_clear_message_and_joins_nothing(login_as, newcomer, cohort, code, db_state):
    before = db_state()
    response = login_as(newcomer).post(reverse("cohorts:join"), {"code": code})
    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert db_state() == before


def test_a_wrong_code_says_to_check_with_the_instructor(login_as, newcomer, cohort):
    response = login_as(newcomer).post(reverse("cohorts:join"), {"code": "WRONG123"})
    assert "That join code is not valid. Check it with your instructor." in response.text


@pytest.mark.parametrize("change", [{"join_code": None}, {"is_active": False}], ids=["disabled", "inactive"])
def test_a_disabled_code_or_inactive_cohort_refuses_joining(login_as, newcomer, cohort, change, db_state):
    Cohort.objects.filter(pk=cohort.pk).update(**change)
    before = db_state()
    response = login_as(newcomer).post(reverse("cohorts:join"), {"code": "ETHICS26"})
    assert response.status_code == 400
    assert "That join code is not valid" in response.text
    assert db_state() == before
