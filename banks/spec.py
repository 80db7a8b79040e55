"""Plain, database-free descriptions of questions.

Grading, the import/export formats and the preview all speak this one language; the ORM models are
converted to and from it in services. Nothing here may import Django, so that grading and parsing can
be tested exhaustively without a database.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class QuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_ANSWER = "multiple_answer"
    TRUE_FALSE = "true_false"
    SHORT_ANSWER = "short_answer"
    NUMERIC = "numeric"
    FILL_BLANKS = "fill_blanks"
    DROPDOWNS = "dropdowns"  # blanks in the prompt, each a list of choices to pick one from (Canvas's dropdowns)
    MATCHING = "matching"
    ORDERING = "ordering"
    ESSAY = "essay"
    FILE_UPLOAD = "file_upload"
    TEXT = "text"  # a text-only item (e.g. a text2qti ``Text:`` region): shown, never graded


MANUALLY_GRADED = frozenset({QuestionType.ESSAY, QuestionType.FILE_UPLOAD})
UNGRADED = frozenset({QuestionType.TEXT})


class Scoring(StrEnum):
    """Partial-credit policy for multi-part questions."""

    ALL_OR_NOTHING = "all_or_nothing"
    RIGHT_MINUS_WRONG = "right_minus_wrong"  # multiple answer: (right - wrong) / correct, floored at 0
    WEIGHTS = "weights"  # Moodle-style per-choice weights, summed and clamped to [0, 1]
    PER_PART = "per_part"  # matching, ordering, blanks: credit per correct pair/position/blank


@dataclass(frozen=True)
class Choice:
    """A choice of a single-choice, multiple-answer or true/false question.

    ``weight`` is the fraction of the question's points the choice is worth (Moodle's ``%50%``); it may
    be negative for penalised wrong choices. A correct choice with no explicit weight counts as 1 for
    single choice and as an equal share for multiple answer.
    """

    text: str
    correct: bool = False
    weight: Decimal | None = None
    feedback: str = ""
    id: str = ""  # kept by every later version of the question (banks.identity); "" until saved


@dataclass(frozen=True)
class AcceptedAnswer:
    """One accepted text answer (short answer or one blank), worth ``credit`` of the points."""

    text: str
    credit: Decimal = Decimal(1)
    regex: bool = False
    case_sensitive: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class NumericAnswer:
    """An accepted number: ``value`` ± ``tolerance`` (absolute) or ± ``tolerance_percent``, or a range."""

    value: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    tolerance_percent: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    credit: Decimal = Decimal(1)
    feedback: str = ""


@dataclass(frozen=True)
class Blank:
    """One blank of a fill-in-the-blanks or dropdowns prompt; the prompt marks it as ``[[id]]``.

    A fill-in blank accepts typed ``answers``; a dropdown offers its ``choices`` (one correct, or
    weighted like a single-choice question's), each with an id kept by later versions.
    """

    id: str
    answers: tuple[AcceptedAnswer, ...] = ()
    choices: tuple[Choice, ...] = ()

    def choice_ids(self) -> tuple[str, ...]:
        return tuple(choice.id or str(i) for i, choice in enumerate(self.choices))


@dataclass(frozen=True)
class Pair:
    """A matching pair. A pair with an empty ``left`` is a distractor: an extra right-hand option.

    ``id`` names the left-hand item, ``right_id`` the right-hand option (pairs with the same right text
    share it); both are kept by later versions of the question, as ``Choice.id`` is.
    """

    left: str
    right: str
    id: str = ""
    right_id: str = ""


@dataclass(frozen=True)
class Item:
    """An item of an ordering question, with an id kept by later versions (as ``Choice.id`` is)."""

    text: str
    id: str = ""


@dataclass(frozen=True)
class Option:
    """A right-hand option of a matching question: the distinct right texts of its pairs."""

    id: str
    text: str


@dataclass(frozen=True)
class QuestionSpec:
    """Everything needed to show and grade one question, in Markdown source form.

    Responses a browser sends, by type, name choices, items and options by their ids (``choice_ids()``,
    ``item_ids()``, ``pair_ids()``, ``right_options()``), never by position, so that a new version that
    reorders or inserts choices cannot change what a student chose:
    single_choice / true_false: a choice id; multiple_answer: a list of choice ids;
    short_answer / numeric / essay: a string; fill_blanks: ``{blank id: string}``;
    dropdowns: ``{blank id: choice id}`` (the blank's own ``choice_ids()``);
    matching: ``{left pair id: right option id}``; ordering: a list of item ids in the student's
    order; file_upload: ``{"name", "size"}``.

    A spec that was never saved has no ids yet: each part's position (as a string) stands in for it.
    """

    type: QuestionType
    prompt: str
    points: Decimal = Decimal(1)
    title: str = ""
    choices: tuple[Choice, ...] = ()
    answers: tuple[AcceptedAnswer, ...] = ()
    numeric: tuple[NumericAnswer, ...] = ()
    blanks: tuple[Blank, ...] = ()
    pairs: tuple[Pair, ...] = ()
    items: tuple[Item, ...] = ()  # ordering: the items in their correct order (plain strings are taken too)
    scoring: Scoring = Scoring.ALL_OR_NOTHING
    general_feedback: str = ""
    correct_feedback: str = ""
    incorrect_feedback: str = ""
    word_limit: int | None = None
    allowed_extensions: tuple[str, ...] = ()
    max_upload_bytes: int | None = None
    tags: tuple[str, ...] = ()
    line: int = 0  # first line in the imported file, 0 when authored in the UI
    notes: tuple[str, ...] = field(default=())  # what an importer could not represent exactly

    def __post_init__(self):
        if any(isinstance(item, str) for item in self.items):
            object.__setattr__(self, "items", tuple(Item(i) if isinstance(i, str) else i for i in self.items))

    def choice_ids(self) -> tuple[str, ...]:
        return tuple(choice.id or str(i) for i, choice in enumerate(self.choices))

    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id or str(i) for i, item in enumerate(self.items))

    def pair_ids(self) -> tuple[str, ...]:
        """One per pair, distractors included (they have no left-hand item to answer)."""
        return tuple(pair.id or str(i) for i, pair in enumerate(self.pairs))

    def right_options(self) -> tuple[Option, ...]:
        """The distinct right-hand options of a matching question, in first-seen order."""
        ids: dict[str, str] = {}
        for pair in self.pairs:
            ids.setdefault(pair.right, pair.right_id or str(len(ids)))
        return tuple(Option(option_id, text) for text, option_id in ids.items())

    def matched_pairs(self) -> tuple[Pair, ...]:
        """The matching pairs that are not distractors."""
        return tuple(pair for pair in self.pairs if pair.left)
