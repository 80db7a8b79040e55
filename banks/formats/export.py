"""Write a bank in a file format, naming the questions the format cannot hold so the page can list them.

Every writer in ``banks.formats`` returns ``(text, skipped)``; this turns that into what the export
page shows. Pure Python.
"""

from dataclasses import dataclass

from banks.formats.base import ParsedBank


@dataclass(frozen=True)
class Left:
    """A question left out of the file: its 1-based position in the bank, title or prompt, and why."""

    position: int
    title: str
    reason: str


@dataclass(frozen=True)
class Export:
    text: str | bytes  # bytes for a package (QTI's zip)
    written: int
    left_out: tuple[Left, ...]


def _name(question) -> str:
    return question.title or " ".join(question.prompt.split())[:80]


def export_result(text: str, skipped, bank: ParsedBank) -> Export:
    """What a writer's ``(text, skipped)`` means for the export page."""
    left = tuple(Left(skip.position, _name(skip.question), skip.reason) for skip in skipped)
    return Export(text=text, written=len(bank.questions) - len(left), left_out=left)


def export_bank(module, bank: ParsedBank) -> Export:
    return export_result(*module.dump(bank), bank)
