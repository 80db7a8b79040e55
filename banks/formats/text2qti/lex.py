"""Line-level reading of text2qti files: which directive each line starts, and its (wrapped) text.

This mirrors text2qti 0.8's own reader (``text2qti/quiz.py``) rule for rule: a line starts a
directive if it matches one of the start patterns below, in this order; the text of most directives
may wrap onto following lines indented to line up with the text after the marker (``1.  ``,
``a)  ``), or, after a ``Something:`` label, indented by at least 2 spaces; blank lines inside
questions, choices, feedback, ``Text:`` and the quiz description start new paragraphs; tabs count
as 4 columns. Comments (``%`` lines and ``COMMENT`` … ``END_COMMENT``) are skipped here.

``lex(lines)`` yields ``(action, text, first_line, last_line)`` tuples (1-based lines), where
``action`` is a start-pattern name, ``"unknown"`` (text is the raw line) or ``"error"`` (text is
the message). It is a single pass: every line is looked at a bounded number of times.
"""

import re
from collections.abc import Iterator

# (name, pattern) in text2qti's order: the first alternative that matches wins.
START_PATTERNS = (
    ("question", r"\d+\."),
    ("mctf_correct_choice", r"\*[a-zA-Z]\)"),
    ("mctf_incorrect_choice", r"[a-zA-Z]\)"),
    ("multans_correct_choice", r"\[\*\]"),
    ("multans_incorrect_choice", r"\[ ?\]"),
    ("shortans_correct_choice", r"\*"),
    ("feedback", r"\.\.\."),
    ("correct_feedback", r"\+"),
    ("incorrect_feedback", r"\-"),
    ("solution", r"!"),
    ("essay", r"___+"),
    ("upload", r"\^\^\^+"),
    ("numerical", r"="),
    ("question_title", r"[Tt]itle:"),
    ("question_points", r"[Pp]oints:"),
    ("text_title", r"[Tt]ext [Tt]itle:"),
    ("text", r"[Tt]ext:"),
    ("quiz_title", r"[Qq]uiz [Tt]itle:"),
    ("quiz_description", r"[Qq]uiz description:"),
    ("start_group", r"GROUP"),
    ("end_group", r"END_GROUP"),
    ("group_pick", r"[Pp]ick:"),
    ("group_solutions_pick", r"[Ss]olutions pick:"),
    ("group_points_per_question", r"[Pp]oints per question:"),
    ("start_code", r"```+\s*\S.*"),
    ("end_code", r"```+"),
    ("quiz_shuffle_answers", r"[Ss]huffle answers:"),
    ("quiz_show_correct_answers", r"[Ss]how correct answers:"),
    ("quiz_one_question_at_a_time", r"[Oo]ne question at a time:"),
    ("quiz_cant_go_back", r"[Cc]an't go back:"),
    ("quiz_feedback_is_solution", r"[Ff]eedback is solution:"),
    ("quiz_solutions_sample_groups", r"[Ss]olutions sample groups:"),
    ("quiz_solutions_randomize_groups", r"[Ss]olutions randomize groups:"),
)
NO_CONTENT = frozenset({"essay", "upload", "start_group", "end_group", "start_code", "end_code"})
SINGLE_LINE = frozenset({
    "question_points", "group_pick", "group_solutions_pick", "group_points_per_question", "numerical",
    "shortans_correct_choice", "quiz_shuffle_answers", "quiz_show_correct_answers",
    "quiz_one_question_at_a_time", "quiz_cant_go_back", "quiz_feedback_is_solution",
    "quiz_solutions_sample_groups", "quiz_solutions_randomize_groups",
})
MULTI_LINE = frozenset(n for n, _ in START_PATTERNS if n not in NO_CONTENT and n not in SINGLE_LINE)
MULTI_PARA = frozenset(n for n in MULTI_LINE if "title" not in n)
# Titles are one paragraph; their wrapped lines are joined with spaces.
TITLES = frozenset(n for n in MULTI_LINE if "title" in n)
LABELLED = frozenset(n for n, p in START_PATTERNS if p.endswith(":"))



def _alternative(name: str, pattern: str) -> str:
    if name in NO_CONTENT:
        return rf"(?P<{name}>{pattern}\s*)$"
    return rf"(?P<{name}>{pattern}[ \t]+(?=\S))"


def _first_chars(pattern: str) -> frozenset[str]:
    """The ASCII characters a match of ``pattern`` (one of the simple patterns here) can start with."""
    atom = re.match(r"\\.|\[(?:\\.|[^\]])*\]|.", pattern).group()
    chars = {c for c in ASCII if re.fullmatch(atom, c)}
    rest = pattern[len(atom):]
    if rest[:1] in ("*", "?"):
        chars |= _first_chars(rest[1:])
    return frozenset(chars)


def _by_first_char(alternatives) -> dict[str, re.Pattern | None]:
    """For each ASCII first character, one regex of just the (name, pattern, first chars) alternatives
    that can match there, in their order: the same matches as all of them, many times faster. A
    pattern may also be a function of the character."""
    table: dict[str, re.Pattern | None] = {"": None}
    for c in ASCII:
        parts = [pattern(c) if callable(pattern) else pattern for _, pattern, chars in alternatives if c in chars]
        table[c] = re.compile("|".join(parts)) if parts else None
    return table


