"""Auto-grading: a question spec plus whatever the browser sent, in; an exact score, out.

Pure Python (no Django) so it can be tested exhaustively. Two rules shape everything here:
credit stays an exact ``Fraction`` until the single ROUND_HALF_UP to cents at the end (so a third of
0.30 points is 0.10, never 0.0999...), and grading never raises on a response: anything malformed
earns 0 with a ``reason`` instead. Response shapes are documented on ``QuestionSpec``.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

from banks.spec import MANUALLY_GRADED, UNGRADED, AcceptedAnswer, Blank, Choice, NumericAnswer, QuestionSpec, Scoring
from banks.spec import QuestionType as T

MAX_TEXT = 10_000  # longer answers are refused, which also bounds the cost of regex matching
ZERO, ONE = Fraction(0), Fraction(1)


class GradeStatus(StrEnum):
    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    UNANSWERED = "unanswered"
    NEEDS_MANUAL = "needs_manual"  # essay / file upload: a human grades it
    UNGRADED = "ungraded"  # text-only item


@dataclass(frozen=True)
class PartResult:
    """One choice, blank, pair or ordering position.

    ``credit`` is the part's own credit as a fraction (a blank's answer credit, 1/0 for a pair or a
    position, a selected choice's signed share under the scoring policy), before the question-level
    clamp or all-or-nothing rule.
    """

    key: str
    correct: bool
    credit: Decimal
    feedback: str = ""


@dataclass(frozen=True)
class GradeResult:
    score: Decimal
    max_score: Decimal
    status: GradeStatus
    parts: tuple[PartResult, ...] = ()
    feedback: tuple[str, ...] = ()  # Markdown source: part feedback, then (in)correct, then general
    reason: str = ""  # why a malformed response earned 0


class _Malformed(Exception):
    """Raised by a grader when the response has the wrong shape; ``grade`` turns it into a 0."""


# --- exact numbers ---------------------------------------------------------------------------------


def _frac(value: object) -> Fraction:
    """A spec number as an exact fraction; NaN, infinity and junk count as 0 rather than raising."""
    try:
        return Fraction(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError, ArithmeticError):
        return ZERO


def _clamp(credit: Fraction) -> Fraction:
    return min(max(credit, ZERO), ONE)


def _round(value: Fraction, places: int = 2) -> Decimal:
    """Round half up (away from zero on ties), exactly: no float or context precision involved."""
    digits = math.floor(abs(value) * 10**places + Fraction(1, 2))
    sign = "-" if value < 0 and digits else ""
    return Decimal(f"{sign}{digits}E-{places}")


def _credit(value: Fraction) -> Decimal:
    return _round(value, 4)


# --- reading responses -----------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(?=\.?\d)(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d*)?(?:[eE][+-]?\d{1,4})?", re.ASCII)
# A decimal comma, as Spanish (and most of Europe) writes it: "3,5", "-0,25", "1.234,5". Read only where the
# comma cannot be a thousands separator, so "3,500" stays 3500 whatever the page's language.
_DECIMAL_COMMA = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+(?:[eE][+-]?\d{1,4})?", re.ASCII)


def _is_blank(value: object) -> bool:
    """None, blank text or an empty collection."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, (list, tuple, set, frozenset, dict)) and not value)


def _is_empty(response: object) -> bool:
    """Blank, or a dict (blanks, matches) with nothing filled in."""
    if isinstance(response, dict):
        return all(_is_blank(value) for value in response.values())
    return _is_blank(response)


