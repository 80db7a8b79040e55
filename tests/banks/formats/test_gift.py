"""Moodle GIFT import/export: every construct from Moodle's "GIFT format" documentation, the malformed
cases an instructor will meet, round trips, fuzzing and a 5 MB file. Fixtures are written here from the
documentation; real-world files are exercised in test_corpus_gift.py."""

import dataclasses
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banks.autograde import correct_response, grade
from banks.formats.base import ParsedBank
from banks.formats.gift import Skipped, dump, parse, unsupported
from banks.spec import AcceptedAnswer, Blank, Choice, NumericAnswer, Pair, QuestionSpec, QuestionType, Scoring

T = QuestionType
D = Decimal

DOCUMENTATION = """\
// A bank written from Moodle's GIFT documentation.
$CATEGORY: $course$/top/History/Grant

::Tomb::Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}

Grant is {~buried =entombed ~living} in Grant's tomb.

Grant is buried in Grant's tomb.{FALSE}

Who's buried in Grant's tomb?{=no one =nobody}

When was Ulysses S. Grant born?{#1822:5}

Match the following countries with their corresponding capitals. {
    =Canada -> Ottawa
    =Italy  -> Rome
    =Japan  -> Tokyo
    = -> Paris
}

// [tag:hard]
What two people are entombed in Grant's tomb? {
    ~%-100%No one
    ~%50%Grant#Yes
    ~%50%Grant's wife
    ~%-100%Grant's father
}

Two plus two equals {=four =4}.

What is pi to two places? {#=3.14:0.005 =%50%3.1:0.05 ~#Look it up.}

Write a short essay about Grant.{####A model answer mentions the Civil War.}

This paragraph introduces the next questions.

[markdown]Who is **buried**?{=no one#excellent answer! =%50%nobody#fine}
"""


def one(text: str) -> QuestionSpec:
    """The single question ``text`` holds, asserting it imported cleanly."""
    bank = parse(text)
    assert bank.ok, bank.errors
    assert len(bank.questions) == 1, bank.questions
    return bank.questions[0]


def problems(text: str) -> list[tuple[int, str]]:
    bank = parse(text)
    assert not bank.ok
    return [(p.line, p.message) for p in bank.errors]


def same(question: QuestionSpec) -> QuestionSpec:
    """A question without what a round trip may change: its line and the importer's notes."""
    return dataclasses.replace(question, line=0, notes=())


def written(bank: ParsedBank) -> str:
    """``dump``'s text, asserting it left nothing out."""
    text, skipped = dump(bank)
    assert skipped == [], skipped
    return text


def round_trip(question: QuestionSpec) -> QuestionSpec:
    text = written(ParsedBank(questions=[question]))
    bank = parse(text)
    assert bank.ok, (text, bank.errors)
    assert len(bank.questions) == 1, text
    return bank.questions[0]


# --- the documentation bank ----------------------------------------------------------------------


def test_the_documentation_bank_imports_cleanly_with_the_expected_types_and_lines():
    bank = parse(DOCUMENTATION)
    assert bank.ok, bank.errors
    assert [(q.type, q.line) for q in bank.questions] == [
        (T.SINGLE_CHOICE, 4), (T.SINGLE_CHOICE, 6), (T.TRUE_FALSE, 8), (T.SHORT_ANSWER, 10), (T.NUMERIC, 12),
        (T.MATCHING, 14), (T.MULTIPLE_ANSWER, 22), (T.FILL_BLANKS, 29), (T.NUMERIC, 31), (T.ESSAY, 33),
        (T.TEXT, 35), (T.SHORT_ANSWER, 37),
    ]
    assert all(q.points == 1 for q in bank.questions)


def test_a_category_tags_the_questions_that_follow_and_comment_tags_are_added():
    bank = parse(DOCUMENTATION)
    assert bank.questions[0].tags == ("History/Grant",)
    assert bank.questions[6].tags == ("History/Grant", "hard")


def test_the_documentation_bank_survives_a_dump_and_parse():
    bank = parse(DOCUMENTATION)
    again = parse(written(bank))
    assert again.ok, again.errors
    assert [same(q) for q in again.questions] == [same(q) for q in bank.questions]


# --- question types ------------------------------------------------------------------------------


def test_a_choice_list_with_an_equals_sign_is_single_choice_with_a_title():
    q = one("::Tomb::Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}")
    assert (q.type, q.title, q.prompt) == (T.SINGLE_CHOICE, "Tomb", "Who's buried in Grant's tomb?")
    assert q.choices == (Choice("Grant"), Choice("Jefferson"), Choice("no one", True))
    assert grade(q, 2).score == 1 and grade(q, 0).score == 0


