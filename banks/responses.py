"""Turn a submitted form into the response shape ``banks.autograde.grade`` takes (see spec.py).

Shared by the "try it" preview, the no-JavaScript quiz form and autosave. Junk becomes an empty or
partial response, never an exception: grading then explains why it earned nothing.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

from banks.spec import QuestionSpec, QuestionType

_TEXT_LIMIT = 50_000


def _index(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 6 else None


def response_from_post(spec: QuestionSpec, data, name: str) -> object:
    kind = spec.type
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE):
        return _index(data.get(name))
    if kind == QuestionType.MULTIPLE_ANSWER:
        return sorted({i for i in map(_index, data.getlist(name)) if i is not None})
    if kind in (QuestionType.SHORT_ANSWER, QuestionType.NUMERIC, QuestionType.ESSAY):
        return (data.get(name) or "")[:_TEXT_LIMIT]
    if kind == QuestionType.FILL_BLANKS:
        return {blank.id: (data.get(f"{name}-{blank.id}") or "")[:_TEXT_LIMIT] for blank in spec.blanks}
    if kind == QuestionType.MATCHING:
        chosen = {i: _index(data.get(f"{name}-{i}")) for i, pair in enumerate(spec.pairs) if pair.left}
        return {i: right for i, right in chosen.items() if right is not None}
    if kind == QuestionType.ORDERING:
        positions = {i: _index(data.get(f"{name}-{i}")) for i in range(len(spec.items))}
        placed = sorted((pos, i) for i, pos in positions.items() if pos is not None)
        return [i for _, i in placed]
    return None


def response_problem(spec: QuestionSpec, response: object) -> str | None:
    """Why a response cannot belong to this question (an unknown choice, say), or None if it can."""
    kind = spec.type
    if response is None:
        return None
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE):
        return None if isinstance(response, int) and 0 <= response < len(spec.choices) else "unknown choice"
    if kind == QuestionType.MULTIPLE_ANSWER:
        ok = isinstance(response, list) and all(isinstance(i, int) and 0 <= i < len(spec.choices) for i in response)
        return None if ok else "unknown choice"
    if kind == QuestionType.MATCHING:
        lefts = {i for i, pair in enumerate(spec.pairs) if pair.left}
        rights = len(spec.right_options())
        ok = isinstance(response, dict) and all(k in lefts and 0 <= v < rights for k, v in response.items())
        return None if ok else "unknown option"
    if kind == QuestionType.ORDERING:
        ok = isinstance(response, list) and all(0 <= i < len(spec.items) for i in response)
        return None if ok and len(set(response)) == len(response) else "not an ordering of the items"
    return None
