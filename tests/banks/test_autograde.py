"""The auto-grading engine: hand-worked examples per type and policy, then Hypothesis properties."""

import ast
import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from banks import autograde
from banks.autograde import GradeStatus, correct_response, grade, is_auto_graded
from banks.spec import AcceptedAnswer, Blank, Choice, NumericAnswer, Pair, QuestionSpec, QuestionType, Scoring

D = Decimal
T = QuestionType


def choice_question(qtype=T.SINGLE_CHOICE, *choices, **kwargs):
    return QuestionSpec(type=qtype, prompt="?", choices=tuple(choices), **kwargs)


def three_of_five(scoring, points="1", **kwargs):
    """Choices 0-2 are correct, 3-4 wrong."""
    choices = [Choice(f"c{i}", correct=i < 3) for i in range(5)]
    return QuestionSpec(type=T.MULTIPLE_ANSWER, prompt="?", choices=tuple(choices), scoring=scoring,
                        points=D(points), **kwargs)


def short(*answers, **kwargs):
    return QuestionSpec(type=T.SHORT_ANSWER, prompt="?", answers=tuple(answers), **kwargs)


def numeric(*answers, points="1"):
    return QuestionSpec(type=T.NUMERIC, prompt="?", numeric=tuple(answers), points=D(points))


def score(question, response):
    return str(grade(question, response).score)


# --- architecture ----------------------------------------------------------------------------------


