"""Case packs: one Markdown file holding a case study and its question bank, for version control.

    ---
    title: North Korea's Forced Labour Abroad
    summary: How a sanctioned regime earns hard currency.
    source: Based on William Tucker, ...
    source_url: https://example.edu/article
    tags: intelligence studies, North Korea
    bank: North Korea quiz
    ---
    ## The case body, in Markdown
    ...
    <!-- casebook:questions -->
    1.  A question in text2qti syntax
    *a) ...

Front matter is ``key: value`` lines (unknown keys are errors, so typos are caught); the questions
use text2qti syntax, and their line numbers in errors are lines of the whole pack. Pure Python.
"""

import dataclasses
from dataclasses import dataclass, field

from banks.formats import text2qti
from banks.formats.base import ParsedBank, ParseProblem, Skipped

FENCE = "---"
SEPARATOR = "<!-- casebook:questions -->"
KEYS = ("title", "summary", "source", "source_url", "tags", "bank")


@dataclass
class ParsedPack:
    case: dict = field(default_factory=dict)
    bank: ParsedBank = field(default_factory=ParsedBank)

    @property
    def errors(self) -> list[ParseProblem]:
        return self.bank.errors

    @property
    def ok(self) -> bool:
        return not self.errors


def looks_like_pack(text: str) -> bool:
    return text.lstrip("\ufeff").startswith(FENCE + "\n") and SEPARATOR in text


def parse(text: str) -> ParsedPack:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != FENCE:
        return _failed(1, "A case pack starts with a line of three dashes (---) and its front matter.")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        return _failed(1, "The front matter is never closed: add a line of three dashes (---) after it.")
    case, errors = _front_matter(lines[1:end])
    try:
        split = next(i for i in range(end + 1, len(lines)) if lines[i].strip() == SEPARATOR)
    except StopIteration:
        return _failed(end + 2, f"Put the line {SEPARATOR} between the case and its questions.")
    case["body"] = "\n".join(lines[end + 1:split]).strip("\n")
    if not case.get("title"):
        errors.append(ParseProblem(2, "The front matter needs a title: line."))
    offset = split + 1  # questions start on the line after the separator
    bank = text2qti.parse("\n".join(lines[split + 1:]))
    bank = _shift(bank, offset)
    bank.errors[:0] = errors
    bank.title = bank.title or case.pop("bank", "") or case.get("title", "")
    case.pop("bank", None)
    return ParsedPack(case=case, bank=bank)


def _front_matter(lines: list[str]) -> tuple[dict, list[ParseProblem]]:
    data, errors = {}, []
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or key not in KEYS:
            errors.append(ParseProblem(number, f"Unknown front matter line; use {', '.join(KEYS)} followed by a colon."))
            continue
        data[key] = value.strip()
    if "tags" in data:
        data["tags"] = [tag.strip() for tag in data["tags"].split(",") if tag.strip()]
    return data, errors


def _shift(bank: ParsedBank, offset: int) -> ParsedBank:
    bank.questions = [dataclasses.replace(q, line=q.line + offset) for q in bank.questions]
    bank.errors = [ParseProblem(e.line + offset, e.message) for e in bank.errors]
    return bank


def _failed(line: int, message: str) -> ParsedPack:
    return ParsedPack(bank=ParsedBank(errors=[ParseProblem(line, message)]))


def dump(case: dict, bank: ParsedBank) -> tuple[str, list[Skipped]]:
    """Write a pack; questions text2qti cannot express are left out and returned as ``skipped``."""
    questions, skipped = text2qti.dump(ParsedBank(questions=bank.questions))
    head = [FENCE]
    for key in KEYS:
        value = bank.title if key == "bank" else case.get(key)
        if isinstance(value, (list, tuple)):
            value = ", ".join(value)
        if value:
            head.append(f"{key}: {' '.join(str(value).split())}")
    head.append(FENCE)
    return "\n".join([*head, case.get("body", "").strip("\n"), "", SEPARATOR, questions]), skipped
