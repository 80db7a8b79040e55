"""What every format parser and writer returns, and the JSON shape ``import_bank --json`` prints."""

from dataclasses import dataclass, field

from banks.codec import spec_to_dict
from banks.spec import QuestionSpec


@dataclass(frozen=True)
class ParseProblem:
    """A problem an instructor must fix, at a 1-based line of the file."""

    line: int
    message: str


@dataclass
class ParsedBank:
    """The result of parsing one file. If ``errors`` is not empty, nothing may be saved."""

    title: str = ""
    description: str = ""
    questions: list[QuestionSpec] = field(default_factory=list)
    errors: list[ParseProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Skipped:
    """A question a writer left out because its format cannot hold it: its 1-based position in
    ``bank.questions``, and why. Every writer's ``dump`` returns ``(text, skipped)`` and writes the
    rest, so a caller can always tell the instructor what is missing instead of losing it silently."""

    position: int
    question: QuestionSpec
    reason: str


def bank_to_dict(bank: ParsedBank) -> dict:
    """The JSON ``import_bank --json`` prints (documented in docs/authoring.md)."""
    return {
        "title": bank.title,
        "description": bank.description,
        "questions": [spec_to_dict(q) for q in bank.questions],
        "errors": [{"line": e.line, "message": e.message} for e in bank.errors],
    }
