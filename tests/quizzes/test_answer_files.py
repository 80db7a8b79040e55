"""File-upload answers: stored only for the attempt's owner, in time, of the right type and size; served
back only to that student and the cohort's staff, always as a download."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from banks.spec import QuestionSpec, QuestionType
from cohorts.models import Membership
from quizzes.models import AnswerFile, Attempt, AttemptQuestion
from quizzes.services.answer_files import answer_file_save
from quizzes.services.answers import answer_save
from quizzes.services.attempts import AnswerRefused, AttemptRefused, attempt_submit
from tests.query_counts import assert_same_queries
from tests.quiz_builders import choice_id, choice_question, make_assignment
from tests.quizzes.taking_setup import started
from tests.quizzes.test_taking_attempt import ATTEMPT_PAGE_QUERIES

PDF = b"%PDF-1.7\n" + b"x" * 500
FILE_POSITION, CHOICE_POSITION = 1, 2


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media):
    return sorted(p for p in media.rglob("*") if p.is_file())


def upload_spec(**fields) -> QuestionSpec:
    fields = {"allowed_extensions": ("pdf", "docx"), "max_upload_bytes": 1024, **fields}
    return QuestionSpec(type=QuestionType.FILE_UPLOAD, title="Report", prompt="Upload your report.",
                        points=Decimal(5), **fields)


@pytest.fixture
def attempt(instructor, student):
    return started(make_assignment(instructor=instructor, specs=[upload_spec(), choice_question(1)]), student)


def pdf(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload_url(attempt, position=FILE_POSITION):
    return reverse("quizzes:answer-file-upload", args=[attempt.pk, position])


def download_url(attempt, position=FILE_POSITION):
    return reverse("quizzes:answer-file", args=[attempt.pk, position])


# --- the service ------------------------------------------------------------------------------------


def test_a_file_is_stored_and_becomes_the_answer(attempt, media):
    stored = answer_file_save(attempt=attempt, position=FILE_POSITION, upload=pdf())

    question = AttemptQuestion.objects.get(attempt=attempt, position=FILE_POSITION)
    assert question.response == {"name": "report.pdf", "size": len(PDF)} and question.saved_at
    assert stored.file.read() == PDF
    assert [p.name for p in stored_files(media)] == [stored.file.name.rsplit("/", 1)[-1]]
    assert "report" not in stored.file.name  # the stored path is unguessable, not the student's name


def test_a_new_file_replaces_the_old_one_and_its_stored_copy(attempt, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer_file_save(attempt=attempt, position=FILE_POSITION, upload=pdf("first.pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        second = answer_file_save(attempt=attempt, position=FILE_POSITION, upload=pdf("second.pdf", PDF + b"2"))

    assert list(AnswerFile.objects.values_list("name", flat=True)) == ["second.pdf"]
    assert [p.read_bytes() for p in stored_files(media)] == [PDF + b"2"]
    assert second.question.response["name"] == "second.pdf"


@pytest.mark.parametrize(("upload", "message"), [
    (pdf("virus.exe"), "not accepted here. Allowed: .pdf, .docx"),
    (pdf(content=b"x" * 1025), "too large: the limit is 1.0\xa0KB"),
    (pdf(content=b""), "empty"),
])
def test_a_file_that_does_not_fit_is_refused_and_leaves_nothing(attempt, media, upload, message):
    with pytest.raises(AnswerRefused, match=message):
        answer_file_save(attempt=attempt, position=FILE_POSITION, upload=upload)

    assert not AnswerFile.objects.exists() and stored_files(media) == []
    assert AttemptQuestion.objects.get(attempt=attempt, position=FILE_POSITION).response is None


def test_the_site_cap_applies_when_the_question_sets_none(instructor, student, settings):
    settings.ANSWER_UPLOAD_MAX_BYTES = 100
    attempt = started(make_assignment(instructor=instructor, specs=[upload_spec(max_upload_bytes=None)]), student)

    with pytest.raises(AnswerRefused, match="100\xa0bytes"):
        answer_file_save(attempt=attempt, position=FILE_POSITION, upload=pdf())


def test_only_file_questions_take_files(attempt):
    with pytest.raises(AnswerRefused, match="does not take a file"):
        answer_file_save(attempt=attempt, position=CHOICE_POSITION, upload=pdf())
    with pytest.raises(AnswerRefused, match="not part of this attempt"):
        answer_file_save(attempt=attempt, position=99, upload=pdf())


def test_no_file_is_taken_after_submission_or_after_the_deadline(attempt, instructor, student, media):
    attempt_submit(attempt=attempt)
    with pytest.raises(AttemptRefused, match="submitted"):
        answer_file_save(attempt=attempt, position=FILE_POSITION, upload=pdf())

    late = started(make_assignment(instructor=instructor, specs=[upload_spec()]), student)
    with pytest.raises(AttemptRefused, match="Time is up"):
        answer_file_save(attempt=late, position=FILE_POSITION, upload=pdf(),
                         now=late.deadline_at + timedelta(minutes=10))
    assert stored_files(media) == []


def test_a_submitted_file_waits_for_a_person_to_grade_it(attempt):
    answer_file_save(attempt=attempt, position=FILE_POSITION, upload=pdf())

    attempt = attempt_submit(attempt=attempt)

    assert attempt.needs_grading
    graded = AttemptQuestion.objects.get(attempt=attempt, position=FILE_POSITION)
    assert graded.result["status"] == "needs_manual"


def test_deleting_the_attempt_deletes_the_stored_file(attempt, media, django_capture_on_commit_callbacks):
    answer_file_save(attempt=attempt, position=FILE_POSITION, upload=pdf())
    with django_capture_on_commit_callbacks(execute=True):
        Attempt.objects.filter(pk=attempt.pk).delete()

    assert stored_files(media) == []


# --- uploading from the attempt page -----------------------------------------------------------------


def test_the_upload_answers_with_the_file_it_stored_and_no_key(student_client, attempt):
    response = student_client.post(upload_url(attempt), {f"q-{FILE_POSITION}": pdf()})

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"position", "saved_at", "name", "size", "size_text", "url"}
    assert data["name"] == "report.pdf" and data["size"] == len(PDF) and data["url"] == download_url(attempt)


@pytest.mark.parametrize(("fields", "status"), [
    ({}, 400),  # no file chosen
    ({f"q-{FILE_POSITION}": pdf("x.exe")}, 400),
])
def test_a_refused_upload_says_why_and_stores_nothing(student_client, attempt, fields, status, media):
    response = student_client.post(upload_url(attempt), fields)

    assert response.status_code == status and response.json()["error"]
    assert not AnswerFile.objects.exists() and stored_files(media) == []


def test_an_upload_to_a_submitted_attempt_is_a_conflict(student_client, attempt):
    attempt_submit(attempt=attempt)

    response = student_client.post(upload_url(attempt), {f"q-{FILE_POSITION}": pdf()})

    assert response.status_code == 409 and "submitted" in response.json()["error"]


def test_nobody_uploads_into_someone_elses_attempt(login_as, attempt, classmate, media):
    Membership.objects.create(cohort=attempt.assignment.cohort, user=classmate, role="student")

    response = login_as(classmate).post(upload_url(attempt), {f"q-{FILE_POSITION}": pdf()})

    assert response.status_code == 404 and stored_files(media) == []


def test_an_autosave_of_the_file_questions_flag_never_touches_the_file(student_client, attempt):
    """The browser autosaves a question's other fields (its flag): that must not wipe the answer."""
    answer_file_save(attempt=attempt, position=FILE_POSITION, upload=pdf())

    response = student_client.post(reverse("quizzes:answer-save", args=[attempt.pk, FILE_POSITION]),
                                    {f"flag-{FILE_POSITION}": "1"})

    assert response.status_code == 200
    question = AttemptQuestion.objects.get(attempt=attempt, position=FILE_POSITION)
    assert question.response == {"name": "report.pdf", "size": len(PDF)} and question.flagged
    assert AnswerFile.objects.filter(question=question).exists()