def _position(value: object, ids: tuple[str, ...]) -> int | None:
    """Where the part a response names stands among ``ids``: a choice, item, pair or option id (a whole
    number is read as its string, the stand-in id of a spec never saved). None when nothing is named so."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or value not in ids:
        return None
    return ids.index(value)


def _text(response: object) -> str:
    if not isinstance(response, str):
        raise _Malformed("not text")
    if len(response) > MAX_TEXT:
        raise _Malformed("answer too long")
    return response


def parse_number(response: object) -> Decimal | None:
    """Read "1,234.5", "1.2e3", " -3 ", "+4", "−3", or with a decimal comma "3,5" and "1.234,5", exactly;
    None for NaN, infinity and junk."""
    if isinstance(response, (int, float)) and not isinstance(response, bool):
        response = repr(response) if isinstance(response, float) or abs(response) < 10**100 else ""
    if not isinstance(response, str) or len(response) > MAX_TEXT:
        return None
    text = response.strip().replace("\u2212", "-")
    if _NUMBER.fullmatch(text):
        return Decimal(text.replace(",", ""))
    if _DECIMAL_COMMA.fullmatch(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    return None


# --- matching answers ------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Whitespace-insensitive form: NFC, stripped, internal runs of whitespace collapsed to one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@lru_cache(maxsize=1024)
def _pattern(source: str, case_sensitive: bool) -> re.Pattern[str] | None:
    """Compiled once per pattern; an invalid pattern matches nothing instead of raising."""
    try:
        return re.compile(source, 0 if case_sensitive else re.IGNORECASE)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None


def _text_matches(answer: AcceptedAnswer, response: str) -> bool:
    given = _normalise(response)
    if answer.regex:
        pattern = _pattern(answer.text, answer.case_sensitive)
        return pattern is not None and pattern.fullmatch(given) is not None
    expected = _normalise(answer.text)
    return given == expected if answer.case_sensitive else given.casefold() == expected.casefold()


def _best_text(answers: tuple[AcceptedAnswer, ...], response: str) -> tuple[Fraction, str]:
    """Best credit among the matching answers, with that answer's feedback."""
    matches = [a for a in answers if _text_matches(a, response)]
    best = max(matches, key=lambda a: _frac(a.credit), default=None)
    return (_clamp(_frac(best.credit)), best.feedback) if best else (ZERO, "")


def _numeric_matches(answer: NumericAnswer, number: Decimal) -> bool:
    """Exact, ± absolute, ± percent of the value, or an inclusive [min, max] range (open when None)."""
    with localcontext() as ctx:
        ctx.prec = 200  # spec values are short, so the tolerance arithmetic is exact
        try:
            if answer.min is not None or answer.max is not None:
                return (answer.min is None or number >= answer.min) and (answer.max is None or number <= answer.max)
            if answer.value is None:
                return False
            tolerance = abs(answer.tolerance or 0)
            if answer.tolerance_percent is not None:
                tolerance = max(tolerance, abs(answer.value * answer.tolerance_percent) / 100)
            return answer.value - tolerance <= number <= answer.value + tolerance
        except (ArithmeticError, TypeError):  # a NaN or otherwise odd spec value matches nothing
            return False


# --- graders: (question, non-empty response) -> (credit, parts) -------------------------------------

Graded = tuple[Fraction, tuple[PartResult, ...]]


def _single_credit(choice: Choice) -> Fraction:
    return _clamp(_frac(choice.weight) if choice.weight is not None else Fraction(int(choice.correct)))


def _grade_single(q: QuestionSpec, response: object) -> Graded:
    ids = q.choice_ids()
    i = _position(response, ids)
    if i is None:
        raise _Malformed("unknown choice")
    credit = _single_credit(q.choices[i])
    return credit, (PartResult(ids[i], credit == ONE, _credit(credit), q.choices[i].feedback),)


def _multiple_weights(q: QuestionSpec) -> list[Fraction]:
    """Each choice's worth when selected, under the question's policy."""
    n_correct = sum(c.correct for c in q.choices)
    share = Fraction(1, n_correct) if n_correct else ZERO
    if q.scoring == Scoring.WEIGHTS:
        return [_frac(c.weight) if c.weight is not None else (share if c.correct else ZERO) for c in q.choices]
    if q.scoring == Scoring.RIGHT_MINUS_WRONG:
        return [share if c.correct else -share for c in q.choices]
    return [share if c.correct else ZERO for c in q.choices]


def _multiple_key(q: QuestionSpec) -> list[int]:
    """What a perfect answer selects: the positively weighted choices under WEIGHTS, else the correct ones."""
    if q.scoring == Scoring.WEIGHTS:
        return [i for i, w in enumerate(_multiple_weights(q)) if w > 0]
    return [i for i, c in enumerate(q.choices) if c.correct]


def _grade_multiple(q: QuestionSpec, response: object) -> Graded:
    if not isinstance(response, (list, tuple, set, frozenset)):
        raise _Malformed("not a list of choices")
    ids = q.choice_ids()
    indices = [_position(value, ids) for value in response]
    if None in indices:
        raise _Malformed("unknown choice")
    selected, weights, wanted = set(indices), _multiple_weights(q), set(_multiple_key(q))
    parts = tuple(
        PartResult(ids[i], (i in selected) == (i in wanted), _credit(w if i in selected else ZERO),
                   c.feedback if i in selected else "")
        for i, (c, w) in enumerate(zip(q.choices, weights)))
    if q.scoring in (Scoring.WEIGHTS, Scoring.RIGHT_MINUS_WRONG):
        credit = sum((weights[i] for i in selected), ZERO)
    elif q.scoring == Scoring.PER_PART:  # each choice is a select / don't-select decision
        credit = Fraction(sum(p.correct for p in parts), len(parts)) if parts else ZERO
    else:
        credit = ONE if selected == wanted else ZERO
    return credit, parts


