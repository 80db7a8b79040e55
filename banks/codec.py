"""Lossless conversion of a QuestionSpec to and from plain JSON data.

The same dictionaries are stored in question versions, printed by ``import_bank --json`` and sent
to the browser only as far as the student view allows (see ``banks.student_view``). Pure Python.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

import dataclasses
from decimal import Decimal, InvalidOperation

from banks.spec import AcceptedAnswer, Blank, Choice, Item, NumericAnswer, Pair, QuestionSpec, QuestionType, Scoring

_FIELDS: dict[type, tuple[str, ...]] = {}
_AS_IS = frozenset({str, int, bool, float, type(None)})  # most of a spec's values: checked first, by type


def _plain(value):
    """JSON data for a spec or any part of it (what ``dataclasses.asdict`` gives, without its deep copies:
    a 20,000-question import spends seconds in them)."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (QuestionType, Scoring)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value):
        names = _FIELDS.get(type(value))
        if names is None:
            names = _FIELDS[type(value)] = tuple(field.name for field in dataclasses.fields(value))
        return {name: _plain(getattr(value, name)) for name in names}
    return value


_IDS = ("id", "right_id")


def spec_to_dict(spec: QuestionSpec) -> dict:
    """JSON-ready data; numbers are strings so no float ever rounds a score or a key."""
    data = _plain(spec)
    # A numeric answer is either value ± tolerance or a min..max range: show only the half in use.
    data["numeric"] = [{k: v for k, v in n.items() if v is not None} for n in data["numeric"]]
    # Ids exist once a version is saved (banks.identity); a parsed file has none to print.
    for key in ("choices", "pairs"):
        data[key] = [{k: v for k, v in part.items() if v != "" or k not in _IDS} for part in data[key]]
    for blank in data["blanks"]:
        if blank["choices"]:  # dropdowns; a fill-in blank keeps the shape it always had
            blank["choices"] = [{k: v for k, v in c.items() if v != "" or k != "id"} for c in blank["choices"]]
        else:
            del blank["choices"]
    data["items"] = [item if item["id"] else item["text"] for item in data["items"]]
    return data


def _decimal(value, default=None) -> Decimal | None:
    if value is None:
        return default
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None


def _build(cls, data: dict):
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{key: value for key, value in data.items() if key in names})


def spec_from_dict(data: dict) -> QuestionSpec:
    """Rebuild a QuestionSpec; raises ValueError on data no spec could have produced."""
    choices = _choices(data.get("choices", ()))
    answers = tuple(_answer(a) for a in data.get("answers", ()))
    numeric = tuple(
        _build(NumericAnswer, {
            **n,
            **{key: _decimal(n.get(key)) for key in ("value", "tolerance_percent", "min", "max")},
            "tolerance": _decimal(n.get("tolerance"), Decimal(0)),
            "credit": _decimal(n.get("credit"), Decimal(1)),
        })
        for n in data.get("numeric", ())
    )
    blanks = tuple(
        Blank(id=str(b["id"]), answers=tuple(_answer(a) for a in b.get("answers", ())),
              choices=_choices(b.get("choices", ())))
        for b in data.get("blanks", ())
    )
    fields = {
        **data,
        "type": QuestionType(data["type"]),
        "scoring": Scoring(data.get("scoring", Scoring.ALL_OR_NOTHING)),
        "points": _decimal(data.get("points"), Decimal(1)),
        "choices": choices,
        "answers": answers,
        "numeric": numeric,
        "blanks": blanks,
        "pairs": tuple(_build(Pair, p) for p in data.get("pairs", ())),
        "items": tuple(Item(i) if isinstance(i, str) else _build(Item, i) for i in data.get("items", ())),
        "allowed_extensions": tuple(data.get("allowed_extensions", ())),
        "tags": tuple(data.get("tags", ())),
        "notes": tuple(data.get("notes", ())),
    }
    return _build(QuestionSpec, fields)


def _choices(data) -> tuple[Choice, ...]:
    return tuple(_build(Choice, {**c, "weight": _decimal(c.get("weight"))}) for c in data)


def _answer(data) -> AcceptedAnswer:
    if isinstance(data, str):
        return AcceptedAnswer(text=data)
    return _build(AcceptedAnswer, {**data, "credit": _decimal(data.get("credit"), Decimal(1))})
