"""Writing ``QuestionSpec`` objects as GIFT, the way Moodle's own exporter (``writequestion``) does.

Every text is escaped (``\\ ~ = # { } :`` and newlines as ``\\n``), so each question is one paragraph
with no blank line inside it. Question texts start with ``[markdown]`` (Casebook stores Markdown), and
so does any answer or feedback that would otherwise start with ``[`` or ``%`` (a format or a weight).
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from banks.formats.base import ParsedBank, Skipped
from banks.formats.gift.read import BLANK, ONE
from banks.formats.gift.syntax import WS, clean, escape, format_number, shift
from banks.spec import AcceptedAnswer, Choice, NumericAnswer, QuestionSpec, QuestionType, Scoring

T = QuestionType
_TOKEN = re.compile(r"\\.|\.\*|.", re.DOTALL)
_BAD_TAG = re.compile(r"[<>`\x00-\x1f\x7f]|\\$")
SHARE_PLACES = Decimal("0.0000001")  # equal shares written like Moodle's own 33.33333%


def _empty(text: str) -> bool:
    return not clean(text).strip(WS)


def _field(text: str) -> str:
    """An answer or feedback text; ``[markdown]`` first when it would read as a [format] or %weight%."""
    text = clean(text).strip(WS)
    return ("[markdown]" if text[:1] in ("[", "%") else "") + escape(text)


def _wildcards(pattern: str) -> list[str] | None:
    """The pieces of a regex that is a Moodle wildcard answer (literal pieces joined by ``.*``)."""
    bits, current = [], []
    for token in _TOKEN.findall(pattern):
        if token == ".*":
            bits.append("".join(current))
            current = []
        else:
            current.append(token[-1])
    bits.append("".join(current))
    if len(bits) < 2 or ".*".join(re.escape(bit) for bit in bits) != pattern:
        return None
    return bits


def _answer_text(answer: AcceptedAnswer) -> str | None:
    """An accepted text as GIFT (``*`` is Moodle's wildcard, ``\\*`` a star); None if it cannot be."""
    if answer.regex:
        bits = _wildcards(answer.text)
        if bits is None:
            return None
        text = "*".join(escape(bit).replace("*", "\\*") for bit in bits)
    else:
        text = escape(clean(answer.text).strip(WS)).replace("*", "\\*")
    return ("[markdown]" if text[:1] in ("[", "%") else "") + text


def _text_answers_problem(answers: tuple[AcceptedAnswer, ...]) -> str | None:
    if not answers:
        return "it has no accepted answer"
    for answer in answers:
        if _empty(answer.text):
            return "one of its accepted answers is empty"
        if not 0 <= answer.credit <= 1:
            return "an accepted answer's credit is outside 0 to 100%"
        if _answer_text(answer) is None:
            return "GIFT answers can only use * wildcards, not regular expressions"
        if "->" in answer.text or "->" in answer.feedback:
            return 'an answer or its feedback contains "->", which GIFT would read as a matching question'
    return None


def _numeric_problem(answers: tuple[NumericAnswer, ...]) -> str | None:
    if not answers:
        return "it has no numeric answer"
    for answer in answers:
        if not 0 <= answer.credit <= 1:
            return "a numeric answer's credit is outside 0 to 100%"
        if answer.value is None and (answer.min is None or answer.max is None):
            return "GIFT ranges need both ends (min..max)"
        if answer.value is None and answer.min > answer.max:
            return "a numeric range runs backwards"
    return None


def _choices_problem(q: QuestionSpec) -> str | None:
    if len(q.choices) < 2:
        return "GIFT needs at least two choices"
    if any(_empty(c.text) for c in q.choices):
        return "one of its choices is empty"
    if any(c.weight is not None and not -1 <= c.weight <= 1 for c in q.choices):
        return "a choice's weight is outside -100% to 100%"
    if q.type == T.SINGLE_CHOICE and not any(_full(c) for c in q.choices):
        return "none of its choices is fully correct"
    if q.type == T.MULTIPLE_ANSWER and not any(w > 0 for w in _weights(q)):
        return "none of its choices is correct"
    return None


def unsupported(question: QuestionSpec) -> str | None:
    """Why ``question`` cannot be written as GIFT that imports cleanly, or None when it can."""
    q = question
    if q.type == T.ORDERING:
        return "GIFT has no ordering questions"
    if q.type == T.FILE_UPLOAD:
        return "GIFT has no file-upload questions (its essays cannot take attachments)"
    if q.type == T.DROPDOWNS:
        return "GIFT has no dropdown questions (a blank with its own list of choices)"
    if _empty(q.prompt):
        return "it has no question text"
    if q.type in (T.SINGLE_CHOICE, T.MULTIPLE_ANSWER):
        return _choices_problem(q)
    if q.type == T.TRUE_FALSE and (len(q.choices) != 2 or sum(c.correct for c in q.choices) != 1):
        return "a true/false question needs two choices, exactly one of them correct"
    if q.type == T.SHORT_ANSWER:
        return _text_answers_problem(q.answers)
    if q.type == T.FILL_BLANKS:
        if len(q.blanks) != 1:
            return "GIFT can hold only one blank per question"
        marker = f"[[{q.blanks[0].id}]]"
        if q.prompt.count(marker) != 1 or _empty(q.prompt.split(marker)[1]):
            return "in GIFT a blank must be followed by more text (a blank at the very end is a short answer)"
        return _text_answers_problem(q.blanks[0].answers)
    if q.type == T.NUMERIC:
        return _numeric_problem(q.numeric)
    if q.type == T.MATCHING:
        if sum(1 for p in q.pairs if not _empty(p.left)) < 2:
            return "GIFT needs at least two matching pairs"
        if any(_empty(p.right) for p in q.pairs):
            return "one of its matching answers is empty"
        if any("->" in p.left for p in q.pairs):
            return 'a left-hand matching item contains "->"'
    return None


def _full(choice: Choice) -> bool:
    return choice.correct and (choice.weight is None or choice.weight == ONE)


def _share(count: int) -> Decimal:
    return (ONE / count).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP) if count else Decimal(0)