def _grade_short(q: QuestionSpec, response: object) -> Graded:
    credit, feedback = _best_text(q.answers, _text(response))
    return credit, (PartResult("answer", credit == ONE, _credit(credit), feedback),)


def _grade_numeric(q: QuestionSpec, response: object) -> Graded:
    number = parse_number(response)
    if number is None:
        raise _Malformed("not a number")
    matches = [a for a in q.numeric if _numeric_matches(a, number)]
    best = max(matches, key=lambda a: _frac(a.credit), default=None)
    credit = _clamp(_frac(best.credit)) if best else ZERO
    return credit, (PartResult("answer", credit == ONE, _credit(credit), best.feedback if best else ""),)


def _combine(q: QuestionSpec, parts: tuple[PartResult, ...], credits: list[Fraction]) -> Graded:
    """PER_PART averages the parts; every other policy needs every part fully right."""
    if not credits:
        return ZERO, parts
    if q.scoring == Scoring.PER_PART:
        return sum(credits, ZERO) / len(credits), parts
    return (ONE if all(c == ONE for c in credits) else ZERO), parts


def _per_blank(q: QuestionSpec, response: object, part: Callable[[Blank, object], tuple[Fraction, str]]) -> Graded:
    """Fill-in blanks and dropdowns: each blank graded by ``part``, then combined by the scoring policy."""
    if not isinstance(response, dict):
        raise _Malformed("not a set of blanks")
    credits, parts = [], []
    for blank in q.blanks:
        credit, feedback = part(blank, response.get(blank.id))
        credits.append(credit)
        parts.append(PartResult(blank.id, credit == ONE, _credit(credit), feedback))
    return _combine(q, tuple(parts), credits)


def _typed(blank: Blank, value: object) -> tuple[Fraction, str]:
    ok = isinstance(value, str) and len(value) <= MAX_TEXT
    return _best_text(blank.answers, value) if ok else (ZERO, "")


def _chosen(blank: Blank, value: object) -> tuple[Fraction, str]:
    """A dropdown is a single choice of its own; one left unchosen is simply wrong."""
    if _is_blank(value):
        return ZERO, ""
    i = _position(value, blank.choice_ids())
    if i is None:
        raise _Malformed("unknown choice")
    return _single_credit(blank.choices[i]), blank.choices[i].feedback


def _grade_blanks(q: QuestionSpec, response: object) -> Graded:
    return _per_blank(q, response, _typed)


def _grade_dropdowns(q: QuestionSpec, response: object) -> Graded:
    return _per_blank(q, response, _chosen)


def _grade_matching(q: QuestionSpec, response: object) -> Graded:
    """Options are compared by their text: a student who chose "Paris" chose Paris, in any version."""
    if not isinstance(response, dict):
        raise _Malformed("not a set of matches")
    pair_ids, options = q.pair_ids(), q.right_options()
    option_ids = tuple(option.id for option in options)
    chosen: dict[int, str] = {}
    for key, value in response.items():
        left = _position(key, pair_ids)
        if left is None or not q.pairs[left].left:
            raise _Malformed("unknown item")
        if _is_blank(value):
            continue  # left unmatched: simply wrong
        right = _position(value, option_ids)
        if right is None:
            raise _Malformed("unknown option")
        chosen[left] = options[right].text
    parts = tuple(PartResult(pair_ids[i], chosen.get(i) == p.right, _credit(Fraction(chosen.get(i) == p.right)))
                  for i, p in enumerate(q.pairs) if p.left)
    return _combine(q, parts, [Fraction(p.correct) for p in parts])


def _grade_ordering(q: QuestionSpec, response: object) -> Graded:
    """Positions are compared by item text, so swapping two identical items costs nothing."""
    ids = q.item_ids()
    order = [_position(v, ids) for v in response] if isinstance(response, (list, tuple)) else [None]
    if None in order or sorted(order) != list(range(len(ids))):  # type: ignore[type-var]
        raise _Malformed("not an ordering of the items")
    texts = [item.text for item in q.items]
    parts = tuple(PartResult(str(pos), texts[i] == texts[pos], _credit(Fraction(texts[i] == texts[pos])))
                  for pos, i in enumerate(order))  # type: ignore[index]
    return _combine(q, parts, [Fraction(p.correct) for p in parts])