def test_an_answer_block_in_the_middle_of_a_choice_question_leaves_a_blank():
    q = one("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert q.type == T.SINGLE_CHOICE
    assert q.prompt == "Grant is _____ in Grant's tomb."


def test_choices_over_several_lines_carry_feedback_weights_and_general_feedback():
    q = one("Difficult question.{\n  ~wrong answer #comment on wrong answer\n  ~%50%half credit answer #half\n"
            "  =full credit answer     #well done!\n  ####General feedback\n  over two lines}")
    assert q.choices == (
        Choice("wrong answer", feedback="comment on wrong answer"),
        Choice("half credit answer", weight=D("0.5"), feedback="half"),
        Choice("full credit answer", True, feedback="well done!"),
    )
    assert q.general_feedback == "General feedback\nover two lines"
    assert grade(q, 1).score == D("0.50")


def test_choices_without_an_equals_sign_are_multiple_answer_scored_by_weights():
    q = one("Who is entombed? {~%-100%No one ~%30%Grant ~%70%Grant's wife ~Grant's father}")
    assert (q.type, q.scoring) == (T.MULTIPLE_ANSWER, Scoring.WEIGHTS)
    assert [(c.correct, c.weight) for c in q.choices] == [
        (False, -1), (True, D("0.3")), (True, D("0.7")), (False, None)]
    assert grade(q, [1, 2]).score == 1 and grade(q, [0, 1, 2]).score == 0


def test_equal_weights_such_as_33_33333_become_exact_equal_shares():
    q = one("Pick the primes. {~%33.33333%2 ~%33.33333%3 ~%33.33333%5 ~%-100%4}")
    assert [(c.correct, c.weight) for c in q.choices] == [(True, None)] * 3 + [(False, -1)]
    assert grade(q, [0, 1, 2]).score == 1
    assert not q.notes


@pytest.mark.parametrize("key, answer", [("T", True), ("TRUE", True), ("F", False), ("FALSE", False)])
def test_true_false_accepts_every_spelling(key, answer):
    q = one(f"The sun rises in the east.{{{key}}}")
    assert q.type == T.TRUE_FALSE
    assert q.choices == (Choice("True", answer), Choice("False", not answer))


def test_true_false_feedback_is_for_a_wrong_then_a_right_answer():
    q = one("Grant is buried in Grant's tomb.{F#No one is.#Right!####He is entombed.}")
    assert q.choices == (Choice("True", False, feedback="No one is."), Choice("False", True, feedback="Right!"))
    assert q.general_feedback == "He is entombed."


def test_short_answer_accepts_every_equals_answer_with_partial_credit_and_feedback():
    q = one("Jesus Christ was from {\n=Nazareth#Yes!\n=%75%Nazereth#Misspelled.\n=%25%Bethlehem#Born there.\n}")
    assert (q.type, q.prompt) == (T.SHORT_ANSWER, "Jesus Christ was from")
    assert q.answers == (
        AcceptedAnswer("Nazareth", feedback="Yes!"),
        AcceptedAnswer("Nazereth", D("0.75"), feedback="Misspelled."),
        AcceptedAnswer("Bethlehem", D("0.25"), feedback="Born there."),
    )
    assert grade(q, "nazereth").score == D("0.75")


def test_a_short_answer_in_the_middle_of_the_text_is_one_blank():
    q = one("Two plus two equals {=four =4} exactly.")
    assert (q.type, q.prompt, q.scoring) == (T.FILL_BLANKS, "Two plus two equals [[1]] exactly.", Scoring.PER_PART)
    assert q.blanks == (Blank("1", (AcceptedAnswer("four"), AcceptedAnswer("4"))),)
    assert grade(q, {"1": "4"}).score == 1


def test_a_moodle_wildcard_becomes_a_pattern_and_an_escaped_star_stays_a_star():
    q = one("Name a colour.{=*red* =bl\\\\*e}")
    assert q.answers[0].regex and not q.answers[1].regex
    assert q.answers[1].text == "bl*e"
    assert grade(q, "dark red wine").score == 1 and grade(q, "bl*e").score == 1 and grade(q, "blue").score == 0


def test_matching_pairs_and_a_distractor_with_an_empty_left_side():
    q = one("Match.{=Canada -> Ottawa =Italy->Rome = -> Paris}")
    assert (q.type, q.scoring) == (T.MATCHING, Scoring.PER_PART)
    assert q.pairs == (Pair("Canada", "Ottawa"), Pair("Italy", "Rome"), Pair("", "Paris"))
    assert grade(q, correct_response(q)).score == 1


@pytest.mark.parametrize("block, expected", [
    ("{#1822}", NumericAnswer(value=D(1822))),
    ("{#-1}", NumericAnswer(value=D(-1))),
    ("{#3.1415:0.0005}", NumericAnswer(value=D("3.1415"), tolerance=D("0.0005"))),
    ("{#1..5}", NumericAnswer(min=D(1), max=D(5))),
    ("{#-3.142..-3.141}", NumericAnswer(min=D("-3.142"), max=D("-3.141"))),
    ("{#1.5e3:1E1#Close enough}", NumericAnswer(value=D(1500), tolerance=D(10), feedback="Close enough")),
])
def test_numeric_answers_take_a_value_a_tolerance_or_a_range(block, expected):
    q = one(f"What number? {block}")
    assert (q.type, q.numeric) == (T.NUMERIC, (expected,))


def test_several_numeric_answers_with_credit_feedback_and_a_wrong_answer_feedback():
    q = one("When was Grant born? {#\n  =1822:0 #Correct!\n  =%50%1822:2 #Close:\n  you get half.\n  ~#Wrong.\n}")
    assert q.numeric == (
        NumericAnswer(value=D(1822), feedback="Correct!"),
        NumericAnswer(value=D(1822), tolerance=D(2), credit=D("0.5"), feedback="Close:\nyou get half."),
    )
    assert q.incorrect_feedback == "Wrong."
    assert grade(q, "1823").score == D("0.50")


def test_a_numeric_block_in_the_middle_of_the_text_leaves_a_blank():
    assert one("There are {#7} days in a week.").prompt == "There are _____ days in a week."


def test_empty_braces_are_an_essay_and_text_without_braces_is_a_description():
    essay = one("Write about Grant.{####Mention the war.}")
    assert (essay.type, essay.general_feedback) == (T.ESSAY, "Mention the war.")
    assert one("Write about Grant.{}").type == T.ESSAY
    text = one("::Intro::The next questions are about Grant.")
    assert (text.type, text.title, text.prompt) == (T.TEXT, "Intro", "The next questions are about Grant.")


# --- text: escapes, comments, formats, line endings ------------------------------------------------


def test_escaped_control_characters_are_literal_and_backslash_n_is_a_newline():
    q = one("::A\\: B::Which is \\{not\\} special?\\nPick one.{~\\~ tilde#\\# hash ~\\=#\\: =\\\\ backslash}")
    assert q.title == "A: B"
    assert q.prompt == "Which is {not} special?\nPick one."
    assert [c.text for c in q.choices] == ["~ tilde", "=", "\\ backslash"]
    assert [c.feedback for c in q.choices] == ["# hash", ":", ""]


def test_comment_lines_are_ignored_but_urls_are_not_comments():
    q = one("// a comment\nSee http://example.com first.\n// another\n{T}")
    assert q.prompt == "See http://example.com first."
    assert q.line == 2


def test_windows_line_endings_and_a_byte_order_mark_are_accepted():
    bank = parse("\ufeff::A::One?{T}\r\n\r\n::B::Two?\r\n{F}\r\n")
    assert bank.ok and [q.line for q in bank.questions] == [1, 3]


def test_markdown_and_moodle_formats_are_taken_as_markdown_without_notes():
    assert one("[markdown]Who is **buried**?{=no one}").prompt == "Who is **buried**?"
    q = one("[moodle]Plain words.{=[moodle]a ~[markdown]*b*}")
    assert [c.text for c in q.choices] == ["a", "*b*"] and not q.notes


def test_html_is_kept_with_a_note_and_never_dropped():
    q = one('[html]<p>Grant is <b>buried</b></p>{=yes#<i>Right</i> ~no####<p>Gen \\= "x"</p>}')
    assert q.prompt == "<p>Grant is <b>buried</b></p>"
    assert q.choices[0].feedback == "<i>Right</i>"
    assert q.general_feedback == '<p>Gen = "x"</p>'
    assert any("HTML" in note for note in q.notes)


def test_plain_text_with_markdown_characters_gets_a_note():
    assert any("plain text" in note for note in one("[plain]2*3*4 = ?{#24}").notes)


def test_a_bracket_that_is_not_a_format_name_stays_text_like_in_moodle():
    assert one("[Bonus] Who is buried?{=no one}").prompt == "[Bonus] Who is buried?"


def test_moodle_ids_and_weights_after_equals_and_unusual_weights_become_notes():
    assert any("ID number" in n for n in one("// [id:Q-7]\nQ?{T}").notes)
    assert any("%...%" in n for n in one("Q?{=%50%a ~b}").notes)
    assert any("80%" in n for n in one("Q?{~%40%a ~%40%b ~c}").notes)
    assert any("negative" in n for n in one("Q?{=a ~%-50%b}").notes)
    assert any("any number" in n for n in one("Q?{#=5 =%50%*}").notes)
    assert any("feedback" in n for n in one("Q?{=a -> b#good =c -> d}").notes)
    assert any("ignored" in n for n in one("Q?{#5 ~nope}").notes)


def test_a_category_line_without_a_blank_line_after_it_still_imports_the_question_with_a_note():
    bank = parse("$CATEGORY: Unit 1\nQ?{T}")
    assert bank.ok and bank.questions[0].tags == ("Unit 1",)
    assert any("$CATEGORY" in note for note in bank.questions[0].notes)


# --- malformed files -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, line, words", [
    ("Q1?{T}\n\nWhat is\nthe answer? {\n=a\n~b\n\nQ3?{F}", 4, "never closed with }"),
    ("Q? } and {=a}", 1, "never opened"),
    ("Q? {=a ~b} and {=c ~d}", 1, "only one answer block"),
    ("Q? {=a\n{~b}", 2, "second {"),
    ("Line one\nQ? {~a ~b ~c}", 2, "None of the choices is marked correct"),
    ("Q? {~only}", 1, "at least two choices"),
    ("Q? {\n~a\n~ #feedback only\n=c}", 3, "empty"),
    ("Q? {#abc}", 1, "not a number"),
    ("Q? {#\n=1\n=%50%3,14}", 3, "use a dot"),
    ("Q? {#5:x}", 1, "tolerance"),
    ("Q? {#5:-1}", 1, "negative"),
    ("Q? {#5..1}", 1, "backwards"),
    ("Q? {#}", 1, "no number"),
    ("[htm]Q? {T}", 1, "[htm]"),
    ("[HTML]Q? {T}", 1, "[HTML]"),
    ("Q? {=[md]a ~b}", 1, "[md]"),
    ("Q? {=a -> b}", 1, "at least two pairs"),
    ("Q? {=a -> b = -> c = -> d}", 1, "at least two pairs"),
    ("Q? {\n=a -> b\n=c\n}", 3, 'has no "->"'),
    ("Q? {=a -> b =c ->}", 1, 'nothing after "->"'),
    ("Q? {\n~%150%a\n=b}", 2, "out of range"),
    ("Q? {~%-101%a =b}", 1, "out of range"),
    ("Q? {~%abc%a =b}", 1, "not a number"),
    ("Q? {=%-50%a =b}", 1, "cannot take marks away"),
    ("::Title Q? {T}", 1, "never closed with ::"),
    ("::Title::{T}", 1, "no text"),
    ("::Title::", 1, "no text"),
    ("", 1, "no questions"),
    ("// only\n// comments\n\n\n", 1, "no questions"),
    ("Q? {T}\n\nQ2?\x00{F}", 3, "binary"),
    ("\x89PNG\r\n\x1a\n" + "\x00\x01\x02" * 50, 3, "binary"),
    ("\x01\x02\x03 junk \x04" * 100, 1, "binary"),
    ("Q? {" + "~a " * 1200 + "=b}", 1, "more than 1000 answers"),
])
def test_malformed_questions_are_rejected_with_a_line_number_and_a_clear_message(text, line, words):
    found = problems(text)
    assert any(at == line and words in message for at, message in found), found


