"""Reading pages cost a fixed number of queries, whether there is one case or thirty.

Each page is loaded with 1 and with 30 cases (each with three tags, a co-author and three revisions)
under the same limit, so a query per case (an N+1) fails here rather than in a busy classroom.
"""

import pytest
from django.urls import reverse

from casestudies import services

FIX = (
    "A query now runs once per case (or per tag/revision). Add the relation to the page's queryset "
    "(`select_related` for a foreign key, `prefetch_related` for tags and co-authors) in "
    "casestudies/models.py `for_list` or casestudies/access.py; raise N only for a new fixed query, "
    "and comment what it is."
)


@pytest.fixture
def make_cases(instructor, coauthor):
    def make(count: int):
        cases = []
        for n in range(count):
            case = services.case_create(
                author=instructor, title=f"Case number {n}", body="One.\n\nTwo.", summary="Summary.",
                tags=["ethics", "sanctions", f"topic {n}"], coauthors=[coauthor],
            )  # fmt: skip
            for edit in range(2):
                services.case_update(case=case, editor=coauthor, body=f"One.\n\nTwo, edit {edit}.")
            cases.append(services.case_set_published(case=case, published=True))
        return cases

    return make


@pytest.mark.parametrize("count", [1, 30])
def test_the_student_library_costs_the_same_queries_for_1_or_30_cases(
    make_cases, login_as, student, count, django_assert_max_num_queries
):
    make_cases(count)
    client = login_as(student)
    # 1 session, 2 user, 3 cases with their authors (select_related), 4 tags of all cases (prefetch)
    with django_assert_max_num_queries(4, info=FIX):
        response = client.get(reverse("casestudies:list"))
    assert response.status_code == 200
    assert response.text.count('class="card h-100') == count
    assert response.text.count(">topic ") == count


@pytest.mark.parametrize("count", [1, 30])
def test_my_cases_costs_the_same_queries_for_1_or_30_cases(
    make_cases, login_as, coauthor, count, django_assert_max_num_queries
):
    make_cases(count)
    client = login_as(coauthor)
    # 1 session, 2 user, 3 cases I author or co-author (one query, with a subquery) with their
    # authors, 4 tags of all cases (prefetch)
    with django_assert_max_num_queries(4, info=FIX):
        response = client.get(reverse("casestudies:mine"))
    assert response.status_code == 200
    assert response.text.count('class="card h-100') == count
    assert response.text.count(">topic ") == count


@pytest.mark.parametrize("count", [1, 30])
def test_a_case_page_costs_the_same_queries_for_a_student_however_many_cases_exist(
    make_cases, login_as, student, count, django_assert_max_num_queries
):
    case = make_cases(count)[-1]
    client = login_as(student)
    # 1 session, 2 user, 3 the case with its author (select_related), 4 its tags (prefetch)
    with django_assert_max_num_queries(4, info=FIX):
        response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert case.body_html in response.text
    assert response.text.count("rounded-pill") == 3


@pytest.mark.parametrize("count", [1, 30])
def test_a_case_page_costs_the_same_queries_for_a_coauthor_however_many_cases_exist(
    make_cases, login_as, coauthor, count, django_assert_max_num_queries
):
    case = make_cases(count)[-1]
    client = login_as(coauthor)
    # 1 session, 2 user, 3 the case with its author, 4 its tags (prefetch),
    # 5 "may I edit?": am I a co-author (EXISTS), 6 the question banks linked to it (editors only)
    with django_assert_max_num_queries(6, info=FIX):
        response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert reverse("casestudies:edit", args=[case.slug]) in response.text


@pytest.mark.parametrize("count", [1, 30])
def test_the_history_page_costs_the_same_queries_for_1_or_30_revisions(
    instructor, coauthor, login_as, count, django_assert_max_num_queries
):
    case = services.case_create(author=instructor, title="Many edits", body="v0")
    for n in range(1, count):
        services.case_update(case=case, editor=coauthor if n % 2 else instructor, body=f"v{n}")
    client = login_as(instructor)
    # 1 session, 2 user, 3 the case I may edit, 4 its revisions with their editors (select_related)
    with django_assert_max_num_queries(4, info=FIX):
        response = client.get(reverse("casestudies:history", args=[case.slug]))
    assert response.status_code == 200
    assert len(response.context["revisions"]) == count
