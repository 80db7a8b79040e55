"""The gradebook's arithmetic, worked by hand: no database (pytest-django blocks it here)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradebook import grid as gb

DUE = datetime(2026, 10, 1, 17, 0, tzinfo=UTC)
NOW = DUE + timedelta(days=10)
SECOND, DAY = timedelta(seconds=1), timedelta(days=1)


def rules(method="highest", penalty="0", points="10", id=1):
    return gb.Rules(id=id, grading_method=method, due_at=DUE, points=D(points), penalty_per_day=D(penalty))


def attempt(score, *, number=1, at=DUE - DAY, submitted=True, needs_grading=False, student=7, assignment=1,
            max_score="10"):
    return gb.AttemptRow(assignment, student, number, submitted, D(score) if score is not None else None,
                         D(max_score), at if submitted else None, needs_grading)


def scores(*values):
    return [attempt(v, number=n) for n, v in enumerate(values, start=1)]


# Grading methods -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "expected"), [("highest", "8"), ("latest", "7"), ("first", "6"), ("average", "7")])
def test_each_grading_method_picks_its_score_from_6_8_7(method, expected):
    result = gb.cell(rules(method), scores("6", "8", "7"), now=NOW)

    assert result.score == D(expected)
    assert result.status == gb.Status.GRADED
    assert result.submitted == 3


def test_average_rounds_half_up_to_the_cent():
    assert gb.cell(rules("average"), scores("1", "1", "2"), now=NOW).score == D("1.33")  # 4/3
    assert gb.cell(rules("average"), scores("2", "2", "1"), now=NOW).score == D("1.67")  # 5/3
    assert gb.cell(rules("average"), scores("6", "7"), now=NOW).score == D("6.50")


def test_attempts_are_taken_in_number_order_whatever_order_they_arrive_in():
    arrived = [attempt("9", number=3), attempt("2", number=1), attempt("5", number=2)]

    assert gb.cell(rules("first"), arrived, now=NOW).score == D("2")
    assert gb.cell(rules("latest"), arrived, now=NOW).score == D("9")


def test_an_open_attempt_does_not_count_but_shows_in_progress():
    result = gb.cell(rules("latest"), [attempt("6", number=1), attempt(None, number=2, submitted=False)], now=NOW)

    assert result.status == gb.Status.IN_PROGRESS
    assert result.score == D("6")  # what the submitted attempt earned, not the open one


# Late penalties ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("submitted_at", "days"), [
    (DUE - SECOND, 0), (DUE, 0), (DUE + SECOND, 1), (DUE + DAY, 1), (DUE + DAY + SECOND, 2),
    (DUE + timedelta(microseconds=1), 1), (DUE + 3 * DAY - SECOND, 3),
])
def test_days_late_round_up_and_exactly_at_the_due_time_is_on_time(submitted_at, days):
    assert gb.days_late(submitted_at, DUE) == days


@pytest.mark.parametrize(("at", "expected", "percent", "status"), [
    (DUE, "8", "0", gb.Status.GRADED),  # exactly at the due time: on time
    (DUE + SECOND, "7.20", "10", gb.Status.LATE),  # one second late is a whole day: 8 less 10%
    (DUE + DAY, "7.20", "10", gb.Status.LATE),
    (DUE + DAY + SECOND, "6.40", "20", gb.Status.LATE),  # two days: 8 less 20%
])
def test_the_late_penalty_is_a_percentage_of_the_attempts_score_per_day(at, expected, percent, status):
    result = gb.cell(rules(penalty="10"), [attempt("8", at=at)], now=NOW)

    assert (result.score, result.penalty_percent, result.status) == (D(expected), D(percent), status)
    assert result.raw_score == D("8")


def test_a_penalty_over_100_percent_is_floored_at_zero():
    result = gb.cell(rules(penalty="30"), [attempt("8", at=DUE + 3 * DAY + SECOND)], now=NOW)  # 4 days: 120%

    assert result.score == D("0")
    assert result.penalty_percent == D("100")


def test_late_with_no_penalty_set_keeps_the_score_but_says_late():
    result = gb.cell(rules(penalty="0"), [attempt("8", at=DUE + DAY)], now=NOW)

    assert (result.score, result.penalty_percent, result.status) == (D("8"), D("0"), gb.Status.LATE)


def test_penalties_apply_per_attempt_before_highest_chooses():
    on_time, late = attempt("7", number=1), attempt("8", number=2, at=DUE + SECOND)

    result = gb.cell(rules("highest", penalty="10"), [on_time, late], now=NOW)
    assert result.score == D("7.20")  # 8 less 10% beats 7
    assert result.late

    result = gb.cell(rules("highest", penalty="20"), [on_time, late], now=NOW)
    assert result.score == D("7")  # 8 less 20% is 6.4: the on-time 7 wins, and the cell is not late
    assert result.status == gb.Status.GRADED
    assert result.penalty_percent == 0


def test_average_penalises_each_attempt_then_averages():
    result = gb.cell(rules("average", penalty="50"), [attempt("8", number=1), attempt("8", number=2, at=DUE + DAY)],
                     now=NOW)

    assert result.score == D("6")  # (8 + 4) / 2
    assert result.raw_score == D("8")
    assert result.penalty_percent == D("25")  # of the raw average


def test_an_extension_moves_the_due_date_the_penalty_counts_from():
    extended = DUE + 2 * DAY
    result = gb.cell(rules(penalty="10"), [attempt("8", at=DUE + DAY)], now=NOW, due_at=extended)

    assert (result.score, result.status) == (D("8"), gb.Status.GRADED)
    late = gb.cell(rules(penalty="10"), [attempt("8", at=extended + SECOND)], now=NOW, due_at=extended)
    assert late.score == D("7.20")


@given(score=st.decimals(min_value=0, max_value=1000, places=2),
       days=st.integers(min_value=0, max_value=400), per_day=st.decimals(min_value=0, max_value=100, places=2))
def test_a_penalised_score_is_never_negative_nor_more_than_the_score(score, days, per_day):
    result = gb.penalised(score, days=days, per_day=per_day)

    assert D(0) <= result <= score


# Overrides, excusals and the other statuses -----------------------------------------------------------------


def test_an_override_replaces_the_computed_score_penalty_and_all():
    result = gb.cell(rules(penalty="10"), [attempt("5", at=DUE + DAY)], now=NOW, adjustment=gb.Adjustment(score=D("9")))

    assert (result.score, result.status, result.overridden) == (D("9"), gb.Status.GRADED, True)
    assert result.penalty_percent == 0
    assert result.raw_score == D("5")


def test_an_override_gives_a_missed_assignment_a_score():
    result = gb.cell(rules(), [], now=NOW, adjustment=gb.Adjustment(score=D("4")))

    assert (result.score, result.status, result.counts) == (D("4"), gb.Status.GRADED, True)


def test_an_excused_cell_has_no_score_and_counts_nowhere():
    result = gb.cell(rules(), [attempt("3")], now=NOW, adjustment=gb.Adjustment(score=D("9"), excused=True))

    assert (result.status, result.score, result.counts) == (gb.Status.EXCUSED, None, False)


def test_missed_only_after_the_due_time_and_then_it_is_zero():
    before = gb.cell(rules(), [], now=DUE)
    after = gb.cell(rules(), [], now=DUE + SECOND)

    assert (before.status, before.score, before.counts) == (gb.Status.NOT_STARTED, None, False)
    assert (after.status, after.score, after.counts) == (gb.Status.MISSED, D(0), True)
    assert gb.cell(rules(), [], now=DUE + SECOND, due_at=DUE + DAY).status == gb.Status.NOT_STARTED


def test_needs_grading_wins_over_graded_and_late():
    result = gb.cell(rules(penalty="10"), [attempt("4", at=DUE + DAY, needs_grading=True)], now=NOW)

    assert result.status == gb.Status.NEEDS_GRADING
    assert result.score == D("3.60")


# Totals ------------------------------------------------------------------------------------------------------


def test_a_students_total_leaves_out_excused_and_unstarted_work_and_counts_missed_as_zero():
    cells = [
        gb.cell(rules(id=1), [attempt("8", assignment=1)], now=NOW),  # 8 / 10
        gb.cell(rules(id=2), [], now=NOW, adjustment=gb.Adjustment(excused=True)),  # out
        gb.cell(rules(id=3), [], now=NOW),  # missed: 0 / 10
        gb.cell(rules(id=4), [], now=DUE - DAY),  # not started: out
        gb.cell(rules(id=5, points="5"), [attempt("5", assignment=5, max_score="5")], now=NOW),  # 5 / 5
    ]

    result = gb.total(cells)

    assert (result.earned, result.possible, result.counted) == (D(13), D(25), 3)
    assert result.percent == D("52.00")


def test_a_total_with_nothing_counted_has_no_percentage():
    assert gb.total([gb.cell(rules(), [], now=NOW, adjustment=gb.Adjustment(excused=True))]).percent is None


def grid_of_three():
    students = [gb.Student(1, "Ann Archer", "archer ann a"), gb.Student(2, "Bob Baker", "baker bob b", "S-2"),
                gb.Student(3, "Cy Cole", "cole cy c")]
    assignments = [rules(id=10), rules(id=20)]
    attempts = [attempt("9", student=1, assignment=10), attempt("5", student=2, assignment=10),
                attempt("7", student=2, assignment=20), attempt("6", student=99, assignment=10)]  # 99: left the class
    return gb.grid(assignments=assignments, students=students, attempts=attempts, now=NOW,
                   adjustments={(20, 1): gb.Adjustment(excused=True)})


def test_the_grid_has_a_row_per_student_and_ignores_attempts_of_others():
    rows = grid_of_three()

    assert [[c.score for c in row.cells] for row in rows] == [[D(9), None], [D(5), D(7)], [D(0), D(0)]]
    assert [row.total.percent for row in rows] == [D(90), D(60), D(0)]


def test_column_averages_leave_out_excused_cells_and_count_missed_as_zero():
    first, second = gb.column_totals(grid_of_three(), 2)

    assert (first.average, first.percent) == (D("4.67"), D("46.67"))  # (9 + 5 + 0) / 3
    assert (second.average, second.counted) == (D("3.50"), 2)  # (7 + 0) / 2: Ann is excused
    assert gb.class_average(grid_of_three()) == D(50)


def test_sorting_by_an_assignment_puts_empty_cells_last_in_either_direction():
    rows = grid_of_three()

    assert [r.student.id for r in gb.sort_rows(rows, column=1)] == [3, 2, 1]
    assert [r.student.id for r in gb.sort_rows(rows, column=1, descending=True)] == [2, 3, 1]
    assert [r.student.id for r in gb.sort_rows(rows, column=-1, descending=True)] == [1, 2, 3]
    assert [r.student.id for r in gb.sort_rows(rows, descending=True)] == [3, 2, 1]


def test_filtering_by_name_id_and_status():
    rows = grid_of_three()

    assert [r.student.id for r in gb.filter_rows(rows, search="bak")] == [2]
    assert [r.student.id for r in gb.filter_rows(rows, search="s-2")] == [2]
    assert [r.student.id for r in gb.filter_rows(rows, status="missed")] == [3]
    assert [r.student.id for r in gb.filter_rows(rows, status="excused", search="cy")] == []


def test_the_gradebook_module_loads_without_django():
    """Pure, like quizzes/grading.py: importing it in a fresh interpreter must not load Django."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, gradebook.grid\n"
            "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                            env={"PYTHONDONTWRITEBYTECODE": "1"}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"quizzes/gradebook.py loads Django: {result.stdout}{result.stderr}"
