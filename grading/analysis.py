"""Classical item analysis of one assignment: pure functions over plain numbers, no Django.

Scores are turned into exact fractions first, so variances are exact and the reliability coefficients
can be proved to stay at or below 1 (floats could round a perfect test to 1.0000000002). A statistic
that is undefined for the data (one student, everyone scoring the same) is None, never an exception:
a class of three still gets a page.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from statistics import StatisticsError, correlation, fmean, median, pvariance

Number = int | float | Decimal | Fraction

GROUP_FRACTION = Fraction(27, 100)  # Kelley's upper and lower 27%
TOO_HARD, TOO_EASY = 0.20, 0.95  # facility outside these is flagged


def _exact(value: Number) -> Fraction:
    return Fraction(value)


def _mean(values: Sequence[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def facility(scores: Sequence[Number], max_score: Number) -> float | None:
    """Mean score over the maximum: 0 when nobody earned a point, 1 when everybody earned them all."""
    if not scores or max_score <= 0:
        return None
    return float(_mean([_exact(s) for s in scores]) / _exact(max_score))


def point_biserial(item: Sequence[Number], rest: Sequence[Number]) -> float | None:
    """Pearson's r between an item's scores and the rest-of-test scores (the total without the item, so
    the item is not correlated with itself). For a right/wrong item this is the point-biserial r."""
    if len(item) != len(rest):
        raise ValueError("item and rest scores must be paired")
    try:
        r = correlation([float(x) for x in item], [float(y) for y in rest])
    except StatisticsError:  # fewer than two students, or a constant column
        return None
    return max(-1.0, min(1.0, r))


def extreme_groups(totals: Sequence[Number], fraction: Fraction = GROUP_FRACTION) -> tuple[list[int], list[int]] | None:
    """Indices of the lowest and highest scorers, ``fraction`` of the class each (at least one student).

    None when the groups cannot differ: fewer than two students, or every total the same. Ties at a
    cut are broken by position, so the result is deterministic.
    """
    n = len(totals)
    if n < 2 or len(set(totals)) == 1:
        return None
    size = max(1, math.floor(n * fraction + Fraction(1, 2)))  # round half up: 5 students -> 1, 10 -> 3
    order = sorted(range(n), key=lambda i: totals[i])
    return order[:size], order[-size:]


def upper_lower_index(item: Sequence[Number], totals: Sequence[Number], max_score: Number) -> float | None:
    """Discrimination index D: the upper group's mean item score minus the lower group's, over the
    item's maximum; in [-1, 1], and for right/wrong items p(upper) - p(lower)."""
    groups = extreme_groups(totals)
    if groups is None or max_score <= 0:
        return None
    lower, upper = groups
    difference = _mean([_exact(item[i]) for i in upper]) - _mean([_exact(item[i]) for i in lower])
    return float(difference / _exact(max_score))


def _matrix(rows: Sequence[Sequence[Number]]) -> list[list[Fraction]] | None:
    """Exact rows, or None when no reliability can be computed (under two students or two items)."""
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    if any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("every student needs a score for every item")
    return [[_exact(s) for s in row] for row in rows]


def cronbach_alpha(rows: Sequence[Sequence[Number]]) -> float | None:
    """alpha = k/(k-1) * (1 - sum of item variances / variance of totals), population variances (the
    n or n-1 cancels). At most 1; negative when items disagree with each other."""
    matrix = _matrix(rows)
    if matrix is None:
        return None
    k = len(matrix[0])
    total_variance = pvariance([sum(row, Fraction(0)) for row in matrix])
    if total_variance == 0:
        return None
    item_variance = sum((pvariance(column) for column in zip(*matrix)), Fraction(0))
    return float(Fraction(k, k - 1) * (1 - item_variance / total_variance))


def kr20(rows: Sequence[Sequence[Number]]) -> float | None:
    """Kuder-Richardson 20 for right/wrong items scored 0 or 1: alpha with p*q as each item's variance.
    None unless every score is 0 or 1."""
    matrix = _matrix(rows)
    if matrix is None or any(s not in (0, 1) for row in matrix for s in row):
        return None
    k = len(matrix[0])
    total_variance = pvariance([sum(row, Fraction(0)) for row in matrix])
    if total_variance == 0:
        return None
    pq = sum((_mean(column) * (1 - _mean(column)) for column in zip(*matrix)), Fraction(0))
    return float(Fraction(k, k - 1) * (1 - pq / total_variance))


