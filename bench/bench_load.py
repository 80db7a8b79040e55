"""Load benchmark: students autosaving answers and submitting, against gunicorn and PostgreSQL.

    make bench                                           (all benchmarks, throwaway PostgreSQL)
    .ci/with-postgres .venv/bin/python -m bench load     (this one only)

Needs DATABASE_URL pointing at a PostgreSQL server on this machine (``.ci/with-postgres`` provides a
throwaway cluster); it refuses anything else. Sizes: BENCH_STUDENTS (default 200) and BENCH_ANSWERS
(autosaves per student, default 8); BENCH_GUNICORN_ARGS adds gunicorn options (``-c conf.py``, or
``--worker-class gthread --threads 4``, say).

How: migrate; create a cohort, the tests' five-question mixed quiz, an assignment open now, the
students with their memberships and login sessions, and start every attempt through
``attempt_start``; start gunicorn (casebook.wsgi with DJANGO_SETTINGS_MODULE=bench.settings,
2 x cores + 1 sync workers) on 127.0.0.1 and a free port; warm every path up. Then every student is a
concurrent client (bench/loadgen.py: one connection each, its requests sequential, with its session
and CSRF cookies and the X-CSRFToken header) in these phases:

- floor: POSTs to the bench-only floor endpoint (bench/floor.py: the same middleware and login check,
  then one INSERT): what this machine does at best for an authenticated write;
- autosave: answers cycling through the attempt's questions, so later answers overwrite earlier ones;
  the client records each acknowledged one (HTTP 200 with ``{"position", "saved_at"}``);
- submit: once per student (a redirect that is not to the login page).

Floor and autosave each send half their BENCH_ANSWERS requests per student in the order floor,
autosave, autosave, floor, so that a machine that gets busier or quieter during the run (other work
on it) weighs on both alike. Afterwards ``lost_answers`` counts the (student, question) pairs whose
stored response is not the latest acknowledged answer (a later answer whose fate the client never
learned, a time-out say, is also accepted).

Writes ``bench/results/load.json``: ``{"students", "answers_each", "autosave", "submit", "floor"``
(each ``{"requests", "rps", "p50_ms", "p95_ms", "p99_ms", "errors", "unsent"}``),
``"autosave_vs_floor"`` (autosave rps / floor rps), ``"lost_answers"``, ``"workers"}``. ``rps`` is
acknowledged requests per second of the phases' wall time; ``errors`` are failed requests (HTTP
status, body, connection or 30 s time-out); ``unsent`` counts requests a phase deadline stopped (a
machine too busy for the time bound, not a server error). Every student sends without pause, so the
server is saturated and latencies are mostly queueing (about students / rps). Targets: no errors,
no lost answers, autosave_vs_floor >= 0.6, >= 200 students. The run is bounded (phase deadlines,
request time-outs; about 1-3 minutes) and gunicorn is always stopped.
"""

import asyncio
import json
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from bench.report import write_result  # noqa: E402

STUDENTS = int(os.environ.get("BENCH_STUDENTS", "200"))
ANSWERS = int(os.environ.get("BENCH_ANSWERS", "8"))
HOST = "127.0.0.1"
RESULTS = ROOT / "bench" / "results" / "load.json"
PHASE_DEADLINE_S = {"floor": 25, "autosave": 40, "submit": 30}  # floor and autosave run twice
ESSAY = ("The regime's revenue depends on a small number of channels, and the case shows how each was "
         "adapted when the previous one was closed. Sanctions raised the cost without removing the motive. ")
# gunicorn and the bench process must agree on these (session hashes and cookies depend on them).
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": HOST,
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SECURE_COOKIES": "false",
    "DJANGO_DEBUG": "false",
}


def setup_django():
    url = urlsplit(os.environ.get("DATABASE_URL", ""))
    if not url.scheme.startswith(("postgres", "pgsql")):
        sys.exit("bench_load needs PostgreSQL: set DATABASE_URL to a throwaway database, e.g. run it as\n"
                 "    .ci/with-postgres .venv/bin/python -m bench load     (or: make bench)")
    if url.hostname not in (None, "", "localhost") and not url.hostname.startswith("127."):
        sys.exit(f"bench_load only runs against a PostgreSQL server on this machine, not {url.hostname}.")
    os.environ.update(SERVER_ENV)
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --- data -------------------------------------------------------------------------------------------

