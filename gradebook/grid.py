"""The gradebook's arithmetic: a final score and a status per student and assignment, and the totals.

Pure: rows in, Decimals out, no queries, no Django. ``gradebook.queries`` loads the rows;
the gradebook page, the per-student pages, "My grades", the CSV export and the grade services all
compute through here, so every screen tells the same story.

The order of operations, per student and assignment:
1. each submitted attempt loses the late penalty: ``ceil((submitted_at - due) / 1 day)`` days late
   (the student's own due date when they have an extension) times the per-day percentage, capped at
   100% of that attempt's score, so never below 0;
2. the grading method (highest, latest, average, first) combines the penalised attempts;
3. an instructor's override replaces the result; "excused" takes the cell out of every total.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import NamedTuple

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
_DAY_US = timedelta(days=1) // timedelta(microseconds=1)


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    NEEDS_GRADING = "needs_grading"
    LATE = "late"
    MISSED = "missed"
    EXCUSED = "excused"
    GRADED = "graded"


@dataclass(frozen=True)
class Rules:
    """What the gradebook needs of an assignment."""

    id: int
    grading_method: str  # highest, latest, average, first
    due_at: datetime
    points: Decimal  # points possible: a missed or overridden cell is out of this
    penalty_per_day: Decimal = Decimal(0)  # percent of the attempt's score
    title: str = ""


class AttemptRow(NamedTuple):  # named tuples: the grid builds tens of thousands of these and of cells
    assignment_id: int
    student_id: int
    number: int
    submitted: bool
    score: Decimal | None
    max_score: Decimal
    submitted_at: datetime | None
    needs_grading: bool = False


@dataclass(frozen=True)
class Adjustment:
    score: Decimal | None = None
    excused: bool = False


class Cell(NamedTuple):
    status: Status
    score: Decimal | None  # the score that counts; None when nothing counts yet (or excused)
    max_score: Decimal
    raw_score: Decimal | None = None  # the same attempts before the late penalty
    penalty_percent: Decimal = Decimal(0)  # how much of the raw score the penalty took
    late: bool = False
    overridden: bool = False
    submitted: int = 0  # submitted attempts

    @property
    def counts(self) -> bool:
        """Whether the cell is in the totals: excused cells and cells without a score are not."""
        return self.score is not None and self.status != Status.EXCUSED

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.score, self.max_score) if self.counts else None


def days_late(submitted_at: datetime, due_at: datetime) -> int:
    """Whole days, rounded up: one second after the due time is one day late; on time is 0."""
    if submitted_at <= due_at:
        return 0
    microseconds = (submitted_at - due_at) // timedelta(microseconds=1)
    return -(-microseconds // _DAY_US)


def penalty_percent(days: int, per_day: Decimal) -> Decimal:
    return min(days * per_day, HUNDRED)


def penalised(score: Decimal, *, days: int, per_day: Decimal) -> Decimal:
    """The attempt's score less ``days × per_day`` percent of it (unrounded), never below 0."""
    return score * (HUNDRED - penalty_percent(days, per_day)) / HUNDRED


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _percent(part: Decimal | None, whole: Decimal) -> Decimal | None:
    if part is None or not whole:
        return None
    return _round(part * HUNDRED / whole)


# A scored attempt, as a tuple (the grid builds tens of thousands):
# (number, raw score, penalised score, penalty percent, max score)
_NUMBER, _RAW, _FINAL, _PENALTY, _MAX = range(5)
ZERO = Decimal(0)


def counted(method: str, scored: list) -> list:
    """The scored attempts (in number order) that make the grade: all of them for "average", else one.

    "highest" keeps the best score after penalties; on a tie, the earlier attempt.
    """
    if len(scored) < 2 or method == "average":
        return scored
    if method == "latest":
        return [scored[-1]]
    if method == "first":
        return [scored[0]]
    best = scored[0]
    for item in scored[1:]:
        if item[_FINAL] > best[_FINAL]:
            best = item
    return [best]


def _scored(a: AttemptRow, due: datetime, per_day: Decimal) -> tuple:
    if a.submitted_at is None or a.submitted_at <= due:
        return (a.number, a.score, a.score, None, a.max_score)
    days = days_late(a.submitted_at, due)
    return (a.number, a.score, penalised(a.score, days=days, per_day=per_day), penalty_percent(days, per_day),
            a.max_score)


