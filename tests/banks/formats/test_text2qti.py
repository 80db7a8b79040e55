"""text2qti import and export: every construct of the published syntax, the errors an instructor sees,
speed on large files, fuzzing, round trips, and agreement with text2qti itself where it is installed.

The fixtures are written from text2qti's README (https://github.com/gpoore/text2qti) and its reader's
rules (text2qti 0.8, ``text2qti/quiz.py``).
"""

import dataclasses
import importlib.util
import random
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from banks.formats.base import ParsedBank
from banks.formats.text2qti import Skipped, dump, parse, parse_strict, unsupported
from banks.spec import AcceptedAnswer, Blank, Choice, NumericAnswer, Pair, QuestionSpec, QuestionType, Scoring

D = Decimal
T = QuestionType


def ok(text: str) -> ParsedBank:
    bank = parse(text)
    assert bank.errors == []
    return bank


def only(text: str) -> QuestionSpec:
    [question] = ok(text).questions
    return question


def without_lines(questions):
    return [dataclasses.replace(q, line=0) for q in questions]


# -- the README's examples -------------------------------------------------------------------------


def test_a_numbered_question_with_lettered_choices_is_single_choice_with_the_starred_one_correct():
    q = only("1.  What is 2+3?\na)  6\nb)  1\n*c) 5\n")
    assert q.type == T.SINGLE_CHOICE
    assert q.prompt == "What is 2+3?"
    assert q.points == 1
    assert q.choices == (Choice("6"), Choice("1"), Choice("5", correct=True))
    assert q.line == 1


def test_quiz_title_description_and_all_three_kinds_of_feedback_are_read():
    bank = ok(
        "Quiz title: Addition\n"
        "Quiz description: Checking addition.\n"
        "\n"
        "1.  What is 2+3?\n"
        "... General question feedback.\n"
        "+   Feedback for correct answer.\n"
        "-   Feedback for incorrect answer.\n"
        "a)  6\n"
        "... Feedback for this particular answer.\n"
        "b)  1\n"
        "... Feedback for b.\n"
        "*c) 5\n"
        "... Feedback for c.\n"
    )
    assert (bank.title, bank.description) == ("Addition", "Checking addition.")
    [q] = bank.questions
    assert q.general_feedback == "General question feedback."
    assert q.correct_feedback == "Feedback for correct answer."
    assert q.incorrect_feedback == "Feedback for incorrect answer."
    assert [c.feedback for c in q.choices] == ["Feedback for this particular answer.", "Feedback for b.",
                                                 "Feedback for c."]
    assert q.line == 4


def test_numerical_answers_with_margin_percentage_range_and_exact_integer():
    bank = ok(
        "1.  What is the square root of 2?\n=   1.4142 +- 0.0001\n\n"
        "2.  What is the cube root of 2?\n=   [1.2598, 1.2600]\n\n"
        "3.  What is 2+3?\n=   5\n\n"
        "4.  Roughly how many?\n=   1_000 +- 10%\n\n"
        "5.  Exactly 2.5?\n=   2.5 +- 0\n\n"
        "6.  Negative?\n=   -1_000\n"
    )
    assert [q.type for q in bank.questions] == [T.NUMERIC] * 6
    assert [q.numeric for q in bank.questions] == [
        (NumericAnswer(value=D("1.4142"), tolerance=D("0.0001")),),
        (NumericAnswer(min=D("1.2598"), max=D("1.2600")),),
        (NumericAnswer(value=D(5)),),
        (NumericAnswer(value=D(1000), tolerance_percent=D(10)),),
        (NumericAnswer(value=D("2.5")),),
        (NumericAnswer(value=D(-1000)),),
    ]


def test_essay_file_upload_short_answer_and_multiple_answers():
    bank = ok(
        "1.  Write an essay.\n... General question feedback.\n____\n\n"
        "2.  Upload a file.\n^^^^\n\n"
        "3.  Who lives at the North Pole?\n*   Santa\n*   Santa Claus\n*   Father Christmas\n\n"
        "4.  Which of the following are dinosaurs?\n[ ] Woolly mammoth\n[*] Tyrannosaurus rex\n"
        "[*] Triceratops\n[] Smilodon fatalis\n"
    )
    essay, upload, short, multiple = bank.questions
    assert (essay.type, essay.general_feedback) == (T.ESSAY, "General question feedback.")
    assert upload.type == T.FILE_UPLOAD
    assert short.type == T.SHORT_ANSWER
    assert short.answers == (AcceptedAnswer("Santa"), AcceptedAnswer("Santa Claus"),
                             AcceptedAnswer("Father Christmas"))
    assert multiple.type == T.MULTIPLE_ANSWER
    assert [(c.text, c.correct) for c in multiple.choices] == [
        ("Woolly mammoth", False), ("Tyrannosaurus rex", True), ("Triceratops", True), ("Smilodon fatalis", False)]
    assert multiple.scoring == Scoring.ALL_OR_NOTHING


def test_title_and_points_before_a_question_belong_to_it_and_its_line_is_the_first_of_them():
    bank = ok("Title: Warm-up\nPoints: 2.5\n7.  What is 1+1?\n=   2\n\nPoints: 3\n8.  Explain.\n___\n")
    first, second = bank.questions
    assert (first.title, first.points, first.line) == ("Warm-up", D("2.5"), 1)
    assert (second.title, second.points, second.line) == ("", D(3), 6)


