"""Big-bank benchmark: import 20,000 one-line text2qti questions (about 538 KB), parse and save.

    make bench                                             (all benchmarks, throwaway PostgreSQL)
    .ci/with-postgres .venv/bin/python -m bench bigbank    (this one only)

Uses DATABASE_URL (``.ci/with-postgres`` provides a throwaway PostgreSQL cluster); without it, a
temporary SQLite file, never the project's own database. Size: BENCH_BIGBANK_QUESTIONS (default 20000).

How: write the file, then time ``manage.py import_bank`` on it through ``call_command`` (the path the
web form shares: registry.parse, then banks.services.bank_import in one transaction), counting its
queries. Writes ``bench/results/bigbank.json``: ``{"questions", "bytes", "database", "parse_s",
"import_s", "import_cpu_s", "queries", "load_average"}`` (``import_cpu_s`` is this process's CPU time, without
the database server's; ``load_average`` says how busy the machine was). Target: ``import_s`` (reading,
parsing and saving) under 5 s, and ``queries`` the same for 100 questions as for 20,000
(tests/banks/test_big_bank.py pins that).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from bench.bench_gradebook import setup_django  # noqa: E402
from bench.report import write_result  # noqa: E402

QUESTIONS = int(os.environ.get("BENCH_BIGBANK_QUESTIONS", "20000"))
RESULTS = ROOT / "bench" / "results" / "bigbank.json"


def generate(count: int = QUESTIONS) -> str:
    """One-line questions, each with its one-line short answer (about 28 bytes a question)."""
    return "".join(f"{n}.  Item {n}?\n*   {n}\n" for n in range(1, count + 1))


def main() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        vendor = setup_django(tmp, "bigbank")
        from io import StringIO

        from django.core.management import call_command
        from django.db import connection

        from accounts.models import User
        from banks.formats import registry
        from banks.models import QuestionBank

        User.objects.create_user("bench-instructor", is_instructor=True)
        path = Path(tmp) / "big.txt"
        text = generate()
        path.write_text(text, encoding="utf-8")

        start = time.perf_counter()
        registry.parse(text, "text2qti", filename=path.name)
        parse_s = time.perf_counter() - start

        queries = []  # counted by a wrapper that only counts (CaptureQueriesContext formats every statement)
        start, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(lambda execute, *args: queries.append(1) or execute(*args)):
            call_command("import_bank", str(path), "--owner", "bench-instructor", stdout=StringIO())
        import_s, import_cpu_s = time.perf_counter() - start, time.process_time() - cpu
        assert QuestionBank.objects.get().questions.count() == QUESTIONS

        result = {
            "questions": QUESTIONS,
            "bytes": len(text.encode()),
            "database": vendor,
            "parse_s": round(parse_s, 2),
            "import_s": round(import_s, 2),
            "import_cpu_s": round(import_cpu_s, 2),
            "queries": len(queries),
            "load_average": round(os.getloadavg()[0], 2),
        }
    return write_result(RESULTS, result)


if __name__ == "__main__":
    main()