def build_cohort(run: str):
    """The assignment, and one dict per student: user id, attempt id, cookies, questions."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils.crypto import get_random_string

    from cohorts.models import Cohort, Membership
    from quizzes.models import AttemptQuestion
    from quizzes.services.attempts import attempt_start
    from tests.quiz_builders import make_assignment

    User = get_user_model()
    instructor = User.objects.create(username=f"bench-{run}-instructor", is_instructor=True,
                                     password=make_password(None))
    cohort = Cohort.objects.create(name=f"Bench {run}", course_code="BENCH 101")
    assignment = make_assignment(instructor=instructor, cohort=cohort)
    users = User.objects.bulk_create([
        User(username=f"bench-{run}-s{i:04d}", first_name="Student", last_name=f"{i:04d}",
             password=make_password(None)) for i in range(STUDENTS)
    ])
    Membership.objects.bulk_create([Membership(cohort=cohort, user=u, role="student") for u in users])
    attempts = [attempt_start(assignment=assignment, student=u) for u in users]
    questions = {}
    for aq in AttemptQuestion.objects.filter(attempt__in=attempts).select_related("version").order_by("position"):
        questions.setdefault(aq.attempt_id, []).append(
            {"position": aq.position, "type": aq.version.type, "key": question_key(aq),
             "choices": list(aq.version.question_spec.choice_ids())})
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    students = []
    for i, (user, attempt) in enumerate(zip(users, attempts)):
        session = store_class()
        session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                        HASH_SESSION_KEY: user.get_session_auth_hash()})
        session.create()
        csrf = get_random_string(32)
        students.append({
            "index": i, "user_id": user.pk, "attempt_id": attempt.pk, "questions": questions[attempt.pk],
            "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}",
            "csrf": csrf,
        })
    return assignment, students


def question_key(attempt_question) -> str:
    """The ``<key>`` in the widget's field name ``q-<key>``: the attempt's position (quizzes/views/taking.py)."""
    return str(attempt_question.position)


def answer(kind: str, student: int, n: int, choices: list[str]) -> tuple[object, object]:
    """The n-th answer a student gives to a question of this type: (form value, stored response).
    Choices are named by their ids, as the attempt page's form sends them."""
    if kind in ("single_choice", "true_false"):
        return choices[n % len(choices)], choices[n % len(choices)]
    if kind == "multiple_answer":
        picked = [choices[j] for j in range(len(choices)) if (n + 1) >> j & 1]
        return picked, picked
    if kind == "numeric":
        value = f"{student}.{n}"
        return value, value
    if kind == "essay":
        value = f"Draft {n} by student {student}. " + ESSAY * (1 + n % 4)
        return value, value
    value = f"answer {n} from {student}"
    return value, value


# --- server -----------------------------------------------------------------------------------------

def start_gunicorn(port: int, workers: int, log: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "casebook.wsgi:application", "--bind", f"{HOST}:{port}", "--workers", str(workers),
               "--chdir", str(ROOT), "--timeout", "30", "--log-level", "warning", "--error-logfile", str(log),
               "--no-control-socket",  # its default path is one per user: two benchmarks at once would share it
               *shlex.split(os.environ.get("BENCH_GUNICORN_ARGS", ""))]
    env = {**os.environ, **SERVER_ENV}
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{tail(log)}")
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.1)
    stop_gunicorn(server)
    raise RuntimeError(f"gunicorn did not listen on {HOST}:{port} within 20s:\n{tail(log)}")


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # its own session: only gunicorn's processes
            server.wait(timeout=5)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# --- load -------------------------------------------------------------------------------------------

