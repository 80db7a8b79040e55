"""What every format parser returns, and the JSON shape ``import_bank --json`` prints."""

from dataclasses import dataclass, field
from decimal import Decimal

from quizzes.spec import QuestionSpec


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


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def question_to_dict(question: QuestionSpec) -> dict:
    """The documented JSON form of one question (see README, "Import JSON")."""
    data = {
        "type": str(question.type),
        "title": question.title,
        "prompt": question.prompt,
        "points": str(question.points),
        "line": question.line,
        "scoring": str(question.scoring),
        "choices": [
            {
                "text": choice.text,
                "correct": choice.correct,
                "weight": _number(choice.weight),
                "feedback": choice.feedback,
            }
            for choice in question.choices
        ],
        "answers": [
            {"text": a.text, "credit": str(a.credit), "regex": a.regex, "feedback": a.feedback}
            for a in question.answers
        ],
        "blanks": [
            {"id": blank.id, "answers": [a.text for a in blank.answers]} for blank in question.blanks
        ],
        "numeric": [
            {"min": _number(n.min), "max": _number(n.max), "credit": str(n.credit)}
            if n.value is None
            else {
                "value": _number(n.value),
                "tolerance": _number(n.tolerance),
                "tolerance_percent": _number(n.tolerance_percent),
                "credit": str(n.credit),
            }
            for n in question.numeric
        ],
        "pairs": [{"left": p.left, "right": p.right} for p in question.pairs],
        "items": list(question.items),
        "general_feedback": question.general_feedback,
        "correct_feedback": question.correct_feedback,
        "incorrect_feedback": question.incorrect_feedback,
        "tags": list(question.tags),
        "notes": list(question.notes),
    }
    return data


def bank_to_dict(bank: ParsedBank) -> dict:
    return {
        "title": bank.title,
        "description": bank.description,
        "questions": [question_to_dict(q) for q in bank.questions],
        "errors": [{"line": e.line, "message": e.message} for e in bank.errors],
    }
