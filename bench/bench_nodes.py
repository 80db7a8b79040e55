"""Multi-node benchmark: two gunicorn nodes behind HAProxy, one PostgreSQL, one Redis, one task worker,
and one node SIGKILLed mid-quiz and restarted. A pass/fail test as much as a measurement.

    make bench                                          (all benchmarks, throwaway PostgreSQL)
    .ci/with-postgres .venv/bin/python -m bench nodes   (this one only)

Needs root (HAProxy drops to Debian's haproxy user; .ci/with-postgres runs PostgreSQL as postgres),
PostgreSQL on this machine (DATABASE_URL, as bench_load), Redis on 127.0.0.1:6379 (an empty database
number of its own, flushed afterwards: never another) and Debian's haproxy. Everything listens on
127.0.0.1 and every process started is stopped at the end (bench/cluster.py). BENCH_NODES_STUDENTS
(default 40) students; about a minute (90 s on a machine busy with other work).

How: the students, their attempts and a cohort as bench_load builds them (bench_load.build_cohort),
each with a password. The nodes run production settings (DEBUG off, HTTPS redirect on behind the
TLS proxy, Redis cache and cached_db sessions, DATABASE_POOL when psycopg_pool is installed, every
export a background job) with docs/deploy/gunicorn.conf.py; HAProxy runs docs/deploy/haproxy.cfg as
shipped, only its addresses and paths set through its environment, and ends TLS. Then, all through
the balancer over HTTPS:

1. every student signs in with the login form (GET, then POST: a session on one node, used on any);
2. for ``PHASE_S`` seconds every student autosaves answers, one after another with a short pause;
   at ``KILL_AT_S`` (once the balancer has a request in flight on it) node1's master and workers
   get SIGKILL together; at ``RESTART_AT_S`` it starts again (as systemd's Restart=always would)
   and rejoins once HAProxy sees /health/ pass;
3. every student submits twice (a double click), each request free to land on either node;
4. one student sends wrong join codes, one request after another, so they alternate between nodes;
5. the instructor exports the grades: a job the worker runs, whose file (on the shared media
   directory) is downloaded through both nodes.

Checks (bench/results/nodes.json: the figures, ``checks`` with a pass/fail each; exit 1 if one
fails): both nodes served saves, and a student's consecutive saves changed node (the X-Casebook-Node
header HAProxy adds, cross-checked with each node's gunicorn access log); the kill took every
process of node1, HAProxy took it out and back, and it served again; no request failed except those
in flight at the kill; no acknowledged answer lost (bench_load's rule: the stored response is the
latest acknowledged one, or a later one whose fate the client never learned); every attempt
submitted exactly once (a trigger in the throwaway database counts the UPDATEs that write
``submitted``); the join-code throttle counted across both nodes (10 wrong codes allowed per account,
the next refused with 429 whichever node it reaches), and the Redis database holds the sessions
and the count; the export job ran and both nodes served its file; each node answers /health/ in
plain HTTP.
"""

import asyncio
import contextlib
import csv
import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from bench import bench_load  # noqa: E402
from bench.bench_load import HOST, SERVER_ENV, answer  # noqa: E402
from bench.cluster import Cluster  # noqa: E402
from bench.https_clients import NODE_HEADER, Browser, SignInRefused, TLSConnection, ajax_headers  # noqa: E402
from bench.loadgen import Stats, timed  # noqa: E402

STUDENTS = int(os.environ.get("BENCH_NODES_STUDENTS", "40"))
WORKERS_PER_NODE = 2
PHASE_S, KILL_AT_S, RESTART_AT_S = 30.0, 8.0, 12.0
PAUSE_S = 0.25  # between one student's saves: a steady load, not a saturating one
VICTIM = "node1"
FAILED = (OSError, ValueError, asyncio.TimeoutError, asyncio.IncompleteReadError)
RESULTS = ROOT / "bench" / "results" / "nodes.json"
NODE_ENV = {
    **SERVER_ENV,
    "DJANGO_SECURE_SSL_REDIRECT": "true", "DJANGO_SECURE_COOKIES": "true", "DJANGO_SECURE_HSTS_SECONDS": "0",
    "DJANGO_BEHIND_TLS_PROXY": "true", "DJANGO_TRUSTED_PROXIES": "1", "DJANGO_LOG_LEVEL": "WARNING",
    "DATABASE_POOL": "true" if importlib.util.find_spec("psycopg_pool") else "false",
    "EXPORT_INLINE_STUDENTS": "0",  # every export is a job for the worker
}
SUBMIT_COUNTER = """
CREATE TABLE bench_submit_events (attempt_id bigint NOT NULL);
CREATE FUNCTION bench_record_submit() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN INSERT INTO bench_submit_events (attempt_id) VALUES (NEW.id); RETURN NEW; END $$;
CREATE TRIGGER bench_submit AFTER UPDATE ON {table} FOR EACH ROW WHEN (NEW.status = '{submitted}')
  EXECUTE FUNCTION bench_record_submit();
"""
NO_SUBMIT_COUNTER = """
DROP TRIGGER IF EXISTS bench_submit ON {table}; DROP FUNCTION IF EXISTS bench_record_submit();
DROP TABLE IF EXISTS bench_submit_events;
"""


