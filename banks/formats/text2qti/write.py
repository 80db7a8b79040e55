"""Writing ``QuestionSpec``s as text2qti: what can be written (``unsupported``) and how (``dump``)."""

from decimal import Decimal

from banks.formats.base import ParsedBank, Skipped
from banks.formats.text2qti import values
from banks.spec import QuestionSpec, QuestionType, Scoring

T = QuestionType
LETTERS = "abcdefghijklmnopqrstuvwxyz"
NO_SYNTAX = {T.FILL_BLANKS: "fill-in-the-blanks", T.DROPDOWNS: "dropdown", T.MATCHING: "matching",
             T.ORDERING: "ordering"}


def clean(text: str) -> str:
    """``text`` as text2qti reads it back: trimmed, lines without trailing spaces, ``\\n`` newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return "\n".join(line.rstrip() for line in text.split("\n"))


def one_line(text: str) -> str:
    return " ".join(clean(text).split("\n"))


def number(value: Decimal) -> str:
    plain = format(value, "f")
    return plain if len(plain) <= 30 else str(value)


def numeric_text(answer) -> str:
    if answer.value is None:
        return f"[{number(answer.min)}, {number(answer.max)}]" if None not in (answer.min, answer.max) else ""
    if answer.tolerance_percent is not None:
        return f"{number(answer.value)} +- {number(answer.tolerance_percent)}%"
    value = number(answer.value)
    if not answer.tolerance and values.INT_RE.match(value):
        return value
    return f"{value} +- {number(answer.tolerance)}"


def _texts(q: QuestionSpec):
    yield from (q.prompt, q.title, q.general_feedback, q.correct_feedback, q.incorrect_feedback)
    for choice in q.choices:
        yield from (choice.text, choice.feedback)
    yield from (answer.text for answer in q.answers)


def _choice_problem(q: QuestionSpec) -> str | None:
    texts = [clean(c.text) for c in q.choices]
    correct = sum(c.correct for c in q.choices)
    if any(c.weight is not None for c in q.choices):
        return "text2qti has no choice weights (partial credit per choice)"
    if not all(texts):
        return "it has an empty choice"
    if len(set(texts)) < len(texts):
        return "two of its choices are the same, which text2qti does not allow"
    if len(texts) < 2:
        return "text2qti needs at least two choices"
    if q.type == T.TRUE_FALSE and not (len(texts) == 2 and set(texts) <= values.TRUE_FALSE_TEXTS and correct == 1):
        return 'text2qti writes true/false as two choices "True" and "False", exactly one of them correct'
    if q.type == T.SINGLE_CHOICE and correct != 1:
        return f"a single-choice question needs exactly one correct choice, not {correct}"
    if q.type == T.MULTIPLE_ANSWER and correct == 0:
        return "a multiple-answer question needs at least one correct choice"
    return None


def _answer_problem(q: QuestionSpec) -> str | None:
    texts = [clean(a.text) for a in q.answers]
    if not texts:
        return "it has no accepted answer"
    for answer, text in zip(q.answers, texts, strict=True):
        if answer.regex or answer.case_sensitive:
            return "text2qti short answers are plain, case-insensitive text (no patterns or exact case)"
        if answer.credit != 1 or answer.feedback:
            return "text2qti short answers cannot give partial credit or their own feedback"
        if not text or "\n" in text:
            return "text2qti short answers must be one non-empty line each"
    if len(set(texts)) < len(texts):
        return "two of its accepted answers are the same"
    return None


def _numeric_problem(q: QuestionSpec) -> str | None:
    if len(q.numeric) != 1:
        return f"text2qti takes exactly one numerical answer, not {len(q.numeric)}"
    answer = q.numeric[0]
    if answer.credit != 1 or answer.feedback:
        return "text2qti numerical answers cannot give partial credit or their own feedback"
    parsed = values.numeric(numeric_text(answer))
    if isinstance(parsed, str):
        return parsed
    if parsed != answer:
        return "its accepted numbers cannot be written exactly as text2qti's value ± margin or [min, max]"
    return None


def unsupported(q: QuestionSpec) -> str | None:
    """Why ``q`` cannot be written as text2qti and read back the same, or None if it can.

    Settings text2qti has no syntax for are left out without counting as unsupported: tags, word
    limits, upload limits and import notes. Tabs inside text are expanded by text2qti when read back.
    """
    if q.type in NO_SYNTAX:
        return f"text2qti has no {NO_SYNTAX[q.type]} questions"
    if any("\x00" in text for text in _texts(q)):
        return "its text contains a NUL character"
    if q.type == T.TEXT:
        if not clean(q.prompt) and not clean(q.title):
            return "it is an empty text item"
        rest = clean(q.prompt).split("\n")[1:]
        if next((line for line in rest if line), "x")[0] in " \t":
            return 'the second line of its text starts with spaces, which text2qti reads as the indent of "Text:"'
        return None
    if not clean(q.prompt):
        return "it has no question text"
    if values.points(number(q.points)) != q.points:
        return f"text2qti only allows whole or half points above 0 (at most 10000), not {q.points}"
    if q.scoring != Scoring.ALL_OR_NOTHING:
        return f'text2qti questions are all-or-nothing; this one uses "{q.scoring}" scoring'
    if q.type in (T.SINGLE_CHOICE, T.TRUE_FALSE, T.MULTIPLE_ANSWER):
        return _choice_problem(q)
    if q.type == T.SHORT_ANSWER:
        return _answer_problem(q)
    if q.type == T.NUMERIC:
        return _numeric_problem(q)
    if q.correct_feedback or q.incorrect_feedback:  # essay, file upload
        return 'text2qti essays and file uploads have only general feedback, not "+" / "-" feedback'
    return None


def _field(marker: str, text: str) -> list[str]:
    """``text`` after ``marker``, wrapped lines indented to line up with it."""
    first, *rest = clean(text).split("\n")
    pad = " " * len(marker)
    return [marker + first] + [pad + line if line else "" for line in rest]


def _labelled(label: str, text: str) -> list[str]:
    """``text`` after ``label``. text2qti takes the indent of the first wrapped line as the indent of
    all, so that line's leading spaces are dropped from each line (as far as it has them)."""
    first, *rest = clean(text).split("\n")
    wrapped = next((line for line in rest if line), "")
    dedent = len(wrapped) - len(wrapped.lstrip(" "))
    rest = [line[min(dedent, len(line) - len(line.lstrip(" "))):] for line in rest]
    return [f"{label} {first}"] + ["    " + line if line else "" for line in rest]


