"""QTI, what Canvas and most LMSs export and import (pure Python, no Django).

Public API
----------
``parse(data) -> ParsedBank``
    ``data`` is the file's bytes (or text): a QTI 1.2 ``questestinterop`` document, a QTI 2.1 / 3.0
    item, or a zip (a QTI package with ``imsmanifest.xml``, or a Common Cartridge whose quizzes are in
    ``non_cc_assessments/``). Never raises. Problems are ``ParseProblem``s at the 1-based line of the
    XML file (named first, inside a package); a bank with any error must not be saved. Question
    groups are in ``ParsedBank.groups`` (their questions tagged with the group's title); items no
    Casebook question can hold are in ``ParsedBank.left_out`` with their identifier and title.
``dump(bank) -> (text, skipped)``
    The bank as one QTI 1.2 assessment in the dialect text2qti writes and Canvas imports;
    ``bank.groups`` become sections with ``selection_number`` and ``points_per_item``.
``package(bank) -> (bytes, skipped)``
    The same as a zip Canvas imports (``imsmanifest.xml``, ``assessment_meta.xml``, the assessment).
``unsupported(question) -> str | None``
    Why a question cannot be written so that Canvas reads it the same (ordering, regex answers...).
``looks_like_qti(data) -> bool``
    For format detection: a zip, or XML whose root is a QTI element.

Mapping (Canvas ``question_type`` -> Casebook; plain QTI 1.2 is typed by its response elements)
-----------------------------------------------------------------------------------------------
==================================  ==============================================================
multiple_choice_question            SINGLE_CHOICE (a lower Set score than the top: a choice weight)
true_false_question                 TRUE_FALSE
multiple_answers_question           MULTIPLE_ANSWER, RIGHT_MINUS_WRONG (Canvas's own partial credit);
                                    plain QTI with "Add" scores per choice: WEIGHTS
short_answer_question               SHORT_ANSWER (each varequal an accepted answer)
fill_in_multiple_blanks_question    FILL_BLANKS, PER_PART; ``[name]`` in the text becomes ``[[name]]``
multiple_dropdowns_question         DROPDOWNS, PER_PART (each blank's labels its choices)
matching_question                   MATCHING, PER_PART (options no item matches are distractors)
numerical_question                  NUMERIC: exact, exact ± margin, or a range
essay_question / file_upload_q.     ESSAY / FILE_UPLOAD
text_only_question                  TEXT (worth 0)
calculated, hot spot, formula...    left out, named in ``left_out``
QTI 2.x / 3.0 interactions          choice -> SINGLE_CHOICE / TRUE_FALSE / MULTIPLE_ANSWER,
                                    extendedText -> ESSAY, upload -> FILE_UPLOAD, order -> ORDERING,
                                    match -> MATCHING, inlineChoice -> DROPDOWNS, one textEntry ->
                                    SHORT_ANSWER (NUMERIC for a number), several -> FILL_BLANKS;
                                    hot spot, slider, drawing, gap match... -> left out
==================================  ==============================================================

HTML made only of paragraphs and line breaks becomes plain text; richer HTML is kept (Markdown lets
it through; it is sanitised when saved). Images are not imported: each gets a note, saying too when
the package does not hold it. Writing renders each text's Markdown to HTML for Canvas and keeps the
Markdown in a ``casebook_markdown`` metadata field (with the settings Canvas has no field for), so
``parse(dump(bank))`` gives back the same questions (apart from ids, ``line`` and ``notes``) for
every question ``unsupported`` accepts.
"""

import re

from banks.formats.base import LeftOut, ParsedBank, ParseProblem, Skipped
from banks.formats.qti import archive as zips
from banks.formats.qti import html, read2, xml
from banks.formats.qti.common import LeftOutItem
from banks.formats.qti.read12 import Reader
from banks.formats.qti.write import dump, package, unsupported

__all__ = ["Skipped", "dump", "looks_like_qti", "package", "parse", "unsupported"]

ROOTS_12 = {"questestinterop"}
ROOTS_2 = {"assessmentitem", "qti-assessment-item"}
_DECLARATION = re.compile(r"""^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["']([^"']*)["']""")
LATIN = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii", "ascii"}
_QTI_MARK = re.compile(r"<(?:\w+:)?(questestinterop|assessmentItem|qti-assessment-item)\b")


def looks_like_qti(data: bytes | str) -> bool:
    if isinstance(data, bytes) and zips.is_zip(data):
        return True
    head = data[:4096].decode("utf-8", "replace") if isinstance(data, bytes) else data[:4096]
    return head.lstrip("\ufeff \t\r\n").startswith("<") and _QTI_MARK.search(head) is not None