def test_every_bad_question_is_reported_not_only_the_first():
    found = problems("Q1? {~a ~b}\n\nQ2? {=ok}\n\nQ3? {#x}\n\n")
    assert [at for at, _ in found] == [1, 5]


def test_bytes_are_decoded_and_undecodable_bytes_are_an_error():
    assert parse("Q?{T}".encode()).ok
    assert not parse(b"\xff\xfe Q?{T}").ok


# --- export ----------------------------------------------------------------------------------------


def test_dump_writes_what_gift_can_hold_and_lists_what_it_skipped_with_a_reason_each():
    ordering = QuestionSpec(T.ORDERING, "Order them.", items=("a", "b"))
    upload = QuestionSpec(T.FILE_UPLOAD, "Upload it.")
    fine = QuestionSpec(T.ESSAY, "Write.")
    also_fine = QuestionSpec(T.ESSAY, "Write more.")
    assert "ordering" in unsupported(ordering) and "file-upload" in unsupported(upload)
    assert unsupported(fine) is None

    text, skipped = dump(ParsedBank(questions=[fine, ordering, upload, also_fine]))

    assert skipped == [Skipped(2, ordering, unsupported(ordering)), Skipped(3, upload, unsupported(upload))]
    assert [q.prompt for q in parse(text).questions] == ["Write.", "Write more."]
    assert "Order them." not in text and "Upload it." not in text


