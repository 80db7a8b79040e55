"""What every format parser and writer returns, and the JSON shape ``import_bank --json`` prints."""

from dataclasses import dataclass, field
from decimal import Decimal

from banks.codec import spec_to_dict
from banks.spec import QuestionSpec


@dataclass(frozen=True)
class ParseProblem:
    """A problem an instructor must fix, at a 1-based line of the file."""

    line: int
    message: str


@dataclass(frozen=True)
class Group:
    """Questions a quiz draws from at random (a QTI ``section`` with a ``selection_number``): pick
    ``pick`` of the questions at ``positions`` (1-based, in ``ParsedBank.questions``), worth ``points``
    each. An importer tags those questions with ``tag`` so a quiz can draw from them again."""

    title: str
    pick: int
    points: Decimal | None
    positions: tuple[int, ...]
    tag: str = ""
    line: int = 0


@dataclass(frozen=True)
class LeftOut:
    """Something in a file that no Casebook question can hold (a calculated or hot-spot item, say),
    named so the preview can say it will not be imported: ``ident`` and ``title`` as the file gives them."""

    line: int
    ident: str
    title: str
    reason: str


@dataclass
class ParsedBank:
    """The result of parsing one file. If ``errors`` is not empty, nothing may be saved.

    ``groups`` and ``left_out`` are filled by formats that have them (QTI); a preview shows both, so
    nothing is dropped without the instructor being told.
    """

    title: str = ""
    description: str = ""
    questions: list[QuestionSpec] = field(default_factory=list)
    errors: list[ParseProblem] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)

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
        "groups": [{"title": g.title, "pick": g.pick, "points": None if g.points is None else str(g.points),
                    "questions": list(g.positions), "tag": g.tag} for g in bank.groups],
        "left_out": [{"line": x.line, "ident": x.ident, "title": x.title, "reason": x.reason} for x in bank.left_out],
    }
