"""Moodle GIFT import and export (pure Python, no Django).

Public API
----------
``parse(text) -> ParsedBank``
    Never raises. Every problem is a ``ParseProblem`` at the 1-based line of the question's start or of
    the offending brace/answer; a bank with any error must not be saved.
``dump(bank) -> (text, skipped)``
    Writes GIFT the way Moodle's exporter does, every question but those it cannot hold (see
    ``unsupported``): each of those is in ``skipped`` as ``Skipped(position, question, reason)``, so
    nothing is ever silently dropped. text2qti's and the case pack's ``dump`` answer the same way.
``unsupported(question) -> str | None``
    Why a question cannot be written as GIFT that imports cleanly (ordering, file upload, more than
    one blank, regular-expression answers, ...), or None.

Syntax (Moodle's ``question/format/gift/format.php``)
-----------------------------------------------------
Questions are separated by blank lines; whole lines starting with ``//`` are comments; ``::title::``;
``\\~ \\= \\# \\{ \\} \\: \\\\`` escape control characters and ``\\n`` is a newline. The first ``{`` and
``}`` hold the answers; the type follows from them exactly as Moodle decides it:

=====================================  ============================================================
``{}`` / ``{####general feedback}``    ESSAY
no answer block                        TEXT (Moodle's "description")
``{#2.5:0.5}`` ``{#1..5}``             NUMERIC (value:tolerance, min..max; ``{#=2:0 =%50%2:1}``
``{#=1822:0 ~#wrong}``                 several with credit; ``~#text`` is the incorrect feedback)
``{~wrong =right ~%50%half}``          SINGLE_CHOICE (any ``=`` present; ``~%w%`` part credit)
``{~%50%a ~%50%b ~%-100%c}``           MULTIPLE_ANSWER, ``Scoring.WEIGHTS`` (no ``=``: Moodle's rule)
``{=a -> b =c -> d = -> extra}``       MATCHING, ``Scoring.PER_PART`` (empty left: distractor)
``{T}`` ``{FALSE#wrong fb#right fb}``  TRUE_FALSE, choices ("True", "False"), feedback per choice
``{=a =%50%b#feedback}``               SHORT_ANSWER (a ``*`` is Moodle's wildcard: becomes a regex)
=====================================  ============================================================

Decisions
---------
* Missing word: an answer block with text after it is replaced by ``_____`` in the prompt (Moodle's
  own behaviour) for every type except short answer, which becomes FILL_BLANKS with one blank
  ``[[1]]`` (``Scoring.PER_PART``). On export the block is put back in place of the blank.
* ``$CATEGORY: $course$/top/Unit 1`` (a paragraph of its own) tags the following questions with the
  category path, context prefix and ``top/`` removed (``"Unit 1"``); ``// [tag:x]`` comments (Moodle
  3.6+) add tags too. Export writes every tag as ``// [tag:x]`` and no ``$CATEGORY`` lines, so
  categories come back as the same tags. The first category's last segment (``"Week 2"`` of
  ``Unit 1/Week 2``) is the bank's title. ``// [id:x]`` is noted, not kept.
* Text formats: ``[moodle]`` (the default) and ``[markdown]`` are taken as Markdown; ``[html]`` is
  kept verbatim (Markdown allows inline HTML) with a note; ``[plain]`` is kept with a note when it has
  Markdown-significant characters. A ``[tag]`` that looks like a mistyped format (``[htm]``, ``[HTML]``,
  ``[md]``) is an error; other brackets stay text, as in Moodle. Export writes ``[markdown]``.
* GIFT has no points: imported questions are worth 1. What our model cannot hold (a weight after
  ``=``, a ``*`` numeric answer with credit, negative single-choice weights, ...) becomes a note.
* Export writes what GIFT has no syntax for (points, case sensitivity, word limits, correct/incorrect
  feedback) as a ``// Casebook:`` comment above the question. ``parse(dump(bank)[0])`` gives back equal
  questions (ignoring ``line`` and ``notes``) for every question ``parse`` can produce.
"""

from banks.formats.base import ParsedBank, ParseProblem, Skipped
from banks.formats.gift.read import read_question
from banks.formats.gift.syntax import WS, GiftError, binary_line, comment_tags, restore, split_blocks
from banks.formats.gift.write import dump, unsupported

__all__ = ["Skipped", "dump", "parse", "unsupported"]

CATEGORY = "$CATEGORY:"
_CATEGORY_NOTE = ("There is no blank line after the $CATEGORY line: Moodle would read this question as part "
                  "of the category's name. Add a blank line before using the file in Moodle.")


def _category(raw: str) -> tuple[str, ...]:
    """``$course$/top/Unit 1/Week 2`` -> ``("Unit 1/Week 2",)``; nothing left -> no tag."""
    path = restore(raw)
    if path.startswith("$") and path.find("$", 1) > 0:
        path = path[path.find("$", 1) + 1:].lstrip("/")
    if path == "top" or path.startswith("top/"):
        path = path[4:]
    path = path.strip(WS + "/")
    return (path,) if path else ()


def _parse(text: str, bank: ParsedBank) -> None:
    if text.startswith("\ufeff"):
        text = text[1:]
    binary = binary_line(text)
    if binary is not None:
        bank.errors.append(ParseProblem(binary, "This does not look like a GIFT text file: it contains binary "
                                                "data (such as NUL bytes). Save the questions as plain text."))
        return
    category: tuple[str, ...] = ()
    for block in split_blocks(text):
        notes: list[str] = []
        start = 0
        if block.text.startswith(CATEGORY):
            newline = block.text.find("\n")
            category = _category(block.text[len(CATEGORY):newline if newline >= 0 else None])
            if category and not bank.title:
                bank.title = category[0].rsplit("/", 1)[-1].strip()  # the first category names the bank
            if newline < 0:
                continue
            start = newline + 1
            notes.append(_CATEGORY_NOTE)
        tags, idnumber = comment_tags(block.comments)
        if idnumber:
            notes.append(f'The Moodle ID number "{idnumber}" is not kept.')
        try:
            question = read_question(block, start, tuple(dict.fromkeys(category + tuple(tags))), notes)
        except GiftError as problem:
            bank.errors.append(ParseProblem(block.line_at(problem.offset if problem.offset is not None
                                                          else start), problem.message))
        else:
            bank.questions.append(question)
    if not bank.questions and not bank.errors:
        bank.errors.append(ParseProblem(1, "The file contains no questions. In GIFT each question is a "
                                           "paragraph such as: What is 2 + 2? {=4}"))


def parse(text: str) -> ParsedBank:
    """Read a GIFT file. Never raises: every problem is a line-numbered ``ParseProblem``."""
    bank = ParsedBank()
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError:
            bank.errors.append(ParseProblem(1, "The file is not UTF-8 text. Save it as UTF-8 and import it again."))
            return bank
    try:
        _parse(str(text), bank)
    except Exception as exc:  # noqa: BLE001 - parse must never raise; report instead
        bank.questions.clear()
        bank.errors.append(ParseProblem(1, f"The file could not be read as GIFT ({type(exc).__name__}). "
                                           f"Please report this file to the Casebook maintainers."))
    return bank
