"""Real QTI files written by others (see ../shared/corpus/README.md): each must import or be refused
with a clear message. The outcome per file is pinned so regressions show. The files are read in place,
never copied into the project."""

from collections import Counter

import pytest

from banks.formats import qti
from tests.banks.formats.corpus import corpus_dir, corpus_files

CORPUS, FILES = corpus_dir("qti"), corpus_files("qti")

# file -> (outcome, question types and how many of each, identifiers of what is left out)
EXPECTED = {
    "1EdTech__qtiv3-examples__packaging__items__inline_choice.xml": ("clean", {"dropdowns": 1}, []),
    "instructure__feedback_quiz_1.2.xml": ("clean", {"true_false": 2, "essay": 1}, []),
    "instructure__items_1.2__multiple_answer_canvas.xml": ("clean", {"multiple_answer": 1}, []),
    "instructure__items_1.2__numeric_margin_error.xml": ("clean", {"numeric": 1}, []),
    "instructure__items_1.2__true_false.xml": ("clean", {"true_false": 1}, []),
    "instructure__items_2.1__essay.xml": ("clean", {"essay": 1}, []),
    "instructure__test_qti_1.2__quiz.xml": ("clean", {"true_false": 1, "single_choice": 1, "multiple_answer": 1,
                                                      "short_answer": 1, "numeric": 1}, []),
    "instructure__test_with_comments__i6c88aaf29feba2ffa58a487a20665394.xml": ("clean", {"single_choice": 1}, []),
    "vosslab__examples__minimal_qti_1.2_sample.zip": ("clean", {"single_choice": 1}, []),
}

pytestmark = pytest.mark.skipif(not FILES, reason=f"no QTI corpus at {CORPUS}")


def parse(name: str):
    return qti.parse((CORPUS / name).read_bytes())


@pytest.mark.parametrize("name", FILES)
def test_a_corpus_file_imports_or_is_refused_with_a_clear_message(name):
    bank = parse(name)
    if bank.ok:
        assert bank.questions, f"{name} imported without errors but has no questions"
    else:
        assert all(problem.line >= 1 and len(problem.message) > 20 for problem in bank.errors)


@pytest.mark.parametrize("name", FILES)
def test_a_corpus_file_gives_the_outcome_pinned_for_it(name):
    if name not in EXPECTED:
        pytest.fail(f"{name} is new in the corpus: pin its outcome in EXPECTED")
    outcome, types, left_out = EXPECTED[name]
    bank = parse(name)
    assert ("clean" if bank.ok else "rejected") == outcome, bank.errors
    assert Counter(str(q.type) for q in bank.questions) == Counter(types)
    assert [x.ident for x in bank.left_out] == left_out


@pytest.mark.parametrize("name", [name for name in FILES if EXPECTED.get(name, ("",))[0] == "clean"])
def test_a_clean_corpus_file_survives_export_and_import(name):
    bank = parse(name)
    data, skipped = qti.package(bank)
    assert all(s.reason for s in skipped)  # only what Canvas cannot hold (plain QTI's choice weights), named
    left = {s.position for s in skipped}
    again = qti.parse(data)
    assert again.ok, again.errors
    written = [q for n, q in enumerate(bank.questions, 1) if n not in left]
    assert [(q.type, q.prompt, q.points, q.choices) for q in again.questions] == [
        (q.type, q.prompt, q.points, q.choices) for q in written]


def _one(name):
    if name not in FILES:
        pytest.skip(f"{name} is not in the corpus")
    return parse(name)


def test_canvas_scores_say_which_choice_is_right():
    (question,) = _one("instructure__test_with_comments__i6c88aaf29feba2ffa58a487a20665394.xml").questions
    assert [c.correct for c in question.choices] == [True, False, False, False, False]
    assert (question.general_feedback, question.correct_feedback, question.incorrect_feedback) == (
        "General Answer Comments", "GREAT!~", "BAD!")


def test_canvas_margin_of_error_is_a_tolerance():
    (question,) = _one("instructure__items_1.2__numeric_margin_error.xml").questions
    assert [(n.value, n.tolerance) for n in question.numeric] == [(77, 7)]


def test_a_plain_qti_12_quiz_keeps_points_weights_and_its_missing_images_noted():
    bank = _one("instructure__test_qti_1.2__quiz.xml")
    weeks, discussion = bank.questions[1:3]
    assert weeks.points == 10 and [c.text for c in weeks.choices if c.correct] == ["At least 3 hours"]
    assert [str(c.weight) for c in discussion.choices] == ["0.25", "-0.1", "0.25", "0.25", "-0.1", "-0.1", "0.25"]
    assert any("org1/images/image.png" in note for note in weeks.notes)
    assert bank.questions[4].prompt == "Give the value of PI to three decimal places and round up."  # no "Â": UTF-8 in a Latin-1 file


def test_a_qti_3_inline_choice_is_a_dropdown():
    (question,) = _one("1EdTech__qtiv3-examples__packaging__items__inline_choice.xml").questions
    assert "[[RESPONSE]]" in question.prompt
    assert [(c.text, c.correct) for c in question.blanks[0].choices] == [("Gloucester", False), ("Lancaster", False),
                                                                        ("York", True)]