def test_grading_module_never_imports_django():
    tree = ast.parse(Path(autograde.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.split(".")[0] == "django" for name in imported)


# --- single choice / true-false --------------------------------------------------------------------


def test_single_choice_right_answer_earns_the_points_with_its_feedback():
    q = choice_question(T.SINGLE_CHOICE, Choice("a"), Choice("b", correct=True, feedback="Yes."),
                        points=D(2), correct_feedback="Well done", general_feedback="See ch. 2")
    result = grade(q, 1)
    assert (result.score, result.max_score, result.status) == (D("2.00"), D("2.00"), GradeStatus.CORRECT)
    assert result.feedback == ("Yes.", "Well done", "See ch. 2")


def test_a_choice_is_named_by_its_id_and_an_unsaved_spec_names_them_by_position():
    saved = choice_question(T.SINGLE_CHOICE, Choice("a", id="x1"), Choice("b", correct=True, id="x2"))
    assert (score(saved, "x2"), score(saved, "x1")) == ("1.00", "0.00")
    assert score(saved, 1) == score(saved, "1") == "0.00"  # positions name nothing once there are ids
    unsaved = choice_question(T.SINGLE_CHOICE, Choice("a"), Choice("b", correct=True))
    assert (score(unsaved, "1"), score(unsaved, 1), score(unsaved, "0")) == ("1.00", "1.00", "0.00")
    assert score(unsaved, " 1 ") == score(unsaved, "+1") == "0.00"


def test_single_choice_wrong_answer_gets_incorrect_feedback():
    q = choice_question(T.SINGLE_CHOICE, Choice("a", feedback="No."), Choice("b", correct=True),
                        incorrect_feedback="Try again")
    result = grade(q, 0)
    assert result.status == GradeStatus.INCORRECT and result.score == D("0.00")
    assert result.feedback == ("No.", "Try again")


def test_single_choice_weight_gives_partial_credit_and_is_clamped():
    q = choice_question(T.SINGLE_CHOICE, Choice("a", weight=D("0.5")), Choice("b", weight=D("1.5")),
                        Choice("c", correct=True, weight=D("-0.5")), points=D(4))
    assert grade(q, 0).status == GradeStatus.PARTIAL
    assert score(q, 0) == "2.00"
    assert score(q, 1) == "4.00"
    assert score(q, 2) == "0.00"


def test_true_false_grades_like_single_choice():
    q = choice_question(T.TRUE_FALSE, Choice("True", correct=True), Choice("False"))
    assert score(q, 0) == "1.00" and score(q, 1) == "0.00"


@pytest.mark.parametrize("response", [5, -1, "7", "x", True, False, 1.0, [1], {"1": 1}, 10**100, "1" * 50])
def test_single_choice_rejects_unknown_or_odd_indices_with_a_reason(response):
    q = choice_question(T.SINGLE_CHOICE, Choice("a"), Choice("b", correct=True))
    result = grade(q, response)
    assert result.score == D("0.00") and result.status == GradeStatus.INCORRECT
    assert result.reason == "unknown choice"


def test_single_choice_without_choices_does_not_raise():
    q = choice_question(T.SINGLE_CHOICE)
    assert grade(q, 0).reason == "unknown choice"
    assert correct_response(q) is None


# --- multiple answer: 3 correct of 5, student selects 2 right (0, 1) and 1 wrong (3) --------------


def test_all_or_nothing_needs_exactly_the_correct_set():
    q = three_of_five(Scoring.ALL_OR_NOTHING, points="3")
    assert score(q, [0, 1, 3]) == "0.00"
    assert score(q, [0, 1]) == "0.00"
    assert score(q, [2, 1, 0]) == "3.00"
    assert score(q, [0, 1, 2, 4]) == "0.00"


def test_right_minus_wrong_subtracts_wrong_selections():
    q = three_of_five(Scoring.RIGHT_MINUS_WRONG, points="3")
    assert score(q, [0, 1, 3]) == "1.00"  # (2 - 1) / 3 of 3 points
    assert score(q, [0, 1]) == "2.00"
    assert grade(q, [0, 1, 3]).status == GradeStatus.PARTIAL


def test_right_minus_wrong_rounds_a_third_half_up():
    q = three_of_five(Scoring.RIGHT_MINUS_WRONG, points="1")
    assert score(q, [0, 1, 3]) == "0.33"
    assert score(q, [0, 1]) == "0.67"


def test_right_minus_wrong_floors_at_zero():
    q = three_of_five(Scoring.RIGHT_MINUS_WRONG, points="3")
    result = grade(q, [0, 3, 4])  # (1 - 2) / 3 < 0
    assert result.score == D("0.00") and result.status == GradeStatus.INCORRECT


def test_weights_without_explicit_weights_share_credit_among_correct_choices():
    q = three_of_five(Scoring.WEIGHTS, points="3")
    assert score(q, [0, 1, 3]) == "2.00"  # 1/3 + 1/3 + 0
    assert score(q, [0, 1, 2]) == "3.00"


def test_weights_sum_explicit_negative_weights_moodle_style():
    choices = [Choice(f"c{i}", correct=i < 3) for i in range(3)]
    choices += [Choice("c3", weight=D("-0.5")), Choice("c4", weight=D("-1"))]
    q = QuestionSpec(type=T.MULTIPLE_ANSWER, prompt="?", choices=tuple(choices), scoring=Scoring.WEIGHTS, points=D(3))
    assert score(q, [0, 1, 3]) == "0.50"  # (1/3 + 1/3 - 1/2) * 3
    assert score(q, [0, 4]) == "0.00"  # floored
    assert score(q, [0, 1, 2, 3]) == "1.50"


def test_weights_are_clamped_to_full_marks():
    q = choice_question(T.MULTIPLE_ANSWER, Choice("a", True, D("0.8")), Choice("b", True, D("0.8")),
                        scoring=Scoring.WEIGHTS, points=D(2))
    assert score(q, [0, 1]) == "2.00"
    assert score(q, [0]) == "1.60"


def test_per_part_multiple_answer_credits_each_select_decision():
    q = three_of_five(Scoring.PER_PART, points="3")
    assert score(q, [0, 1, 3]) == "1.80"  # choices 0, 1, 4 decided right: 3/5


def test_multiple_answer_ignores_order_and_duplicates():
    q = three_of_five(Scoring.RIGHT_MINUS_WRONG)
    assert grade(q, [3, 1, 0, 1, "0"]) == grade(q, (0, 1, 3)) == grade(q, {0, 1, 3})


def test_multiple_answer_shows_feedback_only_for_selected_choices():
    q = choice_question(T.MULTIPLE_ANSWER, Choice("a", True, feedback="A!"), Choice("b", feedback="B!"),
                        Choice("c", True, feedback="C!"))
    result = grade(q, [0, 1])
    assert result.feedback == ("A!", "B!")
    assert [(p.key, p.correct) for p in result.parts] == [("0", True), ("1", False), ("2", False)]


@pytest.mark.parametrize("response", [[0, 9], [-1], ["a"], [True], [[0]], [{"0": 1}], [None]])
def test_multiple_answer_unknown_choice_earns_zero_with_a_reason(response):
    result = grade(three_of_five(Scoring.WEIGHTS), response)
    assert result.score == D("0.00") and result.reason == "unknown choice"


@pytest.mark.parametrize("response", [0, "0", {"0": True}, 1.5])
def test_multiple_answer_wants_a_list(response):
    assert grade(three_of_five(Scoring.WEIGHTS), response).reason == "not a list of choices"


def test_weights_of_a_third_split_three_ways_are_exact():
    q = three_of_five(Scoring.WEIGHTS, points="0.3")
    result = grade(q, [0, 1, 2])
    assert str(result.score) == "0.30" and result.status == GradeStatus.CORRECT
    assert score(q, [0]) == "0.10"


# --- short answer ----------------------------------------------------------------------------------


def test_short_answer_ignores_case_and_whitespace_by_default():
    q = short(AcceptedAnswer("Mitochondria is  the powerhouse"))
    assert score(q, "  mitochondria IS the\tpowerhouse \n") == "1.00"
    assert score(q, "mitochondria") == "0.00"


def test_short_answer_case_sensitive_answer_respects_case():
    q = short(AcceptedAnswer("NaCl", case_sensitive=True))
    assert score(q, " NaCl ") == "1.00"
    assert score(q, "nacl") == "0.00"


def test_short_answer_best_credit_wins_with_its_feedback():
    q = short(AcceptedAnswer("paris", credit=D("0.5"), feedback="Half"),
              AcceptedAnswer("Paris", credit=D(1), feedback="Full"),
              AcceptedAnswer("p.*", regex=True, credit=D("0.25")), points=D(2))
    result = grade(q, "PARIS")
    assert result.score == D("2.00") and result.feedback == ("Full",)
    partial = grade(q, "Prague")
    assert partial.score == D("0.50") and partial.status == GradeStatus.PARTIAL


def test_short_answer_regex_must_match_the_whole_answer():
    q = short(AcceptedAnswer(r"colou?r", regex=True))
    assert score(q, "Colour") == "1.00"
    assert score(q, "color") == "1.00"
    assert score(q, "colors") == "0.00"


def test_short_answer_case_sensitive_regex():
    q = short(AcceptedAnswer(r"[A-Z]{2}\d", regex=True, case_sensitive=True))
    assert score(q, "AB1") == "1.00"
    assert score(q, "ab1") == "0.00"


def test_short_answer_invalid_regex_matches_nothing_instead_of_raising():
    q = short(AcceptedAnswer("(unclosed", regex=True), AcceptedAnswer("ok"))
    assert score(q, "(unclosed") == "0.00"
    assert score(q, "ok") == "1.00"


def test_short_answer_refuses_huge_answers_before_matching():
    q = short(AcceptedAnswer(r"(a+)+b", regex=True))
    result = grade(q, "a" * (autograde.MAX_TEXT + 1))
    assert result.score == D("0.00") and result.reason == "answer too long"


def test_short_answer_matches_unicode_text():
    q = short(AcceptedAnswer("Ελλάδα"), AcceptedAnswer("Straße"))
    assert score(q, "ελλάδα") == "1.00"
    assert score(q, "STRASSE") == "1.00"  # casefold


def test_short_answer_wants_text():
    assert grade(short(AcceptedAnswer("4")), ["4"]).reason == "not text"


# --- numeric ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("1,234.5", D("1234.5")), ("1.2e3", D("1200")), (" -3 ", D(-3)), ("+4", D(4)), ("\u22123", D(-3)),
    ("0.5", D("0.5")), (".5", D("0.5")), ("5.", D(5)), ("-1,000,000", D(-1000000)), ("2E-2", D("0.02")),
    ("3,5", D("3.5")), ("-0,25", D("-0.25")), ("1.234,5", D("1234.5")), ("12,50", D("12.5")), ("1,23", D("1.23")),
    ("3,500", D(3500)), ("1,5e3", D(1500)),
])
def test_numbers_are_read_in_common_formats(text, expected):
    assert autograde.parse_number(text) == expected