# --- a whole assignment ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemStats:
    n: int  # students with a score on the item
    facility: float | None
    point_biserial: float | None
    upper_lower: float | None
    flags: tuple[str, ...]  # "hard", "easy", "negative"


def flags_for(facility_value: float | None, discrimination: float | None) -> tuple[str, ...]:
    flags = []
    if facility_value is not None and facility_value < TOO_HARD:
        flags.append("hard")
    if facility_value is not None and facility_value > TOO_EASY:
        flags.append("easy")
    if discrimination is not None and discrimination < 0:
        flags.append("negative")
    return tuple(flags)


def item_stats(students: Sequence[Mapping[Hashable, Number]], max_scores: Mapping[Hashable, Number]) -> dict:
    """Statistics for every item, from each student's {item: score} (missing: not seen, or not graded yet).

    A student's total is the sum of their known item scores; an item is compared with the totals of the
    students who have a score on it.
    """
    totals = [sum((_exact(s) for s in scores.values()), Fraction(0)) for scores in students]
    stats = {}
    for key, max_score in max_scores.items():
        having = [i for i, scores in enumerate(students) if key in scores]
        item = [_exact(students[i][key]) for i in having]
        mine = [totals[i] for i in having]
        fac = facility(item, max_score)
        pb = point_biserial(item, [t - s for t, s in zip(mine, item)])
        stats[key] = ItemStats(len(item), fac, pb, upper_lower_index(item, mine, max_score), flags_for(fac, pb))
    return stats


@dataclass(frozen=True)
class Reliability:
    items: int  # the items every student has a score on: the only ones a coefficient can use
    students: int
    alpha: float | None
    kr20: float | None  # only when every common item was scored all-or-nothing


def reliability(students: Sequence[Mapping[Hashable, Number]], max_scores: Mapping[Hashable, Number]) -> Reliability:
    common = [key for key in max_scores if max_scores[key] > 0 and all(key in scores for scores in students)]
    rows = [[scores[key] for key in common] for scores in students]
    right_wrong = [[_exact(s) / _exact(max_scores[key]) for key, s in zip(common, row)] for row in rows]
    return Reliability(len(common), len(students), cronbach_alpha(rows) if common else None,
                       kr20(right_wrong) if common else None)


def choice_counts(responses: Iterable[object], choice_ids: Sequence[str]) -> list[int]:
    """How often each choice was selected, in the order of ``choice_ids``; a response is one choice id
    or a list of them (multiple answer), whatever order a student saw the choices in."""
    position = {choice_id: n for n, choice_id in enumerate(choice_ids)}
    counts = [0] * len(choice_ids)
    for response in responses:
        picked = response if isinstance(response, list) else [response]
        for choice_id in {i for i in picked if isinstance(i, str)}:
            if choice_id in position:
                counts[position[choice_id]] += 1
    return counts


@dataclass(frozen=True)
class Bin:
    low: int
    high: int
    count: int


def histogram(percents: Iterable[Number], width: int = 10) -> list[Bin]:
    """Counts per band of ``width`` percent; the last band includes 100, values outside 0-100 are clamped."""
    bins = [Bin(low, min(low + width, 100), 0) for low in range(0, 100, width)]
    counts = [0] * len(bins)
    for value in percents:
        value = min(max(float(value), 0.0), 100.0)
        counts[min(int(value // width), len(bins) - 1)] += 1
    return [Bin(b.low, b.high, count) for b, count in zip(bins, counts)]


def summary(percents: Sequence[Number]) -> dict:
    """Mean, median and (population) standard deviation of the students' percentages, or Nones."""
    if not percents:
        return {"mean": None, "median": None, "sd": None}
    values = [float(p) for p in percents]
    return {"mean": fmean(values), "median": median(values), "sd": math.sqrt(pvariance(values))}


def seconds_per_question(attempts: Iterable[tuple[float, int]]) -> float | None:
    """An estimate, since time per question is not recorded: the median of each attempt's duration in
    seconds divided by its number of questions."""
    rates = [seconds / questions for seconds, questions in attempts if questions > 0 and seconds >= 0]
    return median(rates) if rates else None