# --- data -------------------------------------------------------------------------------------------

def build(run: str, password: str) -> tuple[dict, list[dict]]:
    """bench_load's cohort, attempts and questions, with a password for everyone (students sign in)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    with mock.patch.object(bench_load, "STUDENTS", STUDENTS):
        assignment, students = bench_load.build_cohort(run)
    User = get_user_model()
    instructor = assignment.quiz.owner
    User.objects.filter(pk__in=[instructor.pk, *(s["user_id"] for s in students)]).update(password=make_password(password))
    names = dict(User.objects.filter(pk__in=[s["user_id"] for s in students]).values_list("pk", "username"))
    for student in students:
        student["username"] = names[student["user_id"]]
    return {"username": instructor.username, "cohort": assignment.cohort_id}, students


@contextlib.contextmanager
def counting_submits():
    """Count, in the database itself, every UPDATE that writes an attempt as submitted; yields the reader."""
    from django.db import connection

    from quizzes.models import Attempt

    names = {"table": Attempt._meta.db_table, "submitted": Attempt.Status.SUBMITTED}
    with connection.cursor() as cursor:
        cursor.execute(NO_SUBMIT_COUNTER.format(**names) + SUBMIT_COUNTER.format(**names))
    connection.close()  # the nodes get the database to themselves

    def counts(attempt_ids: list[int]) -> dict[int, int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT attempt_id, count(*) FROM bench_submit_events WHERE attempt_id = ANY(%s) GROUP BY 1",
                           [attempt_ids])
            return dict(cursor.fetchall())

    try:
        yield counts
    finally:
        with connection.cursor() as cursor:
            cursor.execute(NO_SUBMIT_COUNTER.format(**names))


# --- the phases ---------------------------------------------------------------------------------------

async def autosave_with_a_kill(cluster: Cluster, students: list[dict], urls: dict) -> dict:
    """Every student saves until PHASE_S; node1 is killed at KILL_AT_S and restarted at RESTART_AT_S."""
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    stats, sent, saves, kill = Stats(), {}, [], {}
    context = cluster.tls_context()

    async def student_saves(student):
        connection = TLSConnection(HOST, cluster.https_port, context)
        headers = ajax_headers(student, urls["origin"])
        n = 0
        try:
            while loop.time() - t0 < PHASE_S:
                question = student["questions"][n % len(student["questions"])]
                form_value, stored = answer(question["type"], student["index"], n, question["choices"])
                record = [stored, "unknown"]  # bench_load.lost_answers' record: stored value, outcome
                sent.setdefault((student["index"], question["position"]), []).append(record)
                started, node, why = loop.time() - t0, None, None
                try:
                    response, seconds = await timed(connection, "POST", urls["autosave"](student["attempt_id"], question["position"]),
                                                    headers=headers, form={f"q-{question['key']}": form_value})
                    node = response.headers.get(NODE_HEADER)
                    data = json.loads(response.body) if response.status == 200 else {}
                    if str(data.get("position")) == str(question["position"]) and "saved_at" in data:
                        record[1] = "ack"
                        stats.ok(seconds)
                    else:
                        record[1] = "refused" if 400 <= response.status < 500 else "unknown"
                        why = f"HTTP {response.status} {response.body[:120]!r}"
                except FAILED as error:
                    why = repr(error)
                if why:
                    stats.fail(f"autosave at {started:.2f}s via {node}: {why}")
                saves.append({"student": student["index"], "node": node, "ok": why is None,
                              "sent": started, "done": loop.time() - t0})
                n += 1
                await asyncio.sleep(PAUSE_S)
        finally:
            connection.close()

    async def chaos():
        await asyncio.sleep(KILL_AT_S)
        for _ in range(100):  # mid-request, if it can be: the balancer has one in flight on the node
            if int((await asyncio.to_thread(cluster.stats))[VICTIM]["scur"]):
                break
            await asyncio.sleep(0.01)
        kill.update(node=VICTIM, requests_in_flight=int(cluster.stats()[VICTIM]["scur"]), at_s=round(loop.time() - t0, 3))
        kill.update(cluster.kill_node(VICTIM))
        kill["down_after_s"] = round(await asyncio.to_thread(cluster.wait_status, VICTIM, "DOWN"), 2)
        await asyncio.sleep(max(0.0, RESTART_AT_S - (loop.time() - t0)))
        kill["restarted_at_s"] = round(loop.time() - t0, 2)
        await asyncio.to_thread(cluster.start_node, VICTIM)
        kill["up_at_s"] = round(kill["restarted_at_s"] + await asyncio.to_thread(cluster.wait_status, VICTIM, "UP"), 2)

    await asyncio.gather(chaos(), *(student_saves(s) for s in students))
    stats.wall = PHASE_S
    return {"stats": stats, "sent": sent, "saves": saves, "kill": kill}


async def submit_twice(cluster: Cluster, students: list[dict], urls: dict) -> tuple[Stats, list[str]]:
    """Each student submits, then at once again (a double click): both must land on the review."""
    context, stats, nodes = cluster.tls_context(), Stats(), []

    async def student_submits(student):
        connection = TLSConnection(HOST, cluster.https_port, context)
        try:
            for _ in range(2):
                try:
                    response, seconds = await timed(connection, "POST", urls["submit"](student["attempt_id"]),
                                                    headers=ajax_headers(student, urls["origin"], "text/html"), form={})
                except FAILED as error:
                    stats.fail(f"submit: {error!r}")
                    continue
                nodes.append(response.headers.get(NODE_HEADER))
                location = response.headers.get("location", "")
                if response.status in (302, 303) and "login" not in location:
                    stats.ok(seconds)
                else:
                    stats.fail(f"submit: HTTP {response.status} location={location!r}")
        finally:
            connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(student_submits(s) for s in students))
    stats.wall = time.perf_counter() - started
    return stats, nodes


def sign_in_everyone(cluster: Cluster, students: list[dict], password: str) -> dict:
    """Every student through the login form (8 at a time); their sessions go to the concurrent phases."""

    def sign_in(student):
        browser = Browser(HOST, cluster.https_port, cluster.tls_context())
        try:
            nodes = browser.sign_in(student["username"], password)
        except (SignInRefused, OSError) as error:
            return None, [], repr(error)
        browser.as_student(student)
        return browser, nodes, None

    with ThreadPoolExecutor(max_workers=8) as pool:
        signed = list(pool.map(sign_in, students))
    nodes = [node for _, answered, _ in signed for node in answered]
    return {"browsers": [browser for browser, _, _ in signed], "errors": [why for _, _, why in signed if why],
            "by_node": {name: nodes.count(name) for name in cluster.names}}


def wrong_codes(browser: Browser, count: int) -> list[tuple[int, str]]:
    """Wrong join codes one after another: (status, node) of each answer."""
    answers = []
    for i in range(count):
        status, headers, _ = browser.request("POST", "/cohorts/join/", {"code": f"ZZ{i:06d}"})
        answers.append((status, headers.get(NODE_HEADER)))
    return answers


def export_job(browser: Browser, cohort_pk: int, user_ids: list[int]) -> dict:
    """The grades export as a job: started on one node, run by the worker, its file fetched through each node."""
    status, headers, _ = browser.request("GET", f"/cohorts/{cohort_pk}/gradebook.csv")
    job_url = headers.get("location", "")
    if status != 302 or "/jobs/" not in job_url:
        return {"ok": False, "why": f"HTTP {status} to {job_url!r}, not a job"}
    started, file_url = time.perf_counter(), None
    while time.perf_counter() - started < 30 and not file_url:
        time.sleep(0.5)
        _, _, page = browser.request("GET", job_url)
        found = re.search(rb'href="(/jobs/[0-9a-f-]+/file/)"', page)
        file_url = found and found.group(1).decode()
    if not file_url:
        return {"ok": False, "why": "the job did not finish within 30 s (is the worker running?)"}
    downloads = [browser.request("GET", file_url) for _ in range(2)]
    nodes = sorted({headers.get(NODE_HEADER) for _, headers, _ in downloads})
    bodies = {body.decode() for status, _, body in downloads if status == 200}
    rows = list(csv.reader(next(iter(bodies)).splitlines()))[2:] if len(bodies) == 1 else []  # header, points possible
    exported = {int(row[1]) for row in rows}  # the "ID" column
    return {"ok": exported == set(user_ids) and len(nodes) == 2, "seconds": round(time.perf_counter() - started, 1),
            "students_exported": len(exported), "downloaded_from": nodes}


def health_of_each_node(cluster: Cluster) -> dict:
    """GET /health/ on each node itself, as the balancer's probe does: plain HTTP, no X-Forwarded-Proto."""
    import http.client

    found = {}
    for name, port in cluster.ports.items():
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        connection.request("GET", "/health/", headers={"Host": HOST})
        response = connection.getresponse()
        found[name] = {"http": response.status, **json.loads(response.read() or b"{}")}
        connection.close()
    return found