def _weights(q: QuestionSpec) -> list[Decimal]:
    """Multiple-answer weights for GIFT: explicit, or each correct choice's share under the policy."""
    share = _share(sum(c.correct for c in q.choices))
    if q.scoring == Scoring.WEIGHTS:
        return [c.weight if c.weight is not None else (share if c.correct else Decimal(0)) for c in q.choices]
    wrong = -share if q.scoring == Scoring.RIGHT_MINUS_WRONG else -ONE
    return [share if c.correct else wrong for c in q.choices]


def _percent(value: Decimal) -> str:
    return f"%{format_number(shift(value, 2))}%"


def _choice_lines(q: QuestionSpec) -> list[str]:
    lines = []
    if q.type == T.SINGLE_CHOICE:
        plain = any(c.correct and c.weight is None for c in q.choices)
        marks = ["=" if c.correct and (c.weight is None or not plain and c.weight == ONE)
                 else f"~{_percent(c.weight)}" if c.weight is not None else "~" for c in q.choices]
        if "~" not in "".join(marks):  # all "=" would be a short answer: keep one as ~%100%
            marks[-1] = "~%100%"
    else:
        weights = _weights(q)
        marks = [f"~{_percent(w)}" if w or c.weight is not None else "~" for c, w in zip(q.choices, weights)]
    for mark, choice in zip(marks, q.choices):
        feedback = f"#{_field(choice.feedback)}" if not _empty(choice.feedback) else ""
        lines.append(f"{mark}{_field(choice.text)}{feedback}")
    return lines


def _text_answer_lines(answers: tuple[AcceptedAnswer, ...]) -> list[str]:
    lines = []
    for answer in answers:
        credit = "" if answer.credit == ONE else _percent(answer.credit)
        feedback = f"#{_field(answer.feedback)}" if not _empty(answer.feedback) else ""
        lines.append(f"={credit}{_answer_text(answer)}{feedback}")
    return lines


def _numeric_lines(q: QuestionSpec) -> list[str]:
    lines = []
    for answer in q.numeric:
        credit = "" if answer.credit == ONE else _percent(answer.credit)
        if answer.value is None:
            number = f"{format_number(answer.min)}..{format_number(answer.max)}"
        else:
            tolerance = abs(answer.tolerance or 0)
            if answer.tolerance_percent is not None:
                tolerance = max(tolerance, abs(answer.value * answer.tolerance_percent) / 100)
            number = format_number(answer.value) + (f":{format_number(tolerance)}" if tolerance else "")
        feedback = f"#{_field(answer.feedback)}" if not _empty(answer.feedback) else ""
        lines.append(f"={credit}{number}{feedback}")
    if not _empty(q.incorrect_feedback):
        lines.append(f"~#{_field(q.incorrect_feedback)}")
    return lines


def _true_false_block(q: QuestionSpec) -> str:
    """``{TRUE#feedback for a wrong answer#feedback for a right answer}`` like Moodle writes it."""
    right_choice = next(c for c in q.choices if c.correct)
    wrong_choice = next(c for c in q.choices if not c.correct)
    names = [c.text.strip(WS).lower() for c in q.choices]
    is_true = right_choice.text.strip(WS).lower() == "true" if "true" in names else q.choices[0] is right_choice
    answer = "TRUE" if is_true else "FALSE"
    right, wrong = clean(right_choice.feedback).strip(WS), clean(wrong_choice.feedback).strip(WS)
    text = answer + (f"#{_field(wrong)}" if wrong else "#" if right else "") + (f"#{_field(right)}" if right else "")
    general = f"####{_field(q.general_feedback)}" if not _empty(q.general_feedback) else ""
    return "{" + text + general + "}"