def test_two_choices_reading_true_and_false_make_a_true_false_question_as_in_text2qti():
    q = only("1.  The Earth is round.\n*a) True\nb)  False\n")
    assert q.type == T.TRUE_FALSE
    assert q.choices == (Choice("True", correct=True), Choice("False"))
    assert only("1.  Is it?\na) true\n*b) false\n").type == T.TRUE_FALSE
    assert only("1.  Is it?\na) TRUE\n*b) FALSE\n").type == T.SINGLE_CHOICE  # text2qti's exact spellings only
    assert only("1.  Is it?\na) True\n*b) False\nc) Maybe\n").type == T.SINGLE_CHOICE


def test_question_numbers_and_choice_letters_need_not_be_ordered_or_unique():
    bank = ok("1.  First?\n*a) x\na)  y\na)  z\n\n1.  Second?\n*a) p\nq)  q\n\n9.  Third?\n____\n")
    assert [q.prompt for q in bank.questions] == ["First?", "Second?", "Third?"]
    assert [c.text for c in bank.questions[0].choices] == ["x", "y", "z"]


def test_wrapped_lines_must_line_up_with_the_text_and_blank_lines_make_paragraphs():
    q = only(
        "1.  A question paragraph that is long enough to wrap onto a second line.\n"
        "    The second line lines up with the text.\n"
        "\n"
        "    A second paragraph, with $\\frac{1}{2}$ and *emphasis*.\n"
        "\n"
        "        An indented code line stays indented.\n"
        "*a) A choice that\n"
        "    wraps too\n"
        "b)  Short\n"
        "... Choice feedback\n"
        "    over two lines\n"
    )
    assert q.prompt == (
        "A question paragraph that is long enough to wrap onto a second line.\n"
        "The second line lines up with the text.\n\n"
        "A second paragraph, with $\\frac{1}{2}$ and *emphasis*.\n\n"
        "    An indented code line stays indented."
    )
    assert [c.text for c in q.choices] == ["A choice that\nwraps too", "Short"]
    assert q.choices[1].feedback == "Choice feedback\nover two lines"


def test_tabs_count_as_four_columns_when_lining_up_wrapped_lines():
    q = only("1.\tWhat is\n\tthe answer?\n*a)\tyes\nb)\tno\n")
    assert q.prompt == "What is\nthe answer?"
    assert [c.text for c in q.choices] == ["yes", "no"]


def test_trailing_double_spaces_are_dropped_as_text2qti_does_and_crlf_and_a_bom_are_accepted():
    text = "\ufeffQuiz title: Examples  \r\n  \r\nTitle: MC  \r\nPoints: 1  \r\n1.  What is 2+3?  \r\n" \
           "    More.  \r\na)  6  \r\n*c) 5  \r\n"
    bank = ok(text)
    assert bank.title == "Examples"
    [q] = bank.questions
    assert (q.title, q.prompt, q.choices[1].text) == ("MC", "What is 2+3?\nMore.", "5")


def test_labels_wrap_onto_lines_indented_by_at_least_two_spaces():
    bank = ok("Quiz title: A long\n  title\nQuiz description: First line\n   second line\n\n"
              "   another paragraph\nTitle: Question\n  title\n1.  Q?\n____\n")
    assert bank.title == "A long title"
    assert bank.description == "First line\nsecond line\n\nanother paragraph"
    assert bank.questions[0].title == "Question title"


def test_quiz_options_are_accepted_and_ignored():
    bank = ok("Quiz title: Q\nShuffle answers: true\nShow correct answers: false\n"
              "One question at a time: true\nCan't go back: true\n\n1.  Q?\n____\n")
    assert [q.type for q in bank.questions] == [T.ESSAY]


def test_comments_are_skipped():
    bank = ok("% a comment\n1.  Q?\n% another\n*a) yes\nb)  no\nCOMMENT\n2.  Not a question\nEND_COMMENT\n")
    assert [q.prompt for q in bank.questions] == ["Q?"]


def test_text_regions_become_ungraded_text_items_worth_nothing():
    bank = ok("Text title: Part 1\nText: Read the case\n  carefully.\n\n1.  Q?\n____\n\nText: Just text\n\n"
              "Text title: Title only\n")
    part, _, just_text, title_only = bank.questions
    assert (part.type, part.title, part.prompt, part.points, part.line) == (
        T.TEXT, "Part 1", "Read the case\ncarefully.", 0, 1)
    assert (just_text.title, just_text.prompt) == ("", "Just text")
    assert (title_only.title, title_only.prompt) == ("Title only", "")


def test_questions_in_a_group_are_imported_as_ordinary_questions_with_a_note():
    bank = ok(
        "1.  Before?\n____\n\n"
        "GROUP\npick: 1\npoints per question: 2\n\n"
        "1.  A question.\n*a) true\nb)  false\n\n"
        "2.  Another question.\n*a) true\nb)  false\n\n"
        "END_GROUP\n\n3.  After?\n____\n"
    )
    before, a, b, after = bank.questions
    assert before.notes == after.notes == ()
    assert (a.points, b.points) == (2, 2)
    assert a.notes == b.notes == ("was in a GROUP picking 1 of 2 questions (2 point(s) each); "
                                  "imported as an ordinary question",)