_GRADERS: dict[T, Callable[[QuestionSpec, object], Graded]] = {
    T.SINGLE_CHOICE: _grade_single,
    T.TRUE_FALSE: _grade_single,
    T.MULTIPLE_ANSWER: _grade_multiple,
    T.SHORT_ANSWER: _grade_short,
    T.NUMERIC: _grade_numeric,
    T.FILL_BLANKS: _grade_blanks,
    T.DROPDOWNS: _grade_dropdowns,
    T.MATCHING: _grade_matching,
    T.ORDERING: _grade_ordering,
}


# --- public API ------------------------------------------------------------------------------------


def is_auto_graded(question: QuestionSpec) -> bool:
    return question.type in _GRADERS


def is_answered(response: object) -> bool:
    """Whether a student gave any answer: the one definition the attempt page, the submit check and
    grading (UNANSWERED) all use."""
    return not _is_empty(response)


def grade(question: QuestionSpec, response: object) -> GradeResult:
    """Score ``response`` to ``question``; never raises for any response a browser could send."""
    points = max(_frac(question.points), ZERO)
    max_score, nothing = _round(points), _round(ZERO)
    general = (question.general_feedback,) if question.general_feedback else ()
    grader = _GRADERS.get(question.type)
    if question.type in UNGRADED or (grader is None and question.type not in MANUALLY_GRADED):
        return GradeResult(nothing, nothing, GradeStatus.UNGRADED, feedback=general)
    if _is_empty(response):
        return GradeResult(nothing, max_score, GradeStatus.UNANSWERED, feedback=general)
    if grader is None:
        return GradeResult(nothing, max_score, GradeStatus.NEEDS_MANUAL, feedback=general)
    incorrect = (question.incorrect_feedback,) if question.incorrect_feedback else ()
    try:
        credit, parts = grader(question, response)
    except _Malformed as malformed:
        return GradeResult(nothing, max_score, GradeStatus.INCORRECT, feedback=incorrect + general,
                           reason=str(malformed))
    credit = _clamp(credit)
    status = GradeStatus.CORRECT if credit == ONE else GradeStatus.PARTIAL if credit else GradeStatus.INCORRECT
    verdict = ((question.correct_feedback,) if question.correct_feedback else ()) if credit == ONE else incorrect
    feedback = tuple(p.feedback for p in parts if p.feedback) + verdict + general
    return GradeResult(_round(points * credit), max_score, status, parts, feedback)


def _best_answer(answers: tuple[AcceptedAnswer, ...]) -> AcceptedAnswer | None:
    """Highest credit, preferring literal answers: a regex's source rarely matches itself."""
    return max(answers, key=lambda a: (_frac(a.credit), not a.regex), default=None)


def _numeric_key(q: QuestionSpec) -> str | None:
    for answer in sorted(q.numeric, key=lambda a: _frac(a.credit), reverse=True):
        for candidate in (answer.value, answer.min, answer.max):
            if candidate is not None and _numeric_matches(answer, candidate):
                return str(candidate)
    return None


def _single_key(q: QuestionSpec | Blank) -> str | None:
    """The best choice of a single-choice question, or of one dropdown blank."""
    best = max(range(len(q.choices)), key=lambda i: _single_credit(q.choices[i]), default=None)
    return None if best is None else q.choice_ids()[best]


def _matching_key(q: QuestionSpec) -> dict[str, str]:
    option = {o.text: o.id for o in q.right_options()}
    return {pair_id: option[p.right] for pair_id, p in zip(q.pair_ids(), q.pairs) if p.left}


_KEYS: dict[T, Callable[[QuestionSpec], object]] = {
    T.SINGLE_CHOICE: _single_key,
    T.TRUE_FALSE: _single_key,
    T.MULTIPLE_ANSWER: lambda q: [q.choice_ids()[i] for i in _multiple_key(q)],
    T.SHORT_ANSWER: lambda q: best.text if (best := _best_answer(q.answers)) else None,
    T.NUMERIC: _numeric_key,
    T.FILL_BLANKS: lambda q: {b.id: best.text if (best := _best_answer(b.answers)) else "" for b in q.blanks},
    T.DROPDOWNS: lambda q: {b.id: _single_key(b) or "" for b in q.blanks},
    T.MATCHING: _matching_key,
    T.ORDERING: lambda q: list(q.item_ids()),
}


def correct_response(question: QuestionSpec) -> object:
    """The answer key as a response (None for manual and text items); grading it earns full marks."""
    key = _KEYS.get(question.type)
    return key(question) if key else None
