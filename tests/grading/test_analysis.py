"""The item statistics against numbers worked by hand, plus properties that must hold for any class.

No database mark: quizzes/analysis.py is pure, and pytest-django blocks any query from here.
"""

import math
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grading import analysis

# Five students (rows) by four right/wrong items (columns):
#        I1 I2 I3 I4   total
#   S1    1  1  1  1     4
#   S2    1  1  1  0     3
#   S3    1  1  0  0     2
#   S4    1  0  1  0     2
#   S5    0  0  0  1     1
MATRIX = [[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 1, 0], [0, 0, 0, 1]]
COLUMNS = [list(column) for column in zip(*MATRIX)]
TOTALS = [sum(row) for row in MATRIX]


def test_facility_is_the_share_of_students_right_on_a_one_point_item():
    # I1: 4 of 5 right = 0.8; I4: 2 of 5 = 0.4
    assert analysis.facility(COLUMNS[0], 1) == pytest.approx(0.8)
    assert analysis.facility(COLUMNS[3], 1) == pytest.approx(0.4)


def test_facility_divides_the_mean_score_by_the_points():
    # scores 2, 1, 0 of 2 points: mean 1, facility 1/2
    assert analysis.facility([Decimal(2), Decimal(1), Decimal(0)], Decimal(2)) == 0.5


def test_point_biserial_correlates_the_item_with_the_rest_of_the_test():
    # I1 = 1 1 1 1 0, rest = total - I1 = 3 2 1 1 1 (means 0.8 and 1.6)
    # deviations: item .2 .2 .2 .2 -.8; rest 1.4 .4 -.6 -.6 -.6
    # Sxy = .28 + .08 - .12 - .12 + .48 = 0.6; Sxx = 4(.04) + .64 = 0.8; Syy = 1.96 + .16 + 3(.36) = 3.2
    # r = 0.6 / sqrt(0.8 * 3.2) = 0.6 / 1.6 = 0.375
    rest = [t - i for t, i in zip(TOTALS, COLUMNS[0])]
    assert analysis.point_biserial(COLUMNS[0], rest) == pytest.approx(0.375)


def test_an_item_the_weaker_students_get_right_discriminates_negatively():
    # I4 = 1 0 0 0 1, rest = 3 3 2 2 0 (means 0.4 and 2)
    # deviations: item .6 -.4 -.4 -.4 .6; rest 1 1 0 0 -2
    # Sxy = .6 - .4 + 0 + 0 - 1.2 = -1.0; Sxx = 2(.36) + 3(.16) = 1.2; Syy = 1 + 1 + 4 = 6
    # r = -1 / sqrt(7.2) = -0.372678...
    rest = [t - i for t, i in zip(TOTALS, COLUMNS[3])]
    assert analysis.point_biserial(COLUMNS[3], rest) == pytest.approx(-1 / math.sqrt(7.2))


def test_kr20_and_alpha_agree_on_right_wrong_items():
    # p = .8 .6 .6 .4, so sum of p*q = .16 + .24 + .24 + .24 = 0.88
    # totals 4 3 2 2 1: mean 2.4, population variance (2.56 + .36 + .16 + .16 + 1.96) / 5 = 1.04
    # KR-20 = 4/3 * (1 - 0.88 / 1.04) = 4/3 * 0.16/1.04 = 8/39 = 0.2051...
    # (a 0/1 item's population variance is p*q, so alpha gives the same)
    assert analysis.kr20(MATRIX) == pytest.approx(8 / 39)
    assert analysis.cronbach_alpha(MATRIX) == pytest.approx(8 / 39)


def test_upper_lower_index_compares_the_top_and_bottom_27_percent():
    # 27% of 5 students rounds to 1: upper group S1 (total 4), lower group S5 (total 1)
    # I1: 1 - 0 = 1; I4: 1 - 1 = 0
    assert analysis.upper_lower_index(COLUMNS[0], TOTALS, 1) == 1.0
    assert analysis.upper_lower_index(COLUMNS[3], TOTALS, 1) == 0.0


def test_upper_lower_groups_are_27_percent_of_ten_students():
    # 27% of 10 = 2.7, rounds to 3 per group: lowest totals 0 1 2, highest 7 8 9
    lower, upper = analysis.extreme_groups(list(range(10)))
    assert (lower, upper) == ([0, 1, 2], [7, 8, 9])


def test_item_stats_flag_hard_easy_and_negative_items():
    students = [dict(enumerate(row)) for row in MATRIX]
    stats = analysis.item_stats(students, dict.fromkeys(range(4), 1))

    assert stats[0].facility == pytest.approx(0.8)
    assert stats[0].point_biserial == pytest.approx(0.375)
    assert stats[3].flags == ("negative",)
    assert stats[0].flags == ()
    assert analysis.flags_for(0.1, 0.3) == ("hard",)
    assert analysis.flags_for(0.96, None) == ("easy",)


def test_item_stats_use_only_the_students_who_saw_an_item():
    # Item "b" was drawn for two students only: its facility is over those two.
    students = [{"a": 1, "b": 1}, {"a": 0, "b": 0}, {"a": 1}]
    stats = analysis.item_stats(students, {"a": 1, "b": 1})
    assert (stats["a"].n, stats["b"].n) == (3, 2)
    assert stats["b"].facility == 0.5