def _answer_block(q: QuestionSpec) -> str:
    if q.type == T.TRUE_FALSE:
        return _true_false_block(q)
    general = f"####{_field(q.general_feedback)}" if not _empty(q.general_feedback) else ""
    if q.type == T.ESSAY:
        return "{" + general + "}"
    if q.type in (T.SINGLE_CHOICE, T.MULTIPLE_ANSWER):
        lines = _choice_lines(q)
    elif q.type == T.SHORT_ANSWER:
        lines = _text_answer_lines(q.answers)
    elif q.type == T.FILL_BLANKS:
        lines = _text_answer_lines(q.blanks[0].answers)
    elif q.type == T.NUMERIC:
        lines = _numeric_lines(q)
    else:
        lines = [f"={_field(p.left)} -> {escape(p.right.strip(WS))}" for p in q.pairs]
    body = "".join(f"\t{line}\n" for line in lines + ([general] if general else []))
    return ("{#\n" if q.type == T.NUMERIC else "{\n") + body + "}"


def _question_text(q: QuestionSpec) -> str:
    """``[markdown]`` text with the answer block at its end, or in place of its one blank."""
    prompt = q.prompt.strip(WS)
    if q.type == T.TEXT:
        return "[markdown]" + escape(prompt)
    block = _answer_block(q)
    marker = f"[[{q.blanks[0].id}]]" if q.type == T.FILL_BLANKS else BLANK
    before, found, after = prompt.partition(marker)
    in_place = q.type == T.FILL_BLANKS or (
        q.type != T.SHORT_ANSWER and found and not _empty(after) and marker not in after
    )
    if in_place:
        return f"[markdown]{escape(before)}{block}{escape(after)}"
    return f"[markdown]{escape(prompt)}{block}"


def _lossy(q: QuestionSpec) -> list[str]:
    """What GIFT has no syntax for; written as a comment above the question (Moodle ignores it)."""
    lost = []
    if q.points != ONE and q.type != T.TEXT:
        lost.append(f"worth {format_number(q.points)} points (GIFT has no points; Moodle uses 1)")
    if not _empty(q.correct_feedback) or (not _empty(q.incorrect_feedback) and q.type != T.NUMERIC):
        lost.append("correct/incorrect feedback not written (GIFT has none)")
    if q.type == T.TEXT and not _empty(q.general_feedback):
        lost.append("general feedback not written (GIFT descriptions have none)")
    if q.word_limit is not None:
        lost.append(f"word limit {q.word_limit} not written")
    answers = q.answers + tuple(a for blank in q.blanks for a in blank.answers)
    if any(a.case_sensitive for a in answers):
        lost.append("case-sensitive answers are case-insensitive in GIFT")
    if q.type == T.MULTIPLE_ANSWER and q.scoring in (Scoring.ALL_OR_NOTHING, Scoring.PER_PART):
        lost.append(f"scoring {q.scoring} approximated with Moodle weights")
    if any(_BAD_TAG.search(tag) for tag in q.tags):
        lost.append("a tag with characters Moodle tags cannot hold was left out")
    return [f"// Casebook: {note}" for note in lost]


def _question(q: QuestionSpec) -> str:
    lines = _lossy(q)
    tags = [tag.strip(WS).replace("]", "\\]") for tag in q.tags if tag.strip(WS) and not _BAD_TAG.search(tag)]
    if tags:
        lines.append("// " + " ".join(f"[tag:{tag}]" for tag in dict.fromkeys(tags)))
    title = f"::{escape(' '.join(q.title.split()))}::" if not _empty(q.title) else ""
    lines.append(title + _question_text(q))
    return "\n".join(lines)


def dump(bank: ParsedBank) -> tuple[str, list[Skipped]]:
    """The bank as GIFT, and the questions left out (see ``unsupported``), in order."""
    heading = clean("\n".join((bank.title, bank.description))).strip(WS)
    parts = ["\n".join(f"// {line}".rstrip(WS) for line in heading.split("\n"))] if heading else []
    skipped: list[Skipped] = []
    for position, q in enumerate(bank.questions, 1):
        reason = unsupported(q)
        if reason is None:
            parts.append(_question(q))
        else:
            skipped.append(Skipped(position, q, reason))
    return "\n\n".join(parts) + "\n", skipped
