"""Streamed CSV exports of a cohort: the gradebook in Canvas's import layout, and every response.

Rows are generated as the response is sent, from ``.iterator(chunk_size=…)`` reads in batches of
students, so memory stays flat whether the cohort has 20 students or 10,000 (pinned by
tests/gradebook/test_exports.py). Every text cell goes through ``csv_safe``: a spreadsheet must never
run a student's answer as a formula.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import batched

from django.db.models import OuterRef, Subquery
from django.http import StreamingHttpResponse

from accounts.zones import cohort_zone
from banks.codec import spec_from_dict
from banks.models import QuestionVersion
from banks.responses import response_text
from banks.spec import QuestionSpec
from cohorts.models import Membership
from gradebook import grid
from gradebook.queries import assignments_for_gradebook, loaded, rules_of, student_of, students_for_gradebook
from gradebook.score import Score, Status
from quizzes.models import Attempt, AttemptQuestion

STUDENTS_PER_BATCH = 200  # students whose attempts are in memory at once: 3 queries per batch
RESPONSES_PER_BATCH = 2000
FLUSH_AT = 64 * 1024  # characters per chunk sent
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """The cell as text, with a leading apostrophe if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _score(value) -> str:
    return "" if value is None else f"{value:.2f}"


def stream_csv(rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # grades: never kept by a shared cache
    return response


def csv_chunks(rows: Iterable[list]) -> Iterator[str]:
    """The rows as CSV text, a chunk at a time (for a streamed response, or a file a job writes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
        if buffer.tell() >= FLUSH_AT:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# The gradebook, Canvas's layout --------------------------------------------------------------------


def canvas_name(user) -> str:
    return f"{user.last_name}, {user.first_name}" if user.last_name and user.first_name else user.username


def _cell_text(cell: Score) -> str:
    if cell.status == Status.EXCUSED:
        return "EX"  # Canvas's mark for excused
    return _score(cell.points) if cell.counts else ""


def gradebook_rows(cohort, *, now, batch: int = STUDENTS_PER_BATCH) -> Iterator[list]:
    """``Student, ID, SIS User ID, Section``, a column ``<title> (<id>)`` per assignment, then Canvas's
    "Points Possible" row, then one row per student (final scores; excused is "EX")."""
    assignments = list(assignments_for_gradebook([cohort.pk]))
    rules = [rules_of(a) for a in assignments]
    ids = [a.pk for a in assignments]
    yield ["Student", "ID", "SIS User ID", "Section", *(f"{r.title} ({r.id})" for r in rules)]
    yield ["Points Possible", "", "", "", *(_score(r.points) for r in rules)]
    for members in batched(students_for_gradebook(cohort).iterator(chunk_size=batch), batch):
        students = [student_of(m) for m in members]
        rows = grid.grid(assignments=rules, students=students, now=now,
                       **loaded(ids, [s.id for s in students]))
        for member, row in zip(members, rows):
            yield [canvas_name(member.user), member.user_id, member.student_id, str(cohort),
                   *(_cell_text(c) for c in row.cells)]


# Every response ---------------------------------------------------------------------------------------


RESPONSE_COLUMNS = ("attempt__student_id", "attempt__student__first_name", "attempt__student__last_name",
                    "attempt__student__username", "sis_id", "attempt__assignment_id", "attempt__assignment__title",
                    "attempt__assignment__quiz__title", "attempt__number", "attempt__submitted_at", "position",
                    "version_id", "response", "score", "points")  # points: what the question was worth in that attempt


def responses_for_export(cohort):
    """Submitted attempts' questions of the cohort's current students, one tuple per question."""
    students = Membership.objects.filter(cohort=cohort, role=Membership.Role.STUDENT)
    sis = students.filter(user=OuterRef("attempt__student")).values("student_id")[:1]
    return (
        AttemptQuestion.objects
        .filter(attempt__assignment__cohort=cohort, attempt__status=Attempt.Status.SUBMITTED,
                attempt__student__in=students.values("user"))
        .annotate(sis_id=Subquery(sis))
        .order_by("attempt__student__last_name", "attempt__student__first_name", "attempt__student_id",
                  "attempt__assignment__due_at", "attempt__assignment_id", "attempt__number", "position")
        .values_list(*RESPONSE_COLUMNS)
    )


def timestamp(moment, zone) -> str:
    """ISO 8601 with its offset, in the cohort's zone (the header names it): 2026-11-01T23:59:00-05:00."""
    return moment.astimezone(zone).isoformat(timespec="seconds") if moment else ""


def responses_rows(cohort, *, batch: int = RESPONSES_PER_BATCH) -> Iterator[list]:
    """Times are the cohort's (accounts.zones), whoever downloads the file: the header says which."""
    zone = cohort_zone(cohort.timezone)
    yield ["Student", "ID", "SIS User ID", "Assignment", "Assignment ID", "Attempt",
           f"Submitted (ISO 8601, {zone.key})", "Position", "Question", "Type", "Response", "Score", "Max"]
    versions: dict[int, tuple[str, str, QuestionSpec | None]] = {}  # as many as the quizzes have questions
    for chunk in batched(responses_for_export(cohort).iterator(chunk_size=batch), batch):
        _load_versions(versions, {row[11] for row in chunk})
        for (student_id, first, last, username, sis_id, assignment_id, title, quiz_title, number, submitted_at,
             position, version_id, response, score, points) in chunk:
            name = f"{last}, {first}" if last and first else username
            version_title, kind, spec = versions[version_id]
            yield [name, student_id, sis_id or "", title or quiz_title, assignment_id, number,
                   timestamp(submitted_at, zone), position, version_title, kind, response_text(spec, response),
                   _score(score), _score(points)]


def _load_versions(versions: dict, wanted: set[int]) -> None:
    missing = wanted - versions.keys()
    for version in QuestionVersion.objects.filter(pk__in=missing).only("title", "type", "spec"):
        try:
            spec = spec_from_dict(version.spec)
        except (ValueError, TypeError, KeyError):
            spec = None
        versions[version.pk] = (version.title or (spec.title if spec else ""), version.type, spec)


def export_rows(kind: str, cohort, *, now) -> Iterator[list]:
    """The rows of one export, "grades" or "responses": what the download streams and a job writes."""
    return gradebook_rows(cohort, now=now) if kind == "grades" else responses_rows(cohort)