ASCII = [chr(i) for i in range(128)]
_START = [(name, _alternative(name, pattern), _first_chars(pattern)) for name, pattern in START_PATTERNS]
START_RE = re.compile("|".join(alternative for _, alternative, _ in _START))
START_BY_CHAR = _by_first_char(_START)

# What a line that starts no directive looks like, to explain it (text2qti's hints, and more).
_WITH_CONTENT = [(p, _first_chars(p)) for n, p in START_PATTERNS if n not in NO_CONTENT]
_ANY_MARKER = frozenset().union(*(chars for _, chars in _WITH_CONTENT))


def _markers(c: str | None = None) -> str:
    return "|".join(p for p, chars in _WITH_CONTENT if c is None or c in chars)


_UNKNOWN = [
    ("fork", r"(?P<fork>[ \t]*@)", frozenset(" \t@")),
    ("space", lambda c=None: rf"(?P<space>(?:{_markers(c)})(?=\S))", _ANY_MARKER),
    ("content", lambda c=None: rf"(?P<content>(?:{_markers(c)})[ \t]*$)", _ANY_MARKER),
    ("choice", r"(?P<choice>[^\w\s*\[]\s*[a-zA-Z]\)\s)", _first_chars(r"[^\w\s*\[]")),
    ("indented", r"(?P<indented>[ \t])", frozenset(" \t")),
]
UNKNOWN_RE = re.compile("|".join(pattern() if callable(pattern) else pattern for _, pattern, _ in _UNKNOWN))
UNKNOWN_BY_CHAR = _by_first_char(_UNKNOWN)

CODE_MESSAGE = (
    "code blocks (```) that generate questions are not supported: Casebook never runs code from an "
    "uploaded file. Run text2qti on your computer and import the questions it prints instead"
)


def _fence_closes(line: str, delim: str) -> bool:
    """text2qti's rule: a fence of exactly as many backticks as the opening one."""
    return line.startswith(delim) and not line.startswith("`", len(delim))


def lex(lines: list[str]) -> Iterator[tuple[str, str, int, int]]:
    n = len(lines)
    table = START_BY_CHAR
    i = 0
    while i < n:
        line = lines[i]
        lineno = i + 1
        first = line[:1]
        regex = table.get(first, START_RE)
        m = None if regex is None else regex.match(line)
        if m is None:
            i += 1
            if first == "%":
                continue
            if first == "E" and line.startswith("END_COMMENT"):
                yield "error", '"END_COMMENT" without a "COMMENT" line before it', lineno, lineno
            elif first == "C" and line.startswith("COMMENT"):
                if line.strip() != "COMMENT":
                    yield "error", 'nothing may follow "COMMENT" on its line', lineno, lineno
                while i < n and not lines[i].startswith("END_COMMENT"):
                    i += 1
                if i == n:
                    yield "error", '"COMMENT" is never closed by an "END_COMMENT" line', lineno, lineno
                else:
                    if lines[i].strip() != "END_COMMENT":
                        yield "error", 'nothing may follow "END_COMMENT" on its line', i + 1, i + 1
                    i += 1
            else:
                yield "unknown", line, lineno, lineno
            continue
        action = m.lastgroup
        if action == "start_code":
            delim = "`" * (len(line) - len(line.lstrip("`")))
            i += 1
            while i < n and not _fence_closes(lines[i], delim):
                i += 1
            yield "error", CODE_MESSAGE, lineno, lineno
            if i == n:
                yield "error", "this code block is never closed (no ``` line after it)", lineno, lineno
            i += 1
            continue
        if action == "end_code":
            yield "error", "a closing ``` with no code block opened before it", lineno, lineno
            i += 1
            continue
        text = line[m.end():].strip()
        i += 1
        if action not in MULTI_LINE:
            yield action, text, lineno, lineno
            continue
        # Wrapped text: text2qti's continuation rules.
        indent = None if action in LABELLED else " " * len(line[: m.end()].expandtabs(4))
        para = action in MULTI_PARA
        parts = [text]
        while i < n:
            cont = lines[i]
            if not cont or cont.isspace():
                if not para:
                    break
                parts.append("")
                i += 1
                continue
            if "\t" in cont:
                cont = cont.expandtabs(4)
            if indent is None:
                if cont[0] != " ":
                    break
                width = len(cont) - len(cont.lstrip(" "))
                if width < 2:
                    yield "error", ("a wrapped line after a label must be indented by at least "
                                    "2 spaces or 1 tab"), i + 1, i + 1
                indent = " " * width
            elif not cont.startswith(indent):
                break
            parts.append(cont[len(indent):].rstrip())
            i += 1
        while len(parts) > 1 and not parts[-1]:  # trailing blank lines belong to what follows
            parts.pop()
            i -= 1
        joined = " ".join(parts) if action in TITLES else "\n".join(parts)
        yield action, joined, lineno, i
