"""Pick a format for an uploaded file and parse it: the one entry point the UI and the CLI share."""

import re
from importlib import import_module
from types import ModuleType

from banks.formats.base import ParsedBank, ParseProblem
from banks.formats.titles import file_title, titled
from casestudies.markdown_limits import CASE_BODY, TooLong, spec_too_long

FORMATS = ("text2qti", "gift", "casepack", "qti")
MAX_BYTES = 5 * 1024 * 1024

_TEXT2QTI_QUESTION = re.compile(r"^\d+\.[ \t]", re.M)
_TEXT2QTI_HEADER = re.compile(r"^(Quiz title|Quiz description|Title|Points):", re.M)
_GIFT_BLOCK = re.compile(r"(?<!\\)\{")


def detect(text: str) -> str:
    """Case packs open with front matter; QTI is XML; text2qti numbers its questions; GIFT puts answers
    in braces. Ties go to text2qti."""
    if text.lstrip("\ufeff").startswith("---") and "<!-- casebook:questions -->" in text:
        return "casepack"
    if module("qti").looks_like_qti(text):
        return "qti"
    text2qti_marks = len(_TEXT2QTI_QUESTION.findall(text)) + len(_TEXT2QTI_HEADER.findall(text))
    gift_marks = len(_GIFT_BLOCK.findall(text))
    return "gift" if gift_marks > text2qti_marks else "text2qti"


def is_binary(data) -> bool:
    """A zip (a QTI package or Common Cartridge), which only QTI reads."""
    return isinstance(data, bytes) and data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def decode(data: bytes) -> str | bytes | ParsedBank:
    """Uploaded bytes as text, or a bank holding the one error that explains why not. QTI stays bytes (a
    zip, or XML in the encoding it declares), for ``parse`` to read as such."""
    if len(data) > MAX_BYTES:
        return ParsedBank(errors=[ParseProblem(1, f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")])
    if is_binary(data) or module("qti").looks_like_qti(data):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return ParsedBank(errors=[ParseProblem(
            line, "This is not a UTF-8 text file. Save it as plain text (UTF-8) and try again."
        )])


def module(fmt: str) -> ModuleType:
    """The parser/writer module of a format, imported on first use (pages that never parse skip it)."""
    if fmt not in FORMATS:
        raise KeyError(fmt)
    return import_module(f"banks.formats.{fmt}")


def parse(text: str | bytes, fmt: str = "auto", *, filename: str = "") -> tuple[str, object]:
    """Parse as the given format: a ParsedBank, or for a case pack a ParsedPack (its bank in ``.bank``).
    Bytes are what ``decode`` kept for QTI; asked for another format, they are read as UTF-8 text.

    A question without a title gets its prompt's first words, and a bank without a title the name of the
    file it came from (``filename``), here for every importer, so what is saved is what was previewed."""
    if isinstance(text, bytes):
        if fmt in ("auto", "qti"):
            return "qti", _named(module("qti").parse(text), filename)
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            return fmt, ParsedBank(errors=[ParseProblem(1, "This is not a UTF-8 text file: is it a QTI package? "
                                                           "Choose the QTI format.")])
    fmt = detect(text) if fmt == "auto" else fmt
    return fmt, _named(module(fmt).parse(text), filename)


def _named(parsed, filename: str):
    """Title what has no title, and refuse texts over the limits every form states (casestudies.markdown_limits)."""
    bank = getattr(parsed, "bank", parsed)  # a case pack holds its questions in a bank
    bank.questions = [titled(spec) for spec in bank.questions]
    if not bank.title:
        bank.title = file_title(filename)
    too_long = [(spec.line, found) for spec in bank.questions if (found := spec_too_long(spec))]
    body = getattr(parsed, "case", {}).get("body", "")
    if len(body) > CASE_BODY:
        too_long.insert(0, (1, TooLong("case body", len(body), CASE_BODY)))
    bank.errors += [ParseProblem(line, found.message()) for line, found in too_long]
    return parsed

