"""Ids that survive a question's new versions (banks.identity): pure, no database."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from banks.identity import keep_ids, with_ids
from banks.spec import Choice, Item, Pair, QuestionSpec, QuestionType


def counter():
    numbers = itertools.count(1)
    return lambda: f"n{next(numbers)}"


def choices(*texts, ids=None):
    ids = ids or [""] * len(texts)
    return QuestionSpec(type=QuestionType.SINGLE_CHOICE, prompt="Pick",
                        choices=tuple(Choice(text, id=i) for text, i in zip(texts, ids)))


def ids_of(spec):
    return [c.id for c in spec.choices]


def test_a_first_version_names_every_part_once():
    spec = with_ids(choices("a", "b", "c"))

    assert len(set(ids_of(spec))) == 3 and all(ids_of(spec))


def test_reordering_keeps_each_choice_its_id():
    v1 = with_ids(choices("Paris", "Lyon", "Nice"))
    v2 = with_ids(choices("Nice", "Paris", "Lyon"), [v1])

    assert dict(zip(["Nice", "Paris", "Lyon"], ids_of(v2))) == dict(zip(["Paris", "Lyon", "Nice"], ids_of(v1)))


def test_an_inserted_choice_gets_a_new_id_and_the_others_keep_theirs():
    v1 = with_ids(choices("a", "b"))
    v2 = with_ids(choices("a", "new", "b"), [v1])

    assert (ids_of(v2)[0], ids_of(v2)[2]) == tuple(ids_of(v1))
    assert ids_of(v2)[1] not in ids_of(v1)


def test_text_edited_in_its_row_keeps_the_rows_id():
    v1 = with_ids(choices("Pariss", "Lyon"))
    v2 = with_ids(choices("Paris", "Lyon", ids=ids_of(v1)), [v1])  # the editor's rows carry the ids

    assert ids_of(v2) == ids_of(v1)


def test_texts_swapped_between_rows_follow_the_texts_not_the_rows():
    """Retyping the choices in another order is a reorder: each text keeps its own id."""
    v1 = with_ids(choices("right", "wrong"))
    v2 = with_ids(choices("wrong", "right", ids=ids_of(v1)), [v1])

    assert ids_of(v2) == list(reversed(ids_of(v1)))


def test_a_choice_deleted_then_written_again_is_the_same_choice_again():
    v1 = with_ids(choices("a", "b"))
    v2 = with_ids(choices("a"), [v1])
    v3 = with_ids(choices("a", "b"), [v2, v1])

    assert ids_of(v3) == ids_of(v1)


def test_a_new_id_is_never_one_an_earlier_version_used():
    v1 = with_ids(choices("a", "b"), make=counter())
    v2 = with_ids(choices("a"), [v1], make=counter())  # "b" is gone
    v3 = with_ids(choices("a", "c"), [v2, v1], make=counter())  # a fresh counter would reuse n2

    assert ids_of(v3)[1] not in ids_of(v1)


def test_two_rows_carrying_one_id_do_not_share_it():
    v1 = with_ids(choices("a"))
    v2 = with_ids(choices("x", "y", ids=[ids_of(v1)[0]] * 2), [v1])

    assert len(set(ids_of(v2))) == 2


def test_matching_options_are_named_by_their_text_and_shared_by_equal_rights():
    spec = QuestionSpec(type=QuestionType.MATCHING, prompt="Match",
                        pairs=(Pair("a", "1"), Pair("b", "1"), Pair("c", "2"), Pair("", "3")))
    v1 = with_ids(spec)

    assert v1.pairs[0].right_id == v1.pairs[1].right_id != v1.pairs[2].right_id
    assert [o.text for o in v1.right_options()] == ["1", "2", "3"]
    swapped = QuestionSpec(type=QuestionType.MATCHING, prompt="Match",
                           pairs=(Pair("a", "2"), Pair("b", "1"), Pair("c", "1"), Pair("", "3")))
    v2 = with_ids(swapped, [v1])
    assert {o.text: o.id for o in v2.right_options()} == {o.text: o.id for o in v1.right_options()}
    assert [p.id for p in v2.pairs] == [p.id for p in v1.pairs]  # left items are known by their text


def test_ordering_items_keep_their_ids_when_the_order_changes():
    v1 = with_ids(QuestionSpec(type=QuestionType.ORDERING, prompt="Order", items=("x", "y", "z")))
    v2 = with_ids(QuestionSpec(type=QuestionType.ORDERING, prompt="Order", items=(Item("z"), Item("x"), Item("y"))),
                  [v1])

    assert dict(zip(["z", "x", "y"], v2.item_ids())) == dict(zip(["x", "y", "z"], v1.item_ids()))


texts = st.lists(st.text(alphabet="abcde ", min_size=1, max_size=4), min_size=1, max_size=8)


@given(old=texts, new=texts, carry=st.lists(st.booleans(), min_size=8, max_size=8))
def test_ids_are_unique_and_a_text_of_the_old_version_keeps_an_id_it_had(old, new, carry):
    previous = with_ids(choices(*old), make=counter())
    carried = [ids_of(previous)[n % len(old)] if carry[n] else "" for n in range(len(new))]

    ids = keep_ids(new, carried, [(c.text, c.id) for c in previous.choices], make=counter())

    assert len(set(ids)) == len(ids) and all(ids)
    old_ids = {}
    for c in previous.choices:
        old_ids.setdefault(" ".join(c.text.split()), set()).add(c.id)
    for text, part_id in zip(new, ids):
        key = " ".join(text.split())
        if key in old_ids and sum(" ".join(t.split()) == key for t in new) <= len(old_ids[key]):
            assert part_id in old_ids[key]  # enough old choices of that text to go round: each keeps one
