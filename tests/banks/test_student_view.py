"""The student view of a question never gives the key away, and its answers grade as intended."""

from django.http import QueryDict

from banks import autograde
from banks.identity import with_ids
from banks.rendering import render_spec
from banks.responses import response_from_post
from banks.spec import Pair, QuestionSpec, QuestionType, Scoring
from banks.student_view import student_question

ITEMS = tuple(f"Step {n}" for n in range(1, 9))
ORDERING = with_ids(QuestionSpec(type=QuestionType.ORDERING, prompt="Put in order.", items=ITEMS,
                                 scoring=Scoring.PER_PART))
MATCHING = with_ids(QuestionSpec(
    type=QuestionType.MATCHING, prompt="Match.", scoring=Scoring.PER_PART,
    pairs=(Pair("", "Antarctica"), *(Pair(f"Left {n}", f"Right {n}") for n in range(1, 8))),
))


def _shown(question, seed):
    return student_question(question, render_spec(question), key="1", seed=seed)


def test_ordering_items_are_not_shown_in_the_key_order():
    orders = {tuple(entry["id"] for entry in _shown(ORDERING, f"attempt-{n}").ordering) for n in range(5)}

    assert ORDERING.item_ids() not in orders  # 5 shuffles of 8 items: 1 in 8,064 by chance
    assert len(orders) > 1  # different attempts see different orders


def test_the_page_names_items_and_options_by_ids_that_tell_nothing_of_the_key():
    """Field names and values carry random ids, not positions: a position would give the order away."""
    shown = _shown(ORDERING, "attempt-1")

    positions = {str(n) for n in range(10)}
    assert {entry["id"] for entry in shown.ordering} == set(ORDERING.item_ids())
    assert not positions & {entry["id"] for entry in shown.ordering}
    assert not positions & {option["id"] for option in _shown(MATCHING, "attempt-1").rights}


def test_the_display_order_is_stable_for_one_attempt():
    assert _shown(ORDERING, "attempt-7").ordering == _shown(ORDERING, "attempt-7").ordering


def test_matching_options_are_shuffled_but_keep_their_values():
    rights = _shown(MATCHING, "attempt-1").rights
    ids = [option.id for option in MATCHING.right_options()]

    assert sorted(option["id"] for option in rights) == sorted(ids)
    assert [option["id"] for option in rights] != ids


def test_matching_with_a_distractor_first_grades_the_key_as_full_marks():
    shown = _shown(MATCHING, "attempt-1")
    option_of = {option.text: option.id for option in MATCHING.right_options()}
    right_of = {pair.id: pair.right for pair in MATCHING.pairs}
    data = QueryDict(mutable=True)
    for left in shown.lefts:
        data[f"{shown.name}-{left['id']}"] = option_of[right_of[left["id"]]]

    response = response_from_post(MATCHING, data, shown.name)
    result = autograde.grade(MATCHING, response)

    assert result.score == result.max_score


def test_ordering_posted_in_the_right_positions_grades_as_full_marks():
    shown = _shown(ORDERING, "attempt-1")
    data = QueryDict(mutable=True)
    for entry in shown.ordering:
        data[f"{shown.name}-{entry['id']}"] = str(ORDERING.item_ids().index(entry["id"]) + 1)

    result = autograde.grade(ORDERING, response_from_post(ORDERING, data, shown.name))

    assert result.score == result.max_score
