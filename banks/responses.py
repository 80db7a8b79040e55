"""Turn a submitted form into the response shape ``banks.autograde.grade`` takes (see spec.py).

Shared by the "try it" preview, the no-JavaScript quiz form and autosave. Junk becomes an empty or
partial response, never an exception: grading then explains why it earned nothing. Choices, items
and options are named by their ids, as the form's values and field names carry them.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

import json

from banks.spec import QuestionSpec, QuestionType

_TEXT_LIMIT = 50_000
_ID_LIMIT = 64


def _id(value) -> str | None:
    value = (value or "").strip()
    return value if 0 < len(value) <= _ID_LIMIT else None


def _position(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 6 else None


def response_from_post(spec: QuestionSpec, data, name: str) -> object:
    kind = spec.type
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE):
        return _id(data.get(name))
    if kind == QuestionType.MULTIPLE_ANSWER:
        chosen = {i for i in map(_id, data.getlist(name)) if i is not None}
        return [choice_id for choice_id in spec.choice_ids() if choice_id in chosen] + sorted(
            chosen - set(spec.choice_ids()))
    if kind in (QuestionType.SHORT_ANSWER, QuestionType.NUMERIC, QuestionType.ESSAY):
        return (data.get(name) or "")[:_TEXT_LIMIT]
    if kind == QuestionType.FILL_BLANKS:
        return {blank.id: (data.get(f"{name}-{blank.id}") or "")[:_TEXT_LIMIT] for blank in spec.blanks}
    if kind == QuestionType.DROPDOWNS:
        chosen = {blank.id: _id(data.get(f"{name}-{blank.id}")) for blank in spec.blanks}
        return {blank_id: choice for blank_id, choice in chosen.items() if choice is not None}
    if kind == QuestionType.MATCHING:
        chosen = {pair_id: _id(data.get(f"{name}-{pair_id}"))
                  for pair_id, pair in zip(spec.pair_ids(), spec.pairs) if pair.left}
        return {pair_id: option for pair_id, option in chosen.items() if option is not None}
    if kind == QuestionType.ORDERING:
        positions = {item_id: _position(data.get(f"{name}-{item_id}")) for item_id in spec.item_ids()}
        placed = sorted((pos, n, item_id) for n, (item_id, pos) in enumerate(positions.items()) if pos is not None)
        return [item_id for _, _, item_id in placed]
    return None


def response_problem(spec: QuestionSpec, response: object) -> str | None:
    """Why a response cannot belong to this question (an unknown choice, say), or None if it can."""
    kind = spec.type
    if response is None:
        return None
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE):
        return None if response in spec.choice_ids() else "unknown choice"
    if kind == QuestionType.MULTIPLE_ANSWER:
        ids = spec.choice_ids()
        ok = isinstance(response, list) and all(isinstance(i, str) and i in ids for i in response)
        return None if ok else "unknown choice"
    if kind == QuestionType.MATCHING:
        lefts = {pair_id for pair_id, pair in zip(spec.pair_ids(), spec.pairs) if pair.left}
        options = {option.id for option in spec.right_options()}
        ok = isinstance(response, dict) and all(k in lefts and v in options for k, v in response.items())
        return None if ok else "unknown option"
    if kind == QuestionType.DROPDOWNS:
        options = {blank.id: blank.choice_ids() for blank in spec.blanks}
        ok = isinstance(response, dict) and all(k in options and v in options[k] for k, v in response.items())
        return None if ok else "unknown choice"
    if kind == QuestionType.ORDERING:
        ids = spec.item_ids()
        ok = isinstance(response, list) and all(isinstance(i, str) and i in ids for i in response)
        return None if ok and len(set(response)) == len(response) else "not an ordering of the items"
    return None


def response_text(spec: QuestionSpec | None, response) -> str:
    """A response as a person reads it (in a CSV, say): choices by their text, pairs as "left → right";
    a part no longer in the question shows as its id, "#3a9f…"."""
    if response is None or response == "" or response == [] or response == {}:
        return ""
    kind = spec.type if spec else None
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE, QuestionType.MULTIPLE_ANSWER):
        texts = dict(zip(spec.choice_ids(), (c.text for c in spec.choices)))
        chosen = response if isinstance(response, list) else [response]
        return "; ".join(_named(texts, i) for i in chosen)
    if kind == QuestionType.ORDERING and isinstance(response, list):
        texts = dict(zip(spec.item_ids(), (item.text for item in spec.items)))
        return "; ".join(_named(texts, i) for i in response)
    if kind == QuestionType.MATCHING and isinstance(response, dict):
        lefts = dict(zip(spec.pair_ids(), (p.left for p in spec.pairs)))
        rights = {option.id: option.text for option in spec.right_options()}
        order = {pair_id: n for n, pair_id in enumerate(spec.pair_ids())}
        return "; ".join(f"{_named(lefts, left)} → {_named(rights, right)}"
                         for left, right in sorted(response.items(), key=lambda item: order.get(item[0], len(order))))
    if kind == QuestionType.FILL_BLANKS and isinstance(response, dict):
        return "; ".join(f"{blank}: {text}" for blank, text in response.items())
    if kind == QuestionType.DROPDOWNS and isinstance(response, dict):
        texts = _dropdown_texts(spec)
        return "; ".join(f"{blank}: {_named(texts, choice)}" for blank, choice in response.items())
    if kind == QuestionType.FILE_UPLOAD and isinstance(response, dict):
        return str(response.get("name", ""))
    if isinstance(response, str):
        return response
    return json.dumps(response, ensure_ascii=False)


def _named(texts: dict, part_id) -> str:
    return texts.get(part_id, f"#{part_id}") if isinstance(part_id, str) else f"#{part_id}"


def _dropdown_texts(spec: QuestionSpec) -> dict[str, str]:
    return {choice_id: choice.text for blank in spec.blanks for choice_id, choice in zip(blank.choice_ids(), blank.choices)}


def lost_parts(seen: QuestionSpec, current: QuestionSpec, response) -> tuple[str, ...]:
    """The texts (as ``seen``) of the choices, items or options a response names that ``current`` (a
    later version) no longer has: a regrade cannot map those and gives them no credit."""
    def named(spec):
        if spec.type in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE, QuestionType.MULTIPLE_ANSWER):
            return dict(zip(spec.choice_ids(), (c.text for c in spec.choices)))
        if spec.type == QuestionType.ORDERING:
            return dict(zip(spec.item_ids(), (item.text for item in spec.items)))
        if spec.type == QuestionType.DROPDOWNS:
            return _dropdown_texts(spec)
        if spec.type == QuestionType.MATCHING:
            return {**dict(zip(spec.pair_ids(), (p.left for p in spec.pairs))),
                    **{option.id: option.text for option in spec.right_options()}}
        return {}
    if isinstance(response, dict):
        ids = ([*response, *response.values()] if seen.type == QuestionType.MATCHING
               else list(response.values()) if seen.type == QuestionType.DROPDOWNS else [])
    else:
        ids = response if isinstance(response, list) else [response]
    before, after = named(seen), named(current)
    return tuple(dict.fromkeys(before[i] for i in ids if isinstance(i, str) and i in before and i not in after))
