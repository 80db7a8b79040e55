"""The gradebook grid: a row per student, a score per assignment, and the totals. Pure: rows in,
Decimals out, no queries, no Django.

Every cell is ``gradebook.score.score``: the same function the student's own pages and the CSV use,
so every screen tells the same story. ``gradebook.queries`` loads the rows.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from gradebook.score import AttemptRow, Rules, Score, Status, cents, percent_of, score

# Totals ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Total:
    earned: Decimal
    possible: Decimal
    counted: int

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.earned, self.possible) if self.counted else None

    @property
    def average(self) -> Decimal | None:
        """The mean score of the counted cells (for one assignment's column)."""
        return cents(self.earned / self.counted) if self.counted else None


def total(cells: Iterable[Score]) -> Total:
    """Sum of the counted scores: excused ones and ones without points are left out; missed is 0."""
    earned, possible, count = Decimal(0), Decimal(0), 0
    for c in cells:
        if c.points is not None and c.status is not Status.EXCUSED:  # Score.counts, inlined: 30,000 calls
            earned += c.points
            possible += c.possible
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
    cells: list  # one Score per assignment, in column order
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
            score(r, theirs.get(r.id, ()), now=now, due_at=their_dues.get(r.id), adjustment=their_adjustments.get(r.id))
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
    return cents(sum(percents, Decimal(0)) / len(percents)) if percents else None


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
        return row.cells[column].points if row.cells[column].counts else None

    present = [row for row in by_name if value(row) is not None]
    empty = [row for row in by_name if value(row) is None]
    return sorted(present, key=value, reverse=descending) + empty
