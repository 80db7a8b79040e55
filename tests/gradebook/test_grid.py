"""The gradebook grid: totals, column averages, sorting and filtering, worked by hand (no database)."""

from decimal import Decimal as D

from gradebook import grid as gb
from gradebook.score import Adjustment, score
from tests.gradebook.test_score import DAY, DUE, NOW, attempt, rules

# Totals ------------------------------------------------------------------------------------------------------


def test_a_students_total_leaves_out_excused_and_unstarted_work_and_counts_missed_as_zero():
    cells = [
        score(rules(id=1), [attempt("8", assignment=1)], now=NOW),  # 8 / 10
        score(rules(id=2), [], now=NOW, adjustment=Adjustment(excused=True)),  # out
        score(rules(id=3), [], now=NOW),  # missed: 0 / 10
        score(rules(id=4), [], now=DUE - DAY),  # not started: out
        score(rules(id=5, points="5"), [attempt("5", assignment=5, max_score="5")], now=NOW),  # 5 / 5
    ]

    result = gb.total(cells)

    assert (result.earned, result.possible, result.counted) == (D(13), D(25), 3)
    assert result.percent == D("52.00")


def test_a_total_with_nothing_counted_has_no_percentage():
    assert gb.total([score(rules(), [], now=NOW, adjustment=Adjustment(excused=True))]).percent is None


def grid_of_three():
    students = [gb.Student(1, "Ann Archer", "archer ann a"), gb.Student(2, "Bob Baker", "baker bob b", "S-2"),
                gb.Student(3, "Cy Cole", "cole cy c")]
    assignments = [rules(id=10), rules(id=20)]
    attempts = [attempt("9", student=1, assignment=10), attempt("5", student=2, assignment=10),
                attempt("7", student=2, assignment=20), attempt("6", student=99, assignment=10)]  # 99: left the class
    return gb.grid(assignments=assignments, students=students, attempts=attempts, now=NOW,
                   adjustments={(20, 1): Adjustment(excused=True)})


def test_the_grid_has_a_row_per_student_and_ignores_attempts_of_others():
    rows = grid_of_three()

    assert [[c.points for c in row.cells] for row in rows] == [[D(9), None], [D(5), D(7)], [D(0), D(0)]]
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