def test_dump_of_only_unsupported_questions_writes_no_question_and_skips_them_all():
    ordering = QuestionSpec(T.ORDERING, "Order them.", items=("a", "b"))
    text, skipped = dump(ParsedBank(title="Bank", questions=[ordering]))
    assert text == "// Bank\n"
    assert [s.position for s in skipped] == [1]


@pytest.mark.parametrize("question, words", [
    (QuestionSpec(T.FILL_BLANKS, "[[a]] and [[b]].", blanks=(Blank("a", (AcceptedAnswer("x"),)),
                                                            Blank("b", (AcceptedAnswer("y"),)))), "one blank"),
    (QuestionSpec(T.FILL_BLANKS, "Ends with [[1]]", blanks=(Blank("1", (AcceptedAnswer("x"),)),)), "followed"),
    (QuestionSpec(T.SHORT_ANSWER, "Q", answers=(AcceptedAnswer("^a+$", regex=True),)), "regular"),
    (QuestionSpec(T.SHORT_ANSWER, "Q", answers=(AcceptedAnswer("a->b"),)), "matching"),
    (QuestionSpec(T.NUMERIC, "Q", numeric=(NumericAnswer(min=D(1)),)), "both ends"),
    (QuestionSpec(T.MATCHING, "Q", pairs=(Pair("a", "b"),)), "two matching pairs"),
    (QuestionSpec(T.SINGLE_CHOICE, "Q", choices=(Choice("a"), Choice("b"))), "fully correct"),
    (QuestionSpec(T.SINGLE_CHOICE, "", choices=(Choice("a", True), Choice("b"))), "no question text"),
])
def test_questions_gift_cannot_express_are_explained(question, words):
    assert words in unsupported(question)


