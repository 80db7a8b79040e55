"""Every admin list costs the same queries for 2 rows or 10: its columns' related rows come in the page's
one query (``list_select_related``), never one query per row."""

import pytest

from tests.admin_site.conftest import admin_url, model_id, registered_models
from tests.query_counts import assert_same_queries

FIX = ("Add the related rows the list shows (its list_display columns and their __str__) to the model admin's "
       "list_select_related, or annotate a count in get_queryset.")


@pytest.mark.parametrize("model", registered_models(), ids=model_id)
def test_the_list_costs_the_same_queries_however_many_rows(admin_client, rows, grow, model):
    url = admin_url(model, "changelist")
    # 1 the session, 2 the superuser, 3 the rows' count, 4 the count without filters, 5 the page of rows with
    # their related rows; then at most one per sidebar filter (its related rows or distinct values: CaseStudy's
    # tags, Cohort's terms) and two for a date hierarchy (the dates' range, the years to link).
    assert_same_queries(grow=grow[model], fetch=lambda: admin_client.get(url), sizes=(2, 10), at_most=8, fix=FIX)
