"""Numbers in text2qti files: ``Points:`` values and ``=`` numerical answers, read as text2qti 0.8 does."""

import re
from decimal import Decimal, InvalidOperation

from banks.spec import NumericAnswer

# text2qti's exact-integer answer ("= 5", "= -1_000"), without its catastrophic-backtracking regex.
INT_RE = re.compile(r"(?:0|[+-]?[1-9](?:_?[0-9])*)\Z")
SMALLEST = Decimal("0.0001")
TRUE_FALSE_TEXTS = frozenset({"true", "True", "false", "False"})  # two of these: a true/false question
NUMERIC_FORMS = 'write "= 1.5 +- 0.01", "= 1.5 +- 2%", a range "= [1.2, 1.8]" or a whole number "= 5"'


BLANK_LINES_RE = re.compile(r"\n{3,}")


def same_text_key(text: str) -> str:
    """What text2qti compares to find duplicate questions (it compares the HTML, where any run of
    blank lines is one paragraph break)."""
    return BLANK_LINES_RE.sub("\n\n", text) if "\n\n\n" in text else text


def excerpt(text: str, limit: int = 50) -> str:
    """``text`` shortened for an error message."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decimal(text: str) -> Decimal | None:
    """A finite number as Python's ``float()`` accepts it (text2qti's rule), kept exact; else None.

    Numbers beyond 1e±300 or over 100 characters long are refused, so that no arithmetic on them
    can be slow or overflow.
    """
    if len(text) > 100:
        return None
    try:
        float(text)
    except ValueError:
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:  # forms float() takes but Decimal does not
        value = Decimal(repr(float(text)))
    if not value.is_finite() or (value and not -300 < value.adjusted() < 300):
        return None
    return value


def points(text: str) -> Decimal | str:
    """Positive whole or half points, or the message explaining why not."""
    value = decimal(text)
    if value is None or value <= 0 or value > 10_000 or (value * 2) % 1:
        return (f'"Points: {excerpt(text)}" is not valid: points must be a positive whole or half number '
                "(at most 10000), like 2 or 1.5")
    return Decimal(int(value * 2)) / 2


def numeric(text: str) -> NumericAnswer | str:
    """The answer of an ``=`` line, or the message explaining why it is not one."""
    if len(text) > 200:
        return f'"= {excerpt(text, 20)}" is too long to be a number'
    shown = excerpt(text)
    if text.startswith("["):
        if not text.endswith("]") or "," not in text:
            return f'"= {shown}" is not a valid range; {NUMERIC_FORMS}'
        low, high = (decimal(part) for part in text[1:-1].split(",", 1))
        if low is None or high is None:
            return f'"= {shown}" is not a valid range: both ends must be numbers, as in "= [1.2, 1.8]"'
        if low > high:
            return f'the range "= {shown}" must give the smaller number first: "= [min, max]"'
        answer = NumericAnswer(min=low, max=high)
    elif "+-" in text:
        number, margin = text.split("+-", 1)
        percent = margin.endswith("%")
        value, margin = decimal(number), decimal(margin[:-1] if percent else margin)
        if value is None or margin is None:
            return f'"= {shown}" is not valid: {NUMERIC_FORMS}'
        if margin < 0:
            return f'the margin in "= {shown}" must not be negative'
        spread = abs(value) * margin / 100 if percent else margin
        low, high = value - spread, value + spread
        answer = (NumericAnswer(value=value, tolerance_percent=margin) if percent
                  else NumericAnswer(value=value, tolerance=margin))
    elif len(text) <= 100 and INT_RE.match(text):
        low = high = Decimal(int(text))
        answer = NumericAnswer(value=low)
    elif decimal(text) is not None:
        return (f'"= {shown}" needs a margin: text2qti only accepts whole numbers on their own; '
                f'write "= {shown} +- 0" for an exact answer, or a margin like "= {shown} +- 0.01"')
    else:
        return f'"= {shown}" is not a number; {NUMERIC_FORMS}'
    if abs(low) < SMALLEST or abs(high) < SMALLEST:
        return (f'"= {shown}" accepts a value closer to 0 than 0.0001, which text2qti (and Canvas) '
                "cannot check; scale the question's units so the answer is larger")
    return answer
