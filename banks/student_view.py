"""What a student's browser may receive about a question: rendered text and options, never the key."""

import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.crypto import salted_hmac

from banks.spec import QuestionSpec
from banks.uploads import size_limit


@dataclass(frozen=True)
class StudentQuestion:
    key: str
    number: int
    type: str
    title: str
    points: Decimal
    prompt_html: str
    choices: list = field(default_factory=list)
    options: list = field(default_factory=list)  # choices in display order: {"index", "html"}
    blanks: list = field(default_factory=list)
    lefts: list = field(default_factory=list)
    rights: list = field(default_factory=list)  # matching options in display order: {"index", "html"}
    ordering: list = field(default_factory=list)  # ordering items in display order
    positions: list = field(default_factory=list)
    word_limit: int | None = None
    accept: str = ""
    upload_limit: int = 0  # bytes: the question's cap within the site's
    response: object = None

    @property
    def name(self) -> str:
        return f"q-{self.key}"

    @property
    def accept_text(self) -> str:
        """The accepted file types for people to read: ".pdf, .docx"."""
        return self.accept.replace(",", ", ")


# Question text renders through the case pipeline, which numbers paragraphs p-1, p-2 … for citations.
# Beside a case those ids would collide with the case's own passages, so questions drop them.
_PARAGRAPH_ANCHOR = re.compile(r'<p id="p-\d+">')


def _unanchored(html: str) -> str:
    return _PARAGRAPH_ANCHOR.sub("<p>", html)


def _display_rng(seed: str) -> random.Random:
    """Stable across reloads, unguessable without the secret key: the stored order IS the answer key
    for ordering and matching, so showing it unshuffled (or predictably shuffled) would give it away."""
    return random.Random(salted_hmac("banks.student_view.display-order", seed, algorithm="sha256").hexdigest())


def student_question(spec: QuestionSpec, rendered: dict, *, key: str, number: int = 0,
                     response: object = None, choice_order: list[int] | None = None,
                     seed: str = "") -> StudentQuestion:
    """Build the student view. ``response`` pre-fills saved answers in the shape grading takes.

    ``choice_order`` is an attempt's display order of the choices; each option keeps its original
    index as its value, so responses (and grading) never depend on the order shown. Ordering items
    and matching options are always shuffled, by ``seed`` (default: ``key``; pass one per attempt).
    """
    rng = _display_rng(seed or key)
    choices = [_unanchored(html) for html in rendered.get("choices", [])]
    order = choice_order if choice_order and sorted(choice_order) == list(range(len(choices))) else range(len(choices))
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
    rng.shuffle(ordering)
    rights = [{"index": i, "html": html} for i, html in enumerate(rendered.get("rights", []))]
    rng.shuffle(rights)
    return StudentQuestion(
        key=key, number=number, type=str(spec.type), title=spec.title, points=spec.points,
        prompt_html=_unanchored(rendered.get("prompt", "")), choices=choices,
        options=[{"index": i, "html": choices[i]} for i in order],
        blanks=[{"id": b.id, "response": (response or {}).get(b.id, "") if isinstance(response, dict) else ""}
                for b in spec.blanks],
        lefts=lefts, rights=rights, ordering=ordering,
        positions=list(range(1, len(ordering) + 1)), word_limit=spec.word_limit,
        accept=",".join(f".{ext}" for ext in spec.allowed_extensions),
        upload_limit=size_limit(spec, settings.ANSWER_UPLOAD_MAX_BYTES),
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