@given(st.sampled_from([1, 2, 4, 5, 6]).flatmap(
    lambda places: st.decimals(min_value=-10**9, max_value=10**9, places=places)))
def test_a_decimal_comma_reads_as_the_decimal_point_would(value):
    """What a student in Spain types ("12,75") is the number a student in the US types ("12.75"); a comma
    before exactly three digits is a thousands separator in both, so those are not generated."""
    written = f"{value:f}"
    assert autograde.parse_number(written.replace(".", ",")) == autograde.parse_number(written) == value


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-Infinity", "", "  ", "abc", "12,34.5", "1e", "1,2,3", ",5", "1.23,4", "1.234,", "1,",
                                  "1.2.3", "--1", "0x10", "1_000", ".", "e5", "1 2"])
def test_non_numbers_are_refused(text):
    assert autograde.parse_number(text) is None


def test_numeric_junk_earns_zero_with_not_a_number():
    q = numeric(NumericAnswer(value=D(3)))
    for response in ("nan", "inf", "three", [3], {"v": 3}, True):
        result = grade(q, response)
        assert result.score == D("0.00") and result.reason == "not a number"


def test_numeric_exact_value():
    q = numeric(NumericAnswer(value=D("1234.5")))
    assert score(q, "1,234.5") == "1.00"
    assert score(q, "1234.50") == "1.00"
    assert score(q, "1234.51") == "0.00"


