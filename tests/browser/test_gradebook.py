"""The gradebook in a browser: an instructor reads the grid (desktop and phone), sorts and filters it,
overrides a score with a reason and finds it in the audit log, clears an override, opens an attempt's
grading detail and exports the CSV; a student reads their own grades. Every page gets a screenshot and
an axe check."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from gradebook.services import grade_override
from quizzes.models import Attempt
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.browser.conftest import PHONE
from tests.factories import CohortFactory, MembershipFactory, UserFactory
from tests.quiz_builders import choice_id, choice_ids, choice_question, make_assignment, mixed_questions

STUDENTS = [("Sam", "Student"), ("Ada", "Brook"), ("Lee", "Chen"), ("Maria", "Delgado-Fernández"),
            ("Kwame", "Mensah"), ("Yuki", "Tanaka"), ("Olu", "Adeyemi"), ("Priya", "Raman")]


def attempt(assignment, student, score, *, late=False):
    at = assignment.due_at + (timedelta(hours=5) if late else -timedelta(hours=2))
    return Attempt.objects.create(assignment=assignment, student=student, number=1, status="submitted",
                                  started_at=at - timedelta(minutes=35), deadline_at=at + timedelta(hours=1),
                                  submitted_at=at, score=Decimal(score), max_score=Decimal(10), is_late=late)


@pytest.fixture
def course(instructor, student):
    """Section A with eight students and five assignments: graded, late, missed, excused, upcoming."""
    now = timezone.now()
    cohort = CohortFactory(name="Section A", course_code="INTL 301", term="Fall 2026")
    MembershipFactory(cohort=cohort, user=instructor, role="instructor")
    people = []
    for n, (first, last) in enumerate(STUDENTS):
        user = student if first == "Sam" else UserFactory(first_name=first, last_name=last)
        MembershipFactory(cohort=cohort, user=user, role="student", student_id=f"S-{1001 + n}")
        people.append(user)
    ten = [choice_question(n) for n in range(1, 11)]

    def past(title, days, **options):
        due = now - timedelta(days=days)
        return make_assignment(instructor=instructor, cohort=cohort, specs=ten, title=title,
                               opens=due - timedelta(days=7), due=due, closes=due + timedelta(days=2), **options)

    memo = past("Case memo: Bureau 39", 9, accept_late=True, late_penalty_percent_per_day=Decimal(10))
    check = past("Reading check 1", 7)
    sanctions = past("Sanctions quiz", 5)
    upcoming = make_assignment(instructor=instructor, cohort=cohort, specs=ten, title="Final reflection",
                               due=now + timedelta(days=6))
    for n, user in enumerate(people):
        attempt(memo, user, f"{6 + n % 4}.5", late=n % 3 == 0)
        if n != 2:
            attempt(check, user, str(10 - n % 5))
    mixed = make_assignment(instructor=instructor, cohort=cohort, specs=mixed_questions(), title="Mixed questions",
                            opens=now - timedelta(days=3), due=now + timedelta(days=1))
    taken = attempt_start(assignment=mixed, student=student)
    answer_save(attempt=taken, position=1, response=choice_id(taken, 1, 1))
    answer_save(attempt=taken, position=2, response=choice_ids(taken, 2, 0, 2))
    answer_save(attempt=taken, position=3, response="Bureau 39")
    answer_save(attempt=taken, position=4, response="93")
    answer_save(attempt=taken, position=5, response="The regime earns hard currency through overseas labour.")
    attempt_submit(attempt=taken)
    return {"cohort": cohort, "memo": memo, "check": check, "sanctions": sanctions, "upcoming": upcoming,
            "classmate": people[1]}


def check_page(page, shoot, assert_accessible, name):
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, name)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_instructor_reads_adjusts_and_exports_the_gradebook(page, live_server, login, instructor, course, shoot,
                                                            assert_accessible, tmp_path):
    cohort = course["cohort"]
    login(instructor)
    page.goto(live_server.url + reverse("gradebook:gradebook", args=[cohort.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("INTL 301 Section A: gradebook")
    grid = page.get_by_role("region", name="Scores in INTL 301 Section A")
    expect(grid.get_by_role("row")).to_have_count(1 + len(STUDENTS) + 1)  # header, students, averages
    expect(grid).to_contain_text("(−10%)")
    expect(grid.locator(".standing-missed").first).to_be_visible()
    check_page(page, shoot, assert_accessible, "grid")

    grid.get_by_role("link", name="Reading check 1").click()  # ascending: lowest score first
    grid.get_by_role("link", name="Reading check 1").click()  # then descending
    expect(grid.get_by_role("columnheader", name="Reading check 1")).to_have_attribute("aria-sort", "descending")
    expect(grid.get_by_role("rowheader").first).to_contain_text("Sam Student")  # 10 of 10

    page.get_by_label("Student name or ID").fill("chen")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status").filter(has_text="1 student matches.")).to_be_visible()
    page.get_by_role("link", name="Clear").click()
    page.get_by_label("With a cell that is").select_option(label="Missed")
    page.get_by_role("button", name="Filter").click()
    expect(grid.get_by_role("rowheader").filter(has_text="Lee Chen")).to_have_count(1)
    check_page(page, shoot, assert_accessible, "grid-filtered")

    page.get_by_role("link", name="Clear").click()
    grid.get_by_role("link", name="Sam Student").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Student")
    check_page(page, shoot, assert_accessible, "student")

    page.get_by_role("link", name="Adjust the grade for Case memo: Bureau 39").click()
    expect(page.locator("#current-grade")).to_contain_text("for handing it in 1 day late")
    check_page(page, shoot, assert_accessible, "adjust")
    page.get_by_role("button", name="Override score").click()  # nothing filled in: refused
    expect(page.get_by_text("Enter the new score.")).to_be_visible()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    check_page(page, shoot, assert_accessible, "adjust-invalid")
    page.get_by_label("New score").fill("9.5")
    page.get_by_label("Reason").fill("Late penalty waived: the library's network was down that night.")
    page.get_by_role("button", name="Override score").click()
    expect(page.get_by_role("alert").filter(has_text="Score overridden for Sam Student.")).to_be_visible()
    log = page.get_by_role("region", name="Grade changes")
    expect(log.get_by_role("row").nth(1)).to_contain_text("Score override")
    expect(log.get_by_role("row").nth(1)).to_contain_text("9.50")
    expect(log.get_by_role("row").nth(1)).to_contain_text("the library's network was down")
    check_page(page, shoot, assert_accessible, "student-after-override")

    page.get_by_role("link", name="Attempt 1").last.click()  # the mixed quiz: real questions
    expect(page.get_by_role("heading", name="Question 5")).to_be_visible()
    expect(page.get_by_role("cell", name="Brazil (chosen)")).to_be_visible()  # grading detail in the question's words
    expect(page.get_by_text("Correct answer").first).to_be_visible()
    check_page(page, shoot, assert_accessible, "attempt")

    page.get_by_role("link", name="Gradebook").first.click()
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("table")).to_contain_text("the library's network was down")
    expect(page.get_by_role("table")).to_contain_text("Irene Adler")
    check_page(page, shoot, assert_accessible, "audit-log")

    page.get_by_role("link", name="Gradebook").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export grades (CSV)").click()
    path = tmp_path / "grades.csv"
    download.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0][:4] == ["Student", "ID", "SIS User ID", "Section"]
    assert rows[0][4] == f"Case memo: Bureau 39 ({course['memo'].pk})"
    assert rows[1][0] == "Points Possible"
    sam = next(row for row in rows if row[0] == "Student, Sam")
    assert sam[4] == "9.50"


@pytest.mark.django_db(transaction=True)
def test_the_gradebook_scrolls_sideways_on_a_phone_with_names_and_headers_in_view(
    new_page, live_server, login, instructor, course, shoot, assert_accessible
):
    page = login(instructor, target=new_page(viewport=PHONE))
    page.goto(live_server.url + reverse("gradebook:gradebook", args=[course["cohort"].pk]))
    grid = page.locator(".gradebook-scroll")
    expect(grid).to_be_visible()
    check_page(page, shoot, assert_accessible, "grid-phone")

    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    assert grid.evaluate("el => el.scrollWidth > el.clientWidth"), "the grid should scroll inside its box"
    name = page.get_by_role("rowheader", name="Ada Brook")
    before = name.bounding_box()
    grid.evaluate("el => { el.scrollLeft = 400; el.scrollTop = 120; }")
    after = name.bounding_box()
    assert abs(after["x"] - before["x"]) < 1, "the name column should stay put when the grid scrolls sideways"
    header = page.get_by_role("columnheader", name="Student")
    assert abs(header.bounding_box()["y"] - grid.bounding_box()["y"]) < 2, "the header row should stick to the top"
    shoot(page, "grid-phone-scrolled", full_page=False)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_student_reads_their_own_grades(new_page, live_server, login, student, course, shoot, assert_accessible,
                                          viewport):
    page = login(student, target=new_page(**({"viewport": viewport} if viewport else {})))
    page.goto(live_server.url + reverse("gradebook:dashboard"))
    if viewport:
        page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My grades").click()
    expect(page.get_by_role("heading", name="My grades", level=1)).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("row").filter(has_text="Case memo: Bureau 39")).to_contain_text("−10% late penalty")
    expect(table.get_by_role("row").filter(has_text="Sanctions quiz")).to_contain_text("Missed")
    expect(table.get_by_role("row").filter(has_text="Final reflection")).to_contain_text("Not started")
    expect(page.locator("main")).not_to_contain_text("Ada")
    expect(page.locator("main")).not_to_contain_text("Brook")
    check_page(page, shoot, assert_accessible, "my-grades")


@pytest.mark.django_db(transaction=True)
def test_instructor_clears_an_override_with_a_reason(page, live_server, login, instructor, student, course, shoot,
                                                     assert_accessible):
    memo = course["memo"]  # Sam: 6.5, a day late, so 5.85 after the 10% penalty
    grade_override(assignment=memo, student=student, score=Decimal("9.5"), reason="Penalty waived", by=instructor)
    login(instructor)
    page.goto(live_server.url + reverse("gradebook:grade-adjust", args=[memo.pk, student.pk]))
    expect(page.locator("#current-grade")).to_contain_text("Counts: 9.50 / 10")
    expect(page.locator("#current-grade")).to_contain_text("Overridden to 9.50 by Irene Adler: “Penalty waived”")
    check_page(page, shoot, assert_accessible, "adjust-overridden")

    page.get_by_role("button", name="Clear override").click()  # no reason: refused
    expect(page.get_by_text("This field is required.")).to_be_visible()
    expect(page.locator("#current-grade")).to_contain_text("Overridden to 9.50")
    page.get_by_label("Reason").fill("The waiver was for another student.")
    page.get_by_role("button", name="Clear override").click()

    expect(page.get_by_role("alert").filter(has_text="Override cleared for Sam Student.")).to_be_visible()
    section = page.locator(f"#assignment-{memo.pk}")
    expect(section).to_contain_text("5.85 / 10 (−10%)")
    expect(section).not_to_contain_text("Overridden")
    latest = page.get_by_role("region", name="Grade changes").get_by_role("row").nth(1)
    expect(latest).to_contain_text("The waiver was for another student.")
    expect(latest).to_contain_text("9.50")
    expect(latest).to_contain_text("5.85")
    check_page(page, shoot, assert_accessible, "student-after-clear")

    page.get_by_role("link", name="Gradebook").first.click()
    row = page.get_by_role("row").filter(has_text="Sam Student")
    expect(row).to_contain_text("5.85")
    expect(row).not_to_contain_text("overridden")