def test_dump_escapes_special_characters_and_writes_markdown_like_moodle():
    q = QuestionSpec(T.SINGLE_CHOICE, "a{b}c: ~=#\\\nnext", title="T:1",
                     choices=(Choice("[x] %5", True), Choice("y", feedback="#1")))
    text = written(ParsedBank(title="My bank", questions=[q]))
    assert text.startswith("// My bank\n\n")
    assert "::T\\:1::[markdown]a\\{b\\}c\\: \\~\\=\\#\\\\\\nnext{" in text
    assert "\t=[markdown][x] %5\n" in text and "\t~y#\\#1\n" in text
    assert same(round_trip(q)) == q


def test_what_gift_cannot_hold_is_written_as_a_comment_above_the_question():
    q = QuestionSpec(T.SHORT_ANSWER, "Q", points=D(3), answers=(AcceptedAnswer("Ab", case_sensitive=True),),
                     correct_feedback="Well done")
    text = written(ParsedBank(questions=[q]))
    assert "// Casebook: worth 3 points" in text and "case-sensitive" in text and "correct/incorrect" in text
    assert parse(text).ok


def test_right_minus_wrong_scoring_is_written_as_equivalent_weights():
    q = QuestionSpec(T.MULTIPLE_ANSWER, "Q", choices=(Choice("a", True), Choice("b", True), Choice("c")),
                     scoring=Scoring.RIGHT_MINUS_WRONG)
    back = round_trip(q)
    assert [c.weight for c in back.choices] == [None, None, D("-0.5")]
    for response in ([0], [0, 1], [0, 2], [0, 1, 2], [2]):
        assert grade(back, response).score == grade(q, response).score


# --- round trips, one per supported type -----------------------------------------------------------

