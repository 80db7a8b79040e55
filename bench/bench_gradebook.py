"""Gradebook benchmark: the cohort gradebook page and its CSV export for 1,000 students × 30 assignments.

    make bench                                               (all benchmarks, throwaway PostgreSQL)
    .ci/with-postgres .venv/bin/python -m bench gradebook    (this one only)

Uses DATABASE_URL (``.ci/with-postgres`` provides a throwaway PostgreSQL cluster); without it, a
temporary SQLite file, never the project's own database. Sizes: BENCH_GRADEBOOK_STUDENTS (default
1000) and BENCH_GRADEBOOK_ASSIGNMENTS (default 30).

How: configure Django with the test settings (DEBUG off, as production), migrate, then bulk_create
an instructor, a cohort, the students and their memberships, the assignments (one shared quiz), and
their attempts: every student has a submitted attempt on most assignments (a second one on some, a
late one on some, none on a few), plus a few excusals and extensions. Then, signed in as the
instructor through Django's test Client:

- ``page_ms``: the gradebook page, best of 3 (a first, untimed request warms the template cache);
- ``page_queries``: the queries that page runs (CaptureQueriesContext), and ``page_cpu_ms`` this
  process's CPU time for that request (wall time on a busy machine counts other processes' turns);
- ``csv_ms``: the gradebook CSV export streamed to the end, best of 3;
- ``csv_peak_mb``: the peak of Python's traced memory (tracemalloc) while streaming it once more.

Writes ``bench/results/gradebook.json``: ``{"students", "assignments", "attempts", "database",
"page_ms", "page_cpu_ms", "page_queries", "csv_ms", "csv_peak_mb", "csv_bytes", "load_average",
"calibration_ms"}`` (the last two say how busy and how fast the machine was: see ``calibration_ms``).
Targets: page < 1,500 ms, CSV peak < 100 MB, and page_queries the same as for 10 students
(tests/gradebook/test_query_counts.py).
"""

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

STUDENTS = int(os.environ.get("BENCH_GRADEBOOK_STUDENTS", "1000"))
ASSIGNMENTS = int(os.environ.get("BENCH_GRADEBOOK_ASSIGNMENTS", "30"))
RUNS = 3
from bench.report import write_result  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "gradebook.json"


def setup_django(tmp: str, name: str = "gradebook") -> str:
    """Django on DATABASE_URL, else a SQLite file in ``tmp``, migrated; the database's vendor."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench-{name}.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.db import connection

    return connection.vendor


def build(run: str):
    """The cohort and its instructor, with STUDENTS × ASSIGNMENTS of attempts, all by bulk_create."""
    from datetime import timedelta
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cohorts.models import Cohort, Membership
    from gradebook.models import GradeAdjustment
    from quizzes.models import Assignment, AssignmentOverride, Attempt
    from tests.quiz_builders import choice_question, make_assignment

    User = get_user_model()
    now = timezone.now()
    instructor = User.objects.create(username=f"bench-{run}-instructor", is_instructor=True, password="!")
    cohort = Cohort.objects.create(name=f"Bench {run}", course_code="BENCH 101")
    first = make_assignment(instructor=instructor, cohort=cohort, specs=[choice_question(n) for n in range(10)],
                            title="Assignment 1", opens=now - timedelta(days=90), due=now - timedelta(days=60),
                            closes=now - timedelta(days=59), accept_late=True,
                            late_penalty_percent_per_day=Decimal(10))
    methods = [m.value for m in Assignment.GradingMethod]
    rest = Assignment.objects.bulk_create(
        Assignment(quiz=first.quiz, cohort=cohort, title=f"Assignment {j + 1}", opens_at=now - timedelta(days=90),
                   due_at=now - timedelta(days=60 - j), closes_at=now - timedelta(days=59 - j), accept_late=True,
                   late_penalty_percent_per_day=Decimal(j % 3 * 5), grading_method=methods[j % 4])
        for j in range(1, ASSIGNMENTS))
    assignments = [first, *rest]
    students = User.objects.bulk_create(
        User(username=f"bench-{run}-s{i:05d}", first_name=f"Student{i:05d}", last_name=f"Bench{i:05d}", password="!")
        for i in range(STUDENTS))
    Membership.objects.bulk_create(Membership(cohort=cohort, user=u, role="student", student_id=f"SIS{i:05d}")
                                   for i, u in enumerate(students))
    attempts = []
    for i, student in enumerate(students):
        for j, assignment in enumerate(assignments):
            kind = (i * 7 + j) % 11
            if kind == 0:
                continue  # missed
            late = kind == 1
            at = assignment.due_at + (timedelta(hours=5) if late else -timedelta(hours=3))
            common = {"assignment": assignment, "student": student, "started_at": at - timedelta(minutes=40),
                      "deadline_at": at + timedelta(hours=1), "submitted_at": at, "status": "submitted",
                      "max_score": Decimal(10), "is_late": late}
            attempts.append(Attempt(number=1, score=Decimal((i + j) % 101) / 10, needs_grading=kind == 2, **common))
            if kind in (3, 4):
                attempts.append(Attempt(number=2, score=Decimal((i * j) % 101) / 10, **common))
    Attempt.objects.bulk_create(attempts, batch_size=5000)
    GradeAdjustment.objects.bulk_create(
        GradeAdjustment(assignment=assignments[i % ASSIGNMENTS], student=s, excused=i % 2 == 0,
                        score=None if i % 2 == 0 else Decimal(9), reason="Bench", changed_by=instructor)
        for i, s in enumerate(students[::25]))
    AssignmentOverride.objects.bulk_create(
        AssignmentOverride(assignment=first, student=s, due_at=first.due_at + timedelta(days=2))
        for s in students[::40])
    return instructor, cohort, len(attempts)


def calibration_ms() -> float:
    """CPU time of a fixed pure-Python loop (about 40 ms on a 2024 laptop), to read the others against:
    a shared or throttled machine inflates every figure here by the same factor."""
    start = time.process_time()
    total = 0
    for n in range(1_000_000):
        total += n
    return round((time.process_time() - start) * 1000, 1)


def best_ms(function, runs: int = RUNS) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 1)


def main() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        vendor = setup_django(tmp)
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        instructor, cohort, attempts = build(str(int(time.time())))
        client = Client()
        client.force_login(instructor)
        page_url = reverse("gradebook:gradebook", args=[cohort.pk])
        csv_url = reverse("gradebook:gradebook-csv", args=[cohort.pk])

        def page():
            response = client.get(page_url)
            assert response.status_code == 200, response.status_code

        def export() -> int:
            response = client.get(csv_url)
            assert response.status_code == 200, response.status_code
            return sum(len(chunk) for chunk in response.streaming_content)

        page()  # warm the template cache
        page_ms = best_ms(page)
        cpu = time.process_time()
        with CaptureQueriesContext(connection) as queries:
            page()
        page_cpu_ms = round((time.process_time() - cpu) * 1000, 1)
        page_queries = len(queries)  # now: the next request clears the connection's query log
        csv_ms = best_ms(export)
        tracemalloc.start()
        csv_bytes = export()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    result = {"students": STUDENTS, "assignments": ASSIGNMENTS, "attempts": attempts, "database": vendor,
              "page_ms": page_ms, "page_cpu_ms": page_cpu_ms, "page_queries": page_queries, "csv_ms": csv_ms,
              "csv_peak_mb": round(peak / 1024 / 1024, 2), "csv_bytes": csv_bytes,
              "load_average": round(os.getloadavg()[0], 2), "calibration_ms": calibration_ms()}
    return write_result(RESULTS, result)


if __name__ == "__main__":
    main()
