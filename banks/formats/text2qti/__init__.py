"""text2qti quiz files (https://github.com/gpoore/text2qti): read with ``parse``, write with ``dump``.

Reading follows text2qti 0.8's syntax and rules exactly, so a file Casebook accepts also works with
text2qti, with these differences:

* Every problem is reported (up to 100, in line order), each as a ``ParseProblem`` with its 1-based
  line and a sentence for the instructor without a "Line N:" prefix (show ``f"Line {p.line}: {p.message}"``).
  Consecutive lines with the same problem share one message. ``questions`` then holds the questions
  that were understood, for a preview; as ``ParsedBank`` says, nothing may be saved.
* Executable code blocks (```` ```{.python .run} ````) are refused: Casebook never runs uploaded code.
* Syntax from forks (``@gap``, ``@match``) is refused with a message naming it.
* A UTF-8 byte-order mark is ignored and Windows/old-Mac line endings are accepted; text containing
  NUL characters is refused as "not a text file".

Mapping to ``QuestionSpec``: ``a)``/``*a)`` choices are single choice, except that two choices
reading true/false (``True``, ``false``…) make a true/false question, as text2qti itself does;
``[ ]``/``[*]`` multiple answer (all-or-nothing, like text2qti's QTI); ``*`` short answer (one
``AcceptedAnswer`` per line, case-insensitive); ``=`` numeric (``v +- m`` → tolerance,
``v +- m%`` → tolerance_percent, ``[a, b]`` → min/max, an integer → exact value); ``___`` essay;
``^^^^`` file upload; ``Text title:``/``Text:`` a TEXT item worth 0 points. ``...``/``+``/``-``
are general/correct/incorrect feedback (``...`` after a choice is that choice's feedback). Titles
that wrap onto several lines are joined with spaces; text lines lose trailing spaces (so a Markdown
hard break of two trailing spaces is dropped, as in text2qti); LaTeX and Markdown are kept as written.
Question numbers need not be in order or unique (text2qti's rule).

Things a question bank cannot hold are kept as ``QuestionSpec.notes``: questions inside ``GROUP`` …
``END_GROUP`` (random picking) are imported as ordinary questions worth the group's "points per
question", each noting the group; a solution (``!``) is kept as a note. Quiz options (``Shuffle
answers:`` etc.) are Canvas quiz settings: checked, then ignored.

``dump(bank)`` returns ``(text, skipped)``: it writes every question text2qti can express and
leaves out the others as ``Skipped(position, question, reason)`` (``unsupported(question)`` gives
the reason for one question; a later duplicate of a question's text is skipped too, as text2qti
refuses duplicates). Writing then reading gives equal questions (apart from ``line``) for every
question ``unsupported`` accepts, except that a single-choice question whose two choices read
True/False comes back as true/false, and tags, word/upload limits and notes are not written. The
quiz description's wrapped lines lose the indent of the first of them (text2qti reads it as the
indent of all).
"""

from banks.formats.base import ParsedBank, ParseProblem, Skipped
from banks.formats.text2qti.parse import Parser
from banks.formats.text2qti.write import dump, unsupported

__all__ = ["Skipped", "dump", "parse", "unsupported"]


def parse_strict(text: str) -> ParsedBank:
    """``parse`` without its safety net: a bug raises (used by the tests to fuzz the parser)."""
    text = text.removeprefix("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        return ParsedBank(errors=[ParseProblem(line, "This is not a text file (it contains NUL bytes, as "
                                                     "binary files do). Save the quiz as plain text (.txt).")])
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Parser().parse(text)


def parse(text: str) -> ParsedBank:
    """Read a text2qti file. Never raises: every problem is a ``ParseProblem`` in ``errors``."""
    try:
        return parse_strict(text)
    except Exception as error:  # a bug: report it rather than fail the upload  # noqa: BLE001
        return ParsedBank(errors=[ParseProblem(1, f"Casebook could not read this file (internal error: "
                                                  f"{type(error).__name__}). Please report it.")])