async def drive(port: int, students: list[dict], urls: dict) -> dict:
    from bench.loadgen import Connection, Stats, run_phase, timed

    origin = f"http://{HOST}:{port}"
    connections = {s["index"]: Connection(HOST, port) for s in students}

    def headers(student, accept="application/json"):
        return {"Cookie": student["cookie"], "X-CSRFToken": student["csrf"], "Origin": origin,
                "Referer": origin + "/", "Accept": accept}

    floor, autosave, submit, warm = Stats(), Stats(), Stats(), Stats()
    floor_acks = []  # (user id, value) of every acknowledged floor write
    sent = {}  # (student, position) -> [[stored response, outcome]], outcome: "ack", "refused" or "unknown"

    async def floor_post(student, n, stats):
        value = f"{student['index']}-{n}"
        try:
            response, seconds = await timed(connections[student["index"]], "POST", urls["floor"],
                                            headers=headers(student), form={"value": value})
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError) as error:
            return stats.fail(f"floor: {error!r}")
        if response.status == 200 and b"saved_at" in response.body:
            stats.ok(seconds)
            floor_acks.append((student["user_id"], value))
        else:
            stats.fail(f"floor: HTTP {response.status} {response.body[:200]!r}")

    async def save(student, n, stats):
        question = student["questions"][n % len(student["questions"])]
        form_value, stored = answer(question["type"], student["index"], n, question["choices"])
        record = [stored, "unknown"]
        sent.setdefault((student["index"], question["position"]), []).append(record)
        url = urls["autosave"](student["attempt_id"], question["position"])
        try:
            response, seconds = await timed(connections[student["index"]], "POST", url, headers=headers(student),
                                            form={f"q-{question['key']}": form_value})
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError) as error:
            return stats.fail(f"autosave: {error!r}")
        try:
            data = json.loads(response.body)
        except ValueError:
            data = {}
        if response.status == 200 and "saved_at" in data and str(data.get("position")) == str(question["position"]):
            record[1] = "ack"
            stats.ok(seconds)
        else:
            record[1] = "refused" if 400 <= response.status < 500 else "unknown"
            stats.fail(f"autosave: HTTP {response.status} {response.body[:200]!r}")

    async def submit_one(student, index):
        try:
            response, seconds = await timed(connections[student["index"]], "POST", urls["submit"](student["attempt_id"]),
                                            headers=headers(student, accept="text/html"), form={})
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError) as error:
            return submit.fail(f"submit: {error!r}")
        location = response.headers.get("location", "")
        if response.status in (302, 303) and "login" not in location:
            submit.ok(seconds)
        else:
            submit.fail(f"submit: HTTP {response.status} location={location!r} {response.body[:200]!r}")

    def repeat(action, stats, numbers):
        async def user(student, index):
            for n in numbers:
                await action(student, n, stats)
        return user

    half = ANSWERS // 2
    # floor, autosave, autosave, floor: a machine that speeds up or slows down during the run (other
    # work on it) then weighs on both alike, and the ratio stays fair.
    plan = [("floor", floor_post, floor, range(half)), ("autosave", save, autosave, range(half)),
            ("autosave", save, autosave, range(half, ANSWERS)), ("floor", floor_post, floor, range(half, ANSWERS))]
    try:
        for action in (floor_post, save):  # every worker imports, connects, runs each path once
            await run_phase(warm, students[:50], repeat(action, warm, [-1]), planned=50, deadline_s=30)
        for name, action, stats, numbers in plan:
            await run_phase(stats, students, repeat(action, stats, numbers), planned=len(students) * len(numbers),
                            deadline_s=PHASE_DEADLINE_S[name])
        await run_phase(submit, students, submit_one, planned=len(students), deadline_s=PHASE_DEADLINE_S["submit"])
    finally:
        for connection in connections.values():
            connection.close()
    return {"warm": warm, "floor": floor, "autosave": autosave, "submit": submit,
            "sent": sent, "floor_acks": floor_acks}


