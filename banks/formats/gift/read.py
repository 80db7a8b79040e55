"""One GIFT question (a blank-line block, escapes hidden) into a ``QuestionSpec``.

Mirrors ``qformat_gift::readquestion``: the title, the first ``{`` and ``}``, ``_____`` where an answer
block sits mid-text, the last ``####`` as general feedback, then the question type from the answer text
alone. Problems raise ``GiftError`` with an offset into the block's text so the caller can name a line.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from banks.formats.gift.syntax import (
    WS,
    Block,
    GiftError,
    format_number,
    number,
    restore,
    shift,
    split_format,
    weight,
)
from banks.spec import AcceptedAnswer, Blank, Choice, NumericAnswer, Pair, QuestionSpec, QuestionType, Scoring

BLANK = "_____"  # Moodle's missing-word marker
BLANK_ID = "1"
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
ONE = Decimal(1)
MAX_ANSWERS = 1000  # per question; keeps absurd (or hostile) files fast
EQUAL_SHARES = Decimal("0.0001")  # how far n equal weights may miss 100% (33.33333% x 3)

_CHOICE_MARK = re.compile(r"[~=]")
_EQUALS = re.compile(r"=")
_PERCENT = re.compile(r"%-?\d+(?:\.\d*)?%", re.ASCII)
_WILDCARD = re.compile(r"(?<!\\)\*+")
_PLAIN_SPECIAL = re.compile(r"[*_`#<>\[\]\\]")


def _shorten(text: str, size: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 3] + "..."


@dataclass
class _Question:
    """What one question's parts share: the block, its text format and the notes gathered so far."""

    block: Block
    fmt: str = "moodle"
    notes: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def text(self, raw: str, offset: int) -> str:
        """A text field (question text, answer, feedback): its ``[format]`` read, escapes restored."""
        if not raw.lstrip(WS).startswith("["):  # no [format]: the question's own, already noted
            return restore(raw)
        try:
            fmt, text = split_format(raw, self.fmt)
        except GiftError as problem:
            raise GiftError(problem.message, offset) from None
        return self.noted(fmt, text)

    def noted(self, fmt: str, text: str) -> str:
        """Note a text format that Markdown cannot show exactly as Moodle would."""
        if fmt == "html" and text:
            self.note("Written in HTML ([html]): the HTML is kept as it is inside the Markdown text; "
                      "check how it looks in the preview.")
        elif fmt == "plain" and _PLAIN_SPECIAL.search(text):
            self.note("Written as plain text ([plain]) but shown as Markdown: characters such as * _ # "
                      "and < may change how it looks; check the preview.")
        return text


def _pieces(text: str, base: int, marks: re.Pattern[str]) -> list[tuple[int, str, str]]:
    """Cut ``text`` before each mark: (offset of the piece, its mark or "", its trimmed text).

    Like Moodle's ``explode``: the piece before the first mark is dropped when it is empty.
    """
    found, last, mark, offset = [], 0, "", base
    for count, match in enumerate(marks.finditer(text)):
        if count == MAX_ANSWERS:
            raise GiftError(f"This question has more than {MAX_ANSWERS} answers, which Casebook does not "
                            f"accept. Is a blank line missing between two questions?", match.start() + base)
        found.append((offset, mark, text[last:match.start()].strip(WS)))
        mark, last, offset = match.group(), match.end(), base + match.start()
    found.append((offset, mark, text[last:].strip(WS)))
    return found if found[0][2] else found[1:]


def _weight(piece: str, offset: int, low: int = -100) -> tuple[Decimal | None, str]:
    try:
        return weight(piece, low)
    except GiftError as problem:
        raise GiftError(problem.message, offset) from None


def _feedback(q: _Question, piece: str, offset: int) -> tuple[str, str]:
    """Moodle's ``commentparser``: the text before the first ``#`` and the feedback after it."""
    answer, _, feedback = piece.partition("#")
    return q.text(answer, offset), q.text(feedback, offset)