def test_numeric_absolute_tolerance_includes_its_boundaries():
    q = numeric(NumericAnswer(value=D("2.5"), tolerance=D("0.1")))
    assert score(q, "2.4") == "1.00"
    assert score(q, "2.6") == "1.00"
    assert score(q, "2.6000000000000000000000000000000001") == "0.00"
    assert score(q, "2.39999") == "0.00"


def test_numeric_percent_tolerance_includes_its_boundaries():
    q = numeric(NumericAnswer(value=D(-200), tolerance_percent=D(5)))
    assert score(q, "-190") == "1.00"
    assert score(q, "-210") == "1.00"
    assert score(q, "-210.01") == "0.00"


def test_numeric_range_is_inclusive_and_may_be_open():
    q = numeric(NumericAnswer(min=D(1), max=D(2)), NumericAnswer(min=D(100), credit=D("0.5")), points="2")
    assert score(q, "1") == "2.00" and score(q, "2") == "2.00" and score(q, "1.5") == "2.00"
    assert score(q, "2.01") == "0.00"
    assert score(q, "1e9") == "1.00"


def test_numeric_best_credit_among_matches():
    q = numeric(NumericAnswer(value=D(10), tolerance=D(1), credit=D("0.5"), feedback="close"),
                NumericAnswer(value=D(10), feedback="exact"))
    assert grade(q, "10").feedback == ("exact",)
    near = grade(q, "10.5")
    assert near.score == D("0.50") and near.feedback == ("close",)


def test_numeric_accepts_json_numbers():
    q = numeric(NumericAnswer(value=D("0.1")))
    assert score(q, 0.1) == "1.00"
    assert score(q, float("nan")) == "0.00"


# --- fill in the blanks ----------------------------------------------------------------------------


def blanks_question(scoring, points="1"):
    return QuestionSpec(type=T.FILL_BLANKS, prompt="[[a]] [[b]] [[c]]", scoring=scoring, points=D(points), blanks=(
        Blank("a", (AcceptedAnswer("red"),)),
        Blank("b", (AcceptedAnswer("green"), AcceptedAnswer("lime", credit=D("0.5")))),
        Blank("c", (AcceptedAnswer(r"blue|navy", regex=True),)),
    ))


def test_per_part_blanks_average_their_credit():
    q = blanks_question(Scoring.PER_PART, points="0.3")
    assert score(q, {"a": "Red", "b": "x", "c": "x"}) == "0.10"
    assert score(q, {"a": "red", "b": "green", "c": "NAVY"}) == "0.30"
    assert score(q, {"a": "red", "b": "lime", "c": "blue"}) == "0.25"  # (1 + 0.5 + 1) / 3 * 0.3


def test_all_or_nothing_blanks_need_every_blank_fully_right():
    q = blanks_question(Scoring.ALL_OR_NOTHING, points="2")
    assert score(q, {"a": "red", "b": "green", "c": "blue"}) == "2.00"
    assert score(q, {"a": "red", "b": "lime", "c": "blue"}) == "0.00"


