"""Ids for the parts of a question (choices, a dropdown's choices, matching items and options, ordering items) that survive
its new versions, so a student's stored answer keeps meaning what they chose.

A part of the new version takes, in this order:
1. the id of a part of the previous version with the same text (so reordering, inserting or deleting
   choices moves no answer);
2. else the id its editor row carried, when no other part took it by text (the text was edited in
   place: a typo fixed);
3. else a new id, never one the previous version used.
Ids are random, so they tell a student nothing about which choice is right or where an item goes.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

import dataclasses
import secrets
from collections.abc import Callable, Iterable, Sequence

from banks.spec import QuestionSpec


def new_id() -> str:
    return secrets.token_hex(4)


def _key(text: str) -> str:
    return " ".join(text.split())


def keep_ids(texts: Sequence[str], carried: Sequence[str], previous: Iterable[tuple[str, str]],
             make: Callable[[], str] = new_id) -> list[str]:
    """An id for each new part, from its text, the id its row carried and the previous ``(text, id)``s.

    Parts with the same text share nothing: each previous id goes to one new part at most.
    """
    previous = list(previous)
    by_text: dict[str, list[str]] = {}
    for text, part_id in previous:
        by_text.setdefault(_key(text), []).append(part_id)
    taken = {part_id for _, part_id in previous}
    used: set[str] = set()
    ids: list[str | None] = []
    for text in texts:
        match = next((i for i in by_text.get(_key(text), ()) if i not in used), None)
        ids.append(match)
        if match:
            used.add(match)
    for n, (part_id, row_id) in enumerate(zip(ids, carried)):
        if part_id is None and row_id and row_id in taken and row_id not in used:
            ids[n] = row_id
            used.add(row_id)
    result: list[str] = []
    for part_id in ids:
        if part_id is None:
            part_id = make()
            while part_id in taken or part_id in result:  # new: none the previous version had
                part_id = make()
        result.append(part_id)
    return result


def with_ids(spec: QuestionSpec, previous: Sequence[QuestionSpec] = (), make: Callable[[], str] = new_id
             ) -> QuestionSpec:
    """``spec`` with every choice, pair, option and ordering item named. ``previous`` are the versions it
    follows, newest first: their ids are reused as above, so a choice deleted in one version and
    written again in a later one is the same choice again."""
    if not (spec.choices or spec.items or spec.pairs or spec.blanks):
        return spec  # nothing to name (essays, short answers, numbers): the common case of a big import

    def old(parts, text):
        return [(text(part), part.id) for version in previous for part in parts(version) if part.id]

    def pair_text(pair):  # left items are known by their text; distractors (no left) by their right text
        return pair.left or f"\0{pair.right}"

    choice_ids = keep_ids([c.text for c in spec.choices], [c.id for c in spec.choices],
                          old(lambda v: v.choices, lambda c: c.text), make)
    item_ids = keep_ids([i.text for i in spec.items], [i.id for i in spec.items],
                        old(lambda v: v.items, lambda i: i.text), make)
    pair_ids = keep_ids([pair_text(p) for p in spec.pairs], [p.id for p in spec.pairs],
                        old(lambda v: v.pairs, pair_text), make)
    blanks = tuple(dataclasses.replace(blank, choices=tuple(
        dataclasses.replace(c, id=i) for c, i in zip(blank.choices, keep_ids(
            [c.text for c in blank.choices], [c.id for c in blank.choices],
            old(lambda v, b=blank.id: [c for other in v.blanks if other.id == b for c in other.choices],
                lambda c: c.text), make))))
        for blank in spec.blanks)  # a dropdown's choices, named within their blank
    rights = list(dict.fromkeys(p.right for p in spec.pairs))
    carried: dict[str, str] = {}
    for p in spec.pairs:
        carried.setdefault(p.right, p.right_id)
    old_rights = [(p.right, p.right_id) for version in previous for p in version.pairs if p.right_id]
    right_ids = dict(zip(rights, keep_ids(rights, [carried[r] for r in rights], old_rights, make)))
    return dataclasses.replace(
        spec,
        choices=tuple(dataclasses.replace(c, id=i) for c, i in zip(spec.choices, choice_ids)),
        blanks=blanks,
        items=tuple(dataclasses.replace(item, id=i) for item, i in zip(spec.items, item_ids)),
        pairs=tuple(dataclasses.replace(p, id=i, right_id=right_ids[p.right]) for p, i in zip(spec.pairs, pair_ids)),
    )
