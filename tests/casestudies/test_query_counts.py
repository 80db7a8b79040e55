"""Reading pages cost a fixed number of queries, whether there are 3 cases or 30.

Each page is loaded with 3 and then 30 cases (each with three tags, a co-author and three revisions)
and must run the same queries, so a query per case (an N+1) fails here rather than in a busy classroom.
"""

import itertools

import pytest
from django.urls import reverse

from casestudies import services
from tests.query_counts import assert_same_queries

SIZES = (3, 30)
FIX = (
    "A query now runs once per case (or per tag/revision). Add the relation to the page's queryset "
    "(`select_related` for a foreign key, `prefetch_related` for tags and co-authors) in "
    "casestudies/models.py `for_list` or casestudies/access.py; raise N only for a new fixed query, "
    "and comment what it is."
)


@pytest.fixture
def add_cases(instructor, coauthor):
    """``add_cases(n)`` publishes n more cases, numbered on from the last call."""
    numbers = itertools.count()

    def add(count: int):
        cases = []
        for n in itertools.islice(numbers, count):
            case = services.case_create(
                author=instructor, title=f"Case number {n}", body="One.\n\nTwo.", summary="Summary.",
                tags=["ethics", "sanctions", f"topic {n}"], coauthors=[coauthor],
            )  # fmt: skip
            for edit in range(2):
                services.case_update(case=case, editor=coauthor, body=f"One.\n\nTwo, edit {edit}.")
            cases.append(services.case_set_published(case=case, published=True))
        return cases

    return add


@pytest.mark.parametrize(("page", "who"), [
    # 1 session, 2 user, 3 published cases with their authors (select_related), 4 tags of all cases (prefetch)
    ("casestudies:list", "student"),
    # 1 session, 2 user, 3 cases I author or co-author (one query, with a subquery) with their authors,
    # 4 tags of all cases (prefetch)
    ("casestudies:mine", "coauthor"),
])
def test_a_list_of_cases_costs_the_same_queries_for_3_or_30_cases(add_cases, login_as, request, page, who):
    client = login_as(request.getfixturevalue(who))
    pages = assert_same_queries(grow=add_cases, fetch=lambda: client.get(reverse(page)), sizes=SIZES, at_most=4,
                                fix=FIX)
    for size, response in zip(SIZES, pages):
        assert response.status_code == 200
        assert response.text.count('class="card h-100') == size
        assert response.text.count(">topic ") == size


@pytest.mark.parametrize(("who", "at_most"), [
    # 1 session, 2 user, 3 the case with its author (select_related), 4 its tags (prefetch)
    ("student", 4),
    # the same, then 5 "may I edit?": am I a co-author (EXISTS), 6 the question banks linked to it
    # (editors only)
    ("coauthor", 6),
])
def test_a_case_page_costs_the_same_queries_however_many_cases_exist(add_cases, login_as, request, who, at_most):
    client = login_as(request.getfixturevalue(who))
    cases = []
    pages = assert_same_queries(grow=lambda count: cases.extend(add_cases(count)),
                                fetch=lambda: client.get(cases[0].get_absolute_url()),
                                sizes=SIZES, at_most=at_most, fix=FIX)
    case = cases[0]
    case.refresh_from_db()  # its edits were saved through fresh copies (services.case_update)
    for page in pages:
        assert page.status_code == 200
        assert case.body_html in page.text
        assert page.text.count("rounded-pill") == 3
        assert (reverse("casestudies:edit", args=[case.slug]) in page.text) == (who == "coauthor")


def test_the_history_page_costs_the_same_queries_for_3_or_30_edits(instructor, coauthor, login_as):
    case = services.case_create(author=instructor, title="Many edits", body="v0")
    edits = itertools.count(1)

    def add_revisions(count: int):
        for n in itertools.islice(edits, count):
            services.case_update(case=case, editor=coauthor if n % 2 else instructor, body=f"v{n}")

    client = login_as(instructor)
    # 1 session, 2 user, 3 the case I may edit, 4 its revisions with their editors (select_related)
    pages = assert_same_queries(grow=add_revisions,
                                fetch=lambda: client.get(reverse("casestudies:history", args=[case.slug])),
                                sizes=SIZES, at_most=4, fix=FIX)
    for size, page in zip(SIZES, pages):
        assert page.status_code == 200
        assert len(page.context["revisions"]) == size + 1  # and the first version
