"""Import benchmark: Casebook's text2qti reader against text2qti's own, on a generated 1,000-question file.

    .venv/bin/python bench/bench_import.py      (needs requirements-bench.txt: text2qti==0.8.0)

Writes ``bench/results/import.json``: ``{"questions", "ours_s", "text2qti_s", "ratio"}``, the best of
several runs of each parser in this one process, ``ratio`` being ours / text2qti's (below 1: ours is
faster). text2qti is run with its built-in default configuration: its ``Config.load()``, which reads
(and may create) ``~/.text2qti.bespon``, is never called, and it runs inside a temporary directory so
that nothing it might write lands in the repository.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from banks.formats.text2qti import parse  # noqa: E402

QUESTIONS = 1000
RUNS = 5
from bench.report import write_result  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "import.json"


def generate(count: int = QUESTIONS) -> str:
    """A quiz of ``count`` distinct questions cycling through single choice, multiple answer, numeric,
    short answer and essay, with the titles, points, feedback and wrapped lines real quizzes have."""
    blocks = ["Quiz title: Benchmark quiz\nQuiz description: Generated for timing the importers.\n"]
    for n in range(1, count + 1):
        marker = f"{n}.".ljust(3) + " "
        pad = " " * len(marker)
        head = f"Title: Question {n}\nPoints: {1 + n % 3}\n{marker}Case {n}: consider the data in **table {n}**\n"
        kind = n % 5
        if kind == 0:
            body = (f"{pad}and pick the best reading of $p = 0.0{n % 9 + 1}$.\n... See chapter {n % 12 + 1}.\n"
                    f"a)  The effect is certain.\n... Too strong.\n*b) The effect is likely, not proven.\n"
                    f"c)  There is no effect.\nd)  The data are useless.\n")
        elif kind == 1:
            body = (f"{pad}and select every valid conclusion.\n+   Well done.\n-   Review the case.\n"
                    f"[*] Sample size matters\n[ ] Correlation proves causation\n[*] Controls were used\n"
                    f"[ ] Nothing can be concluded\n")
        elif kind == 2:
            body = f"{pad}and compute the mean.\n=   {n / 7:.4f} +- 0.01\n"
        elif kind == 3:
            body = f"{pad}and name the method.\n*   regression\n*   linear regression\n*   OLS\n"
        else:
            body = f"{pad}and discuss its limits in one paragraph.\n... Mention bias.\n____\n"
        blocks.append(head + body)
    return "\n".join(blocks)


def best_time(function, text: str, runs: int = RUNS) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - start)
    return best


def text2qti_parser():
    from text2qti.config import Config
    from text2qti.quiz import Question, Quiz

    def read(text: str) -> int:
        quiz = Quiz(text, config=Config(), source_name="bench.txt")
        return sum(isinstance(item, Question) for item in quiz.questions_and_delims)

    return read


def main() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "quiz.txt"
        path.write_text(generate(), encoding="utf-8")
        text = path.read_text(encoding="utf-8")
        bank = parse(text)
        assert bank.ok and len(bank.questions) == QUESTIONS, bank.errors[:3]
        theirs = text2qti_parser()
        here = os.getcwd()
        os.chdir(tmp)
        try:
            assert theirs(text) == QUESTIONS
            ours_s = best_time(parse, text)
            text2qti_s = best_time(theirs, text)
        finally:
            os.chdir(here)
    result = {"questions": QUESTIONS, "ours_s": round(ours_s, 6), "text2qti_s": round(text2qti_s, 6),
              "ratio": round(ours_s / text2qti_s, 4)}
    return write_result(RESULTS, result)


if __name__ == "__main__":
    main()