def test_reliability_uses_only_the_items_every_student_has():
    students = [{"a": 1, "b": 1, "c": 1}, {"a": 0, "b": 0}, {"a": 1, "b": 0}]
    result = analysis.reliability(students, {"a": 1, "b": 1, "c": 1})
    assert (result.items, result.students) == (2, 3)
    # a = 1 0 1, b = 1 0 0; totals 2 0 1: variance 2/3; item variances 2/9 + 2/9 = 4/9
    # alpha = 2/1 * (1 - (4/9)/(2/3)) = 2 * (1/3) = 2/3
    assert result.alpha == pytest.approx(2 / 3)
    assert result.kr20 == pytest.approx(2 / 3)


def test_kr20_is_left_blank_for_partial_credit():
    assert analysis.kr20([[1, Fraction(1, 2)], [0, 1], [1, 0]]) is None
    assert analysis.cronbach_alpha([[1, Fraction(1, 2)], [0, 1], [1, 1]]) is not None


def test_undefined_statistics_are_none_not_errors():
    assert analysis.facility([], 1) is None
    assert analysis.facility([1], 0) is None
    assert analysis.point_biserial([1], [3]) is None  # one student
    assert analysis.point_biserial([1, 1, 1], [0, 2, 3]) is None  # everyone right
    assert analysis.cronbach_alpha([[1, 0, 1]]) is None
    assert analysis.cronbach_alpha([[1, 1], [1, 1]]) is None  # every total the same
    assert analysis.kr20([[1], [0]]) is None  # one item
    assert analysis.upper_lower_index([1], [1], 1) is None
    assert analysis.upper_lower_index([1, 0], [2, 2], 1) is None  # no one above anyone
    stats = analysis.item_stats([{"a": 1}], {"a": 1})
    assert stats["a"].point_biserial is None and stats["a"].facility == 1.0


def test_choices_are_counted_by_their_ids_whatever_order_they_were_shown_in():
    responses = ["b", "b", "a", ["a", "c"], None, "z", 1, True, ["c", "c"]]  # junk, unknown ids and positions: nothing
    assert analysis.choice_counts(responses, ["a", "b", "c"]) == [2, 2, 2]


def test_the_histogram_puts_100_percent_in_the_last_band():
    bins = analysis.histogram([0, 9.99, 10, 55, 100, 120, -5])
    assert [b.count for b in bins] == [3, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert (bins[0].low, bins[0].high, bins[-1].high) == (0, 10, 100)


def test_time_per_question_is_the_median_of_duration_over_questions():
    # 600 s / 5 = 120, 300 s / 5 = 60, 900 s / 3 = 300: median 120
    assert analysis.seconds_per_question([(600, 5), (300, 5), (900, 3)]) == 120
    assert analysis.seconds_per_question([]) is None


def test_summary_of_no_students_is_empty():
    assert analysis.summary([]) == {"mean": None, "median": None, "sd": None}
    assert analysis.summary([50, 100]) == {"mean": 75, "median": 75, "sd": 25}


# --- properties -------------------------------------------------------------------------------------

points = st.integers(min_value=1, max_value=4)
score_rows = st.integers(min_value=1, max_value=6).flatmap(
    lambda k: st.lists(st.lists(st.integers(min_value=0, max_value=4), min_size=k, max_size=k),
                       min_size=1, max_size=12))


@given(st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=30), points)
def test_facility_stays_between_0_and_1(scores, max_score):
    scores = [min(s, max_score) for s in scores]
    assert 0 <= analysis.facility(scores, max_score) <= 1


@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 20)), max_size=40))
def test_point_biserial_is_none_or_between_minus_1_and_1(pairs):
    item, rest = [p[0] for p in pairs], [p[1] for p in pairs]
    r = analysis.point_biserial(item, rest)
    assert r is None or -1 <= r <= 1


@given(score_rows)
def test_alpha_never_exceeds_1_and_never_crashes(rows):
    alpha = analysis.cronbach_alpha(rows)
    assert alpha is None or alpha <= 1
    kr = analysis.kr20([[min(s, 1) for s in row] for row in rows])
    assert kr is None or kr <= 1


@given(score_rows)
def test_item_stats_handle_any_class_including_one_student(rows):
    students = [dict(enumerate(row)) for row in rows]
    stats = analysis.item_stats(students, dict.fromkeys(range(len(rows[0])), 4))
    for item in stats.values():
        assert 0 <= item.facility <= 1
        assert item.point_biserial is None or -1 <= item.point_biserial <= 1
        assert item.upper_lower is None or -1 <= item.upper_lower <= 1
    assert analysis.reliability(students, dict.fromkeys(range(len(rows[0])), 4)).students == len(rows)


@given(st.lists(st.floats(min_value=-50, max_value=150, allow_nan=False), max_size=50))
def test_the_histogram_counts_every_student_once(percents):
    assert sum(b.count for b in analysis.histogram(percents)) == len(percents)


def test_analysis_and_charts_load_without_django():
    """They are pure like quizzes/grading.py (tests/test_architecture.py lists only the older modules)."""
    code = ("import sys, grading.analysis, grading.charts; "
            "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr or "django was imported"