def exercise(cluster: Cluster, students: list[dict], instructor: dict, password: str, urls: dict) -> dict:
    """Start the cluster and run every phase through it; what each phase saw, for the verdict."""
    from cohorts.throttle import USER_LIMIT

    for name in cluster.names:
        cluster.start_node(name)
    cluster.start_worker()
    cluster.start_balancer()
    for name in cluster.names:
        cluster.wait_status(name, "UP")
    urls = {**urls, "origin": f"https://{HOST}:{cluster.https_port}"}
    seen = {"sign_in": sign_in_everyone(cluster, students, password)}
    seen["phase"] = asyncio.run(autosave_with_a_kill(cluster, students, urls))
    seen["submit"] = asyncio.run(submit_twice(cluster, students, urls))
    first = seen["sign_in"]["browsers"][0]
    seen["throttle"] = {"limit": USER_LIMIT, "answers": wrong_codes(first, USER_LIMIT + 2) if first else []}
    teacher = Browser(HOST, cluster.https_port, cluster.tls_context())
    teacher.sign_in(instructor["username"], password)
    seen["export_job"] = export_job(teacher, instructor["cohort"], [s["user_id"] for s in students])
    seen["health"] = health_of_each_node(cluster)
    seen["balancer_requests"] = {name: int(row["stot"]) for name, row in cluster.stats().items()}
    seen["redis_keys"] = {"sessions": cluster.redis_keys("django.contrib.sessions.cached_db"),
                          "join_failures": cluster.redis_keys("cohorts:join-failures:user:")}
    seen["access_log_saves"] = {name: sum(1 for line in cluster.access_log_lines(name) if re.search(r'"POST /attempts/\d+/answers/', line))
                                for name in cluster.names}
    seen["balancer_events"] = [line for line in cluster.log("haproxy").read_text(errors="replace").splitlines()
                               if line.startswith("Server nodes/")]  # each node going DOWN or UP, and why
    seen["logs"] = {name: cluster.log(name).read_text(errors="replace")[-1500:] for name in [*cluster.names, "worker"]}
    return seen