def test_a_solution_is_kept_as_a_note():
    q = only("1.  Q?\n!   Because.\n*a) yes\nb)  no\n")
    assert q.notes == ('text2qti solution ("!"), kept only here: Because.',)


def test_latex_and_markdown_are_left_as_written():
    q = only("1.  Solve $x^2 = 4$ for **x**, see [notes](https://example.org).\n*a) $x = \\pm 2$\nb)  $x=2$\n")
    assert q.prompt == "Solve $x^2 = 4$ for **x**, see [notes](https://example.org)."
    assert q.choices[0].text == "$x = \\pm 2$"


# -- problems -----------------------------------------------------------------------------------------

MC = "1.  Q?\n*a) yes\nb)  no\n"
MALFORMED = [
    # (file, line of the first problem, words in its message)
    ("1.  Q?\na)  yes\nb)  no\n", 1, "none is marked correct (put * before the right letter"),
    ("Quiz title: Q\n\n1.  a\n____\n\n2.  b\n____\n\n3.  Q?\na)  yes\nb)  no\n", 9, "question 3 has choices but none"),
    ("1.  Q?\n*a) yes\n*b) no\n", 1, "marks 2 choices correct"),
    ("1.  Q?\n*a) yes\n", 1, "only one choice"),
    ("1.  Q?\n[ ] yes\n[ ] no\n", 1, "none is marked correct"),
    ("a)  orphan\n" + MC, 1, "a choice without a question"),
    ("... feedback\n" + MC, 1, 'feedback ("...") without a question'),
    ("Foo: bar\n" + MC, 1, 'unexpected text "Foo: bar"'),
    (MC + "\nthis is not text2qti\n", 5, "unexpected text"),
    (MC + "  stray indented line\n", 4, "does not continue anything"),
    ("1.  Q?\n=   abc\n", 2, 'not a number'),
    ("1.  Q?\n=   1.5\n", 2, "needs a margin"),
    ("1.  Q?\n=   [2, 1]\n", 2, "smaller number first"),
    ("1.  Q?\n=   [1, x]\n", 2, "both ends must be numbers"),
    ("1.  Q?\n=   0\n", 2, "closer to 0 than 0.0001"),
    ("1.  Q?\n=   1 +- -1\n", 2, "must not be negative"),
    ("1.  Q?\n=   nan +- 1\n", 2, "is not valid"),
    ("Points: 0\n" + MC, 1, "positive whole or half number"),
    ("Points: 1.25\n" + MC, 1, "positive whole or half number"),
    ("Points: lots\n" + MC, 1, "positive whole or half number"),
    ("", 1, "the file contains no questions"),
    ("\n\n   \n", 1, "the file contains no questions"),
    ("% only a comment\nQuiz title: Nothing\nText: Only text\n", 1, "the file contains no questions"),
    ("1.  Q?\n*a) yes\x00\x01\x02\nb)  no\n", 2, "not a text file"),
    ("1.What?\n*a) yes\nb)  no\n", 1, 'put a space after "1."'),
    ("Points:\n" + MC, 1, '"Points:" has nothing after it'),
    ("Title: T\n\n" + MC, 1, "must be directly followed by its question line"),
    ("Points: 2\nTitle: T\n" + MC, 2, '"Title:" must come before "Points:"'),
    ("Title: T\n", 1, "must be directly followed by its question line"),
    ("1.  Q?\n*a) yes\nb)  no\n*   answer\n", 4, "cannot also have"),
    ("1.  Q?\n=   1\n=   2\n", 3, "already has an \"=\" numerical answer"),
    ("1.  Q?\n+   Good\n____\n", 3, 'cannot have "+" / "-" feedback'),
    ("1.  Q?\n=   5\n... late feedback\n", 3, "must come right after the question text"),
    ("1.  Q?\n*a) yes\n+   late\nb)  no\n", 3, "must come right after the question text"),
    ("1.  Q?\n... one\n... two\n____\n", 3, "two general feedback"),
    ("1.  Q?\n*a) yes\nb)  yes\n", 3, 'the choice "yes" twice'),
    ("1.  Q?\n*   x\n*   x\n", 3, 'the answer "x" twice'),
    ("1.  Q?\n*   x\n... feedback\n", 3, "short answers cannot have their own feedback"),
    ("1.  Same?\n____\n\n2.  Same?\n____\n", 4, "same text as the question on line 1"),
    ("1.  Q?\n", 1, "has no answer"),
    ("GROUP\n" + MC, 1, "never closed"),
    (MC + "END_GROUP\n", 4, '"END_GROUP" without a "GROUP"'),
    ("GROUP\nGROUP\n" + MC + "END_GROUP\n", 2, "cannot be nested"),
    ("GROUP\npick: 2\n" + MC + "END_GROUP\n", 1, "picks 2 question(s) but contains only 1"),
    ("GROUP\npick: two\n" + MC + "END_GROUP\n", 2, "must be a whole number"),
    ("GROUP\n" + MC + "pick: 1\nEND_GROUP\n", 5, "at the start of the GROUP"),
    ("pick: 1\n" + MC, 1, "belongs inside a GROUP"),
    ("GROUP\nPoints: 2\n1.  A?\n____\n\n2.  B?\n____\nEND_GROUP\n", 6, "must be worth the same"),
    ("```{.python .run}\nprint('1. Q?')\n```\n" + MC, 1, "Casebook never runs code"),
    ("COMMENT\n" + MC, 1, "never closed"),
    ("END_COMMENT\n" + MC, 1, '"END_COMMENT" without a "COMMENT"'),
    (MC + "@gap W) winter\n", 4, '"@gap" is not text2qti syntax'),
    (MC + "\nQuiz title: Late\n", 5, "must come before the first question"),
    ("Shuffle answers: sometimes\n" + MC, 1, 'must be "true" or "false"'),
    ("Can't go back: true\n" + MC, 1, 'needs "One question at a time: true"'),
    ("Quiz description: D\nQuiz title: T\n" + MC, 2, '"Quiz title:" must come before "Quiz description:"'),
    ("Quiz title: T\nQuiz title: U\n" + MC, 2, 'two "Quiz title:" lines'),
    ("Quiz title: T\n too little indent\n" + MC, 2, "at least 2 spaces"),
    ("1.  Q?\n#a) yes\nb)  no\n", 2, 'write "a) text" for a wrong choice and "*a) text" for the right one'),
    ("Feedback is solution: true\n1.  Q?\n!   sol\n____\n", 3, 'solutions ("!") cannot be used'),
    ("1.  Q?\n!   one\n!   two\n____\n", 3, 'two "!" feedback lines'),
]