def test_blanks_tolerate_missing_and_odd_values():
    q = blanks_question(Scoring.PER_PART, points="3")
    result = grade(q, {"a": "red", "b": 5, "zzz": "green"})
    assert result.score == D("1.00")
    assert [(p.key, p.correct) for p in result.parts] == [("a", True), ("b", False), ("c", False)]


def test_blanks_all_empty_are_unanswered():
    assert grade(blanks_question(Scoring.PER_PART), {"a": " ", "b": ""}).status == GradeStatus.UNANSWERED


def test_blanks_want_a_dict():
    assert grade(blanks_question(Scoring.PER_PART), ["red"]).reason == "not a set of blanks"


# --- matching --------------------------------------------------------------------------------------


def matching_question(scoring, points="1"):
    pairs = (Pair("France", "Paris"), Pair("Spain", "Madrid"), Pair("", "Rome"), Pair("Peru", "Lima"))
    return QuestionSpec(type=T.MATCHING, prompt="?", pairs=pairs, scoring=scoring, points=D(points))


def test_matching_correct_response_names_pairs_and_options():
    q = matching_question(Scoring.ALL_OR_NOTHING)
    assert [option.text for option in q.right_options()] == ["Paris", "Madrid", "Rome", "Lima"]
    assert correct_response(q) == {"0": "0", "1": "1", "3": "3"}  # unsaved: positions stand in for ids
    assert score(q, {"0": "0", "1": 1, "3": "3"}) == "1.00"


def test_per_part_matching_credits_each_pair():
    q = matching_question(Scoring.PER_PART, points="3")
    assert score(q, {0: 0, 1: 2, 3: 3}) == "2.00"  # Spain -> Rome (the distractor) is wrong
    assert score(q, {0: 0, 1: None}) == "1.00"  # unmatched pairs are just wrong


def test_all_or_nothing_matching_needs_every_pair():
    q = matching_question(Scoring.ALL_OR_NOTHING)
    assert score(q, {0: 0, 1: 1, 3: 2}) == "0.00"


@pytest.mark.parametrize("response, reason", [
    ({2: 0}, "unknown item"), ({9: 0}, "unknown item"), ({"x": 0}, "unknown item"),
    ({0: 7}, "unknown option"), ({0: [1]}, "unknown option"), ([0, 1], "not a set of matches"),
])
def test_matching_malformed_responses_earn_zero_with_a_reason(response, reason):
    result = grade(matching_question(Scoring.PER_PART), response)
    assert result.score == D("0.00") and result.reason == reason


# --- ordering --------------------------------------------------------------------------------------


def ordering_question(scoring, points="1", items=("a", "b", "c", "d")):
    return QuestionSpec(type=T.ORDERING, prompt="?", items=items, scoring=scoring, points=D(points))


def test_per_part_ordering_credits_each_position():
    q = ordering_question(Scoring.PER_PART, points="2")
    assert score(q, [0, 1, 3, 2]) == "1.00"
    assert score(q, ["0", "1", "2", "3"]) == "2.00"
    assert [p.correct for p in grade(q, [1, 0, 2, 3]).parts] == [False, False, True, True]


def test_all_or_nothing_ordering_needs_the_full_order():
    q = ordering_question(Scoring.ALL_OR_NOTHING)
    assert score(q, [0, 1, 3, 2]) == "0.00" and score(q, [0, 1, 2, 3]) == "1.00"


def test_ordering_treats_identical_items_as_interchangeable():
    q = ordering_question(Scoring.ALL_OR_NOTHING, items=("x", "y", "x"))
    assert score(q, [2, 1, 0]) == "1.00"


@pytest.mark.parametrize("response", [[0, 1, 2], [0, 0, 1, 2], [0, 1, 2, 3, 3], [0, 1, 2, 9], {"0": 0}, "0123"])
def test_ordering_must_be_a_permutation_of_the_items(response):
    result = grade(ordering_question(Scoring.PER_PART), response)
    assert result.score == D("0.00") and result.reason == "not an ordering of the items"


# --- manual, ungraded, empty -----------------------------------------------------------------------


def test_essay_and_file_upload_need_manual_grading():
    for qtype, response in ((T.ESSAY, "My essay"), (T.FILE_UPLOAD, {"name": "a.pdf", "size": 10})):
        q = QuestionSpec(type=qtype, prompt="?", points=D(5))
        result = grade(q, response)
        assert (result.score, result.max_score, result.status) == (D("0.00"), D("5.00"), GradeStatus.NEEDS_MANUAL)
        assert not is_auto_graded(q) and correct_response(q) is None


