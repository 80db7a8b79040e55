"""Spike benchmark: a whole class presses Start in the same instant, and later submits in the last seconds.

    make bench                                             (all benchmarks, throwaway PostgreSQL)
    .ci/with-postgres .venv/bin/python -m bench spike      (this one only)

Needs DATABASE_URL pointing at a PostgreSQL server on this machine (``.ci/with-postgres`` gives a
throwaway cluster). Sizes: BENCH_SPIKE_SIZES (default "250,500,1000" students); BENCH_GUNICORN_ARGS
adds gunicorn options (``--worker-class gthread --threads 4``, say).

The quiz is what an exam looks like: a 3,000-word case and 16 questions drawn from a 24-question bank
(single choice, multiple answer, short answer, numeric and an essay). For each size, a fresh cohort of
signed-in students (sessions and CSRF cookies made up front), then two phases against gunicorn
(casebook.wsgi, bench.settings, 2 x cores + 1 workers) on 127.0.0.1:

- start: every student is released at one instant to open the assignment page, press Start (a POST
  whose answer is the attempt page, following a redirect if there is one) and hold the attempt page;
  the time counted is from the release to the attempt page's last byte;
- submit: every student submits once, at a moment spread evenly over 5 seconds (the deadline crunch);
  the time counted is each submit's.

Writes ``bench/results/spike.json``: ``{"runs": [{"students", "start": {...}, "submit": {...},
"workers", "worker_class"}, ...]}``, each phase ``{"requests", "p50_ms", "p95_ms", "p99_ms",
"max_ms", "errors", "all_done_s"}`` plus, for the start, ``"attempts"`` (made once each) and for the
submit ``"submitted_once"``. Targets (this 2-core machine, server, database and load generator
together): 1,000 students start with p95 under 5 s and submit in a 5 s window with p95 under 5 s, no
errors, every attempt started and submitted once. Bounded: each phase stops at 90 s.
"""

import asyncio
import json
import os
import re
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from bench.bench_load import HOST, free_port, setup_django, start_gunicorn, stop_gunicorn, tail  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SPIKE_SIZES", "250,500,1000").split(",") if n.strip()]
RESULTS = ROOT / "bench" / "results" / "spike.json"
PHASE_DEADLINE_S = 90
SUBMIT_WINDOW_S = 5.0
CASE_WORDS = 3000
POOL, DRAWN = 24, 16
WARM_UP = 10  # students who start first, unmeasured: every worker has imported and run each path
ATTEMPT_LINK = re.compile(rb"/attempts/(\d+)/answers/")  # the autosave URLs name the attempt


def quiz_questions() -> list:
    from decimal import Decimal

    from banks.spec import AcceptedAnswer, Choice, NumericAnswer, QuestionSpec, QuestionType

    specs = []
    for n in range(POOL):
        kind = n % 6
        prompt = f"Question {n}: according to the case, which of these is right? " * 2
        if kind in (0, 1, 2):
            specs.append(QuestionSpec(type=QuestionType.SINGLE_CHOICE, title=f"Q{n}", prompt=prompt, choices=tuple(
                Choice(f"Answer {c} to question {n}", c == 1, feedback="Why.") for c in range(4))))
        elif kind == 3:
            specs.append(QuestionSpec(type=QuestionType.MULTIPLE_ANSWER, title=f"Q{n}", prompt=prompt,
                                      points=Decimal(2), choices=tuple(Choice(f"Option {c}", c < 2) for c in range(5))))
        elif kind == 4:
            specs.append(QuestionSpec(type=QuestionType.SHORT_ANSWER, title=f"Q{n}", prompt=prompt,
                                      answers=(AcceptedAnswer("Bureau 39"),)))
        else:
            specs.append(QuestionSpec(type=QuestionType.NUMERIC, title=f"Q{n}", prompt=prompt,
                                      numeric=(NumericAnswer(value=Decimal(95), tolerance=Decimal(1)),)))
    specs[-1] = QuestionSpec(type=QuestionType.ESSAY, title="Essay", prompt="Discuss the case.", points=Decimal(4))
    return specs