def lost_answers(students: list[dict], sent: dict) -> tuple[int, list[str]]:
    """Acknowledged answers that the database does not hold (later answers of unknown fate excused)."""
    from quizzes.models import AttemptQuestion

    by_attempt = {s["attempt_id"]: s["index"] for s in students}
    stored = {(by_attempt[aq.attempt_id], aq.position): aq.response
              for aq in AttemptQuestion.objects.filter(attempt_id__in=by_attempt).only("attempt_id", "position", "response")}
    lost, examples = 0, []
    for key, records in sent.items():
        acked = [i for i, (_, outcome) in enumerate(records) if outcome == "ack"]
        if not acked:
            continue
        last = acked[-1]
        allowed = [records[last][0]] + [value for value, outcome in records[last + 1:] if outcome == "unknown"]
        if stored.get(key) not in allowed:
            lost += 1
            if len(examples) < 5:
                examples.append(f"student {key[0]} question {key[1]}: acknowledged {allowed[0]!r}, stored {stored.get(key)!r}")
    return lost, examples


def main() -> dict:
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.urls import NoReverseMatch, reverse

    from bench import floor as floor_module
    from quizzes.models import Attempt

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    try:
        autosave_url = reverse("quizzes:answer-save", args=[918273645, 97531]).replace(
            "918273645", "{a}").replace("97531", "{p}")
        submit_url = reverse("quizzes:attempt-submit", args=[918273645]).replace("918273645", "{a}")
    except NoReverseMatch as error:
        sys.exit(f"bench_load: the quiz-taking views are missing ({error}); nothing to measure.")
    urls = {"floor": reverse("bench-floor"),
            "autosave": lambda a, p: autosave_url.format(a=a, p=p),
            "submit": lambda a: submit_url.format(a=a)}
    floor_module.ensure_table()
    run = secrets.token_hex(3)
    _, students = build_cohort(run)
    set_up_s = time.perf_counter() - started
    connection.close()  # gunicorn's workers get the database to themselves
    workers = 2 * (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()) + 1
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        log = Path(tmp) / "gunicorn.log"
        port = free_port()
        server = start_gunicorn(port, workers, log)
        try:
            outcome = asyncio.run(drive(port, students, urls))
        finally:
            stop_gunicorn(server)
            server_log = tail(log, 15)
    lost, lost_examples = lost_answers(students, outcome["sent"])
    stored_floor = floor_module.stored_values()
    floor_lost = sum(1 for ack in outcome["floor_acks"] if ack not in stored_floor)
    unsubmitted = Attempt.objects.filter(pk__in=[s["attempt_id"] for s in students]).exclude(
        status=Attempt.Status.SUBMITTED).count()

    result = {"students": STUDENTS, "answers_each": ANSWERS}
    for name in ("autosave", "submit", "floor"):
        result[name] = outcome[name].summary()
    floor_rps = result["floor"]["rps"]
    result["autosave_vs_floor"] = round(result["autosave"]["rps"] / floor_rps, 3) if floor_rps else None
    result["lost_answers"] = lost
    result["workers"] = workers
    write_result(RESULTS, result)

    notes = [f"set-up {set_up_s:.1f}s, total {time.perf_counter() - started:.1f}s, gunicorn {workers} sync workers"]
    notes += [f"warm-up (not counted): {sample}" for sample in outcome["warm"].error_samples]
    for name in ("floor", "autosave", "submit"):
        notes += [f"{name}: {sample}" for sample in outcome[name].error_samples]
    notes += [f"lost: {example}" for example in lost_examples]
    if floor_lost:
        notes.append(f"{floor_lost} acknowledged floor rows missing (the checker itself is suspect)")
    if unsubmitted:
        notes.append(f"{unsubmitted} attempts still in progress after the submit phase")
    missed = [text for text, ok in [
        ("errors", not any(result[n]["errors"] for n in ("autosave", "submit", "floor"))),
        ("every request made in time", not any(result[n]["unsent"] for n in ("autosave", "submit", "floor"))),
        ("lost answers", lost == 0),
        ("autosave >= 60% of floor", (result["autosave_vs_floor"] or 0) >= 0.6),
        (">= 200 students", STUDENTS >= 200),
    ] if not ok]
    notes.append("targets met" if not missed else "targets missed: " + ", ".join(missed))
    if any(result[n]["errors"] for n in ("autosave", "submit", "floor")) and server_log.strip():
        notes.append("gunicorn log tail:\n" + server_log)
    print("\n".join(notes))
    return result


if __name__ == "__main__":
    main()
