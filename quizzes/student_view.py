"""What a student's browser may receive about a question: rendered text and options, never the key."""

from dataclasses import dataclass, field
from decimal import Decimal

from quizzes.spec import QuestionSpec


@dataclass(frozen=True)
class StudentQuestion:
    key: str
    number: int
    type: str
    title: str
    points: Decimal
    prompt_html: str
    choices: list = field(default_factory=list)
    blanks: list = field(default_factory=list)
    lefts: list = field(default_factory=list)
    rights: list = field(default_factory=list)
    ordering: list = field(default_factory=list)
    positions: list = field(default_factory=list)
    word_limit: int | None = None
    accept: str = ""
    response: object = None

    @property
    def name(self) -> str:
        return f"q-{self.key}"


def student_question(spec: QuestionSpec, rendered: dict, *, key: str, number: int = 0,
                     response: object = None) -> StudentQuestion:
    """Build the student view. ``response`` pre-fills saved answers in the shape grading takes."""
    response = {} if response is None and spec.type in {"fill_blanks", "matching"} else response
    # Left items keep their index in ``spec.pairs`` (distractors have no left), as grading expects.
    left_indices = [i for i, pair in enumerate(spec.pairs) if pair.left]
    lefts = [
        {"index": i, "html": html, "response": _at(response, i)}
        for i, html in zip(left_indices, rendered.get("lefts", []))
    ]
    ordering = [
        {"index": i, "html": html, "response": _position(response, i)} for i, html in enumerate(rendered.get("items", []))
    ]
    return StudentQuestion(
        key=key, number=number, type=str(spec.type), title=spec.title, points=spec.points,
        prompt_html=rendered.get("prompt", ""), choices=rendered.get("choices", []),
        blanks=[{"id": b.id, "response": (response or {}).get(b.id, "") if isinstance(response, dict) else ""}
                for b in spec.blanks],
        lefts=lefts, rights=rendered.get("rights", []), ordering=ordering,
        positions=list(range(1, len(ordering) + 1)), word_limit=spec.word_limit,
        accept=",".join(f".{ext}" for ext in spec.allowed_extensions),
        response=response if response is not None else ([] if spec.type == "multiple_answer" else None),
    )


def _at(response, index):
    if isinstance(response, dict):
        value = response.get(index, response.get(str(index)))
        return value if isinstance(value, int) else None
    return None


def _position(response, index):
    """Ordering responses list item indices in order; the widget asks for each item's position."""
    if isinstance(response, list) and index in response:
        return response.index(index) + 1
    return None