@pytest.mark.parametrize(("text", "line", "words"), MALFORMED, ids=[repr(case[0])[:40] for case in MALFORMED])
def test_each_malformed_file_is_rejected_with_a_line_numbered_message(text, line, words):
    bank = parse(text)
    assert not bank.ok
    assert all(problem.line >= 1 and problem.message for problem in bank.errors)
    first = bank.errors[0]
    assert first.line == line, bank.errors
    assert words.lower() in first.message.lower(), bank.errors
    assert first.message[0].isupper() or first.message[0] == '"'


def test_every_problem_is_reported_not_just_the_first_and_in_line_order():
    bank = parse("1.  A?\na)  x\nb)  y\n\n2.  B?\n=   nope\n\nnonsense\n\n3.  C?\n*a) yes\nb)  no\n")
    assert [p.line for p in bank.errors] == [1, 6, 8]
    assert [q.prompt for q in bank.questions] == ["C?"]  # what was understood, though nothing may be saved


def test_a_run_of_lines_with_the_same_problem_gets_one_message():
    bank = parse(MC + "@gap W) winter\n@gap S) summer\n@gap A) autumn\n@match W G1\n")
    assert [p.line for p in bank.errors] == [4, 7]
    assert "The same problem is on 2 more lines, up to line 6." in bank.errors[0].message


def test_reading_stops_after_a_hundred_problems():
    bank = parse("junk\na) orphan\n" * 500)
    assert len(bank.errors) == 101
    assert "more than 100 problems" in bank.errors[-1].message


def test_messages_quote_at_most_a_short_excerpt_of_a_long_line():
    bank = parse("x" * 100_000 + "\n" + MC)
    assert len(bank.errors[0].message) < 400


# -- speed ----------------------------------------------------------------------------------------------


def thousand_question_file(count=1000):
    blocks = []
    for n in range(1, count + 1):
        kind = n % 5
        if kind == 0:
            marker = f"{n}.  "
            blocks.append(f"Title: Q{n}\nPoints: 2\n{marker}What is {n} + 1?\n{' ' * len(marker)}Show your work.\n"
                          f"... General feedback.\na)  {n}\n*b) {n + 1}\nc)  {n + 2}\n... Close.\n")
        elif kind == 1:
            blocks.append(f"{n}.  Which are even, for case {n}?\n[*] 2\n[ ] 3\n[*] 4\n")
        elif kind == 2:
            blocks.append(f"{n}.  The square root of {n}?\n=   {n ** 0.5:.4f} +- 0.001\n")
        elif kind == 3:
            blocks.append(f"{n}.  Name case {n}.\n*   case {n}\n*   case number {n}\n")
        else:
            blocks.append(f"{n}.  Discuss case {n}.\n... Be brief.\n____\n")
    return "Quiz title: Bench\n\n" + "\n".join(blocks)