def test_text_items_are_ungraded_and_worth_nothing():
    q = QuestionSpec(type=T.TEXT, prompt="Read this.", points=D(1), general_feedback="note")
    result = grade(q, None)
    assert (result.score, result.max_score, result.status) == (D("0.00"), D("0.00"), GradeStatus.UNGRADED)
    assert result.feedback == ("note",)


@pytest.mark.parametrize("response", [None, "", "   ", [], (), set(), {}])
def test_empty_responses_are_unanswered(response):
    for q in (three_of_five(Scoring.WEIGHTS), short(AcceptedAnswer("x")), numeric(NumericAnswer(value=D(1))),
              QuestionSpec(type=T.ESSAY, prompt="?")):
        result = grade(q, response)
        assert result.status == GradeStatus.UNANSWERED and result.score == D("0.00")


def test_zero_and_negative_points_never_give_a_negative_or_excess_score():
    for points in ("0", "-2"):
        result = grade(three_of_five(Scoring.ALL_OR_NOTHING, points=points), [0, 1, 2])
        assert result.score == result.max_score == D("0.00") and result.status == GradeStatus.CORRECT


def test_max_score_is_the_points_rounded_half_up_to_cents():
    q = three_of_five(Scoring.ALL_OR_NOTHING, points="1.005")
    assert grade(q, [0, 1, 2]).max_score == D("1.01")


def test_a_question_without_a_correct_answer_earns_zero_without_raising():
    q = choice_question(T.MULTIPLE_ANSWER, Choice("a"), Choice("b"), scoring=Scoring.RIGHT_MINUS_WRONG)
    assert score(q, [0]) == "0.00"


# --- properties ------------------------------------------------------------------------------------

AUTO_TYPES = [T.SINGLE_CHOICE, T.TRUE_FALSE, T.MULTIPLE_ANSWER, T.SHORT_ANSWER, T.NUMERIC, T.FILL_BLANKS,
              T.MATCHING, T.ORDERING]

amounts = st.integers(0, 10_000).map(lambda n: D(n).scaleb(-2))  # 0.00 .. 100.00
weights = st.integers(-100, 150).map(lambda n: D(n).scaleb(-2))
credits = st.integers(0, 100).map(lambda n: D(n).scaleb(-2))
words = st.text(min_size=1, max_size=8).filter(str.strip)
numbers = st.decimals(min_value=-10**6, max_value=10**6, places=3)
junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text() | st.integers(), children, max_size=4),
    max_leaves=12,
)


def shuffled(draw, items):
    items = list(items)
    random.Random(draw(st.integers())).shuffle(items)
    return tuple(items)


@st.composite
def text_answers(draw, keyed):
    answers = draw(st.lists(st.builds(AcceptedAnswer, text=words, credit=credits, regex=st.just(False) if keyed
                                      else st.booleans(), case_sensitive=st.booleans(), feedback=st.text(max_size=3)),
                            min_size=0 if not keyed else 0, max_size=3))
    if keyed:
        answers.append(AcceptedAnswer(draw(words), case_sensitive=draw(st.booleans())))
    return shuffled(draw, answers)


@st.composite
def numeric_answers(draw, keyed):
    exact = st.builds(NumericAnswer, value=numbers, credit=credits)
    absolute = st.builds(NumericAnswer, value=numbers, tolerance=amounts, credit=credits)
    percent = st.builds(NumericAnswer, value=numbers, tolerance_percent=amounts, credit=credits)
    ranged = st.tuples(numbers, numbers).map(sorted).map(lambda b: NumericAnswer(min=b[0], max=b[1]))
    kinds = exact | absolute | percent | ranged
    answers = draw(st.lists(kinds, max_size=3))
    if keyed:
        answers.append(draw(kinds.map(lambda a: NumericAnswer(a.value, a.tolerance, a.tolerance_percent, a.min,
                                                              a.max, credit=D(1)))))
    return shuffled(draw, answers)