def _choices(q: _Question, text: str, base: int) -> dict:
    """``~wrong =right ~%50%partial``: single choice when any ``=`` is present, else weighted answers."""
    single = "=" in text
    choices = []
    for offset, mark, piece in _pieces(text, base, _CHOICE_MARK):
        if mark == "=":
            share = None
            if _PERCENT.match(piece):
                q.note(f'Choice "{_shorten(piece)}" starts with a weight after "=": GIFT gives every = choice '
                       f"full marks and keeps the %...% as text. Write ~%50% for partial credit.")
        else:
            share, piece = _weight(piece, offset)
        answer, feedback = _feedback(q, piece, offset)
        if not answer:
            raise GiftError(f"Choice {len(choices) + 1} of this question is empty.", offset)
        if mark == "=":
            correct = True
        else:
            correct = share is not None and (share >= ONE if single else share > 0)
        choices.append(Choice(answer, correct, share, feedback))
    if len(choices) < 2:
        raise GiftError("A multiple-choice question needs at least two choices, e.g. {=right ~wrong}.", base)
    if single:
        for choice in choices:
            if choice.weight is not None and choice.weight < 0:
                q.note(f'Choice "{_shorten(choice.text)}" has a negative weight; Casebook never scores a '
                       f"question below 0, so choosing it simply earns 0.")
        return {"type": QuestionType.SINGLE_CHOICE, "choices": tuple(choices)}
    right = [c.weight for c in choices if c.weight is not None and c.weight > 0]
    positive = sum(right, Decimal(0))
    if not positive:
        raise GiftError("None of the choices is marked correct: mark the right choice with = (for example "
                        "{=right ~wrong}), or give several right choices weights such as ~%50%.", base)
    if len(set(right)) == 1 and abs(positive - ONE) <= EQUAL_SHARES:
        # Moodle's 33.33333% x 3: equal shares of full marks. No weight = an exact 1/n share when graded.
        choices = [Choice(c.text, True, None, c.feedback) if c.correct else c for c in choices]
    elif positive != ONE:
        q.note(f"The positive weights add up to {format_number(shift(positive, 2))}%, not 100%: "
               + ("no combination of choices earns full marks." if positive < ONE
                  else "full marks are reached without choosing every right choice."))
    return {"type": QuestionType.MULTIPLE_ANSWER, "choices": tuple(choices), "scoring": Scoring.WEIGHTS}


def _true_false(q: _Question, text: str, base: int) -> dict:
    """``{T}`` / ``{FALSE#feedback for a wrong answer#feedback for a right answer}``."""
    key, _, rest = text.partition("#")
    wrong_raw, _, right_raw = rest.partition("#")
    answer = TRUE_FALSE[key.strip(WS)]
    wrong, right = q.text(wrong_raw, base), q.text(right_raw, base)
    choices = (
        Choice("True", answer, feedback=right if answer else wrong),
        Choice("False", not answer, feedback=wrong if answer else right),
    )
    return {"type": QuestionType.TRUE_FALSE, "choices": choices}


def text_answer(text: str, credit: Decimal, feedback: str) -> AcceptedAnswer:
    """A Moodle short answer: an unescaped ``*`` is a wildcard (becomes a regex), ``\\*`` a star."""
    if "*" not in text:
        return AcceptedAnswer(text, credit, feedback=feedback)
    bits = _WILDCARD.split(text)
    if len(bits) == 1:
        return AcceptedAnswer(text.replace("\\*", "*"), credit, feedback=feedback)
    pattern = ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits)
    return AcceptedAnswer(pattern, credit, regex=True, feedback=feedback)


def _short_answers(q: _Question, text: str, base: int) -> tuple[AcceptedAnswer, ...]:
    """``{=answer =%50%close#feedback}``: every answer a full- or part-credit accepted text."""
    answers = []
    for offset, _mark, piece in _pieces(text, base, _EQUALS):
        share, piece = _weight(piece, offset, low=0)
        answer, feedback = _feedback(q, piece, offset)
        if not answer:
            raise GiftError("One of the accepted answers of this question is empty.", offset)
        answers.append(text_answer(answer, ONE if share is None else share, feedback))
    if not answers:
        raise GiftError("This short-answer question has no answer after =.", base)
    return tuple(answers)


