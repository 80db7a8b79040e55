"""The score that counts, worked by hand: no database (pytest-django blocks it here)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradebook import score as gb
from gradebook.score import score

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
    result = score(rules(method), scores("6", "8", "7"), now=NOW)

    assert result.points == D(expected)
    assert result.status == gb.Status.GRADED
    assert result.submitted == 3


def test_average_rounds_half_up_to_the_cent():
    assert score(rules("average"), scores("1", "1", "2"), now=NOW).points == D("1.33")  # 4/3
    assert score(rules("average"), scores("2", "2", "1"), now=NOW).points == D("1.67")  # 5/3
    assert score(rules("average"), scores("6", "7"), now=NOW).points == D("6.50")


def test_attempts_are_taken_in_number_order_whatever_order_they_arrive_in():
    arrived = [attempt("9", number=3), attempt("2", number=1), attempt("5", number=2)]

    assert score(rules("first"), arrived, now=NOW).points == D("2")
    assert score(rules("latest"), arrived, now=NOW).points == D("9")


def test_an_open_attempt_does_not_count_but_shows_in_progress():
    result = score(rules("latest"), [attempt("6", number=1), attempt(None, number=2, submitted=False)], now=NOW)

    assert result.status == gb.Status.IN_PROGRESS
    assert result.points == D("6")  # what the submitted attempt earned, not the open one


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
    result = score(rules(penalty="10"), [attempt("8", at=at)], now=NOW)

    assert (result.points, result.penalty_percent, result.status) == (D(expected), D(percent), status)
    assert result.raw == D("8")


def test_a_penalty_over_100_percent_is_floored_at_zero():
    result = score(rules(penalty="30"), [attempt("8", at=DUE + 3 * DAY + SECOND)], now=NOW)  # 4 days: 120%

    assert result.points == D("0")
    assert result.penalty_percent == D("100")


def test_late_with_no_penalty_set_keeps_the_score_but_says_late():
    result = score(rules(penalty="0"), [attempt("8", at=DUE + DAY)], now=NOW)

    assert (result.points, result.penalty_percent, result.status) == (D("8"), D("0"), gb.Status.LATE)


def test_penalties_apply_per_attempt_before_highest_chooses():
    on_time, late = attempt("7", number=1), attempt("8", number=2, at=DUE + SECOND)

    result = score(rules("highest", penalty="10"), [on_time, late], now=NOW)
    assert result.points == D("7.20")  # 8 less 10% beats 7
    assert result.late

    result = score(rules("highest", penalty="20"), [on_time, late], now=NOW)
    assert result.points == D("7")  # 8 less 20% is 6.4: the on-time 7 wins, and the cell is not late
    assert result.status == gb.Status.GRADED
    assert result.penalty_percent == 0


def test_average_penalises_each_attempt_then_averages():
    result = score(rules("average", penalty="50"), [attempt("8", number=1), attempt("8", number=2, at=DUE + DAY)],
                     now=NOW)

    assert result.points == D("6")  # (8 + 4) / 2
    assert result.raw == D("8")
    assert result.penalty_percent == D("25")  # of the raw average


def test_an_extension_moves_the_due_date_the_penalty_counts_from():
    extended = DUE + 2 * DAY
    result = score(rules(penalty="10"), [attempt("8", at=DUE + DAY)], now=NOW, due_at=extended)

    assert (result.points, result.status) == (D("8"), gb.Status.GRADED)
    late = score(rules(penalty="10"), [attempt("8", at=extended + SECOND)], now=NOW, due_at=extended)
    assert late.points == D("7.20")


@given(earned=st.decimals(min_value=0, max_value=10, places=2),
       days=st.integers(min_value=0, max_value=400), per_day=st.decimals(min_value=0, max_value=100, places=2))
def test_a_penalised_score_is_never_negative_nor_more_than_the_score(earned, days, per_day):
    result = score(rules(penalty=str(per_day)), [attempt(str(earned), at=DUE + days * DAY)], now=NOW)

    assert D(0) <= result.points <= result.raw == earned


# Overrides, excusals and the other statuses -----------------------------------------------------------------


def test_an_override_replaces_the_computed_score_penalty_and_all():
    result = score(rules(penalty="10"), [attempt("5", at=DUE + DAY)], now=NOW, adjustment=gb.Adjustment(score=D("9")))

    assert (result.points, result.status, result.overridden) == (D("9"), gb.Status.GRADED, True)
    assert result.penalty_percent == 0
    assert result.raw == D("5")


def test_an_override_gives_a_missed_assignment_a_score():
    result = score(rules(), [], now=NOW, adjustment=gb.Adjustment(score=D("4")))

    assert (result.points, result.status, result.counts) == (D("4"), gb.Status.GRADED, True)


def test_an_excused_cell_has_no_score_and_counts_nowhere():
    result = score(rules(), [attempt("3")], now=NOW, adjustment=gb.Adjustment(score=D("9"), excused=True))

    assert (result.status, result.points, result.counts) == (gb.Status.EXCUSED, None, False)


def test_missed_only_after_the_due_time_and_then_it_is_zero():
    before = score(rules(), [], now=DUE)
    after = score(rules(), [], now=DUE + SECOND)

    assert (before.status, before.points, before.counts) == (gb.Status.NOT_STARTED, None, False)
    assert (after.status, after.points, after.counts) == (gb.Status.MISSED, D(0), True)
    assert score(rules(), [], now=DUE + SECOND, due_at=DUE + DAY).status == gb.Status.NOT_STARTED


def test_needs_grading_wins_over_graded_and_late():
    result = score(rules(penalty="10"), [attempt("4", at=DUE + DAY, needs_grading=True)], now=NOW)

    assert result.status == gb.Status.NEEDS_GRADING
    assert result.points == D("3.60")


# Points possible is the assignment's, always -------------------------------------------------------------


def test_every_student_is_out_of_the_assignments_points_possible_whatever_their_attempt_was_out_of():
    result = score(rules(points="10"), [attempt("8", max_score="8")], now=NOW)

    assert (result.points, result.possible, result.percent) == (D("10"), D("10"), D(100))


def test_an_attempt_out_of_other_points_counts_in_proportion():
    result = score(rules(points="10"), [attempt("6", max_score="9")], now=NOW)  # 6/9 of 10 = 6.666…

    assert result.points == D("6.67")
    assert result.raw == D("6.67")


def test_scaling_comes_before_the_penalty_and_rounding_happens_once():
    result = score(rules(points="10", penalty="10"), [attempt("6", max_score="9", at=DUE + DAY)], now=NOW)

    assert result.points == D("6.00")  # 6.666… less 10 % = 6.0, not 6.67 less 10 % = 6.003


def test_an_attempt_out_of_nothing_counts_as_nothing():
    result = score(rules(points="10"), [attempt("0", max_score="0")], now=NOW)

    assert (result.points, result.status) == (D(0), gb.Status.GRADED)


@given(earned=st.decimals(min_value=0, max_value=20, places=2), out_of=st.decimals(min_value=1, max_value=20, places=2),
       possible=st.decimals(min_value=0, max_value=50, places=2))
def test_a_scaled_score_keeps_the_attempts_share_of_its_points(earned, out_of, possible):
    result = score(rules(points=str(possible)), [attempt(str(min(earned, out_of)), max_score=str(out_of))], now=NOW)

    assert result.possible == possible
    assert abs(result.points - min(earned, out_of) / out_of * possible) <= D("0.005")


# The explanation ------------------------------------------------------------------------------------------


def kinds(result):
    return [line.kind for line in result.lines()]


def test_the_lines_explain_a_late_attempt_step_by_step():
    result = score(rules(penalty="10"), [attempt("8", at=DUE + DAY)], now=NOW)

    attempt_line, late = result.lines()
    assert (attempt_line.kind, attempt_line.points, attempt_line.out_of, attempt_line.value) == ("attempt", D(8), D(10), None)
    assert (late.kind, late.percent, late.days, late.points) == ("late", D(10), 1, D("0.80"))


def test_the_lines_name_the_grading_method_when_there_are_several_attempts():
    result = score(rules("highest"), scores("6", "8", "7"), now=NOW)

    assert kinds(result) == ["attempt", "combined"]
    assert (result.lines()[0].number, result.lines()[1].method, result.lines()[1].count) == (2, "highest", 3)


def test_the_lines_of_an_average_list_every_attempt_then_the_mean():
    result = score(rules("average"), scores("6", "7"), now=NOW)

    assert kinds(result) == ["attempt", "attempt", "combined"]
    assert result.lines()[-1].points == D("6.50")


def test_a_scaled_attempt_says_what_it_counts_as():
    (line,) = score(rules(points="10"), [attempt("6", max_score="9")], now=NOW).lines()

    assert (line.points, line.out_of, line.value) == (D(6), D(9), D("6.67"))


def test_an_override_says_who_and_why():
    adjustment = gb.Adjustment(score=D("9.5"), by="Irene Adler", reason="Regraded by hand")
    result = score(rules(penalty="10"), [attempt("8", at=DUE + DAY)], now=NOW, adjustment=adjustment)

    assert kinds(result) == ["attempt", "late", "override"]
    override = result.lines()[-1]
    assert (override.points, override.by, override.reason) == (D("9.5"), "Irene Adler", "Regraded by hand")


def test_an_excusal_missed_work_hand_grading_and_nothing_yet_each_have_a_line():
    assert kinds(score(rules(), [attempt("3")], now=NOW, adjustment=gb.Adjustment(excused=True))) == ["attempt", "excused"]
    assert kinds(score(rules(), [], now=NOW)) == ["missed"]
    assert kinds(score(rules(), [attempt("4", needs_grading=True)], now=NOW)) == ["attempt", "waiting"]
    assert kinds(score(rules(), [attempt(None, submitted=False)], now=NOW)) == ["open"]
    assert kinds(score(rules(), [], now=DUE - DAY)) == ["none"]