def test_a_typed_answer_to_a_file_question_is_refused(attempt):
    answer_file_save(attempt=attempt, position=FILE_POSITION, upload=pdf())

    for response in (None, "report.pdf", {"name": "fake.pdf", "size": 1}):
        with pytest.raises(AnswerRefused, match="takes no typed answer"):
            answer_save(attempt=attempt, position=FILE_POSITION, response=response)

    assert AttemptQuestion.objects.get(attempt=attempt, position=FILE_POSITION).response["name"] == "report.pdf"


def test_the_flag_of_a_file_question_is_refused_once_the_attempt_is_closed(student_client, attempt):
    attempt_submit(attempt=attempt)

    response = student_client.post(reverse("quizzes:answer-save", args=[attempt.pk, FILE_POSITION]),
                                    {f"flag-{FILE_POSITION}": "1"})

    assert response.status_code == 409


def test_uploading_needs_a_post(student_client, attempt):
    assert student_client.get(upload_url(attempt)).status_code == 405


def test_the_attempt_page_shows_the_saved_file_with_its_download_link(student_client, attempt):
    answer_file_save(attempt=attempt, position=FILE_POSITION, upload=pdf())

    html = student_client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()

    assert 'enctype="multipart/form-data"' in html
    assert f'href="{download_url(attempt)}"' in html and "report.pdf" in html
    assert f'data-upload-url="{upload_url(attempt)}"' in html
    assert 'accept=".pdf,.docx"' in html and "Allowed: .pdf, .docx." in html and "Up to 1.0\xa0KB" in html


