"""What counts for one student on one assignment: the one function every page, every CSV and the LMS
grade passback read (``score``). Pure: rows in, a ``Score`` out, with the lines that explain it.

The order of operations, per student and assignment:
1. each submitted attempt is put on the assignment's points possible: an attempt whose questions were
   worth more or less (the quiz changed after it started, a draw ran short) counts in proportion,
   ``score × possible / its maximum``;
2. a late attempt loses a day's percentage for every day, begun, past the due time (the student's own
   due date when they have an extension), counted on the cohort's clock: a day late lasts until the
   due time of the next day there, 23 or 25 hours across a daylight-saving change; capped at 100 %,
   so never below 0;
3. the grading method (highest, latest, average, first) combines the attempts;
4. an instructor's override replaces the result; "excused" takes it out of every total.
Only the final result is rounded (half up, to cents).
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import NamedTuple

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)
_DAY_US = timedelta(days=1) // timedelta(microseconds=1)


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    NEEDS_GRADING = "needs_grading"
    LATE = "late"
    MISSED = "missed"
    EXCUSED = "excused"
    GRADED = "graded"


class Method(StrEnum):
    HIGHEST = "highest"
    LATEST = "latest"
    AVERAGE = "average"
    FIRST = "first"


@dataclass(frozen=True)
class Rules:
    """What the score needs of an assignment."""

    id: int
    grading_method: str  # a Method
    due_at: datetime
    points: Decimal  # points possible: every student's score is out of this
    penalty_per_day: Decimal = ZERO  # percent of the attempt's score
    title: str = ""
    zone: tzinfo | None = None  # the cohort's, whose calendar days late are counted on (None: UTC's)


class AttemptRow(NamedTuple):  # named tuples: the grid builds tens of thousands of these and of scores
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
    """An instructor's word on the grade: who said it, when and why, for the explanation."""

    score: Decimal | None = None
    excused: bool = False
    by: str = ""
    reason: str = ""
    at: datetime | None = None


class Counted(NamedTuple):
    """A submitted, scored attempt on the assignment's scale, before and after the late penalty."""

    number: int
    earned: Decimal  # the attempt's own score
    out_of: Decimal  # the attempt's own maximum
    scaled: Decimal  # on the assignment's points possible (unrounded)
    final: Decimal  # after the late penalty (unrounded)
    days_late: int
    penalty_percent: Decimal


class Line(NamedTuple):
    """One step of the explanation; ``gradebook/_score_lines.html`` words each kind."""

    kind: str  # attempt, late, combined, override, excused, missed, waiting, open, none
    points: Decimal | None = None
    value: Decimal | None = None  # an attempt's points on the assignment's scale, when that differs
    out_of: Decimal | None = None
    percent: Decimal | None = None
    number: int = 0
    count: int = 0
    days: int = 0
    method: str = ""
    by: str = ""
    reason: str = ""
    at: datetime | None = None


class Score(NamedTuple):
    status: Status
    points: Decimal | None  # what counts; None when nothing counts yet (or excused)
    possible: Decimal
    raw: Decimal | None = None  # the same attempts, on the same scale, before any late penalty
    penalty_percent: Decimal = ZERO  # how much of the raw score the penalty took
    late: bool = False
    overridden: bool = False
    submitted: int = 0  # submitted attempts
    method: str = ""
    counted: tuple[Counted, ...] = ()  # the attempts that make the grade
    adjustment: Adjustment | None = None

    @property
    def counts(self) -> bool:
        """Whether it is in the totals: excused ones and ones without points are not."""
        return self.points is not None and self.status != Status.EXCUSED

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.points, self.possible) if self.counts else None

    def lines(self) -> tuple[Line, ...]:
        """How the number came about, step by step: "attempt 2: 8 of 10", "the highest of 2 attempts
        counts", "-10 % late (1 day)", "overridden to 9.5 by Irene Adler: ..."."""
        lines: list[Line] = []
        for c in self.counted:
            scaled = cents(c.scaled) if c.out_of != self.possible else None
            lines.append(Line("attempt", points=c.earned, out_of=c.out_of, number=c.number, value=scaled))
            if c.penalty_percent:
                lines.append(Line("late", points=cents(c.scaled - c.final), percent=c.penalty_percent,
                                  days=c.days_late, number=c.number))
        if self.submitted > 1 and self.counted:
            lines.append(Line("combined", points=cents(_combined(self)), out_of=self.possible, method=self.method,
                              count=self.submitted))
        adjustment = self.adjustment
        if adjustment and adjustment.excused:
            lines.append(Line("excused", by=adjustment.by, reason=adjustment.reason, at=adjustment.at))
        elif self.overridden and adjustment:
            lines.append(Line("override", points=adjustment.score, out_of=self.possible, by=adjustment.by,
                              reason=adjustment.reason, at=adjustment.at))
        elif self.status == Status.MISSED:
            lines.append(Line("missed", points=ZERO, out_of=self.possible))
        if self.status == Status.NEEDS_GRADING:
            lines.append(Line("waiting"))
        elif self.status == Status.IN_PROGRESS:
            lines.append(Line("open"))
        return tuple(lines) or (Line("none"),)


