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

START_RE = re.compile("|".join(
    rf"(?P<{name}>{pattern}\s*)$" if name in NO_CONTENT else rf"(?P<{name}>{pattern}[ \t]+(?=\S))"
    for name, pattern in START_PATTERNS
))
MISSING_CONTENT_RE = re.compile("|".join(
    rf"(?P<{name}>{pattern}[ \t]*$)" for name, pattern in START_PATTERNS if name not in NO_CONTENT
))
MISSING_SPACE_RE = re.compile("|".join(
    rf"(?P<{name}>{pattern}(?=\S))" for name, pattern in START_PATTERNS if name not in NO_CONTENT
))

CODE_MESSAGE = (
    "code blocks (```) that generate questions are not supported: Casebook never runs code from an "
    "uploaded file. Run text2qti on your computer and import the questions it prints instead"
)


def _fence_closes(line: str, delim: str) -> bool:
    """text2qti's rule: a fence of exactly as many backticks as the opening one."""
    return line.startswith(delim) and not line.startswith("`", len(delim))


def lex(lines: list[str]) -> Iterator[tuple[str, str, int, int]]:
    n = len(lines)
    match = START_RE.match
    i = 0
    while i < n:
        line = lines[i]
        lineno = i + 1
        m = match(line)
        if m is None:
            i += 1
            if line.startswith("%"):
                continue
            if line.startswith("END_COMMENT"):
                yield "error", '"END_COMMENT" without a "COMMENT" line before it', lineno, lineno
            elif line.startswith("COMMENT"):
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
        while not parts[-1]:  # trailing blank lines belong to what follows
            parts.pop()
            i -= 1
        joined = " ".join(parts) if action in TITLES else "\n".join(parts)
        yield action, joined, lineno, i
