"""Write a bank in a file format, leaving out (and naming) the questions the format cannot hold.

The format modules disagree on how they refuse: ``gift.dump`` raises for any unsupported question,
``text2qti.dump`` returns ``(text, skipped)``. Both offer ``unsupported(question)``, so every
question is checked first and the writer only ever sees what it can write. Pure Python.
"""

from dataclasses import dataclass, replace

from quizzes.formats.base import ParsedBank


@dataclass(frozen=True)
class Left:
    """A question left out of the file: its 1-based position in the bank, title or prompt, and why."""

    position: int
    title: str
    reason: str


@dataclass(frozen=True)
class Export:
    text: str
    written: int
    left_out: tuple[Left, ...]


def _name(question) -> str:
    return question.title or " ".join(question.prompt.split())[:80]


def export_bank(module, bank: ParsedBank) -> Export:
    kept, left = [], []
    for position, question in enumerate(bank.questions, 1):
        reason = module.unsupported(question)
        if reason:
            left.append(Left(position, _name(question), reason))
        else:
            kept.append((position, question))
    result = module.dump(replace(bank, questions=[question for _, question in kept]))
    text, skipped = result if isinstance(result, tuple) else (result, [])
    for skip in skipped:  # e.g. text2qti refuses a second question with the same text
        position, question = kept[skip.position - 1]
        left.append(Left(position, _name(question), skip.reason))
    left.sort(key=lambda item: item.position)
    return Export(text=text, written=len(kept) - len(skipped), left_out=tuple(left))