# --- the verdict --------------------------------------------------------------------------------------

def switches(saves: list[dict]) -> tuple[int, int]:
    """(consecutive acknowledged saves of one student, of which on another node than the one before)."""
    pairs = changed = 0
    last = {}
    for save in sorted(saves, key=lambda s: s["sent"]):
        if not save["ok"]:
            continue
        if save["student"] in last:
            pairs += 1
            changed += last[save["student"]] != save["node"]
        last[save["student"]] = save["node"]
    return pairs, changed


def figures_of(seen: dict, students: list[dict], nodes: list[str], submits: dict[int, int], unsubmitted: int) -> dict:
    kill, saves, stats = seen["phase"]["kill"], seen["phase"]["saves"], seen["phase"]["stats"]
    failed = [s for s in saves if not s["ok"]]
    in_flight = [s for s in failed if s["sent"] <= kill.get("at_s", -1) <= s["done"]]
    pairs, changed = switches(saves)
    submit, submit_nodes = seen["submit"]
    return {
        "students": len(students), "nodes": nodes, "workers_per_node": WORKERS_PER_NODE,
        "database_pool": NODE_ENV["DATABASE_POOL"] == "true",
        "sign_in": {"requests": 2 * len(students), "errors": len(seen["sign_in"]["errors"]), "by_node": seen["sign_in"]["by_node"]},
        "autosave": {
            **stats.summary(), "by_node": {n: sum(1 for s in saves if s["ok"] and s["node"] == n) for n in nodes},
            "changed_node_fraction": round(changed / max(pairs, 1), 3),
            "errors_in_flight_at_kill": len(in_flight), "errors_otherwise": stats.errors - len(in_flight),
            "after_restart_by_victim": sum(1 for s in saves if s["ok"] and s["node"] == VICTIM
                                           and s["sent"] > kill.get("up_at_s", PHASE_S)),
        },
        "access_log_saves": seen["access_log_saves"], "balancer_requests": seen["balancer_requests"],
        "kill": kill,
        "lost_answers": bench_load.lost_answers(students, seen["phase"]["sent"])[0],
        "submit": {**submit.summary(), "by_node": {n: submit_nodes.count(n) for n in nodes},
                   "submit_events": sum(submits.values()), "double_submits": sum(1 for c in submits.values() if c > 1),
                   "unsubmitted": unsubmitted},
        "balancer_events": seen["balancer_events"],
        "throttle": seen["throttle"], "redis_keys": seen["redis_keys"],
        "export_job": seen["export_job"], "health": seen["health"],
    }