def _question(q: QuestionSpec, n: int) -> list[str]:
    out = []
    if clean(q.title):
        out.append(f"Title: {one_line(q.title)}")
    if q.points != 1:
        out.append(f"Points: {number(q.points)}")
    out += _field(f"{n}.".ljust(3) + " ", q.prompt)
    for marker, text in (("... ", q.general_feedback), ("+   ", q.correct_feedback),
                         ("-   ", q.incorrect_feedback)):
        if clean(text):
            out += _field(marker, text)
    if q.type in (T.SINGLE_CHOICE, T.TRUE_FALSE, T.MULTIPLE_ANSWER):
        for i, choice in enumerate(q.choices):
            if q.type == T.MULTIPLE_ANSWER:
                marker = "[*] " if choice.correct else "[ ] "
            else:
                marker = ("*" if choice.correct else "") + LETTERS[i % 26] + ")"
            out += _field(marker.ljust(4), choice.text)
            if clean(choice.feedback):
                out += _field("... ", choice.feedback)
    elif q.type == T.SHORT_ANSWER:
        out += [f"*   {clean(answer.text)}" for answer in q.answers]
    elif q.type == T.NUMERIC:
        out.append(f"=   {numeric_text(q.numeric[0])}")
    else:
        out.append("____" if q.type == T.ESSAY else "^^^^")
    return out


def dump(bank: ParsedBank) -> tuple[str, list[Skipped]]:
    """The bank as a text2qti file, and the questions left out (see ``unsupported``), in order.

    Questions are numbered 1, 2, 3… in the file; "Points:" is written only when not 1. A later
    question with the same text as an earlier one is left out too, as text2qti rejects duplicates.
    """
    out: list[str] = []
    if clean(bank.title):
        out.append(f"Quiz title: {one_line(bank.title)}")
    if clean(bank.description):
        out += _labelled("Quiz description:", bank.description)
    skipped: list[Skipped] = []
    prompts: dict[str, int] = {}
    title_only_text = False
    n = 0
    for position, q in enumerate(bank.questions, 1):
        reason = unsupported(q)
        if reason is None and q.type == T.TEXT and title_only_text and not clean(q.title):
            reason = "a text item without a title cannot follow a text item that has only a title"
        elif reason is None and q.type != T.TEXT:
            seen = prompts.setdefault(values.same_text_key(clean(q.prompt)), position)
            if seen != position:
                reason = f"it has the same question text as question {seen}; text2qti rejects duplicates"
        if reason is not None:
            skipped.append(Skipped(position, q, reason))
            continue
        if out:
            out.append("")
        if q.type == T.TEXT:
            title_only_text = not clean(q.prompt)
            if clean(q.title):
                out.append(f"Text title: {one_line(q.title)}")
            if clean(q.prompt):
                out += _labelled("Text:", q.prompt)
        else:
            title_only_text = False
            n += 1
            out += _question(q, n)
    return "\n".join(out) + "\n", skipped
