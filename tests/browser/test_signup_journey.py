"""A newcomer without an account opens the join link, signs up, confirms her email from the link she is
sent and lands in the cohort seeing its assignments (in the cohort's time zone); then the instructor turns
sign-up off and the link offers only sign-in. Desktop and 390 px phone screenshots in test-artifacts/."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import Membership
from tests.browser.conftest import PHONE
from tests.factories import CohortFactory, MembershipFactory
from tests.quiz_builders import choice_question, make_assignment

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_newcomer_signs_up_from_the_join_link_and_lands_in_the_cohort(page, new_page, live_server, login, instructor,
                                                                      shoot, shoot_both, assert_accessible,
                                                                      mailoutbox):
    cohort = CohortFactory(name="Ethics in Practice", course_code="PHIL 210", term="Fall 2026",
                           join_code="ETHICS26", timezone="America/New_York")
    MembershipFactory(cohort=cohort, user=instructor, role="instructor")
    due = timezone.now() + timedelta(days=3)
    make_assignment(instructor=instructor, cohort=cohort, specs=[choice_question(1)], title="Week 1 reading check",
                    due=due)
    link = live_server.url + reverse("cohorts:join") + "?code=ETHICS26"

    page.goto(link)
    expect(page.get_by_role("heading", name="Join “Ethics in Practice”")).to_be_visible()
    shoot_both(page, "landing")
    page.get_by_role("link", name="Create an account").click()

    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    page.get_by_label("First name").fill("Nina")
    page.get_by_label("Last name").fill("Newcomer")
    page.get_by_label("Email").fill("nina@example.edu")
    page.get_by_label("Username").fill("nina")
    page.locator("#id_password1").fill("nina12")
    page.get_by_label("Password confirmation").fill("nina12")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text("This password is too short.")).to_be_visible()  # the site's password rules
    shoot_both(page, "form-refused")

    page.locator("#id_password1").fill("violet tapestry 1848")
    page.get_by_label("Password confirmation").fill("violet tapestry 1848")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_text("nina@example.edu")).to_be_visible()
    shoot_both(page, "sent")
    assert not Membership.objects.filter(user__username="nina").exists()

    (message,) = mailoutbox
    confirm = re.search(r"https?://\S+/cohorts/join/sign-up/confirm/\S+/", message.body).group(0)
    page.goto(confirm)
    expect(page.get_by_role("button", name="Confirm and join")).to_be_visible()
    shoot_both(page, "confirm")
    page.get_by_role("button", name="Confirm and join").click()

    expect(page.get_by_role("heading", name="My assignments")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Welcome to “Ethics in Practice”")).to_be_visible()
    expect(page.get_by_role("link", name="Week 1 reading check")).to_be_visible()
    expect(page.get_by_text("Times in America/New_York, the cohort's time zone.")).to_be_visible()
    expect(page.locator(".dashboard-item-when")).to_contain_text(re.compile(r"Due \w{3} \d+ \w{3} \d{4}, \d\d:\d\d E[SD]T"))
    shoot_both(page, "dashboard")
    assert Membership.objects.get(user__username="nina").role == "student"

    # The instructor turns sign-up off: the same link now offers only signing in.
    staff = login(instructor, new_page())
    staff.goto(live_server.url + reverse("cohorts:edit", args=[cohort.pk]))
    staff.get_by_label("Students can sign up").uncheck()
    shoot(staff, "settings-desktop")
    staff.get_by_role("button", name="Save settings").click()
    expect(staff.get_by_text("Sign-up is off: only students who already have an account can join.")).to_be_visible()

    visitor = new_page(viewport=PHONE)
    visitor.goto(link)
    expect(visitor.get_by_role("link", name="Sign in to join")).to_be_visible()
    expect(visitor.get_by_role("link", name="Create an account")).to_have_count(0)
    shoot(visitor, "landing-off-phone")
    assert_accessible(visitor)