def percent_of(part: Decimal | None, whole: Decimal) -> Decimal | None:
    if part is None or not whole:
        return None
    return cents(part * HUNDRED / whole)


def days_late(submitted_at: datetime, due_at: datetime, zone: tzinfo | None = None) -> int:
    """Whole days, rounded up, on the clock of ``zone`` (the cohort's): one second after the due time is
    one day late, until the same clock time the next day, however many hours the day has there; on
    time is 0. Without a zone, days are 24 hours (UTC's)."""
    if submitted_at <= due_at:
        return 0
    if zone is not None:  # wall-clock difference: a 25-hour autumn day is still one day
        elapsed = submitted_at.astimezone(zone).replace(tzinfo=None) - due_at.astimezone(zone).replace(tzinfo=None)
    else:  # in UTC: two times with the same tzinfo would subtract as wall clocks
        elapsed = submitted_at.astimezone(UTC) - due_at.astimezone(UTC)
    microseconds = elapsed // timedelta(microseconds=1)
    return max(1, -(-microseconds // _DAY_US))  # a repeated autumn hour never makes it on time


def penalty_percent(days: int, per_day: Decimal) -> Decimal:
    return min(days * per_day, HUNDRED)


def cents(value: Decimal) -> Decimal:
    """Round half up to cents: the one rounding of every score shown."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _counted(a: AttemptRow, rules: Rules, due: datetime) -> Counted:
    scaled = a.score if a.max_score == rules.points else (
        a.score * rules.points / a.max_score if a.max_score else ZERO)
    days = days_late(a.submitted_at, due, rules.zone) if a.submitted_at is not None else 0
    percent = penalty_percent(days, rules.penalty_per_day) if days else ZERO
    final = scaled * (HUNDRED - percent) / HUNDRED if percent else scaled
    return Counted(a.number, a.score, a.max_score, scaled, final, days, percent)


def _kept(method: str, scored: list[Counted]) -> list[Counted]:
    """The attempts (in number order) that make the grade: all of them for "average", else one.
    "highest" keeps the best after penalties; on a tie, the earlier attempt."""
    if len(scored) < 2 or method == Method.AVERAGE:
        return scored
    if method == Method.LATEST:
        return [scored[-1]]
    if method == Method.FIRST:
        return [scored[0]]
    best = scored[0]
    for item in scored[1:]:
        if item.final > best.final:
            best = item
    return [best]


def _combined(score: Score) -> Decimal:
    """The kept attempts' points after penalties: one attempt's, or their mean."""
    return sum((c.final for c in score.counted), ZERO) / len(score.counted)


def score(rules: Rules, attempts: Sequence[AttemptRow], *, now: datetime, due_at: datetime | None = None,
          adjustment: Adjustment | None = None) -> Score:
    """What counts for one student. ``attempts`` are theirs on this assignment; ``due_at`` their
    extension, if they have one."""
    due, possible = due_at or rules.due_at, rules.points
    scored, submitted, still_open, waiting = [], 0, False, False
    for a in attempts:
        if not a.submitted:
            still_open = True
            continue
        submitted += 1
        waiting = waiting or a.needs_grading
        if a.score is not None:
            scored.append(_counted(a, rules, due))
    if len(scored) > 1:
        scored.sort(key=lambda c: c.number)
    kept = tuple(_kept(rules.grading_method, scored))
    points = raw = None
    late, penalty = False, ZERO
    if kept:
        n = len(kept)
        raw_mean, final = sum((c.scaled for c in kept), ZERO) / n, sum((c.final for c in kept), ZERO) / n
        raw, points = cents(raw_mean), cents(final)
        late = any(c.days_late for c in kept)
        penalty = cents((raw_mean - final) * HUNDRED / raw_mean) if raw_mean and final != raw_mean else ZERO
    common = {"raw": raw, "penalty_percent": penalty, "late": late, "submitted": submitted,
              "method": rules.grading_method, "counted": kept, "adjustment": adjustment}
    if adjustment is not None:
        if adjustment.excused:
            return Score(Status.EXCUSED, None, possible, **common)
        if adjustment.score is not None:
            return Score(Status.GRADED, adjustment.score, possible, overridden=True, **{**common, "penalty_percent": ZERO})
    if waiting:
        status = Status.NEEDS_GRADING
    elif still_open:
        status = Status.IN_PROGRESS
    elif kept:
        status = Status.LATE if late else Status.GRADED
    elif now > due:
        status, points = Status.MISSED, ZERO
    else:
        status = Status.NOT_STARTED
    return Score(status, points, possible, **common)