def test_without_javascript_the_form_post_saves_the_file_with_the_other_answers(student_client, attempt):
    first = choice_id(attempt, CHOICE_POSITION, 0)
    response = student_client.post(reverse("quizzes:attempt", args=[attempt.pk]),
                                   {f"q-{FILE_POSITION}": pdf(), f"q-{CHOICE_POSITION}": first, "action": "save"})

    assert response.status_code == 302
    answers = dict(AttemptQuestion.objects.filter(attempt=attempt).values_list("position", "response"))
    assert answers == {FILE_POSITION: {"name": "report.pdf", "size": len(PDF)}, CHOICE_POSITION: first}


def test_without_javascript_a_refused_file_saves_none_of_the_form(student_client, attempt, media):
    response = student_client.post(reverse("quizzes:attempt", args=[attempt.pk]),
                                   {f"q-{FILE_POSITION}": pdf("x.exe"), f"q-{CHOICE_POSITION}": choice_id(attempt, CHOICE_POSITION, 0)})

    assert response.status_code == 400
    assert "Question 1: That type of file is not accepted here" in response.content.decode()
    assert not AttemptQuestion.objects.filter(attempt=attempt, response__isnull=False).exists()
    assert stored_files(media) == []


# --- downloading -------------------------------------------------------------------------------------


@pytest.fixture
def uploaded(attempt):
    answer_file_save(attempt=attempt, position=FILE_POSITION, upload=pdf('re"port.pdf'))
    return attempt


def test_the_student_downloads_their_own_file_as_an_attachment(student_client, uploaded):
    response = student_client.get(download_url(uploaded))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", ["instructor", "ta"])
def test_the_cohorts_staff_download_it_to_grade(login_as, uploaded, instructor, ta, role):
    user = {"instructor": instructor, "ta": ta}[role]
    Membership.objects.get_or_create(cohort=uploaded.assignment.cohort, user=user, defaults={"role": role})

    assert login_as(user).get(download_url(uploaded)).status_code == 200


def test_classmates_and_outsiders_get_404(login_as, uploaded, classmate, outsider):
    Membership.objects.create(cohort=uploaded.assignment.cohort, user=classmate, role="student")

    assert login_as(classmate).get(download_url(uploaded)).status_code == 404
    assert login_as(outsider).get(download_url(uploaded)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, uploaded):
    response = client.get(download_url(uploaded))

    assert response.status_code == 302 and "login" in response["Location"]


def test_a_question_without_a_file_has_nothing_to_download(student_client, attempt):
    assert student_client.get(download_url(attempt)).status_code == 404


def test_the_grading_queue_links_to_the_file(login_as, uploaded, instructor):
    attempt_submit(attempt=uploaded)
    question = AttemptQuestion.objects.get(attempt=uploaded, position=FILE_POSITION).version.question

    html = login_as(instructor).get(
        reverse("grading:grading-queue", args=[uploaded.assignment.pk, question.pk])).content.decode()

    assert f'href="{download_url(uploaded)}"' in html


def test_the_attempt_page_costs_the_same_for_5_or_30_uploaded_files(login_as, instructor, student):
    def attempt_with_files(count):
        attempt = started(make_assignment(instructor=instructor, specs=[upload_spec()] * count), student)
        for position in range(1, count + 1):
            answer_file_save(attempt=attempt, position=position, upload=pdf())
        return reverse("quizzes:attempt", args=[attempt.pk])

    client = login_as(student)
    pages = assert_same_queries(build=attempt_with_files, fetch=client.get, sizes=(5, 30),
                                at_most=ATTEMPT_PAGE_QUERIES,
                                fix="The file's name and size come from the answer's response: no query per file.")
    assert pages[1].text.count('download>report.pdf</a>') == 30