def _numeric_answer(q: _Question, answer: str, credit: Decimal, feedback: str) -> NumericAnswer:
    """``2.5``, ``2.5:0.5`` (value:tolerance) or ``1..5`` (a range), checked like Moodle does."""
    cut = answer.find("..")
    if cut > 0:
        low, high = number(answer[:cut], "lower end of the range"), number(answer[cut + 2:], "upper end of the range")
        if low > high:
            raise GiftError(f'The range "{_shorten(answer)}" runs backwards: write the smaller number first.')
        return NumericAnswer(min=low, max=high, credit=credit, feedback=feedback)
    cut = answer.find(":")
    value = number(answer[:cut] if cut > 0 else answer, "numeric answer")
    tolerance = number(answer[cut + 1:], "tolerance (after the colon)") if cut > 0 else Decimal(0)
    if tolerance < 0:
        raise GiftError(f'The tolerance in "{_shorten(answer)}" is negative; write it as a positive margin.')
    return NumericAnswer(value=value, tolerance=tolerance, credit=credit, feedback=feedback)


def _numeric(q: _Question, text: str, base: int) -> dict:
    """``{#1822}``, ``{#3.14:0.01}``, ``{#1..5}``, ``{#=1822:0 =%50%1822:2 ~#wrong}``."""
    body, tilde, wrong = text[1:].partition("~")
    answers, incorrect = [], ""
    if tilde:
        ignored, _, feedback = wrong.partition("#")
        incorrect = q.text(feedback, base + 1 + len(body))
        if ignored.strip(WS):
            q.note(f'The text "{_shorten(restore(ignored))}" after ~ was ignored: in a numeric question ~ only '
                   f"introduces feedback for wrong answers, written ~#feedback.")
    for offset, _mark, piece in _pieces(body, base + 1, _EQUALS):
        share, piece = _weight(piece, offset, low=0)
        credit = ONE if share is None else share
        answer, feedback = _feedback(q, piece, offset)
        if answer == "*":  # Moodle's "any other number" answer
            if credit:
                worth = format_number(shift(credit, 2))
                q.note(f"The answer * (any number) worth {worth}% was left out: Casebook cannot accept every number.")
            elif feedback:
                incorrect = f"{incorrect}\n\n{feedback}" if incorrect else feedback
            continue
        try:
            answers.append(_numeric_answer(q, answer, credit, feedback))
        except GiftError as problem:
            raise GiftError(problem.message, offset) from None
    if not answers:
        raise GiftError("The numeric answer block {#...} has no number in it, e.g. {#42} or {#3.14:0.01}.", base)
    return {"type": QuestionType.NUMERIC, "numeric": tuple(answers), "incorrect_feedback": incorrect}


def _matching(q: _Question, text: str, base: int) -> dict:
    """``{=Canada -> Ottawa =Italy -> Rome}``; ``= -> Paris`` (nothing on the left) is a distractor."""
    pairs = []
    for offset, _mark, piece in _pieces(text, base, _EQUALS):
        left_raw, arrow, right_raw = piece.partition("->")
        if not arrow:
            raise GiftError(f'The matching item "{_shorten(restore(piece))}" has no "->": write every pair as '
                            f"=left -> right.", offset)
        left, right = q.text(left_raw, offset), restore(right_raw)
        if not right:
            raise GiftError(f'The matching item "{_shorten(left)}" has nothing after "->".', offset)
        if "#" in piece:
            q.note("GIFT matching pairs cannot have feedback: text after # was kept as part of the answer.")
        pairs.append(Pair(left, right))
    matched = sum(1 for pair in pairs if pair.left)
    if matched < 2:
        raise GiftError(f"A matching question needs at least two pairs (=left -> right), like Moodle "
                        f"requires; this one has {matched}.", base)
    return {"type": QuestionType.MATCHING, "pairs": tuple(pairs), "scoring": Scoring.PER_PART}


def _kind(answer: str) -> str:
    """Moodle's type detection, from the answer text (general feedback already removed)."""
    if not answer:
        return "essay"
    if answer[0] == "#":
        return "numeric"
    if "~" in answer:
        return "choice"
    if "=" in answer and "->" in answer:
        return "matching"
    if answer.partition("#")[0].strip(WS) in TRUE_FALSE:
        return "true_false"
    return "short"