def _as_bytes(data: bytes | str) -> bytes:
    if isinstance(data, bytes):
        return data
    # Text has been decoded already: its declaration's encoding no longer applies.
    return _DECLARATION.sub(r"\1", str(data).lstrip("\ufeff"), count=1).encode("utf-8")


def parse(data: bytes | str) -> ParsedBank:
    """Read a QTI file or package. Never raises: every problem is a ``ParseProblem``."""
    bank = ParsedBank()
    try:
        _parse(_as_bytes(data), bank)
    except Exception as error:  # noqa: BLE001 - parse must never raise; report instead
        bank.questions.clear()
        bank.errors.append(ParseProblem(1, f"Casebook could not read this QTI file (internal error: "
                                           f"{type(error).__name__}). Please report it."))
    return bank


def _parse(data: bytes, bank: ParsedBank) -> None:
    if zips.is_zip(data):
        _package(data, bank)
    else:
        _document(data, bank, name="", files=None)
    if not bank.errors and not bank.questions:
        message = ("Nothing in this file can be imported: every item is of a kind Casebook cannot hold (listed "
                   "below)." if bank.left_out else "The file contains no questions.")
        bank.errors.append(ParseProblem(1, message))


def _utf8_in_disguise(data: bytes) -> bytes:
    """Some exporters declare ISO-8859-1 but write UTF-8 (so "PI\u00a0" would read as "PI\u00c2\u00a0"):
    such a file is read as the UTF-8 it is."""
    head = data[:200].decode("ascii", "replace")
    declared = _DECLARATION.match(head)
    if not declared or declared.group(2).lower() not in LATIN or data.isascii():
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return _DECLARATION.sub(r"\1", text, count=1).encode("utf-8")


def _document(data: bytes, bank: ParsedBank, *, name: str, files, quiz_tag: bool = False) -> None:
    prefix = f"{name}: " if name else ""
    data = _utf8_in_disguise(data)
    try:
        tree = xml.parse(data)
    except xml.XmlRefused as refused:
        bank.errors.append(ParseProblem(refused.line, prefix + refused.message))
        return
    root = xml.local(tree.root).lower()
    if root in ROOTS_12:
        Reader(tree, bank, name=name, files=files, quiz_tag=quiz_tag).read()
    elif root in ROOTS_2:
        _item(tree, bank, files)
    elif root == "manifest":
        bank.errors.append(ParseProblem(1, prefix + "This is the manifest of a QTI package: upload the whole .zip."))
    elif root in ("assessmenttest", "qti-assessment-test"):
        bank.errors.append(ParseProblem(1, prefix + "This is a QTI test, which lists items kept in other files: "
                                                    "upload the whole package (.zip)."))
    else:
        bank.errors.append(ParseProblem(tree.line(tree.root), prefix + (
            f"This XML is not QTI (it starts with <{xml.local(tree.root)}>, not <questestinterop> or "
            "<assessmentItem>).")))


def _item(tree: xml.Tree, bank: ParsedBank, files) -> None:
    root = tree.root
    try:
        bank.questions.append(read2.read_item(root, tree, files))
    except LeftOutItem as reason:
        bank.left_out.append(LeftOut(tree.line(root), xml.attr(root, "identifier"), xml.attr(root, "title"),
                                     str(reason)))
    bank.title = bank.title or xml.attr(root, "title")


def _package(data: bytes, bank: ParsedBank) -> None:
    try:
        found = zips.open_package(data)
    except zips.PackageRefused as refused:
        bank.errors.append(ParseProblem(1, str(refused)))
        return
    except xml.XmlRefused as refused:
        bank.errors.append(ParseProblem(refused.line, f"imsmanifest.xml: {refused.message}"))
        return
    for path in found.missing:
        bank.errors.append(ParseProblem(1, f"imsmanifest.xml lists {path}, which is not in the package."))
    for name, content in found.meta:
        _meta(content, bank)
    for name, content in found.quizzes:
        _document(content, bank, name=name, files=found.files, quiz_tag=len(found.quizzes) > 1)
    for name, content in found.items:
        _document(content, bank, name=name, files=found.files)
    if not found.quizzes and not found.items and not found.missing:
        bank.errors.append(ParseProblem(1, "The package's manifest lists no QTI quiz or item."))


def _meta(content: bytes, bank: ParsedBank) -> None:
    """Canvas's assessment_meta.xml: the quiz's title and description (HTML)."""
    try:
        tree = xml.parse(content)
    except xml.XmlRefused:
        return  # only a title: the assessment itself has one too
    bank.title = bank.title or xml.text(xml.child(tree.root, "title")).strip()
    description = xml.text(xml.child(tree.root, "description"))
    bank.description = bank.description or html.to_markdown(description)[0]
