"""One check for "this page costs the same queries however much data there is".

A page that runs a query per row (an N+1) is fast in a test with three rows and slow in a class of
two hundred. Loading the page at two sizes and comparing the counts catches it whatever the limit
says; ``at_most`` still pins the fixed queries, each of which the caller comments (house style).

Example::

    from tests.query_counts import assert_same_queries

    def test_the_bank_page_costs_the_same_for_5_or_100_questions(instructor_client, bank, add_questions):
        url = reverse("banks:bank-detail", args=[bank.pk])
        # 1 session, 2 user, 3 the bank, 4 its questions with their versions, 5 their tags
        small, large = assert_same_queries(
            grow=add_questions, fetch=lambda: instructor_client.get(url), sizes=(5, 100), at_most=5, fix=FIX
        )
        assert large.text.count('name="question"') == 100

Where rows cannot be added to what the page shows (an attempt's questions are fixed when it starts) or
the request changes it (a submit), ``build`` sets up fresh data for every fetch instead of ``grow``.

On failure the message gives both counts, the SQL of the queries the larger size added (grouped, so
200 copies of one query read as one line) and ``fix``: what the next developer should do.
"""

import re
from collections import Counter
from collections.abc import Callable, Sequence

from django.db import connection
from django.test.utils import CaptureQueriesContext

_LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")
_LIST = re.compile(r"\((?:\s*\?\s*,)+\s*\?\s*\)")


def _shape(sql: str) -> str:
    """The SQL without its values, so a query per row counts as one query repeated."""
    return _LIST.sub("(?, ...)", _LITERAL.sub("?", sql))


def _count(fetch: Callable) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        result = fetch()
    return result, [query["sql"] for query in queries.captured_queries]


def _only_in(queries: list[str], other: list[str]) -> list[str]:
    """The queries with no query of the same shape in ``other``, one line per shape: "200 x SELECT ..."."""
    surplus = Counter(map(_shape, queries)) - Counter(map(_shape, other))
    example = {}
    for sql in queries:
        example.setdefault(_shape(sql), sql)
    return [f"  {times} x {example[shape]}" for shape, times in surplus.most_common()]


def _difference(small: int, base: list[str], large: int, grown: list[str]) -> str:
    lines = [f"The page ran {len(base)} queries with {small} rows but {len(grown)} with {large} rows: it queries "
             "per row (an N+1)."]
    for size, queries, other in ((large, grown, base), (small, base, grown)):
        only = _only_in(queries, other)
        if only:
            lines += [f"Only with {size} rows:", *only]
    return "\n".join(lines)


def _numbered(queries: list[str]) -> str:
    return "\n".join(f"  {n}. {sql}" for n, sql in enumerate(queries, 1))


def _grown(grow: Callable[[int], object], fetch: Callable[[], object], sizes: Sequence[int]):
    grow(sizes[0])
    fetch()  # uncounted, to fill the caches
    for previous, size in zip((sizes[0], *sizes), sizes):
        if size > previous:
            grow(size - previous)
        yield _count(fetch)


def _built(build: Callable[[int], object], fetch: Callable[[object], object], sizes: Sequence[int]):
    fetch(build(sizes[0]))  # uncounted, to fill the caches
    for size in sizes:
        built = build(size)
        yield _count(lambda: fetch(built))


def assert_same_queries(
    *, grow: Callable[[int], object] | None = None, build: Callable[[int], object] | None = None,
    fetch: Callable[..., object], sizes: Sequence[int] = (5, 100), at_most: int, fix: str = "",
) -> list:
    """Grow the data to each of ``sizes`` and ``fetch`` the page at each; fail if the query counts differ
    or exceed ``at_most``. Returns what ``fetch`` returned at each size, to assert on the content.

    ``grow(n)`` adds ``n`` more rows (it is called with the differences between the sizes, so the
    totals are ``sizes``) and ``fetch()`` takes no argument. The page is fetched once, uncounted, before
    the first count: a process's first request can fill caches (content types, for one) that no later
    request queries again.

    Pass ``build(size)`` instead of ``grow`` where rows cannot be added later (an attempt's questions are
    fixed when it starts) or where ``fetch`` changes what it reads (a submit): it sets up fresh data with
    ``size`` rows and returns what the fetch needs (a URL, an attempt), and each fetch, the uncounted
    one too, gets a build of its own as ``fetch(built)``.
    """
    assert (grow is None) != (build is None), "pass grow or build, not both"
    assert len(sizes) >= 2 and list(sizes) == sorted(set(sizes)) and sizes[0] > 0, sizes
    measured = list(_grown(grow, fetch, sizes) if build is None else _built(build, fetch, sizes))
    results = [result for result, _queries in measured]
    counted = [queries for _result, queries in measured]
    base = counted[0]
    for size, queries in zip(sizes[1:], counted[1:]):
        assert len(queries) == len(base), f"{_difference(sizes[0], base, size, queries)}\n{fix}"
    assert len(base) <= at_most, (
        f"The page ran {len(base)} queries at every size, more than the {at_most} this test allows "
        f"(each commented above it).\n{_numbered(base)}\n{fix}"
    )
    return results
