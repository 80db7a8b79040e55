"""Times in the cohort's zone, in a real browser: a student of a New York cohort sees her deadline in EST on
her assignments, the assignment page and the attempt's countdown; she picks her own zone on her profile and
every time follows it, named; the instructor's pages name theirs. Desktop and 390 px phone screenshots."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import CohortFactory, MembershipFactory
from tests.quiz_builders import choice_question, make_assignment

pytestmark = pytest.mark.django_db(transaction=True)
NEW_YORK = ZoneInfo("America/New_York")


def test_a_student_sees_the_cohorts_times_then_her_own(page, new_page, live_server, login, instructor, student,
                                                       shoot_both):
    cohort = CohortFactory(name="Section NY", timezone="America/New_York")
    MembershipFactory(cohort=cohort, user=student, role="student")
    night = (timezone.now().astimezone(NEW_YORK) + timedelta(days=2)).replace(hour=23, minute=59, second=0,
                                                                               microsecond=0)
    make_assignment(instructor=instructor, cohort=cohort, specs=[choice_question(1)], title="Week 9 check",
                    due=night.astimezone(ZoneInfo("UTC")), time_limit_minutes=None)
    shown = f"{night:%a} {night.day} {night:%b %Y}, 23:59 {night.tzname()}"

    login(student)
    page.goto(live_server.url + reverse("gradebook:dashboard"))
    expect(page.locator(".dashboard-item-when")).to_contain_text(f"Due {shown}")
    expect(page.get_by_text("Times in America/New_York, the cohort's time zone.")).to_be_visible()
    shoot_both(page, "dashboard")

    page.get_by_role("link", name="Week 9 check").click()
    expect(page.locator(".rules-list")).to_contain_text(shown)
    shoot_both(page, "assignment")

    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator(".attempt-timer-until")).to_have_text(re.compile(rf"\(until {night:%a} {night.day} "
                                                                         rf"{night:%b}, 23:59 {night.tzname()}\)"))
    shoot_both(page, "attempt")

    # She is travelling: her own zone, picked on her profile, wins on every page, and is named.
    page.goto(live_server.url + reverse("profile"))
    expect(page.get_by_label("Time zone")).to_have_value("")  # "My cohort's time zone" until she picks one
    page.get_by_label("Time zone").select_option("Asia/Tokyo")
    page.get_by_role("button", name="Save").click()
    page.goto(live_server.url + reverse("gradebook:dashboard"))
    tokyo = night.astimezone(ZoneInfo("Asia/Tokyo"))
    expect(page.locator(".dashboard-item-when")).to_contain_text(f"Due {tokyo:%a} {tokyo.day} {tokyo:%b %Y}, "
                                                                 f"{tokyo:%H:%M} JST")
    expect(page.get_by_text("Times in Asia/Tokyo, your time zone")).to_be_visible()
    shoot_both(page, "dashboard-own-zone")

    staff = login(instructor, new_page())
    staff.goto(live_server.url + reverse("quizzes:cohort-assignments", args=[cohort.pk]))
    expect(staff.get_by_text(re.compile("times in America/New_York"))).to_be_visible()
    expect(staff.get_by_role("row", name=re.compile("Week 9 check"))).to_contain_text(f"23:59 {night.tzname()}")
    shoot_both(staff, "staff-assignments")