@st.composite
def question_specs(draw, keyed=True, types=tuple(AUTO_TYPES)):
    """Random valid specs; with ``keyed`` every one has a reachable full-marks answer."""
    qtype = draw(st.sampled_from(types))
    scoring = draw(st.sampled_from(list(Scoring)))
    fields = {}
    if qtype in (T.SINGLE_CHOICE, T.TRUE_FALSE):
        choices = draw(st.lists(st.builds(Choice, text=words, correct=st.booleans(), weight=st.none() | weights,
                                          feedback=st.text(max_size=3)), max_size=5))
        if keyed:
            choices.append(Choice("key", correct=True, weight=draw(st.none() | st.just(D(1)))))
        fields["choices"] = shuffled(draw, choices)
    elif qtype == T.MULTIPLE_ANSWER:
        wrong = draw(st.lists(st.builds(Choice, text=words, weight=st.none() | weights), max_size=4))
        right = draw(st.lists(st.builds(Choice, text=words, correct=st.just(True), weight=st.none() if keyed
                                        and scoring == Scoring.WEIGHTS else st.none() | weights),
                              min_size=1 if keyed else 0, max_size=4))
        fields["choices"] = shuffled(draw, wrong + right)
    elif qtype == T.SHORT_ANSWER:
        fields["answers"] = draw(text_answers(keyed))
    elif qtype == T.NUMERIC:
        fields["numeric"] = draw(numeric_answers(keyed))
    elif qtype == T.FILL_BLANKS:
        ids = draw(st.lists(st.text("abcxyz", min_size=1, max_size=3), min_size=1, max_size=4, unique=True))
        fields["blanks"] = tuple(Blank(i, draw(text_answers(keyed))) for i in ids)
    elif qtype == T.MATCHING:
        pairs = draw(st.lists(st.builds(Pair, left=words, right=words), min_size=1, max_size=5))
        pairs += draw(st.lists(st.builds(Pair, left=st.just(""), right=words), max_size=2))
        fields["pairs"] = shuffled(draw, pairs)
    else:
        fields["items"] = tuple(draw(st.lists(words, min_size=1, max_size=6)))
    return QuestionSpec(type=qtype, prompt="?", points=draw(amounts), scoring=scoring, **fields)


def plausible_responses(question):
    """Responses near the right shape, which exercise the graders more than pure junk does."""
    indices = st.integers(-2, 8) | st.integers(-2, 8).map(str)
    return st.one_of(
        junk, indices, st.lists(indices, max_size=6), st.text(max_size=10), numbers.map(str),
        st.dictionaries(indices, indices | st.text(max_size=4), max_size=5),
        st.just(correct_response(question)),
    )


@settings(deadline=None)
@given(st.data(), question_specs(keyed=False))
def test_score_always_lies_between_zero_and_max_and_grading_never_raises(data, question):
    response = data.draw(plausible_responses(question))
    result = grade(question, response)
    assert D(0) <= result.score <= result.max_score
    assert result.max_score == max(question.points, D(0)).quantize(D("0.01"))
    assert result.score == result.score.quantize(D("0.01"))


@settings(deadline=None)
@given(question_specs(keyed=False), junk)
def test_grading_never_raises_on_arbitrary_junk(question, response):
    result = grade(question, response)
    assert D(0) <= result.score <= result.max_score
    assert result.status in set(GradeStatus)


@settings(deadline=None)
@given(question_specs(keyed=True))
def test_the_correct_response_earns_full_marks(question):
    result = grade(question, correct_response(question))
    assert is_auto_graded(question)
    assert result.score == result.max_score
    assert result.status == GradeStatus.CORRECT, result


@settings(deadline=None)
@given(question_specs(keyed=False), st.sampled_from([None, "", " ", [], (), set(), {}]))
def test_an_empty_response_earns_zero(question, response):
    result = grade(question, response)
    assert result.score == D("0.00") and result.status == GradeStatus.UNANSWERED


@settings(deadline=None)
@given(question_specs(keyed=False, types=(T.MULTIPLE_ANSWER,)), st.data())
def test_multiple_answer_grading_ignores_order_and_duplicates(question, data):
    indices = st.integers(0, max(len(question.choices) - 1, 0))
    selection = data.draw(st.lists(indices, max_size=6))
    scrambled = data.draw(st.permutations(selection + data.draw(st.lists(st.sampled_from(selection), max_size=3))
                                          if selection else []))
    assert grade(question, selection) == grade(question, scrambled)