def verdict(figures: dict) -> dict[str, bool]:
    autosave, kill, submit = figures["autosave"], figures["kill"], figures["submit"]
    limit, answers = figures["throttle"]["limit"], figures["throttle"]["answers"]
    counted, refused = answers[:limit], answers[limit:]
    return {
        "every student signed in": figures["sign_in"]["errors"] == 0,
        "both nodes served saves": all(autosave["by_node"].get(name) for name in figures["nodes"]),
        # The header is the balancer's word; each node's own access log must hold at least as many saves.
        "access logs agree": all(figures["access_log_saves"][n] >= autosave["by_node"][n] for n in figures["nodes"]),
        "consecutive saves changed node": autosave["changed_node_fraction"] >= 0.3,
        "node1 killed whole": kill.get("processes_killed", 0) >= 1 + WORKERS_PER_NODE and kill.get("processes_left") == 0,
        "balancer took node1 out and back": "down_after_s" in kill and "up_at_s" in kill,
        "node1 served after its restart": autosave["after_restart_by_victim"] > 0,
        "no errors but those in flight at the kill": autosave["errors_otherwise"] == 0,
        "no acknowledged answer lost": figures["lost_answers"] == 0,
        "every attempt submitted once": submit["double_submits"] == 0 and submit["unsubmitted"] == 0,
        "every submit answered": submit["errors"] == 0,
        "sessions and throttle in Redis": (figures["redis_keys"]["sessions"] >= figures["students"]
                                           and figures["redis_keys"]["join_failures"] >= 1),
        "throttle counted across nodes": (all(status == 400 for status, _ in counted) and len({n for _, n in counted}) == 2
                                          and bool(refused) and all(status == 429 for status, _ in refused)),
        "export job ran, its file on both nodes": figures["export_job"]["ok"],
        "each node healthy in plain HTTP": all(h["http"] == 200 for h in figures["health"].values()),
    }


def main() -> int:
    if not shutil.which("haproxy"):
        sys.exit("bench_nodes needs HAProxy from Debian: apt-get install -y haproxy")
    # Stopped from outside (a CI time-out): unwind, so that Cluster stops what it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench_nodes: stopped by SIGTERM"))
    bench_load.setup_django()
    from django.core.management import call_command
    from django.urls import reverse

    from quizzes.models import Attempt

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    password = secrets.token_urlsafe(16)
    instructor, students = build(secrets.token_hex(3), password)
    autosave_url = reverse("quizzes:answer-save", args=[918273645, 97531]).replace("918273645", "{a}").replace("97531", "{p}")
    submit_url = reverse("quizzes:attempt-submit", args=[918273645]).replace("918273645", "{a}")
    urls = {"autosave": lambda a, p: autosave_url.format(a=a, p=p), "submit": lambda a: submit_url.format(a=a)}
    attempt_ids = [s["attempt_id"] for s in students]

    with counting_submits() as submits_of, Cluster(nodes=2, workers_per_node=WORKERS_PER_NODE, env=NODE_ENV) as cluster:
        seen = exercise(cluster, students, instructor, password, urls)
        submits = submits_of(attempt_ids)
    unsubmitted = Attempt.objects.filter(pk__in=attempt_ids).exclude(status=Attempt.Status.SUBMITTED).count()

    figures = figures_of(seen, students, cluster.names, submits, unsubmitted)
    figures["seconds"] = round(time.perf_counter() - started, 1)
    figures["checks"] = checks = verdict(figures)
    figures["passed"] = all(checks.values())
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures))
    notes = [f"{'pass' if ok else 'FAIL'}: {name}" for name, ok in checks.items()]
    notes += [f"sign-in: {why}" for why in seen["sign_in"]["errors"][:3]]
    notes += [f"autosave: {s}" for s in seen["phase"]["stats"].error_samples]
    notes += [f"submit: {s}" for s in seen["submit"][0].error_samples]
    notes += [f"lost: {example}" for example in bench_load.lost_answers(students, seen["phase"]["sent"])[1]]
    if not figures["passed"]:
        notes += [f"--- {name} log tail ---\n{text}" for name, text in seen["logs"].items()]
    print("\n".join(notes))
    return 0 if figures["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
