"""The CSV exports: Canvas's gradebook layout, every response, formula-safe cells, flat memory."""

import csv
import io
import tracemalloc
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.text import slugify

from banks.responses import response_text
from banks.spec import Choice, Item, Pair, QuestionSpec, QuestionType
from cohorts.models import Membership
from gradebook.csv_exports import csv_safe
from gradebook.models import GradeAdjustment
from jobs.models import Job
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_start, attempt_submit
from tests.factories import UserFactory
from tests.gradebook.conftest import populate
from tests.quiz_builders import choice_id, choice_ids, make_assignment, mixed_questions


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_gradebook_csv_has_canvas_columns_and_a_points_possible_row(login_as, instructor, cohort, graded,
                                                                        classmate):
    GradeAdjustment.objects.create(assignment=graded["quiz"], student=classmate, excused=True, reason="Ill",
                                   changed_by=instructor)
    essay, quiz = graded["essay"], graded["quiz"]

    rows = read_csv(login_as(instructor).get(reverse("gradebook:gradebook-csv", args=[cohort.pk])))

    assert rows[0] == ["Student", "ID", "SIS User ID", "Section",
                       f"Case memo ({essay.pk})", f"Reading check ({quiz.pk})"]
    assert rows[1] == ["Points Possible", "", "", "", "10.00", "10.00"]
    assert rows[2] == ["Classmate, Carla", str(classmate.pk), "S-1002", "PHIL 210 Ethics in Practice", "5.50", "EX"]
    assert rows[3][0] == "Student, Sam" and rows[3][2] == "S-1001" and rows[3][4:] == ["7.20", "9.00"]
    assert len(rows) == 4  # staff are not students


def test_the_gradebook_csv_leaves_unstarted_work_blank_and_missed_work_zero(login_as, instructor, cohort, student):
    make_assignment(instructor=instructor, cohort=cohort, title="Next week")
    from tests.gradebook.conftest import past_assignment

    past_assignment(instructor, cohort, title="Last week")

    rows = read_csv(login_as(instructor).get(reverse("gradebook:gradebook-csv", args=[cohort.pk])))

    assert rows[0][4:] == [f"Last week ({rows[0][4].split('(')[1][:-1]})", rows[0][5]]
    assert [row[4:] for row in rows[2:]] == [["0.00", ""], ["0.00", ""]]


def test_the_gradebook_csv_shows_nothing_of_another_cohort(login_as, instructor, cohort, graded, other_cohort):
    text = b"".join(login_as(instructor).get(reverse("gradebook:gradebook-csv", args=[cohort.pk])).streaming_content)

    assert b"Zebedee" not in text and b"Secret" not in text and b"6.66" not in text


@pytest.mark.parametrize(("value", "safe"), [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"), ("+1+1", "'+1+1"), ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b"), (None, ""),
    (Decimal("7.20"), "7.20"), (12, "12"),
])
def test_cells_a_spreadsheet_would_run_get_a_leading_apostrophe(value, safe):
    assert csv_safe(value) == safe


def test_a_student_named_like_a_formula_is_exported_as_text(login_as, instructor, cohort, graded):
    evil = UserFactory(username="evil", first_name="=cmd|' /C calc'!A0", last_name="+Evil")
    Membership.objects.create(cohort=cohort, user=evil, student_id="@SIS")

    rows = read_csv(login_as(instructor).get(reverse("gradebook:gradebook-csv", args=[cohort.pk])))

    evil_row = next(row for row in rows if "Evil" in row[0])
    assert evil_row[0] == "'+Evil, =cmd|' /C calc'!A0" and evil_row[2] == "'@SIS"


@pytest.fixture
def responses(instructor, cohort, student):
    assignment = make_assignment(instructor=instructor, cohort=cohort, specs=mixed_questions(), title="Mixed")
    attempt = attempt_start(assignment=assignment, student=student)
    answer_save(attempt=attempt, position=1, response=choice_id(attempt, 1, 1))
    answer_save(attempt=attempt, position=2, response=choice_ids(attempt, 2, 0, 2))
    answer_save(attempt=attempt, position=3, response="=1+1")
    answer_save(attempt=attempt, position=5, response="The case shows, in short, that")
    return attempt_submit(attempt=attempt)


def test_the_responses_csv_has_a_row_per_question_with_the_answer_as_text(login_as, instructor, cohort, student,
                                                                          responses):
    rows = read_csv(login_as(instructor).get(reverse("gradebook:responses-csv", args=[cohort.pk])))
    assignment = responses.assignment

    assert rows[0] == ["Student", "ID", "SIS User ID", "Assignment", "Assignment ID", "Attempt",
                       "Submitted (ISO 8601, UTC)", "Position", "Question", "Type", "Response", "Score", "Max"]
    common = ["Student, Sam", str(student.pk), "S-1001", "Mixed", str(assignment.pk), "1",
              responses.submitted_at.isoformat(timespec="seconds")]
    assert rows[1:] == [
        [*common, "1", "Q1", "single_choice", "B", "1.00", "1.00"],
        [*common, "2", "Multi", "multiple_answer", "Russia; Brazil", "0.00", "2.00"],
        [*common, "3", "Short", "short_answer", "'=1+1", "0.00", "1.00"],
        [*common, "4", "Number", "numeric", "", "0.00", "1.00"],
        [*common, "5", "Essay", "essay", "The case shows, in short, that", "0.00", "4.00"],
    ]