ROUND_TRIPS = [
    QuestionSpec(T.SINGLE_CHOICE, "Grant is _____ in the tomb.", title="Tomb", tags=("Unit 1", "easy"),
                 choices=(Choice("buried", feedback="No"), Choice("entombed", True), Choice("half", weight=D("0.5")),
                          Choice("bad", weight=D("-0.25"))), general_feedback="See the **notes**."),
    QuestionSpec(T.MULTIPLE_ANSWER, "Pick two.", scoring=Scoring.WEIGHTS,
                 choices=(Choice("a", True, D("0.6")), Choice("b", True, D("0.4")), Choice("c", weight=D(-1)),
                          Choice("d"))),
    QuestionSpec(T.MULTIPLE_ANSWER, "Pick three.", scoring=Scoring.WEIGHTS,
                 choices=(Choice("a", True), Choice("b", True), Choice("c", True), Choice("d", feedback="no"))),
    QuestionSpec(T.TRUE_FALSE, "The sun rises in the east.",
                 choices=(Choice("True", True, feedback="Yes"), Choice("False", feedback="It does"))),
    QuestionSpec(T.TRUE_FALSE, "Grant is buried.", choices=(Choice("True"), Choice("False", True, feedback="Right"))),
    QuestionSpec(T.SHORT_ANSWER, "Capital of France?",
                 answers=(AcceptedAnswer("Paris", feedback="Oui"), AcceptedAnswer("Pa*s", D("0.5")),
                          AcceptedAnswer(".*Paris.*", D("0.25"), regex=True))),
    QuestionSpec(T.SHORT_ANSWER, "True?", answers=(AcceptedAnswer("T"),)),
    QuestionSpec(T.FILL_BLANKS, "The capital of France is [[1]], not Lyon.", scoring=Scoring.PER_PART,
                 blanks=(Blank("1", (AcceptedAnswer("Paris"), AcceptedAnswer("paris city", D("0.5")))),)),
    QuestionSpec(T.NUMERIC, "Pi?", incorrect_feedback="Look it up.", general_feedback="About 3.14",
                 numeric=(NumericAnswer(value=D("3.14"), tolerance=D("0.01"), feedback="Yes"),
                          NumericAnswer(min=D(-3), max=D("3.5"), credit=D("0.5")),
                          NumericAnswer(value=D("-1E+40")))),
    QuestionSpec(T.MATCHING, "Match the capitals.", scoring=Scoring.PER_PART,
                 pairs=(Pair("Canada", "Ottawa"), Pair("Italy", "Rome -> Lazio"), Pair("", "Paris"))),
    QuestionSpec(T.ESSAY, "Write about Grant.", general_feedback="Mention the war."),
    QuestionSpec(T.ESSAY, "Fill this _____ gap in words."),
    QuestionSpec(T.TEXT, "## Part 2\n\nThe next questions are about Grant.", title="Intro"),
]


@pytest.mark.parametrize("question", ROUND_TRIPS, ids=lambda q: f"{q.type}-{q.prompt[:12]}")
def test_every_supported_type_survives_dump_and_parse_unchanged(question):
    assert unsupported(question) is None
    assert same(round_trip(question)) == question


def test_a_numeric_percent_tolerance_is_written_as_the_same_absolute_tolerance():
    q = QuestionSpec(T.NUMERIC, "Q", numeric=(NumericAnswer(value=D(200), tolerance_percent=D(5)),))
    assert round_trip(q).numeric == (NumericAnswer(value=D(200), tolerance=D(10)),)


# --- fuzzing -------------------------------------------------------------------------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPECIAL = list("~=#{}:\\%[]->*_ \n\t/$") + ["//", "::", "{#", "->", "####", "\\n", "[html]", "$CATEGORY:", "\x00"]


def _no_crash(bank: ParsedBank, text: str) -> None:
    lines = text.count("\n") + text.count("\r") + 2
    assert all("could not be read" not in p.message for p in bank.errors), bank.errors
    assert all(1 <= p.line <= lines for p in bank.errors)
    assert all(1 <= q.line <= lines for q in bank.questions)


@FUZZ
@given(st.lists(st.one_of(st.characters(), st.sampled_from(SPECIAL)), max_size=200).map("".join))
def test_parse_never_raises_on_arbitrary_text(text):
    _no_crash(parse(text), text)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(DOCUMENTATION)), st.booleans(),
                          st.one_of(st.sampled_from(SPECIAL), st.characters())), max_size=12))
def test_parse_never_raises_on_the_documentation_with_characters_inserted_or_deleted(edits):
    text = DOCUMENTATION
    for position, insert, char in edits:
        position %= len(text) + 1
        text = text[:position] + char + text[position:] if insert else text[:position] + text[position + 1:]
    _no_crash(parse(text), text)