def case_body() -> str:
    paragraph = ("The workers are sent abroad in groups and watched by minders; their wages are paid to a "
                 "state company, which keeps most of the money and sends it home. ")
    words = len(paragraph.split())
    paragraphs = [paragraph * 3 for _ in range(CASE_WORDS // (3 * words) + 1)]
    return "## Background\n\n" + "\n\n".join(paragraphs) + "\n\n| Year | Workers |\n|---|---|\n| 2015 | 50,000 |\n"


def build_class(run: str, size: int):
    """An assignment open now on the exam quiz, and ``size`` signed-in students (dicts with cookies)."""
    from datetime import timedelta
    from decimal import Decimal
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from banks.formats.base import ParsedBank
    from banks.services import bank_import
    from casestudies import services as cases
    from cohorts.models import Cohort, Membership
    from quizzes.models import Assignment, Quiz
    from quizzes.services.quizzes import quiz_item_add_draw

    User = get_user_model()
    instructor = User.objects.create(username=f"spike-{run}-instructor", is_instructor=True,
                                     password=make_password(None))
    cohort = Cohort.objects.create(name=f"Spike {run}", course_code="BENCH 201")
    Membership.objects.create(cohort=cohort, user=instructor, role="instructor")
    case = cases.case_create(author=instructor, title="Forced labour abroad", body=case_body())
    cases.case_set_published(case=case, published=True)
    bank = bank_import(owner=instructor, parsed=ParsedBank(title="Exam bank", questions=quiz_questions()))
    quiz = Quiz.objects.create(title="Exam", owner=instructor, case=case, shuffle_questions=True, shuffle_choices=True)
    quiz_item_add_draw(quiz=quiz, bank=bank, count=DRAWN, points=Decimal(1))
    now = timezone.now()
    assignment = Assignment.objects.create(quiz=quiz, cohort=cohort, opens_at=now - timedelta(hours=1),
                                           due_at=now + timedelta(hours=3), closes_at=now + timedelta(hours=3),
                                           time_limit_minutes=90)
    users = User.objects.bulk_create([
        User(username=f"spike-{run}-s{i:04d}", first_name="Student", last_name=f"{i:04d}",
             password=make_password(None)) for i in range(size)])
    Membership.objects.bulk_create([Membership(cohort=cohort, user=u, role="student") for u in users])
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    students = []
    for i, user in enumerate(users):
        session = store_class()
        session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                        HASH_SESSION_KEY: user.get_session_auth_hash()})
        session.create()
        csrf = get_random_string(32)
        students.append({"index": i, "user_id": user.pk, "csrf": csrf,
                         "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
                                   f"{settings.CSRF_COOKIE_NAME}={csrf}"})
    return assignment, students


def phase_summary(latencies: list[float], errors: list[str], wall: float) -> dict:
    from bench.loadgen import percentile_ms

    ordered = sorted(latencies)
    return {"requests": len(ordered) + len(errors), "p50_ms": percentile_ms(ordered, 50),
            "p95_ms": percentile_ms(ordered, 95), "p99_ms": percentile_ms(ordered, 99),
            "max_ms": round(ordered[-1] * 1000, 1) if ordered else None, "errors": len(errors),
            "all_done_s": round(wall, 2)}


async def drive(port: int, assignment_url: str, start_url: str, submit_url: str, students: list[dict], *,
                submit: bool = True) -> dict:
    """The start (every student released at once), then the submit phase; returns each phase's
    latencies, error samples and wall time (until the last of them finished)."""
    from bench.loadgen import Connection

    origin = f"http://{HOST}:{port}"
    connections = {s["index"]: Connection(HOST, port) for s in students}
    out = {"start": ([], []), "submit": ([], [])}  # (latencies, error samples)

    def headers(student):
        return {"Cookie": student["cookie"], "X-CSRFToken": student["csrf"], "Origin": origin,
                "Referer": origin + "/", "Accept": "text/html"}

    async def request(student, method, path, form=None):
        return await asyncio.wait_for(connections[student["index"]].request(
            method, path, headers=headers(student), form=form), 60)

    async def start(student, release):
        await release.wait()
        began = time.perf_counter()
        try:
            page = await request(student, "GET", assignment_url)
            if page.status != 200:
                raise RuntimeError(f"assignment page HTTP {page.status}")
            answer = await request(student, "POST", start_url, form={})
            if answer.status in (302, 303):
                student["attempt_url"] = answer.headers["location"]
                answer = await request(student, "GET", student["attempt_url"])
            attempt = ATTEMPT_LINK.search(answer.body) if answer.status == 200 else None
            if attempt is None:
                raise RuntimeError(f"attempt page HTTP {answer.status} {answer.body[:120]!r}")
            student["submit_url"] = submit_url.format(int(attempt.group(1)))
            out["start"][0].append(time.perf_counter() - began)
        except Exception as error:  # noqa: BLE001 - every failure is counted and sampled, never fatal
            out["start"][1].append(f"start: {error!r}"[:200])

    async def submit(student, delay):
        await asyncio.sleep(delay)
        began = time.perf_counter()
        try:
            answer = await request(student, "POST", student["submit_url"], form={})
            if answer.status not in (302, 303) or "login" in answer.headers.get("location", ""):
                raise RuntimeError(f"submit HTTP {answer.status}")
            out["submit"][0].append(time.perf_counter() - began)
        except Exception as error:  # noqa: BLE001
            out["submit"][1].append(f"submit: {error!r}"[:200])

    walls = {}
    try:
        release = asyncio.Event()
        tasks = [asyncio.create_task(start(s, release)) for s in students]
        await asyncio.sleep(0.5)  # every client waiting on the same event
        began = time.perf_counter()
        release.set()
        await asyncio.wait(tasks, timeout=PHASE_DEADLINE_S)
        walls["start"] = time.perf_counter() - began
        ready = [s for s in students if s.get("submit_url")] if submit else []
        step = SUBMIT_WINDOW_S / max(len(ready), 1)
        began = time.perf_counter()
        tasks = [asyncio.create_task(submit(s, i * step)) for i, s in enumerate(ready)]
        await asyncio.wait(tasks, timeout=PHASE_DEADLINE_S)
        walls["submit"] = time.perf_counter() - began
    finally:
        for connection in connections.values():
            connection.close()
    return {name: (latencies, errors, walls.get(name, 0.0)) for name, (latencies, errors) in out.items()}


