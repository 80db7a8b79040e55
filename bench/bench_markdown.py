"""Markdown benchmark: the worst render time per KB we can provoke, and the 2 MB case saved and opened.

    make bench                                              (all benchmarks, throwaway PostgreSQL)
    .ci/with-postgres .venv/bin/python -m bench markdown    (this one only)

Uses DATABASE_URL (``.ci/with-postgres`` provides a throwaway PostgreSQL cluster); without it, a
temporary SQLite file, never the project's own database.

How: every adversarial input of issue 10 (and the others found while fixing it) is rendered through
``casestudies.markdown.render_with_toc`` (its cache bypassed) at two sizes; ``adversarial`` gives, per
input, its ms per KB at both sizes (equal figures: linear; the larger growing: superlinear), and
``worst_ms_per_kb`` the largest. Then a 2,000,000-character case body, half tables and half prose,
is rendered by the bare library (Python-Markdown and nh3, no guard: ``bare_s``), saved through the
edit form (``save_s``: the POST, which renders once) and opened in the editor (``open_s``: the GET,
which shows the stored HTML), signed in through Django's test client. Targets: ``worst_ms_per_kb``
about the same at both sizes, and ``save_s`` and ``open_s`` within 2 x ``bare_s``.

Writes ``bench/results/markdown.json``: ``{"adversarial": {name: {"small_kb", "small_ms_per_kb",
"large_kb", "large_ms_per_kb"}}, "worst_ms_per_kb", "case_chars", "bare_s", "save_s", "open_s",
"database", "load_average"}``.
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

RESULTS = ROOT / "bench" / "results" / "markdown.json"
CASE_CHARS = 2_000_000

# name -> text of about n repetitions of its unit (n * len(unit) characters)
ADVERSARIAL = {
    "stars around a word (toc recursion)": lambda n: "*" * n + "x" + "*" * n,
    "unclosed [": lambda n: "[" * n,
    "nested [ ... ]": lambda n: "[" * (n // 2) + "x" + "]" * (n // 2),
    "unclosed link addresses": lambda n: "[a](" * (n // 4),
    "footnotes and their notes": lambda n: (
        " ".join(f"[^{i}]" for i in range(n // 12)) + "\n\n" + "\n".join(f"[^{i}]: n{i}" for i in range(n // 12))
    ),
    "one footnote referred to again and again": lambda n: " ".join(["[^a]"] * (n // 5)) + "\n\n[^a]: note",
    "underscores around a word": lambda n: "_" * n + "x" + "_" * n,
    "list markers nested on one line": lambda n: "* " * (n // 2) + "x",
    "unclosed autolinks": lambda n: "<http://a" * (n // 9),
    "nested raw HTML": lambda n: "<div>" * (n // 5),
    "unclosed bold tags": lambda n: "<b>" * (n // 3),
    "backslash escapes": lambda n: "\\*" * (n // 2),
    "unclosed inline math \\(": lambda n: "\\(a " * (n // 4),
    "unclosed display math \\[": lambda n: "\\[a " * (n // 4),
    "unclosed dollars": lambda n: "$a " * (n // 3),
    "emphasis in one paragraph": lambda n: "*a* " * (n // 4),
    "table rows": lambda n: "| a | b | c |\n|---|---|---|\n" + "| x *y* | [l](http://e.com) | `c` |\n" * (n // 40),
}
SIZES = (50_000, 200_000)


def ms_per_kb(text: str) -> float:
    from casestudies.markdown import render_with_toc

    start = time.perf_counter()
    render_with_toc.__wrapped__(text)
    return round((time.perf_counter() - start) * 1000 / (len(text) / 1024), 2)


def case_body(chars: int = CASE_CHARS) -> str:
    """Half tables, half prose with the usual inline Markdown, to ``chars`` characters (one footnote: a
    footnote cited thousands of times would make the bare library's figure quadratic, not typical)."""
    table = "| Year | Patients | Note |\n|---:|---:|---|\n" + "".join(
        f"| {2000 + n % 25} | {1000 + n} | *rose* by [a report](https://example.org/{n}) |\n" for n in range(40)
    )
    prose = (
        "The clinic saw **more patients** each year, as the *annual survey* shows; see "
        "[the board's minutes](https://example.org/minutes) and `ledger 4`.\n\n"
    ) * 10
    unit = "## Section\n\n" + table + "\n" + prose
    head, tail = "Where the numbers come from[^s].\n\n", "\n\n[^s]: The annual patient survey.\n"
    return head + (unit * (chars // len(unit) + 1))[: chars - len(head) - len(tail)] + tail


def the_big_case() -> dict:
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from casestudies import services
    from casestudies.markdown import _markdown, render_with_toc, sanitise

    body = case_body()
    start = time.perf_counter()
    sanitise(_markdown().convert(body))
    bare_s = time.perf_counter() - start

    author = User.objects.create_user("bench-author", is_instructor=True)
    case = services.case_create(author=author, title="The big case", body="Short for now.")
    client = Client()
    client.force_login(author)
    render_with_toc.cache_clear()
    data = {"title": case.title, "summary": "", "body": body, "source": "", "source_url": "", "tags_text": ""}
    start = time.perf_counter()
    response = client.post(reverse("casestudies:edit", args=[case.slug]), data)
    save_s = time.perf_counter() - start
    assert response.status_code == 302, response.status_code
    render_with_toc.cache_clear()  # opening must not need the renderer's cache: it shows the stored HTML
    start = time.perf_counter()
    response = client.get(response.url)
    open_s = time.perf_counter() - start
    assert response.status_code == 200 and len(response.content) > len(body)
    return {"case_chars": len(body), "bare_s": round(bare_s, 2), "save_s": round(save_s, 2), "open_s": round(open_s, 2)}


def main() -> dict:
    adversarial = {}
    for name, make in ADVERSARIAL.items():
        small, large = make(SIZES[0]), make(SIZES[1])
        adversarial[name] = {
            "small_kb": round(len(small) / 1024),
            "small_ms_per_kb": ms_per_kb(small),
            "large_kb": round(len(large) / 1024),
            "large_ms_per_kb": ms_per_kb(large),
        }
        print(name, adversarial[name], flush=True)
    worst = max(max(row["small_ms_per_kb"], row["large_ms_per_kb"]) for row in adversarial.values())
    with tempfile.TemporaryDirectory() as tmp:
        vendor = setup_django(tmp, "markdown")
        big = the_big_case()
    result = {
        "adversarial": adversarial,
        "worst_ms_per_kb": worst,
        **big,
        "database": vendor,
        "load_average": round(os.getloadavg()[0], 2),
    }
    return write_result(RESULTS, result)


if __name__ == "__main__":
    main()