def cell(rules: Rules, attempts: Sequence[AttemptRow], *, now: datetime, due_at: datetime | None = None,
         adjustment: Adjustment | None = None) -> Cell:
    """One student's cell. ``attempts`` are theirs on this assignment; ``due_at`` their extension."""
    due = due_at or rules.due_at
    if adjustment is None and len(attempts) == 1:  # the usual cell: one attempt, on time, graded
        a = attempts[0]
        on_time = a.submitted_at is not None and a.submitted_at <= due
        if a.submitted and a.score is not None and not a.needs_grading and on_time:
            return Cell(Status.GRADED, a.score, a.max_score, a.score, ZERO, False, False, 1)
    scored, submitted, still_open, needs_grading = [], 0, False, False
    for a in attempts:
        if not a.submitted:
            still_open = True
            continue
        submitted += 1
        needs_grading = needs_grading or a.needs_grading
        if a.score is not None:
            scored.append(_scored(a, due, rules.penalty_per_day))
    if len(scored) > 1:
        scored.sort(key=lambda item: item[_NUMBER])
    kept = counted(rules.grading_method, scored)
    score = raw = None
    late, penalty, maximum = False, ZERO, rules.points
    if len(kept) == 1:
        _, raw, final, percent, maximum = kept[0]
        if percent is None:
            score = final  # on time: the attempt's own score, already in cents
        else:
            late, penalty, score = True, percent, _round(final)
    elif kept:
        n = len(kept)
        raw_mean, final = sum(k[_RAW] for k in kept) / n, sum(k[_FINAL] for k in kept) / n
        raw, score, maximum = _round(raw_mean), _round(final), _round(sum(k[_MAX] for k in kept) / n)
        late = any(k[_PENALTY] is not None for k in kept)
        penalty = _round((raw_mean - final) * HUNDRED / raw_mean) if raw_mean else ZERO
    if adjustment is not None:
        if adjustment.excused:
            return Cell(Status.EXCUSED, None, maximum, raw, penalty, late, False, submitted)
        if adjustment.score is not None:
            return Cell(Status.GRADED, adjustment.score, rules.points, raw, ZERO, late, True, submitted)
    if needs_grading:
        status = Status.NEEDS_GRADING
    elif still_open:
        status = Status.IN_PROGRESS
    elif kept:
        status = Status.LATE if late else Status.GRADED
    elif now > due:
        status, score = Status.MISSED, ZERO
    else:
        status = Status.NOT_STARTED
    return Cell(status, score, maximum, raw, penalty, late, False, submitted)


# Totals ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Total:
    earned: Decimal
    possible: Decimal
    counted: int

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.earned, self.possible) if self.counted else None

    @property
    def average(self) -> Decimal | None:
        """The mean score of the counted cells (for one assignment's column)."""
        return _round(self.earned / self.counted) if self.counted else None


def total(cells: Iterable[Cell]) -> Total:
    """Sum of the counted cells: excused cells and cells without a score are left out; missed is 0."""
    earned, possible, count = Decimal(0), Decimal(0), 0
    for c in cells:
        if c.score is not None and c.status is not Status.EXCUSED:  # Cell.counts, inlined: 30,000 calls
            earned += c.score
            possible += c.max_score
            count += 1
    return Total(earned, possible, count)


# The grid -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Student:
    id: int
    name: str  # as shown: "First Last" or the username
    sort_name: str  # "last first username", lower-cased
    sis_id: str = ""


@dataclass
class Row:
    student: Student
    cells: list  # one Cell per assignment, in column order
    total: Total = field(default_factory=lambda: Total(Decimal(0), Decimal(0), 0))


def grid(*, assignments: list[Rules], students: list[Student], attempts: Iterable[AttemptRow],
         adjustments: dict | None = None, due_dates: dict | None = None, now: datetime) -> list[Row]:
    """A row per student, a cell per assignment. ``adjustments`` and ``due_dates`` (extensions) are
    keyed by ``(assignment_id, student_id)``; attempts of students not in ``students`` are ignored."""
    mine: dict[int, dict[int, list[AttemptRow]]] = {}
    for a in attempts:
        mine.setdefault(a.student_id, {}).setdefault(a.assignment_id, []).append(a)
    adjusted, extended = _by_student(adjustments or {}), _by_student(due_dates or {})
    rows, nothing = [], {}
    for s in students:
        theirs, their_adjustments = mine.get(s.id, nothing), adjusted.get(s.id, nothing)
        their_dues = extended.get(s.id, nothing)
        cells = [
            cell(r, theirs.get(r.id, ()), now=now, due_at=their_dues.get(r.id), adjustment=their_adjustments.get(r.id))
            for r in assignments
        ]
        rows.append(Row(s, cells, total(cells)))
    return rows


def _by_student(by_key: dict) -> dict[int, dict]:
    nested: dict[int, dict] = {}
    for (assignment_id, student_id), value in by_key.items():
        nested.setdefault(student_id, {})[assignment_id] = value
    return nested


def column_totals(rows: list[Row], columns: int) -> list[Total]:
    """Per assignment: the counted cells' sum and mean (excused left out, missed as 0)."""
    return [total(row.cells[i] for row in rows) for i in range(columns)]


def class_average(rows: list[Row]) -> Decimal | None:
    """The mean of the students' total percentages (students with nothing counted are left out)."""
    percents = [row.total.percent for row in rows if row.total.percent is not None]
    return _round(sum(percents, Decimal(0)) / len(percents)) if percents else None


def filter_rows(rows: list[Row], *, search: str = "", status: str = "") -> list[Row]:
    """Students whose name or ID contains ``search``, and who have a cell of ``status`` (if given)."""
    needle = search.strip().lower()
    return [
        row for row in rows
        if (not needle or needle in row.student.name.lower() or needle in row.student.sort_name
            or needle in row.student.sis_id.lower())
        and (not status or any(c.status == status for c in row.cells))
    ]


def sort_rows(rows: list[Row], *, column: int | None = None, descending: bool = False) -> list[Row]:
    """By name, by total (``column == -1``) or by one assignment's score; empty cells sort last."""
    by_name = sorted(rows, key=lambda row: row.student.sort_name)
    if column is None:
        return by_name[::-1] if descending else by_name

    def value(row):
        if column == -1:
            return row.total.percent
        return row.cells[column].score if row.cells[column].counts else None

    present = [row for row in by_name if value(row) is not None]
    empty = [row for row in by_name if value(row) is None]
    return sorted(present, key=value, reverse=descending) + empty
