"""Pick a format for an uploaded file and parse it: the one entry point the UI and the CLI share."""

import re
from importlib import import_module
from types import ModuleType

from banks.formats.base import ParsedBank, ParseProblem

FORMATS = ("text2qti", "gift", "casepack")
MAX_BYTES = 5 * 1024 * 1024

_TEXT2QTI_QUESTION = re.compile(r"^\d+\.[ \t]", re.M)
_TEXT2QTI_HEADER = re.compile(r"^(Quiz title|Quiz description|Title|Points):", re.M)
_GIFT_BLOCK = re.compile(r"(?<!\\)\{")


def detect(text: str) -> str:
    """Case packs open with front matter; text2qti numbers its questions; GIFT puts answers in braces.
    Ties go to text2qti."""
    if text.lstrip("\ufeff").startswith("---") and "<!-- casebook:questions -->" in text:
        return "casepack"
    text2qti_marks = len(_TEXT2QTI_QUESTION.findall(text)) + len(_TEXT2QTI_HEADER.findall(text))
    gift_marks = len(_GIFT_BLOCK.findall(text))
    return "gift" if gift_marks > text2qti_marks else "text2qti"


def decode(data: bytes) -> str | ParsedBank:
    """Uploaded bytes as text, or a bank holding the one error that explains why not."""
    if len(data) > MAX_BYTES:
        return ParsedBank(errors=[ParseProblem(1, f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")])
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


def parse(text: str, fmt: str = "auto") -> tuple[str, object]:
    """Parse as the given format: a ParsedBank, or for a case pack a ParsedPack (its bank in ``.bank``)."""
    fmt = detect(text) if fmt == "auto" else fmt
    return fmt, module(fmt).parse(text)

