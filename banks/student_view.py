"""What a student's browser may receive about a question: rendered text and options, never the key."""

import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.crypto import salted_hmac

from banks.inline_blanks import place_blanks
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
    options: list = field(default_factory=list)  # choices in display order: {"id", "html"}
    blanks: list = field(default_factory=list)  # in reading order; see _blanks
    prompt_pieces: list = field(default_factory=list)  # fill-in and dropdowns: {"html", "blank"}, see _blanks
    lefts: list = field(default_factory=list)
    rights: list = field(default_factory=list)  # matching options in display order: {"id", "html"}
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
                     seed: str = "", points: Decimal | None = None) -> StudentQuestion:
    """Build the student view. ``response`` pre-fills saved answers in the shape grading takes.

    ``choice_order`` is an attempt's display order of the choices (positions in ``spec.choices``); each
    option carries its choice's id as its value, so responses (and grading) never depend on the order
    shown. Ordering items and matching options are always shuffled, by ``seed`` (default: ``key``;
    pass one per attempt). ``points`` is what the question is worth where it is asked (a quiz's draw
    may set it), the version's own points otherwise.
    """
    rng = _display_rng(seed or key)
    choices = [_unanchored(html) for html in rendered.get("choices", [])]
    order = choice_order if choice_order and sorted(choice_order) == list(range(len(choices))) else range(len(choices))
    choice_ids = spec.choice_ids()
    response = {} if response is None and spec.type in {"fill_blanks", "dropdowns", "matching"} else response
    prompt_html = _unanchored(rendered.get("prompt", ""))
    blanks, pieces = _blanks(spec, rendered, response, prompt_html)
    lefts = [
        {"id": pair_id, "html": html, "response": _matched(response, pair_id)}
        for pair_id, html in zip((i for i, pair in zip(spec.pair_ids(), spec.pairs) if pair.left),
                                 rendered.get("lefts", []))
    ]
    ordering = [
        {"id": item_id, "html": html, "response": _position(response, item_id)}
        for item_id, html in zip(spec.item_ids(), rendered.get("items", []))
    ]
    rng.shuffle(ordering)
    rights = [{"id": option.id, "html": html} for option, html in zip(spec.right_options(), rendered.get("rights", []))]
    rng.shuffle(rights)
    return StudentQuestion(
        key=key, number=number, type=str(spec.type), title=spec.title,
        points=spec.points if points is None else points,
        prompt_html=prompt_html, choices=choices,
        options=[{"id": choice_ids[i], "html": choices[i]} for i in order if i < len(choice_ids)],
        blanks=blanks, prompt_pieces=pieces,
        lefts=lefts, rights=rights, ordering=ordering,
        positions=list(range(1, len(ordering) + 1)), word_limit=spec.word_limit,
        accept=",".join(f".{ext}" for ext in spec.allowed_extensions),
        upload_limit=size_limit(spec, settings.ANSWER_UPLOAD_MAX_BYTES),
        response=response if response is not None else ([] if spec.type == "multiple_answer" else None),
    )


def _blanks(spec: QuestionSpec, rendered: dict, response, prompt_html: str) -> tuple[list[dict], list[dict]]:
    """Each blank with what the student gave, its number in reading order ("Blank 2 of 3") and whether
    its input sits in the prompt; a dropdown also with its options, {"id", "html"}, in order. And the
    prompt cut at the blanks placed in it (banks.inline_blanks), each piece's blank the same dict."""
    if not spec.blanks:
        return [], []
    given = response if isinstance(response, dict) else {}
    choices = rendered.get("blank_choices", [])
    by_id = {b.id: {"id": b.id, "response": given.get(b.id, ""), "total": len({b.id for b in spec.blanks}),
                    "options": [{"id": i, "html": _unanchored(html)}
                                for i, html in zip(b.choice_ids(), choices[n] if n < len(choices) else [])]}
             for n, b in enumerate(spec.blanks)}
    placed = place_blanks(prompt_html, list(by_id))
    for number, blank_id in enumerate(placed.order, start=1):
        by_id[blank_id] |= {"number": number, "inline": blank_id not in placed.unplaced}
    pieces = [{"html": piece.html, "blank": by_id[piece.blank] if piece.blank else None} for piece in placed.pieces]
    return [by_id[blank_id] for blank_id in placed.order], pieces


def _matched(response, pair_id: str):
    """The option id chosen for a left item, if any."""
    value = response.get(pair_id) if isinstance(response, dict) else None
    return value if isinstance(value, str) else None


def _position(response, item_id: str):
    """Ordering responses list item ids in order; the widget asks for each item's position."""
    if isinstance(response, list) and item_id in response:
        return response.index(item_id) + 1
    return None

