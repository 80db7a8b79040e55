"""The whole LTI loop in a real browser, inside the LMS's iframe, against the local platform
(tests/lti/platform.py) on another loopback port: the instructor's first launch makes the course's
cohort, deep linking adds an assignment with an LMS column, a student takes it and the platform's score
store receives the counted score, an instructor's override is sent again; and the "new window" fallback
when the frame may not keep cookies. Screenshots (desktop and phone) in test-artifacts/screenshots/."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lti import keys
from lti.models import Account, Context
from lti.services import platform_register
from tests.browser.conftest import PHONE
from tests.lti.platform import INSTRUCTOR, LEARNER, Platform
from tests.quiz_builders import choice_question, make_assignment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lms(live_server):
    platform = Platform(host="localhost").start()
    platform.tool_login_url = live_server.url + reverse("lti:login")
    platform.tool_launch_url = live_server.url + reverse("lti:launch")
    platform.tool_jwks_url = live_server.url + reverse("lti:jwks")
    platform_register(title="Local LMS", **platform.endpoints())
    keys.current_key()
    platform.add_person("teacher", "Tess", "Teacher", [INSTRUCTOR])
    platform.add_person("learner", "Lee", "Learner", [LEARNER])
    platform.add_context(title="Ethics 101", label="ETH101")
    platform.add_link("rl-home", title="Casebook")
    yield platform
    platform.stop()


def course_page(lms, user, message):
    return f"{lms.url}/course?{urlencode({'user': user, 'message': message})}"


def tool(page):
    return page.frame_locator("#tool")


def test_launch_deep_link_take_the_quiz_and_the_grade_reaches_the_lms(page, new_page, lms, live_server, shoot,
                                                                       assert_accessible):
    # The instructor opens Casebook from the course for the first time: the course gets a cohort.
    page.goto(course_page(lms, "teacher", "link:rl-home"))
    expect(tool(page).get_by_role("heading", name=re.compile("Choose what"))).to_be_visible()
    cohort = Context.objects.get().cohort
    assert cohort.name == "Ethics 101"
    instructor = Account.objects.get(sub=lms.people["teacher"].sub).user
    assignment = make_assignment(instructor=instructor, cohort=cohort, title="Week 1 check",
                                 specs=[choice_question(1), choice_question(2)], review="full")

    # Deep linking: pick the assignment; the platform receives a signed link with a line item out of 2.
    page.goto(course_page(lms, "teacher", "deep:course-1"))
    frame = tool(page)
    expect(frame.get_by_role("heading", name="Add Casebook content to your course")).to_be_visible()
    shoot(page, "deep-link-picker")
    frame.get_by_label("Assignment: Week 1 check (2 points)").check()
    frame.get_by_role("button", name="Add to the course").click()
    expect(frame.locator("#linked")).to_contain_text("Deep link received")
    [item] = lms.deep_link_responses[0]["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]
    assert item["lineItem"]["scoreMaximum"] == 2.0
    link_id = next(link for link in lms.links if link.startswith("dl-"))

    # The student launches the new link from the course and takes the quiz inside the iframe.
    student = new_page()
    student.goto(course_page(lms, "learner", f"link:{link_id}"))
    frame = tool(student)
    expect(frame.get_by_role("heading", name="Week 1 check")).to_be_visible()
    shoot(student, "student-assignment")
    frame.get_by_role("button", name="Start the quiz").click()
    frame.locator('[data-question="1"]').get_by_label("B", exact=True).check()
    frame.locator('[data-question="2"]').get_by_label("A", exact=True).check()
    expect(frame.locator("[data-answered-count]")).to_have_text("2")
    frame.get_by_role("button", name="Review and submit…").click()
    frame.get_by_role("button", name="Submit now").click()
    expect(frame.locator(".review-score-value")).to_contain_text("1")
    expect(frame.locator('[data-lms-status="sent"]')).to_contain_text("reached your course")
    shoot(student, "student-review")
    [score] = lms.scores_for(link_id)
    assert score["scoreGiven"] == 1.0 and score["scoreMaximum"] == 2.0 and score["gradingProgress"] == "FullyGraded"
    assert score["userId"] == lms.people["learner"].sub

    # The instructor overrides the grade in Casebook (inside the LMS): it is sent again.
    student_user = Account.objects.get(sub=lms.people["learner"].sub).user
    page.goto(course_page(lms, "teacher", f"link:{link_id}"))
    frame = tool(page)
    expect(frame.get_by_role("heading", level=1)).to_contain_text("Week 1 check")
    page.frame(name="tool").goto(live_server.url + reverse("gradebook:grade-adjust", args=[assignment.pk,
                                                                                          student_user.pk]))
    frame.get_by_label("New score").fill("2")
    frame.get_by_label("Reason").fill("The second question was ambiguous.")
    frame.get_by_role("button", name="Override score").click()
    expect(frame.get_by_role("alert").filter(has_text="Score overridden")).to_be_visible()
    assert [s["scoreGiven"] for s in lms.scores_for(link_id)] == [1.0, 2.0]

    page.frame(name="tool").goto(live_server.url + reverse("lti:cohort-grades", args=[cohort.pk]))
    expect(frame.locator('[data-sync="sent"]')).to_have_count(1)
    shoot(page, "lms-grade-sync")
    page.goto(live_server.url + reverse("lti:cohort-grades", args=[cohort.pk]))  # the same, top level
    assert_accessible(page)
    phone = new_page(viewport=PHONE)
    phone.goto(course_page(lms, "learner", f"link:{link_id}"))
    expect(tool(phone).get_by_role("heading", name="Week 1 check")).to_be_visible()
    shoot(phone, "student-assignment-phone")


def test_when_the_frame_may_not_keep_cookies_casebook_opens_in_a_new_window(new_page, lms, live_server, shoot,
                                                                              assert_accessible):
    teacher = new_page()
    teacher.goto(course_page(lms, "teacher", "link:rl-home"))  # sets the course up
    expect(tool(teacher).get_by_role("heading", name=re.compile("Choose what"))).to_be_visible()

    page = new_page()
    page.context.add_init_script("if (window.top !== window.self) "
                                 "Object.defineProperty(navigator, 'cookieEnabled', {get: () => false});")
    page.goto(course_page(lms, "learner", "link:rl-home"))
    frame = tool(page)
    expect(frame.get_by_role("alert")).to_contain_text("blocks third-party cookies")
    shoot(page, "cookies-blocked")
    with page.expect_popup() as popup_info:
        frame.get_by_role("link", name="Open Casebook in a new window").click()
    popup = popup_info.value
    expect(popup.get_by_role("heading", name="This link is not set up yet")).to_be_visible()
    assert popup.url.startswith(live_server.url)
    shoot(popup, "new-window")
    assert_accessible(popup)
    phone = new_page(viewport=PHONE)
    phone.context.add_init_script("if (window.top !== window.self) "
                                  "Object.defineProperty(navigator, 'cookieEnabled', {get: () => false});")
    phone.goto(course_page(lms, "learner", "link:rl-home"))
    expect(tool(phone).get_by_role("link", name="Open Casebook in a new window")).to_be_visible()
    shoot(phone, "cookies-blocked-phone")
