"""File answers in a real browser: a student uploads a report (with progress, through a dropped
connection, replacing it once), submits, and the instructor downloads it from the grading queue."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from banks.spec import QuestionSpec, QuestionType
from quizzes.models import AnswerFile, Attempt, AttemptQuestion
from tests.browser.conftest import ATTEMPT_SCRIPT, PHONE
from tests.quiz_builders import choice_question, enrol, make_assignment

pytestmark = pytest.mark.django_db(transaction=True)

REPORT = b"%PDF-1.7\n" + b"report " * 40_000  # about 280 KB: big enough to show progress


def report_assignment(instructor):
    spec = QuestionSpec(type=QuestionType.FILE_UPLOAD, title="Briefing", points=Decimal(5),
                        prompt="Upload your one-page briefing on the case.", allowed_extensions=("pdf", "docx"),
                        max_upload_bytes=1024 * 1024)
    return make_assignment(instructor=instructor, specs=[spec, choice_question(1)], title="Briefing paper",
                           review="correctness")


def file_status(page):
    return page.locator('[data-question="1"] [data-save-status]')


@pytest.fixture
def start_report(live_server, login, instructor, student, tmp_path, settings):
    """Open the student's attempt at the briefing assignment in ``page``; answers are stored under tmp_path."""
    settings.MEDIA_ROOT = tmp_path / "media"

    def start(page):
        assignment = report_assignment(instructor)
        enrol(assignment, student)
        login(student, page)
        page.goto(live_server.url + reverse("gradebook:assignment", args=[assignment.pk]))
        page.get_by_role("button", name="Start the quiz").click()
        page.wait_for_url("**/attempts/*/")
        return assignment

    return start


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "briefing.pdf"
    path.write_bytes(REPORT)
    return path


def test_a_student_uploads_a_file_through_a_dropped_connection_and_the_instructor_downloads_it(
        page, start_report, report, live_server, login, new_page, instructor, student, tmp_path, shoot,
        assert_accessible):
    assignment = start_report(page)
    attempt = Attempt.objects.get(student=student)
    autosaves = []  # a file question's autosave (its flag) must never be sent for choosing a file
    page.on("request", lambda request: request.url.endswith(f"/attempts/{attempt.pk}/answers/1/")
            and autosaves.append(request.url))

    # A file of the wrong type is refused with the reason, and nothing is stored.
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not a report")
    page.get_by_label("Upload your file").set_input_files(str(wrong))
    expect(file_status(page)).to_contain_text("That type of file is not accepted here. Allowed: .pdf, .docx")
    expect(page.get_by_label("Upload your file")).to_have_value("")  # so submitting will not carry it
    assert not AnswerFile.objects.exists()

    # The right file goes up at once and shows as the saved answer.
    page.get_by_label("Upload your file").set_input_files(str(report))
    expect(file_status(page)).to_have_text("Saved")
    expect(page.get_by_role("link", name="briefing.pdf")).to_be_visible()
    expect(page.locator("[data-answered-count]")).to_have_text("1")
    assert AttemptQuestion.objects.get(attempt=attempt, position=1).response == {"name": "briefing.pdf",
                                                                                  "size": len(REPORT)}
    assert_accessible(page)
    shoot(page, "uploaded")

    # Offline, a replacement waits on the device and goes up when the connection returns.
    page.context.set_offline(True)
    second = tmp_path / "briefing-v2.pdf"
    second.write_bytes(REPORT + b"v2")
    page.get_by_label("Replace it with another file").set_input_files(str(second))
    expect(file_status(page)).to_have_text("Offline – will retry")
    page.context.set_offline(False)
    expect(file_status(page)).to_have_text("Saved", timeout=15000)
    expect(page.get_by_role("link", name="briefing-v2.pdf")).to_be_visible()

    # A reload shows the stored file; submitting sends it to the grading queue.
    page.reload()
    expect(page.get_by_role("link", name="briefing-v2.pdf")).to_be_visible()
    page.get_by_role("button", name="Review and submit…").click()
    page.get_by_role("button", name="Submit now").click()
    page.wait_for_url("**/review/")
    expect(page.get_by_role("link", name="briefing-v2.pdf")).to_be_visible()  # the review links it too
    assert autosaves == []
    assert_accessible(page)
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.needs_grading

    staff = new_page()
    login(instructor, staff)
    staff.goto(live_server.url + reverse("grading:grading-overview", args=[assignment.pk]))
    staff.get_by_role("link", name="Grade Briefing").click()
    with staff.expect_download() as download:
        staff.get_by_role("link", name="briefing-v2.pdf").click()
    assert download.value.suggested_filename == "briefing-v2.pdf"
    assert open(download.value.path(), "rb").read() == REPORT + b"v2"


def test_the_upload_looks_right_on_a_phone(new_page, start_report, report, shoot):
    page = new_page(viewport=PHONE)
    start_report(page)

    page.get_by_label("Upload your file").set_input_files(str(report))

    expect(file_status(page)).to_have_text("Saved")
    box = page.locator("[data-upload]").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # nothing runs off the screen
    shoot(page, "phone")


def test_a_file_chosen_before_the_script_has_loaded_still_goes_up(page, start_report, report):
    start_report(page)
    script_ready = []

    def hold_script(route):  # a slow phone: the page is there, its script not yet
        page.get_by_label("Upload your file").set_input_files(str(report))
        script_ready.append(True)
        route.continue_()

    page.route(ATTEMPT_SCRIPT, hold_script)
    page.reload()

    expect(file_status(page)).to_have_text("Saved")
    assert script_ready and AnswerFile.objects.get().name == "briefing.pdf"
