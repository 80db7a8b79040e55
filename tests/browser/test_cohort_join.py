"""An instructor creates a cohort, a student joins it with the code, the instructor adds a roster and
resends an invitation.

Every page gets a screenshot (test-artifacts/screenshots) and an axe check.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cohorts.models import Membership
from tests.browser.conftest import PHONE

ROSTER = b"""email,first_name,last_name,student_id
ada@example.edu,Ada,Lovelace,S-2001
alan@example.edu,Alan,Turing,
sam@example.edu,Sam,Student,S-1001
"""
BROKEN = ROSTER + b"not-an-email,Bad,Row,\n"


def _create_cohort(page, live_server, assert_accessible, shoot) -> str:
    page.goto(live_server.url + reverse("cohorts:list"))
    expect(page.get_by_role("heading", name="My cohorts")).to_be_visible()
    shoot(page, "list-empty")
    assert_accessible(page)
    page.get_by_role("link", name="New cohort").click()
    expect(page.get_by_role("heading", name="New cohort")).to_be_visible()
    page.get_by_label("Name").fill("Ethics in Practice")
    page.get_by_label("Course code").fill("PHIL 210")
    page.get_by_label("Term").fill("Fall 2026")
    page.get_by_label("Time zone").select_option("America/Chicago")
    shoot(page, "create")
    assert_accessible(page)
    page.get_by_role("button", name="Create cohort").click()

    expect(page.get_by_role("heading", name="Ethics in Practice", level=1)).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Cohort “Ethics in Practice” created")).to_be_visible()
    code = page.locator("#join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{8}", code)
    expect(page.get_by_label("Link to share")).to_have_value(re.compile(rf"/cohorts/join/\?code={code}$"))
    shoot(page, "detail-new")
    assert_accessible(page)
    return code


def _student_joins(page, live_server, code, assert_accessible, shoot):
    page.goto(live_server.url + reverse("cohorts:list"))
    expect(page.get_by_text("You are not in any cohort yet")).to_be_visible()
    page.get_by_role("link", name="Join a cohort").click()
    expect(page.get_by_role("heading", name="Join a cohort")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Join code").fill("WRONG234")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text("That join code is not valid. Check it with your instructor.")).to_be_visible()
    shoot(page, "join-wrong-code")
    assert_accessible(page)

    page.get_by_label("Join code").fill(code.lower())
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("alert").filter(has_text="Welcome to “Ethics in Practice”")).to_be_visible()
    expect(page.get_by_role("heading", name="Ethics in Practice", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Instructor")).to_contain_text("Irene Adler")
    expect(page.get_by_text(code)).to_have_count(0)  # students do not see the code or the roster
    expect(page.get_by_role("table")).to_have_count(0)
    shoot(page, "student-detail")
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("link", name="Cohorts").click()
    expect(page.get_by_role("link", name=re.compile("Ethics in Practice"))).to_contain_text("Student")
    shoot(page, "student-list-phone")
    assert_accessible(page)


def _instructor_adds_roster(page, assert_accessible, shoot, mailoutbox):
    page.reload()
    expect(page.get_by_role("table")).to_contain_text("Sam Student")  # joined meanwhile
    page.get_by_role("link", name="Add students from CSV").click()
    expect(page.get_by_role("heading", name="Add students from a CSV")).to_be_visible()
    shoot(page, "roster-empty")
    assert_accessible(page)

    page.get_by_label("CSV file").set_input_files(files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": BROKEN}])
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#roster-preview")
    expect(preview.get_by_role("row").filter(has_text="not-an-email")).to_contain_text("is not an email address")
    expect(preview.get_by_role("alert")).to_contain_text("1 row has a problem")
    expect(page.get_by_role("button", name=re.compile("^Add"))).to_have_count(0)
    shoot(page, "roster-preview-errors")
    assert_accessible(page)

    # A corrected file replaces the rows the preview left in the box.
    page.get_by_label("CSV file").set_input_files(files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": ROSTER}])
    page.get_by_role("button", name="Preview").click()
    expect(preview.get_by_role("row")).to_have_count(4)  # header + three rows
    expect(preview.get_by_role("row").filter(has_text="ada@example.edu")).to_contain_text("New account")
    expect(preview.get_by_role("row").filter(has_text="alan@example.edu")).to_contain_text("New account")
    expect(preview.get_by_role("row").filter(has_text="sam@example.edu")).to_contain_text("Already a member")
    assert Membership.objects.filter(user__email="ada@example.edu").count() == 0  # a preview adds nobody
    shoot(page, "roster-preview")
    assert_accessible(page)

    page.get_by_role("button", name="Add 2 students").click()
    expect(page.get_by_role("alert").filter(has_text="Added 2 students. 2 new accounts are being emailed")).to_be_visible()
    roster = page.get_by_role("region", name=re.compile("Roster"))
    expect(roster.get_by_role("row").filter(has_text="Ada Lovelace")).to_contain_text("S-2001")
    expect(roster.get_by_role("row").filter(has_text="Alan Turing")).to_be_visible()
    assert sorted(mail.to[0] for mail in mailoutbox) == ["ada@example.edu", "alan@example.edu"]
    shoot(page, "detail-roster")
    assert_accessible(page)


def _instructor_resends_an_invitation(page, assert_accessible, shoot, mailoutbox):
    roster = page.get_by_role("region", name=re.compile("Roster"))
    expect(roster.get_by_role("button", name=re.compile("^Resend invitation"))).to_have_count(2)  # Ada and Alan
    expect(roster.get_by_role("row").filter(has_text="Sam Student")).not_to_contain_text("No password yet")
    roster.get_by_role("row").filter(has_text="Ada Lovelace").get_by_role("button", name="Resend invitation").click()
    expect(page.get_by_role("alert").filter(has_text="A new invitation is on its way to Ada Lovelace")).to_be_visible()
    assert [mail.to[0] for mail in mailoutbox][-1] == "ada@example.edu"
    shoot(page, "detail-invitation-resent")
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_instructor_creates_a_cohort_a_student_joins_and_a_roster_is_added(
    page, new_page, live_server, login, instructor, student, assert_accessible, shoot, mailoutbox
):
    login(instructor)
    code = _create_cohort(page, live_server, assert_accessible, shoot)
    _student_joins(login(student, new_page()), live_server, code, assert_accessible, shoot)
    _instructor_adds_roster(page, assert_accessible, shoot, mailoutbox)
    _instructor_resends_an_invitation(page, assert_accessible, shoot, mailoutbox)