def best_time(function, *args, runs=3):
    """The least CPU time (not wall time: other processes on a busy machine do not count) of ``runs``."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        function(*args)
        best = min(best, time.process_time() - start)
    return best


def test_a_thousand_question_file_parses_in_well_under_a_second():
    text = thousand_question_file()
    bank = parse(text)
    assert bank.ok and len(bank.questions) == 1000
    assert best_time(parse, text) < 0.5


MB = 1024 * 1024
LARGE = {  # (a file of about n bytes, whether it is valid)
    "valid": (lambda n: thousand_question_file(n // 70), True),
    "one long line": (lambda n: "1.  " + "word " * (n // 5), False),
    "long wrapped question": (lambda n: "1.  Q?\n" + "    more text here\n" * (n // 19) + "____\n", True),
    "underscores": (lambda n: "_" * n + "x\n", False),
    "junk lines": (lambda n: "junk\n" * (n // 5), False),
    "different junk lines": (lambda n: "".join(f"line {i} of an essay pasted in\n" for i in range(n // 32)), False),
    "questions without answers": (lambda n: "".join(f"{i}.  Q{i}?\n" for i in range(n // 12)), False),
    "long number": (lambda n: "1.  Q?\n=   " + "1" * n + "\n", False),
    "one question, many choices": (lambda n: "1.  Q?\n*a) right\n" + "".join(f"b)  wrong {i}\n" for i in range(n // 15)),
                                   True),
    "one question, many answers": (lambda n: "1.  Q?\n" + "".join(f"*   answer {i}\n" for i in range(n // 15)), True),
    "deep wrapped label": (lambda n: "Quiz description: x\n" + "   y\n" * (n // 4) + "1.  Q?\n____\n", True),
}


@pytest.mark.parametrize("kind", list(LARGE))
def test_five_megabytes_of_anything_parse_or_fail_in_linear_time(kind):
    make, valid = LARGE[kind]
    small, large = make(MB // 2), make(5 * MB)
    assert len(large) >= 4.5 * MB
    start = time.process_time()
    bank = parse(large)
    large_time = time.process_time() - start
    assert bank.ok == valid
    assert all(problem.line >= 1 for problem in bank.errors)
    # Ten times the text may take at most thirty times as long (quadratic would be a hundred), and
    # never long in absolute terms, even on a slow machine. CPU time: other processes do not count.
    assert large_time < 30 * best_time(parse, small, runs=2) + 0.2
    assert large_time < 30


# -- fuzzing ---------------------------------------------------------------------------------------------

SAMPLE = (
    "Quiz title: Sample\nQuiz description: Fuzz base\n  wrapped\nShuffle answers: true\n\n"
    "Title: One\nPoints: 2\n1.  What is 2+3?\n    Wrapped.\n... General.\n+   Right.\n-   Wrong.\n"
    "a)  6\n... Nope.\n*b) 5\n\n"
    "2.  Dinosaurs?\n[*] T. rex\n[ ] Mammoth\n\n3.  Root of 2?\n=   1.4142 +- 0.0001\n\n"
    "4.  North Pole?\n*   Santa\n*   Santa Claus\n\n5.  Essay.\n____\n\n6.  Upload.\n^^^^\n\n"
    "GROUP\npick: 1\n7.  A?\n*a) True\nb)  False\n\n8.  B?\n*a) true\nb)  false\nEND_GROUP\n\n"
    "Text title: Part 2\nText: Read this.\n% comment\nCOMMENT\nhidden\nEND_COMMENT\n"
    "9.  Range?\n=   [1, 2]\n"
)
LINE_POOL = SAMPLE.split("\n") + ["", "    indented", "  two", "\t tab", "1.", "*a)", "=   x", "GROUP",
                                   "END_GROUP", "```", "```{.python .run}", "COMMENT", "END_COMMENT", "@gap x",
                                   "Points: 3", "Title: T", "pick: 0", "\x00", "\r", "\ufeff", "1.  " + "9" * 300]


def check_sane(text: str) -> None:
    bank = parse_strict(text)  # raises on a bug, unlike parse()
    assert isinstance(bank, ParsedBank)
    last_line = text.count("\n") + text.count("\r") + 1
    assert all(1 <= problem.line <= last_line and problem.message for problem in bank.errors)
    assert all(q.line >= 1 for q in bank.questions)


def test_the_sample_used_for_fuzzing_is_valid():
    assert len(ok(SAMPLE).questions) == 10


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_parse_never_raises_on_arbitrary_text(text):
    check_sane(text)
    assert isinstance(parse(text), ParsedBank)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("1.a)*[] =_^+-!%`\t\n:GROUPTitle\\$ x"), max_size=300))
def test_parse_never_raises_on_text_made_of_syntax_characters(text):
    check_sane(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 10_000), st.sampled_from(LINE_POOL) | st.text(max_size=30)),
                max_size=12))
def test_parse_never_raises_on_a_valid_file_with_lines_inserted_and_deleted(edits):
    lines = SAMPLE.split("\n")
    for insert, position, line in edits:
        if insert:
            lines.insert(position % (len(lines) + 1), line)
        elif lines:
            del lines[position % len(lines)]
    check_sane("\n".join(lines))


# -- writing -----------------------------------------------------------------------------------------------


def test_dump_writes_text2qti_that_reads_back_the_same():
    bank = ok(SAMPLE.replace("GROUP\npick: 1\n", "").replace("END_GROUP\n", ""))
    text, skipped = dump(bank)
    assert skipped == []
    again = ok(text)
    assert (again.title, again.description) == (bank.title, bank.description)
    assert without_lines(again.questions) == without_lines(bank.questions)
    assert "1.  What is 2+3?\n    Wrapped.\n... General.\n+   Right.\n-   Wrong.\na)  6\n... Nope.\n*b) 5\n" in text


ROUND_TRIP = {
    "single choice": QuestionSpec(T.SINGLE_CHOICE, "Pick **one**:\n\n- bullet", points=D("1.5"), title="T",
                                  choices=(Choice("a", feedback="no\nreally"), Choice("b", correct=True)),
                                  general_feedback="g", correct_feedback="c", incorrect_feedback="i"),
    "true/false": QuestionSpec(T.TRUE_FALSE, "Round?", choices=(Choice("True", True, feedback="yes"),
                                                                Choice("False"))),
    "multiple answer": QuestionSpec(T.MULTIPLE_ANSWER, "Which?", choices=(
        Choice("x", True), Choice("y"), Choice("z", True))),
    "short answer": QuestionSpec(T.SHORT_ANSWER, "Who?", answers=(AcceptedAnswer("Santa"), AcceptedAnswer("St Nick")),
                                 correct_feedback="Ho ho"),
    "numeric with margin": QuestionSpec(T.NUMERIC, "Root?", numeric=(NumericAnswer(D("1.4142"), D("0.0001")),)),
    "numeric exact": QuestionSpec(T.NUMERIC, "Sum?", numeric=(NumericAnswer(D(5)),)),
    "numeric exact decimal": QuestionSpec(T.NUMERIC, "Half?", numeric=(NumericAnswer(D("2.5")),)),
    "numeric percent": QuestionSpec(T.NUMERIC, "About?", numeric=(NumericAnswer(D(300), tolerance_percent=D(5)),)),
    "numeric range": QuestionSpec(T.NUMERIC, "Between?", numeric=(NumericAnswer(min=D("-2"), max=D("1E+3")),)),
    "essay": QuestionSpec(T.ESSAY, "Discuss.", points=D(10), general_feedback="Take care."),
    "file upload": QuestionSpec(T.FILE_UPLOAD, "Upload.", title="Upload"),
    "text": QuestionSpec(T.TEXT, "Read this\n\ncarefully.", points=D(0), title="Intro"),
    "text title only": QuestionSpec(T.TEXT, "", points=D(0), title="Heading"),
    "text without title": QuestionSpec(T.TEXT, "Just text.", points=D(0)),
}


@pytest.mark.parametrize("name", list(ROUND_TRIP))
def test_each_type_text2qti_supports_survives_dump_then_parse(name):
    question = ROUND_TRIP[name]
    extra = QuestionSpec(T.ESSAY, "Anything else?")  # so a bank of only text still has a question
    assert unsupported(question) is None
    text, skipped = dump(ParsedBank(title="Quiz", description="About\n\nit", questions=[question, extra]))
    assert skipped == []
    again = ok(text)
    assert without_lines(again.questions) == [question, extra]
    assert (again.title, again.description) == ("Quiz", "About\n\nit")


UNSUPPORTED = {
    "matching": (QuestionSpec(T.MATCHING, "Match", pairs=(Pair("a", "b"),)), "no matching questions"),
    "ordering": (QuestionSpec(T.ORDERING, "Order", items=("a", "b")), "no ordering questions"),
    "fill blanks": (QuestionSpec(T.FILL_BLANKS, "[[1]]", blanks=(Blank("1", (AcceptedAnswer("x"),)),)),
                    "no fill-in-the-blanks"),
    "weights": (QuestionSpec(T.MULTIPLE_ANSWER, "W", choices=(Choice("a", True, D("0.5")), Choice("b"))), "weights"),
    "scoring": (QuestionSpec(T.MULTIPLE_ANSWER, "S", scoring=Scoring.RIGHT_MINUS_WRONG,
                             choices=(Choice("a", True), Choice("b"))), "all-or-nothing"),
    "quarter points": (QuestionSpec(T.ESSAY, "P", points=D("0.25")), "whole or half points"),
    "zero points": (QuestionSpec(T.ESSAY, "P", points=D(0)), "whole or half points"),
    "regex": (QuestionSpec(T.SHORT_ANSWER, "R", answers=(AcceptedAnswer("a+", regex=True),)), "plain"),
    "partial credit": (QuestionSpec(T.SHORT_ANSWER, "C", answers=(AcceptedAnswer("a", D("0.5")),)), "partial"),
    "two numbers": (QuestionSpec(T.NUMERIC, "N", numeric=(NumericAnswer(D(1)), NumericAnswer(D(2)))), "exactly one"),
    "tiny number": (QuestionSpec(T.NUMERIC, "N", numeric=(NumericAnswer(D("0.00001"), D(0)),)), "0.0001"),
    "both margins": (QuestionSpec(T.NUMERIC, "N", numeric=(NumericAnswer(D(5), D(1), D(2)),)), "exactly"),
    "two correct": (QuestionSpec(T.SINGLE_CHOICE, "2", choices=(Choice("a", True), Choice("b", True))), "exactly one"),
    "odd true/false": (QuestionSpec(T.TRUE_FALSE, "TF", choices=(Choice("Yes", True), Choice("No"))), "True"),
    "same choices": (QuestionSpec(T.SINGLE_CHOICE, "S", choices=(Choice("a", True), Choice("a "))), "same"),
    "no prompt": (QuestionSpec(T.ESSAY, "  "), "no question text"),
    "essay + feedback": (QuestionSpec(T.ESSAY, "E", correct_feedback="good"), "only general feedback"),
    "empty text": (QuestionSpec(T.TEXT, "", points=D(0)), "empty text item"),
}


@pytest.mark.parametrize("name", list(UNSUPPORTED))
def test_dump_skips_what_text2qti_cannot_express_and_says_why(name):
    question, words = UNSUPPORTED[name]
    assert words in unsupported(question)
    good = QuestionSpec(T.ESSAY, "Fine.")
    text, skipped = dump(ParsedBank(questions=[good, question, good.__class__(T.ESSAY, "Also fine.")]))
    assert skipped == [Skipped(2, question, unsupported(question))]
    assert [q.prompt for q in ok(text).questions] == ["Fine.", "Also fine."]


def test_dump_skips_a_later_duplicate_and_a_text_that_would_merge_into_a_title_only_text():
    questions = [QuestionSpec(T.ESSAY, "Same."), QuestionSpec(T.ESSAY, "Same."),
                 QuestionSpec(T.TEXT, "", points=D(0), title="Head"), QuestionSpec(T.TEXT, "Body", points=D(0))]
    text, skipped = dump(ParsedBank(questions=questions))
    assert [(s.position, s.reason) for s in skipped] == [
        (2, "it has the same question text as question 1; text2qti rejects duplicates"),
        (4, "a text item without a title cannot follow a text item that has only a title")]
    assert len(ok(text).questions) == 2


def test_a_single_choice_question_reading_true_false_comes_back_as_true_false():
    question = QuestionSpec(T.SINGLE_CHOICE, "Round?", choices=(Choice("True", True), Choice("False")))
    assert unsupported(question) is None
    assert ok(dump(ParsedBank(questions=[question]))[0]).questions[0].type == T.TRUE_FALSE


def test_the_description_loses_only_the_indent_text2qti_takes_from_its_first_wrapped_line():
    bank = ParsedBank(description="Intro\n  indented\n    more\nflush", questions=[QuestionSpec(T.ESSAY, "E")])
    text, _ = dump(bank)
    assert ok(text).description == "Intro\nindented\n  more\nflush"


def test_dump_drops_settings_text2qti_has_no_syntax_for():
    question = QuestionSpec(T.ESSAY, "E", word_limit=100, tags=("a",), notes=("n",))
    assert unsupported(question) is None
    [again] = ok(dump(ParsedBank(questions=[question]))[0]).questions
    assert (again.word_limit, again.tags, again.notes) == (None, (), ())


# -- round trips, generated ---------------------------------------------------------------------------------

WORDS = st.text(alphabet=st.sampled_from("abcxyz019 .,;:!?*_[]()#%$\\=+-^`'\"<>/é"), min_size=1, max_size=8)
LINE = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)


def clean(text: str) -> str:
    lines = text.strip().split("\n")
    return "\n".join(line.rstrip() for line in lines)


def markdown(min_lines=1):
    return st.lists(LINE | st.just("") | LINE.map(lambda s: "  " + s), min_size=min_lines, max_size=4).map(
        lambda lines: clean("\n".join(lines))).filter(bool)


# A description's wrapped lines lose the leading spaces of the first of them (see the test below).
DESCRIPTION = st.one_of(st.just(""), st.lists(LINE.map(str.lstrip) | st.just(""), min_size=1, max_size=5).map(
    lambda lines: clean("\n".join(lines))))
TITLE = st.one_of(st.just(""), LINE.map(lambda s: " ".join(s.split())))
FEEDBACK = st.one_of(st.just(""), markdown())
POINTS = st.integers(1, 40).map(lambda n: D(n) / 2)
NUMBER = st.decimals(min_value=-10**6, max_value=10**6, places=4, allow_nan=False, allow_infinity=False)


@st.composite
def choice_question(draw, qtype):
    key = lambda choice: "\n".join(line for line in choice.text.split("\n") if line)  # noqa: E731
    choices = draw(st.lists(st.builds(Choice, markdown(), st.booleans(), st.none(), FEEDBACK), min_size=2,
                            max_size=6, unique_by=key))
    if qtype == T.SINGLE_CHOICE:
        right = draw(st.integers(0, len(choices) - 1))
        choices = [dataclasses.replace(c, correct=i == right) for i, c in enumerate(choices)]
        assume(not all(c.text in ("true", "True", "false", "False") for c in choices) or len(choices) != 2)
    else:
        assume(any(c.correct for c in choices))
    return {"choices": tuple(choices)}


@st.composite
def numeric_answer(draw):
    form = draw(st.sampled_from(["margin", "percent", "range", "exact"]))
    value, other = draw(NUMBER), draw(NUMBER)
    if form == "range":
        answer = NumericAnswer(min=min(value, other), max=max(value, other))
    elif form == "percent":
        answer = NumericAnswer(value, tolerance_percent=abs(other) / 10)
    elif form == "margin":
        answer = NumericAnswer(value, abs(other))
    else:
        answer = NumericAnswer(value)
    return {"numeric": (answer,)}


@st.composite
def question(draw):
    qtype = draw(st.sampled_from([t for t in T if t not in (T.MATCHING, T.ORDERING, T.FILL_BLANKS)]))
    if qtype == T.TEXT:
        return QuestionSpec(T.TEXT, draw(markdown()), points=D(0), title=draw(TITLE))
    fields = {"title": draw(TITLE), "points": draw(POINTS), "general_feedback": draw(FEEDBACK)}
    if qtype not in (T.ESSAY, T.FILE_UPLOAD):
        fields |= {"correct_feedback": draw(FEEDBACK), "incorrect_feedback": draw(FEEDBACK)}
    if qtype == T.TRUE_FALSE:
        right = draw(st.booleans())
        fields["choices"] = (Choice(draw(st.sampled_from(["True", "true"])), right, feedback=draw(FEEDBACK)),
                             Choice(draw(st.sampled_from(["False", "false"])), not right))
    elif qtype in (T.SINGLE_CHOICE, T.MULTIPLE_ANSWER):
        fields |= draw(choice_question(qtype))
    elif qtype == T.SHORT_ANSWER:
        fields["answers"] = tuple(AcceptedAnswer(text) for text in draw(st.lists(
            LINE.map(str.strip).filter(bool), min_size=1, max_size=4, unique=True)))
    elif qtype == T.NUMERIC:
        fields |= draw(numeric_answer())
    return QuestionSpec(qtype, draw(markdown()), **fields)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(question(), min_size=1, max_size=6), TITLE, DESCRIPTION)
def test_any_question_unsupported_accepts_reads_back_equal_after_dump(questions, title, description):
    # Unique prompts: text2qti rejects duplicate questions.
    questions = [dataclasses.replace(q, prompt=f"Q{i} {q.prompt}") for i, q in enumerate(questions)]
    questions.append(QuestionSpec(T.ESSAY, "Last."))
    assume(all(unsupported(q) is None for q in questions))
    text, skipped = dump(ParsedBank(title=title, description=description, questions=questions))
    assert skipped == []
    again = parse_strict(text)
    assert again.errors == []
    assert (again.title, again.description) == (title, description)
    assert without_lines(again.questions) == questions


# -- agreement with text2qti itself (where it is installed: requirements-bench.txt) ---------------------------


def text2qti_accepts(text: str) -> bool | None:
    """True if text2qti reads ``text`` into at least one question, False if it refuses it, None if it
    crashes."""
    from text2qti.config import Config
    from text2qti.err import Text2qtiError
    from text2qti.quiz import Question, Quiz

    try:
        quiz = Quiz(text, config=Config())
    except Text2qtiError as error:
        # Its Markdown renderer's crashes (on "![" for one) are not about text2qti's syntax: no verdict.
        return None if "Conversion from Markdown to HTML failed" in str(error) else False
    except Exception:  # text2qti's own bugs (e.g. "Points: 2.0"): no verdict  # noqa: BLE001
        return None
    return any(isinstance(item, Question) for item in quiz.questions_and_delims)


BLOCK_LINES = ["Quiz title: Q", "Quiz description: D", "Shuffle answers: true", "Title: T", "Points: 2",
               "Points: 1.5", "Points: 0", "1.  Question?", "2.  Other question?", "    wrapped", "  short indent",
               "*a) yes", "a)  no", "b)  True", "*b) False", "[*] x", "[ ] y", "*   answer", "*   other",
               "... feedback", "+   right", "-   wrong", "!   solution", "____", "^^^^", "=   5", "=   1.5 +- 0.1",
               "=   [1, 2]", "=   2 +- 10%", "=   0", "=   1.5", "GROUP", "END_GROUP", "pick: 1", "pick: 2",
               "points per question: 2", "Text title: TT", "Text: text", "", "", "", "% comment", "COMMENT",
               "END_COMMENT", "junk", "1.No space", "@gap x"]


@st.composite
def near_valid_document(draw):
    r = random.Random(draw(st.integers(0, 2**32)))
    lines = []
    for n in range(1, r.randint(1, 5) + 1):
        lines += ["Title: T"] * (r.random() < .3) + [f"{n}.  Question {n}?"]
        lines += r.choice([["*a) yes", "b)  no"], ["a)  True", "*b) False"], ["[*] x", "[ ] y"], ["*   ans"],
                           ["=   5"], ["____"], ["^^^^"], ["... fb", "*a) a", "... cfb", "b)  b"]])
        lines.append("")
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, len(lines)))
        if draw(st.booleans()) and lines:
            del lines[min(position, len(lines) - 1)]
        else:
            lines.insert(position, draw(st.sampled_from(BLOCK_LINES)))
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(importlib.util.find_spec("text2qti") is None, reason="text2qti is not installed")
@settings(max_examples=300, deadline=None)
@given(near_valid_document() | st.lists(st.sampled_from(BLOCK_LINES), max_size=10).map("\n".join))
def test_casebook_accepts_exactly_the_files_text2qti_accepts(text):
    verdict = text2qti_accepts(text)
    assume(verdict is not None)
    assert parse(text).ok == verdict


@pytest.mark.skipif(importlib.util.find_spec("text2qti") is None, reason="text2qti is not installed")
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(question(), min_size=1, max_size=4))
def test_text2qti_itself_accepts_what_dump_writes(questions):
    questions = [dataclasses.replace(q, prompt=f"Q{i} {q.prompt}") for i, q in enumerate(questions)]
    questions.append(QuestionSpec(T.ESSAY, "Last."))
    text, skipped = dump(ParsedBank(title="Quiz", questions=questions))
    assert text2qti_accepts(text) is not False