def _braces(text: str, start: int) -> tuple[int, int]:
    """The answer block's ``{`` and ``}`` (-1, -1 when there is none), or a GiftError."""
    opening, closing = text.find("{", start), text.find("}", start)
    if opening < 0 and closing < 0:
        return -1, -1
    if closing >= 0 and (opening < 0 or closing < opening):
        raise GiftError("This } closes an answer block that was never opened with {. "
                        "Write \\} for a literal brace.", closing)
    if closing < 0:
        raise GiftError("The answer block opened with { is never closed with }. A blank line ends a "
                        "question, so the } must come before the next blank line; write \\{ for a literal "
                        "brace.", opening)
    nested = text.find("{", opening + 1, closing)
    if nested >= 0:
        raise GiftError("A second { appears inside an answer block: close the first block with } before "
                        "opening another, or write \\{ for a literal brace.", nested)
    extra = [found for found in (text.find("{", closing + 1), text.find("}", closing + 1)) if found >= 0]
    if extra:
        raise GiftError("A question can have only one answer block {...}; this one has another. Put each "
                        "question in its own paragraph, or write \\{ and \\} for literal braces.", min(extra))
    return opening, closing


def read_question(block: Block, start: int, tags: tuple[str, ...], notes: list[str]) -> QuestionSpec:
    """The question in ``block.text[start:]``; ``notes`` (already gathered) are added to."""
    q, text = _Question(block, notes=notes), block.text
    start += len(text[start:]) - len(text[start:].lstrip(WS))
    title = ""
    if text.startswith("::", start):
        end = text.find("::", start + 2)
        if end < 0:
            raise GiftError("The title opened with :: is never closed with ::. (Write \\: for a colon "
                            "inside a title.)", start)
        title = " ".join(restore(text[start + 2:end]).split())
        start = end + 2
    opening, closing = _braces(text, start)
    if opening < 0:
        kind, answer, base, general_raw = "text", "", start, ""
        prompt_raw = text[start:]
    else:
        inner = text[opening + 1:closing]
        base = opening + 1 + len(inner) - len(inner.lstrip(WS))
        answer, hashes, general_raw = inner.strip(WS).rpartition("####")
        if not hashes:
            answer, general_raw = general_raw, ""
        answer = answer.strip(WS)
        kind = _kind(answer)
        at_end = not text[closing + 1:].strip(WS)
        if not at_end and kind == "short":
            kind = "blanks"
        marker = "" if at_end else f"[[{BLANK_ID}]]" if kind == "blanks" else BLANK
        prompt_raw = text[start:opening] + marker + text[closing + 1:]
    try:
        q.fmt, prompt = split_format(prompt_raw, "moodle")
    except GiftError as problem:
        raise GiftError(problem.message, start) from None
    q.noted(q.fmt, prompt)
    if not prompt:
        raise GiftError("This question has no text, only " + ("a title." if kind == "text" else "answers."), start)
    fields: dict = {"type": QuestionType.TEXT}
    if kind == "essay":
        fields = {"type": QuestionType.ESSAY}
    elif kind == "numeric":
        fields = _numeric(q, answer, base)
    elif kind == "choice":
        fields = _choices(q, answer, base)
    elif kind == "matching":
        fields = _matching(q, answer, base)
    elif kind == "true_false":
        fields = _true_false(q, answer, base)
    elif kind == "short":
        fields = {"type": QuestionType.SHORT_ANSWER, "answers": _short_answers(q, answer, base)}
    elif kind == "blanks":
        blank = Blank(BLANK_ID, _short_answers(q, answer, base))
        fields = {"type": QuestionType.FILL_BLANKS, "blanks": (blank,), "scoring": Scoring.PER_PART}
    general = q.text(general_raw, closing) if general_raw else ""
    return QuestionSpec(prompt=prompt, title=title, general_feedback=general, tags=tags,
                        line=block.line_at(start), notes=tuple(q.notes), **fields)