WS = " \t\n\r\x0b"
_chars = st.one_of(
    st.characters(blacklist_categories=("Cs", "Co", "Cc")),
    st.sampled_from(list("~=#{}:\\%[]-*_>$\n\t")),
)
texts = st.text(_chars, min_size=1, max_size=30).map(lambda s: s.strip(WS)).filter(bool)
titles = st.one_of(st.just(""), texts.map(lambda s: " ".join(s.split())))
feedbacks = st.one_of(st.just(""), texts)
tags = st.lists(st.text(st.characters(blacklist_categories=("Cs", "Co", "Cc"), blacklist_characters="<>`"),
                        min_size=1, max_size=12).map(lambda s: s.strip(WS)).filter(lambda s: s and s[-1] != "\\"),
                max_size=3, unique=True).map(tuple)
percents = st.integers(-100, 100).map(lambda n: D(n) / 100)
credits = st.integers(0, 100).map(lambda n: D(n) / 100)
numbers = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)


@st.composite
def single_choices(draw):
    choices = [Choice(draw(texts), True, None, draw(feedbacks))]
    for _ in range(draw(st.integers(1, 4))):
        share = draw(st.one_of(st.none(), percents))
        choices.append(Choice(draw(texts), share is not None and share >= 1, share, draw(feedbacks)))
    return {"type": T.SINGLE_CHOICE, "choices": tuple(draw(st.permutations(choices)))}


def _not_equal_shares(shares: list) -> bool:
    """Some right choice, and not n equal weights making 100% (parse turns those into equal shares)."""
    positive = [s for s in shares if s is not None and s > 0]
    return bool(positive) and not (len(set(positive)) == 1 and abs(sum(positive) - 1) <= D("0.0001"))


@st.composite
def multiple_answers(draw):
    shares = draw(st.lists(st.one_of(st.none(), percents), min_size=2, max_size=5).filter(_not_equal_shares))
    choices = [Choice(draw(texts), s is not None and s > 0, s, draw(feedbacks)) for s in shares]
    return {"type": T.MULTIPLE_ANSWER, "choices": tuple(choices), "scoring": Scoring.WEIGHTS}


@st.composite
def equal_shares(draw):
    right = draw(st.integers(1, 4))
    choices = [Choice(draw(texts), True, None, draw(feedbacks)) for _ in range(right)]
    choices += [Choice(draw(texts), False, draw(st.one_of(st.none(), percents.filter(lambda p: p <= 0))))
                for _ in range(draw(st.integers(2 - min(right, 2), 3)))]
    return {"type": T.MULTIPLE_ANSWER, "choices": tuple(draw(st.permutations(choices))), "scoring": Scoring.WEIGHTS}


@st.composite
def text_answers(draw):
    answers = draw(st.lists(st.tuples(texts.filter(lambda s: "->" not in s), credits, feedbacks.filter(
        lambda s: "->" not in s)), min_size=1, max_size=3))
    return tuple(AcceptedAnswer(text, credit, feedback=feedback) for text, credit, feedback in answers)


@st.composite
def numerics(draw):
    found = []
    for _ in range(draw(st.integers(1, 3))):
        credit, feedback = draw(credits), draw(feedbacks)
        if draw(st.booleans()):
            found.append(NumericAnswer(value=draw(numbers), tolerance=abs(draw(numbers)), credit=credit,
                                       feedback=feedback))
        else:
            low, high = sorted((draw(numbers), draw(numbers)))
            found.append(NumericAnswer(min=low, max=high, credit=credit, feedback=feedback))
    return {"type": T.NUMERIC, "numeric": tuple(found), "incorrect_feedback": draw(feedbacks)}


@st.composite
def matchings(draw):
    lefts = draw(st.lists(texts.filter(lambda s: "->" not in s), min_size=2, max_size=4))
    pairs = [Pair(left, draw(texts)) for left in lefts]
    pairs += [Pair("", draw(texts)) for _ in range(draw(st.integers(0, 2)))]
    return {"type": T.MATCHING, "pairs": tuple(pairs), "scoring": Scoring.PER_PART}