def test_the_responses_csv_leaves_out_open_attempts_and_other_cohorts(login_as, instructor, cohort, classmate,
                                                                       responses, other_cohort):
    attempt_start(assignment=responses.assignment, student=classmate)  # still open

    rows = read_csv(login_as(instructor).get(reverse("gradebook:responses-csv", args=[cohort.pk])))

    assert {row[0] for row in rows[1:]} == {"Student, Sam"}


def test_responses_read_as_text_for_every_kind_of_question():
    matching = QuestionSpec(type=QuestionType.MATCHING, prompt="Match",
                            pairs=(Pair("Seoul", "South", "s", "rs"), Pair("Pyongyang", "North", "p", "rn"),
                                   Pair("", "Neither", "d", "rx")))
    ordering = QuestionSpec(type=QuestionType.ORDERING, prompt="Order",
                            items=(Item("first", "i1"), Item("second", "i2"), Item("third", "i3")))
    choice = QuestionSpec(type=QuestionType.SINGLE_CHOICE, prompt="Pick", choices=(Choice("A", id="a"),
                                                                                    Choice("B", True, id="b")))

    assert response_text(matching, {"p": "rs", "s": "rn"}) == "Seoul → North; Pyongyang → South"  # in the pairs' order
    assert response_text(ordering, ["i3", "i1", "i2"]) == "third; first; second"
    assert response_text(choice, "b") == "B"
    assert response_text(choice, "gone") == "#gone"  # a choice the question no longer has
    assert response_text(choice, 1) == "#1"  # a position names no choice
    assert response_text(None, {"x": 1}) == '{"x": 1}'
    assert response_text(choice, None) == ""


def export_peak(client, url) -> tuple[int, int]:
    """(peak traced bytes, bytes sent) while streaming the whole export."""
    tracemalloc.start()
    try:
        response = client.get(url)
        sent = sum(len(chunk) for chunk in response.streaming_content)
        return tracemalloc.get_traced_memory()[1], sent
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", ["gradebook:gradebook-csv", "gradebook:responses-csv"])
def test_an_export_of_2000_students_takes_about_the_memory_of_200(login_as, instructor, name, settings):
    """Streamed from iterators in batches, an export's memory must not grow with the class: a list of
    every row (or every attempt) would make the large export's peak several times the small one's."""
    from tests.factories import CohortFactory

    settings.EXPORT_INLINE_STUDENTS = 5000  # streamed in the request, not a job
    small, large = CohortFactory(name="Small"), CohortFactory(name="Large")
    populate(small, instructor, students=200, assignments=5, questions=3)
    populate(large, instructor, students=2000, assignments=5, questions=3)
    client = login_as(instructor)

    small_peak, small_sent = export_peak(client, reverse(name, args=[small.pk]))
    large_peak, large_sent = export_peak(client, reverse(name, args=[large.pk]))

    assert large_sent > 8 * small_sent  # the large export really is ~10 times the data
    assert large_peak < 2 * small_peak + 512 * 1024, (
        f"peak {large_peak / 1e6:.1f} MB for 2,000 students vs {small_peak / 1e6:.1f} MB for 200: the export holds "
        "rows in memory. Keep it a generator over .iterator() batches (quizzes/exports.py)."
    )
    assert large_peak < 8 * 1024 * 1024


@pytest.mark.parametrize(("name", "kind"), [("gradebook:gradebook-csv", "grades"), ("gradebook:responses-csv", "responses")])
def test_a_big_cohorts_export_is_a_job_whose_file_holds_the_same_rows(login_as, instructor, cohort, responses,
                                                                      run_tasks, settings, name, kind):
    client = login_as(instructor)
    streamed = client.get(reverse(name, args=[cohort.pk]))
    settings.EXPORT_INLINE_STUDENTS = 1  # the cohort has two students: over the limit

    with run_tasks():
        response = client.get(reverse(name, args=[cohort.pk]))

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.owner, job.status) == (instructor, Job.Status.FINISHED)
    page = client.get(job.get_absolute_url()).text
    assert job.result_url in page and "hx-trigger" not in page  # done: no more polling
    download = client.get(job.result_url)
    assert download["Content-Disposition"].startswith(f'attachment; filename="{slugify(str(cohort))}-{kind}-')
    assert b"".join(download.streaming_content) == b"".join(streamed.streaming_content)
