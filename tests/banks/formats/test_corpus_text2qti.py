"""Real text2qti files written by others (``../shared/corpus/text2qti``, see its README): each must
import cleanly or be refused with line-numbered problems. The expected outcome of each file is pinned,
so that a regression shows. The files are read in place, never copied into the project."""


import pytest

from banks.formats.text2qti import parse
from tests.banks.formats.corpus import corpus_dir

CORPUS = corpus_dir("text2qti")
if not CORPUS.is_dir():
    pytest.skip(f"no corpus at {CORPUS}", allow_module_level=True)

# file name: (imports cleanly, number of questions read, {line: words in the problem reported there})
EXPECTED = {
    "AlanNggg__quiz.txt": (False, 7, {
        56: "question 8 has no answer",  # "8.  Upload a file." lacks its "^^^^"
        63: 'unexpected text "now is the {g1}',  # the fork's unindented prompt paragraph
        65: '"@gap" is not text2qti syntax',
        70: '"@match" is not text2qti syntax',
        79: '"@gap" is not text2qti syntax',
        84: '"@match" is not text2qti syntax',
    }),
    "AlanNggg__test_gap_match.txt": (False, 0, {
        7: '"@gap" is not text2qti syntax', 11: '"@match" is not text2qti syntax',
        17: '"@gap" is not text2qti syntax', 21: '"@match" is not text2qti syntax',
    }),
    "cjtessler__test.txt": (True, 2, {}),  # repeated choice letters are legal
    "gpoore__demo__quiz.txt": (True, 7, {}),
    "kaykayehnn__quiz.txt": (True, 1, {}),
    "keefereuther__temp.txt": (True, 6, {}),
    "keefereuther__test_quiz.txt": (True, 17, {}),
    "keefereuther__test_quiz_error.txt": (False, 16, {23: '"#a) polar heads face outward'}),
    "mavigozler__testqti.txt": (True, 7, {}),
    "mavigozler__testqti_shuffled.txt": (True, 7, {}),
}
FILES = sorted(path.name for path in CORPUS.iterdir() if path.is_file() and path.name != "README.md")


@pytest.mark.parametrize("name", FILES)
def test_each_corpus_file_imports_cleanly_or_is_refused_with_line_numbered_problems(name):
    text = (CORPUS / name).read_bytes().decode("utf-8-sig")
    bank = parse(text)
    last_line = text.count("\n") + 1
    assert all(1 <= problem.line <= last_line and problem.message.strip() for problem in bank.errors)
    if bank.ok:
        assert any(q.type != "text" for q in bank.questions)
    if name not in EXPECTED:
        pytest.fail(f"new corpus file {name}: add its expected outcome ({bank.ok}, {len(bank.questions)}) to EXPECTED")
    ok, count, problems = EXPECTED[name]
    assert bank.ok == ok, bank.errors
    assert len(bank.questions) == count
    by_line = {problem.line: problem.message.lower() for problem in bank.errors}
    for line, words in problems.items():
        assert words in by_line.get(line, ""), (line, bank.errors)


def test_fork_only_syntax_is_named_on_the_lines_that_use_it():
    text = (CORPUS / "AlanNggg__test_gap_match.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    bank = parse(text)
    named = [problem for problem in bank.errors if "is not text2qti syntax" in problem.message]
    assert named and all(lines[problem.line - 1].startswith("@") for problem in named)


def test_the_true_false_question_of_the_mixed_file_is_read_as_true_false():
    bank = parse((CORPUS / "mavigozler__testqti.txt").read_text(encoding="utf-8"))
    assert [q.type for q in bank.questions][-4:] == ["true_false"] * 4
    assert bank.questions[-1].choices[1].correct