@st.composite
def questions(draw):
    kind = draw(st.sampled_from(["single", "multiple", "shares", "tf", "short", "blanks", "numeric", "matching",
                                 "essay", "text"]))
    fields = {"prompt": draw(texts), "title": draw(titles), "tags": draw(tags)}
    if kind != "text":
        fields["general_feedback"] = draw(feedbacks)
    if kind == "single":
        fields |= draw(single_choices())
    elif kind == "multiple":
        fields |= draw(multiple_answers())
    elif kind == "shares":
        fields |= draw(equal_shares())
    elif kind == "tf":
        answer = draw(st.booleans())
        fields |= {"type": T.TRUE_FALSE, "choices": (Choice("True", answer, feedback=draw(feedbacks)),
                                                     Choice("False", not answer, feedback=draw(feedbacks)))}
    elif kind == "short":
        fields |= {"type": T.SHORT_ANSWER, "answers": draw(text_answers())}
    elif kind == "blanks":
        before, after = draw(texts.filter(lambda s: "[[1]]" not in s)), draw(texts.filter(lambda s: "[[1]]" not in s))
        fields |= {"type": T.FILL_BLANKS, "prompt": f"{before} [[1]] {after}", "scoring": Scoring.PER_PART,
                   "blanks": (Blank("1", draw(text_answers())),)}
    elif kind == "numeric":
        fields |= draw(numerics())
    elif kind == "matching":
        fields |= draw(matchings())
    else:
        fields["type"] = T.ESSAY if kind == "essay" else T.TEXT
    return QuestionSpec(**fields)


@FUZZ
@given(st.lists(questions(), min_size=1, max_size=4))
def test_any_bank_gift_can_express_survives_dump_and_parse(generated):
    generated = [q for q in generated if unsupported(q) is None]
    if not generated:
        return
    text = written(ParsedBank(questions=generated))
    bank = parse(text)
    assert bank.ok, (text, bank.errors)
    assert [same(q) for q in bank.questions] == generated, text


_raw = st.text(max_size=15)
_decimals = st.decimals(min_value=-10**4, max_value=10**4, places=3, allow_nan=False, allow_infinity=False)
_maybe = st.one_of(st.none(), _decimals)
_answers = st.lists(st.builds(AcceptedAnswer, _raw, _decimals, st.booleans(), st.booleans(), _raw), max_size=2)
anything = st.builds(
    QuestionSpec, st.sampled_from(list(T)), _raw, _decimals, _raw,
    choices=st.lists(st.builds(Choice, _raw, st.booleans(), _maybe, _raw), max_size=4).map(tuple),
    answers=_answers.map(tuple),
    numeric=st.lists(st.builds(NumericAnswer, _maybe, _decimals, _maybe, _maybe, _maybe, _decimals, _raw),
                     max_size=2).map(tuple),
    blanks=st.lists(st.builds(Blank, st.sampled_from(["1", "x"]), _answers.map(tuple)), max_size=2).map(tuple),
    pairs=st.lists(st.builds(Pair, _raw, _raw), max_size=4).map(tuple),
    scoring=st.sampled_from(list(Scoring)), general_feedback=_raw, correct_feedback=_raw,
    incorrect_feedback=_raw, tags=st.lists(_raw, max_size=2).map(tuple),
)


@FUZZ
@given(st.lists(anything, min_size=1, max_size=3), _raw)
def test_dump_of_any_question_skips_it_or_writes_gift_that_imports_and_then_stays_stable(generated, title):
    text, skipped = dump(ParsedBank(title=title, questions=generated))
    assert skipped == [Skipped(i, q, unsupported(q)) for i, q in enumerate(generated, 1) if unsupported(q)]
    kept = [q for q in generated if not unsupported(q)]
    if not kept:
        return
    bank = parse(text)
    assert bank.ok, (text, bank.errors)
    assert [q.type for q in bank.questions] == [q.type for q in kept], text
    again = parse(written(bank))
    assert [same(q) for q in again.questions] == [same(q) for q in bank.questions]


# --- size ------------------------------------------------------------------------------------------


def test_a_five_megabyte_file_is_parsed_quickly():
    text = (DOCUMENTATION + "\n") * (5_000_000 // (len(DOCUMENTATION) + 1) + 1)
    started = time.process_time()
    bank = parse(text)
    elapsed = time.process_time() - started
    assert bank.ok and len(bank.questions) > 40_000
    assert elapsed < 30, f"{elapsed:.1f}s"


@pytest.mark.parametrize("text", [
    "{" * 5_000_000, "}" * 5_000_000, "\\" * 5_000_000, "~" * 5_000_000, ":" * 5_000_000, "[" * 5_000_000,
    "Q {" + "=a->b " * 800_000 + "}", "Q {#" + "1" * 5_000_000 + "}", ("word " * 20 + "\n") * 50_000,
    "Q {" + "~x =y " * 400_000,
])
def test_five_megabytes_of_hostile_text_are_rejected_or_read_quickly(text):
    started = time.process_time()
    parse(text)
    assert time.process_time() - started < 10
