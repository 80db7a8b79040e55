"""Real GIFT files written by others (see ../shared/corpus/README.md): each must import cleanly or be
rejected with clear, line-numbered errors. The expected outcome per file is pinned so regressions show.
The files are read in place, never copied into the project."""

import dataclasses
from collections import Counter

import pytest

from banks.formats.gift import dump, parse
from tests.banks.formats.corpus import corpus_dir, corpus_files

CORPUS, FILES = corpus_dir("gift"), corpus_files("gift")

# file -> (outcome, question types and how many of each); "rejected" files would list error lines instead
EXPECTED = {
    "moodle__examples.txt": ("clean", {"single_choice": 16, "numeric": 8, "short_answer": 7, "true_false": 5,
                                       "matching": 3, "multiple_answer": 2, "fill_blanks": 2}),
    "fuhrmanator__giftFormatPhpExamples.gift": ("clean", {"single_choice": 4, "numeric": 2, "short_answer": 1,
                                                          "true_false": 1, "matching": 1, "fill_blanks": 1}),
    "fuhrmanator__matching1.gift": ("clean", {"matching": 2}),
    "fuhrmanator__mcHTMLComment.gift": ("clean", {"single_choice": 1}),
    "fuhrmanator__multiLineFeedback1.gift": ("clean", {"single_choice": 2}),
    "fuhrmanator__numerical1.gift": ("clean", {"numeric": 10}),
    "fuhrmanator__options1.gift": ("clean", {"single_choice": 6, "short_answer": 4, "multiple_answer": 2,
                                             "numeric": 1, "true_false": 1}),
    "fuhrmanator__shortAnswerNotMatching.gift": ("clean", {"single_choice": 2}),
}

pytestmark = pytest.mark.skipif(not FILES, reason=f"no GIFT corpus at {CORPUS}")


def read(name: str) -> str:
    return (CORPUS / name).read_bytes().decode("utf-8-sig")


@pytest.mark.parametrize("name", FILES)
def test_a_corpus_file_imports_cleanly_or_is_rejected_with_line_numbered_errors(name):
    text = read(name)
    bank = parse(text)
    lines = text.count("\n") + 1
    if bank.ok:
        assert bank.questions, f"{name} imported without errors but has no questions"
        assert all(1 <= q.line <= lines for q in bank.questions)
    else:
        assert all(1 <= problem.line <= lines and len(problem.message) > 20 for problem in bank.errors)


@pytest.mark.parametrize("name", FILES)
def test_a_corpus_file_gives_the_outcome_pinned_for_it(name):
    if name not in EXPECTED:
        pytest.fail(f"{name} is new in the corpus: pin its outcome in EXPECTED")
    outcome, types = EXPECTED[name]
    bank = parse(read(name))
    assert ("clean" if bank.ok else "rejected") == outcome, bank.errors
    assert Counter(str(q.type) for q in bank.questions) == Counter(types)


@pytest.mark.parametrize("name", [name for name in FILES if EXPECTED.get(name, ("",))[0] == "clean"])
def test_a_clean_corpus_file_survives_export_and_import(name):
    bank = parse(read(name))
    text, skipped = dump(bank)
    assert skipped == [], skipped
    again = parse(text)
    assert again.ok, again.errors
    plain = [dataclasses.replace(q, line=0, notes=()) for q in bank.questions]
    assert [dataclasses.replace(q, line=0, notes=()) for q in again.questions] == plain


def test_the_moodle_examples_file_imports_cleanly_with_what_its_comments_promise():
    if "moodle__examples.txt" not in FILES:
        pytest.skip("Moodle's examples.txt is not in the corpus")
    bank = parse(read("moodle__examples.txt"))
    assert bank.ok, bank.errors
    by_prompt = {q.prompt: q for q in bank.questions}
    tomb = by_prompt["Grant is _____ in Grant's tomb."]
    assert [c.text for c in tomb.choices if c.correct] == ["entombed"]
    control = next(q for q in bank.questions if q.title == "GIFT Control Characters")
    assert [c.text for c in control.choices] == ["~", "=", "#", "{", "}", "\\"]
    assert control.choices[-1].correct
    numeric = next(q for q in bank.questions if q.title == "Numerical example")
    assert [(n.value, n.tolerance, n.credit) for n in numeric.numeric] == [(1822, 0, 1), (1822, 2, 0.5)]
    assert numeric.numeric[1].feedback == "He was born in 1822.\nYou get 50% credit for being close."


def test_html_corpus_questions_keep_their_html_and_say_so():
    if "fuhrmanator__mcHTMLComment.gift" not in FILES:
        pytest.skip("the HTML example is not in the corpus")
    (question,) = parse(read("fuhrmanator__mcHTMLComment.gift")).questions
    assert question.prompt.startswith("<p>¿En qué supuestos")
    assert 'style="color: #ff6600;"' in question.general_feedback
    assert [c.text for c in question.choices if c.correct] == ["Nunca."]
    assert any("HTML" in note for note in question.notes)
