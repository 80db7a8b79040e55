"""The cohort's gradebook grid: scores with penalties, statuses, totals, sorting and filtering."""

import re
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse

from gradebook.models import GradeAdjustment
from tests.gradebook.conftest import past_assignment, submit


def names_in_order(html: str) -> list[str]:
    return re.findall(r'<th scope="row" class="gb-name"><a href="[^"]+">([^<]+)</a>', html)


def test_the_instructor_sees_every_students_scores_with_the_late_penalty(login_as, instructor, cohort, graded):
    response = login_as(instructor).get(reverse("gradebook:gradebook", args=[cohort.pk]))

    assert response.status_code == 200
    text = response.text
    assert "Case memo" in text and "Reading check" in text
    assert "7.20</span> <span class=\"gb-penalty\">(−10%)</span>" in text
    assert "Sam Student" in text and "Carla Classmate" in text
    assert "S-1001" in text
    assert "standing-late" in text  # the late badge
    assert "standing-missed" in text  # Carla missed the reading check


def test_the_gradebook_shows_nothing_of_another_cohort(login_as, instructor, cohort, graded, other_cohort):
    text = login_as(instructor).get(reverse("gradebook:gradebook", args=[cohort.pk])).text

    assert "Zebedee" not in text and "Secret quiz" not in text and "6.66" not in text


def test_totals_leave_out_excused_work_and_count_missed_work_as_zero(login_as, instructor, cohort, graded, classmate):
    GradeAdjustment.objects.create(assignment=graded["quiz"], student=classmate, excused=True, reason="Ill",
                                   changed_by=instructor)

    text = login_as(instructor).get(reverse("gradebook:gradebook", args=[cohort.pk])).text

    assert "Excused" in text
    # Sam: 7.2 + 9 of 20 = 81%; Carla: 5.5 of 10, the excused quiz left out = 55%.
    assert "81%<span class=\"gb-sid\">16.20 / 20</span>" in text
    assert "55%<span class=\"gb-sid\">5.50 / 10</span>" in text
    assert "standing-missed" not in text


def test_the_grid_sorts_by_an_assignment_column_and_back(login_as, instructor, cohort, graded):
    client, url = login_as(instructor), reverse("gradebook:gradebook", args=[cohort.pk])
    column = f"a{graded['essay'].pk}"

    assert names_in_order(client.get(url).text) == ["Carla Classmate", "Sam Student"]  # by last name
    assert names_in_order(client.get(url, {"sort": column, "dir": "desc"}).text) == ["Sam Student", "Carla Classmate"]
    assert names_in_order(client.get(url, {"sort": column, "dir": "asc"}).text) == ["Carla Classmate", "Sam Student"]
    assert names_in_order(client.get(url, {"sort": "total", "dir": "desc"}).text) == ["Sam Student", "Carla Classmate"]


def test_a_column_header_flips_the_order_when_it_is_already_the_sort(login_as, instructor, cohort, graded):
    column = f"a{graded['essay'].pk}"
    text = login_as(instructor).get(reverse("gradebook:gradebook", args=[cohort.pk]), {"sort": column}).text

    assert f"?sort={column}&amp;dir=desc" in text
    assert 'aria-sort="ascending"' in text


def test_nonsense_sort_parameters_fall_back_to_names(login_as, instructor, cohort, graded):
    url = reverse("gradebook:gradebook", args=[cohort.pk])
    response = login_as(instructor).get(url, {"sort": "a999999x", "dir": "up"})

    assert response.status_code == 200
    assert names_in_order(response.text) == ["Carla Classmate", "Sam Student"]


def test_the_filter_finds_students_by_name_and_by_status(login_as, instructor, cohort, graded):
    client, url = login_as(instructor), reverse("gradebook:gradebook", args=[cohort.pk])

    assert names_in_order(client.get(url, {"q": "carl"}).text) == ["Carla Classmate"]
    assert names_in_order(client.get(url, {"q": "S-1001"}).text) == ["Sam Student"]
    assert names_in_order(client.get(url, {"status": "missed"}).text) == ["Carla Classmate"]
    assert names_in_order(client.get(url, {"status": "late"}).text) == ["Sam Student"]
    assert "No student matches." in client.get(url, {"q": "nobody"}).text


def test_needs_grading_and_in_progress_show_as_badges(login_as, instructor, cohort, student, classmate):
    essay = past_assignment(instructor, cohort, title="Essay", days_ago=-1)  # due tomorrow
    submit(essay, student, "4", needs_grading=True, at=essay.due_at - timedelta(days=1))
    submit(essay, classmate, None, open=True)

    text = login_as(instructor).get(reverse("gradebook:gradebook", args=[cohort.pk])).text

    assert "standing-waiting" in text and "Needs grading" in text
    assert "standing-progress" in text


def test_a_ta_sees_the_gradebook(login_as, ta, cohort, graded):
    response = login_as(ta).get(reverse("gradebook:gradebook", args=[cohort.pk]))

    assert response.status_code == 200
    assert "Sam Student" in response.text


def test_an_empty_cohort_says_so_instead_of_an_empty_grid(login_as, instructor, cohort):
    text = login_as(instructor).get(reverse("gradebook:gradebook", args=[cohort.pk])).text

    assert "No assignments yet" in text
    assert "<table" not in text


def test_an_override_is_marked_in_the_grid(login_as, instructor, cohort, graded, student):
    GradeAdjustment.objects.create(assignment=graded["quiz"], student=student, score=Decimal("10"), reason="Regraded",
                                   changed_by=instructor)

    text = login_as(instructor).get(reverse("gradebook:gradebook", args=[cohort.pk])).text

    assert "(overridden)" in text
