"""An instructor builds a quiz from a bank (a fixed question and a random draw), assigns it to a cohort
in New York time with a time limit, and gives one student an extension. Every page gets an axe check."""

import dataclasses
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from quizzes.models import Assignment, AssignmentOverride
from tests.factories import CohortFactory, MembershipFactory, UserFactory
from tests.quiz_builders import choice_question, make_bank


@pytest.fixture
def setting(instructor):
    bank = make_bank(instructor, [
        dataclasses.replace(choice_question(n), title=title, tags=tags)
        for n, (title, tags) in enumerate([
            ("Who runs Bureau 39?", ("week 1",)), ("Sanctions since 2006", ("week 1", "sanctions")),
            ("UN Panel of Experts", ("sanctions",)), ("Ship-to-ship transfers", ("sanctions",)),
            ("Overseas labour", ("sanctions",)),
        ], start=1)
    ])
    bank.title = "North Korea"
    bank.save()
    cohort = CohortFactory(name="Section A", course_code="INTL 301", timezone="America/New_York")
    MembershipFactory(cohort=cohort, user=instructor, role="instructor")
    for first, last in [("Sam", "Student"), ("Ada", "Brook"), ("Lee", "Chen")]:
        MembershipFactory(cohort=cohort, user=UserFactory(first_name=first, last_name=last), role="student")
    return cohort


def check(page, shoot, assert_accessible, name):
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, name)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_instructor_builds_assigns_and_extends_a_quiz(page, live_server, login, instructor, setting, shoot,
                                                      assert_accessible):
    login(instructor)
    page.goto(live_server.url + reverse("home"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quizzes").click()
    expect(page.get_by_role("heading", name="Quizzes", level=1)).to_be_visible()
    check(page, shoot, assert_accessible, "list-empty")

    page.get_by_role("link", name="New quiz").click()
    page.get_by_label("Title").fill("Sanctions and the regime's money")
    page.get_by_label("Instructions").fill("Read the case first. One attempt, 30 minutes.")
    page.get_by_label("Shuffle choices").check()
    check(page, shoot, assert_accessible, "create")
    page.get_by_role("button", name="Create quiz").click()
    expect(page.get_by_role("alert").filter(has_text="Quiz created")).to_be_visible()
    check(page, shoot, assert_accessible, "detail-empty")

    fixed = page.get_by_role("region", name="Add a question")
    fixed.get_by_label("Question").select_option(label="Who runs Bureau 39? · Single choice · 1 pt")
    fixed.get_by_role("button", name="Add question").click()
    expect(page.get_by_role("alert").filter(has_text="Question added.")).to_be_visible()

    draw = page.get_by_role("region", name="Add a random draw")
    draw.get_by_label("Number of questions").fill("5")
    draw.get_by_label("From bank").select_option(label="North Korea (5)")
    draw.get_by_label("Only questions tagged").select_option(label="sanctions")
    draw.get_by_role("button", name="Add draw").click()
    expect(page.locator(".invalid-feedback, .alert-block, .alert-danger").filter(
        has_text="has only 4 question(s) tagged “sanctions”")).to_be_visible()
    check(page, shoot, assert_accessible, "draw-too-large")

    draw = page.get_by_role("region", name="Add a random draw")
    draw.get_by_label("Number of questions").fill("3")
    draw.get_by_role("button", name="Add draw").click()
    expect(page.get_by_role("alert").filter(has_text="Random draw added.")).to_be_visible()
    items = page.get_by_role("region", name="Questions").get_by_role("listitem")
    expect(items).to_have_count(2)
    expect(items.nth(1)).to_contain_text("3 questions from “North Korea” tagged “sanctions”")
    expect(page.locator("#total-points")).to_have_text("Total: 4 points")
    check(page, shoot, assert_accessible, "detail-built")

    # The instructor sees the quiz as a student will: the fixed question and three drawn, nothing saved.
    page.get_by_role("link", name="Preview as a student").click()
    expect(page.get_by_role("heading", name="Sanctions and the regime's money Preview", level=1)).to_be_visible()
    expect(page.locator(".question-widget")).to_have_count(4)
    expect(page.locator(".question-widget").first).to_contain_text("Who runs Bureau 39?")
    page.get_by_role("radio").first.check()
    check(page, shoot, assert_accessible, "preview")
    page.go_back()

    page.get_by_role("link", name="Assign to INTL 301 Section A").click()
    expect(page.get_by_role("heading", name="Assign a quiz to INTL 301 Section A")).to_be_visible()
    expect(page.get_by_label("Quiz")).to_have_value(str(instructor.quizzes.get().pk))
    page.get_by_label("Opens").fill("2027-01-11T09:00")
    page.get_by_label("Due").fill("2027-01-18T09:00")
    page.get_by_label("Time limit (minutes)").fill("30")
    check(page, shoot, assert_accessible, "assign")
    page.get_by_role("button", name="Assign").click()

    expect(page.get_by_role("alert").filter(has_text="Assigned")).to_be_visible()
    expect(page.get_by_role("heading", name="Sanctions and the regime's money", level=1)).to_be_visible()
    settings = page.get_by_role("region", name="Settings")
    expect(settings).to_contain_text("Mon 18 Jan 2027, 09:00 EST")
    expect(settings).to_contain_text("30 minutes")
    assignment = Assignment.objects.get()
    assert assignment.due_at == datetime(2027, 1, 18, 14, tzinfo=UTC)
    expect(page.locator("#count-not_started")).to_contain_text("3")
    check(page, shoot, assert_accessible, "staff")

    page.get_by_role("link", name="Override for Sam Student").click()
    expect(page.get_by_role("heading", name="Override for Sam Student")).to_be_visible()
    page.get_by_label("New due time").fill("2027-01-20T17:00")
    page.get_by_label("Extra minutes").fill("15")
    check(page, shoot, assert_accessible, "override")
    page.get_by_role("button", name="Save override").click()

    expect(page.get_by_role("alert").filter(has_text="Override saved for Sam Student.")).to_be_visible()
    overrides = page.locator("#overrides")
    expect(overrides).to_contain_text("Sam Student")
    expect(overrides).to_contain_text("due Wed 20 Jan, 17:00")
    expect(overrides).to_contain_text("+15 minutes")
    override = AssignmentOverride.objects.get()
    assert (override.due_at, override.extra_minutes) == (datetime(2027, 1, 20, 22, tzinfo=UTC), 15)
    check(page, shoot, assert_accessible, "staff-override")

    page.get_by_role("link", name="INTL 301 Section A: assignments").click()
    expect(page.get_by_role("row").filter(has_text="Sanctions and the regime's money")).to_contain_text("0 / 3")
    check(page, shoot, assert_accessible, "cohort-assignments")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quizzes").click()
    expect(page.get_by_role("link", name="Sanctions and the regime's money")).to_contain_text("2 items")
    check(page, shoot, assert_accessible, "list")