def run_size(size: int, workers: int, worker_class: str) -> dict:
    from django.db import connection
    from django.urls import reverse

    from quizzes.models import Attempt

    run = secrets.token_hex(3)
    assignment, students = build_class(run, size + WARM_UP)
    warm, students = students[:WARM_UP], students[WARM_UP:]
    assignment_url = reverse("gradebook:assignment", args=[assignment.pk])
    start_url = reverse("quizzes:attempt-start", args=[assignment.pk])
    submit_url = reverse("quizzes:attempt-submit", args=[918273645]).replace("918273645", "{}")
    connection.close()  # gunicorn's workers get the database to themselves
    with tempfile.TemporaryDirectory(prefix="bench-spike-") as tmp:
        log = Path(tmp) / "gunicorn.log"
        port = free_port()
        server = start_gunicorn(port, workers, log)
        try:
            asyncio.run(drive(port, assignment_url, start_url, submit_url, warm, submit=False))  # warm every worker
            outcome = asyncio.run(drive(port, assignment_url, start_url, submit_url, students))
        finally:
            stop_gunicorn(server)
            server_log = tail(log, 15)
    attempts = Attempt.objects.filter(assignment=assignment, student__in=[s["user_id"] for s in students])
    start = phase_summary(*outcome["start"])
    start["attempts"] = attempts.count()
    submit = phase_summary(*outcome["submit"])
    submit["submitted_once"] = attempts.filter(status=Attempt.Status.SUBMITTED).values("student").distinct().count()
    samples = outcome["start"][1][:3] + outcome["submit"][1][:3]
    return {"students": size, "start": start, "submit": submit, "workers": workers, "worker_class": worker_class,
            "error_samples": samples, "server_log": server_log if samples else ""}


def main() -> dict:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    workers = 2 * cores + 1
    worker_class = "gthread" if "gthread" in os.environ.get("BENCH_GUNICORN_ARGS", "") else "sync"
    runs = []
    for size in SIZES:
        started = time.perf_counter()
        result = run_size(size, workers, worker_class)
        runs.append(result)
        print(json.dumps({k: v for k, v in result.items() if k != "server_log"}), f"({time.perf_counter() - started:.0f}s)",
              flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"runs": [{k: v for k, v in r.items() if k != "server_log"} for r in runs]},
                                  indent=2) + "\n", encoding="utf-8")
    for r in runs:
        ok = (not r["start"]["errors"] and not r["submit"]["errors"] and r["start"]["attempts"] == r["students"]
              and r["submit"]["submitted_once"] == r["students"])
        fast = (r["start"]["p95_ms"] or 1e9) < 5000 and (r["submit"]["p95_ms"] or 1e9) < 5000
        print(f"{r['students']} students: start p95 {r['start']['p95_ms']} ms, submit p95 {r['submit']['p95_ms']} ms, "
              f"{'correct' if ok else 'NOT CORRECT'}, {'within' if fast else 'over'} the 5 s targets")
        if r["server_log"]:
            print("gunicorn log tail:\n" + r["server_log"])
    return {"runs": runs}


if __name__ == "__main__":
    main()
