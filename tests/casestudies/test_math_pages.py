"""A case with formulas: its pages load KaTeX (from our own static files, under the CSP) and pages without
math load none of it; formulas survive the live preview, revisions, their diffs and a restore."""

import re

import pytest
from django.urls import reverse

from casestudies import services

MATH_BODY = "The margin is $m = (p - c)/p$ on a $5 item.\n\n$$NPV = \\sum_t \\frac{C_t}{(1+r)^t}$$"
KATEX = ("vendor/katex/katex.min.js", "vendor/katex/katex.min.css", "js/math.js")


def loads_math(page: str) -> bool:
    found = [name for name in KATEX if re.search(rf'(src|href)="/static/{re.escape(name)}"', page)]
    assert found in ([], list(KATEX)), f"all or none of the math assets, not {found}"
    return bool(found)


@pytest.fixture
def math_case(other_instructor):
    case = services.case_create(author=other_instructor, title="Pricing", body=MATH_BODY)
    return services.case_set_published(case=case, published=True)


def test_a_case_with_formulas_loads_katex_and_one_without_does_not(login_as, student, math_case, published_case):
    client = login_as(student)
    with_math = client.get(math_case.get_absolute_url())
    assert with_math.status_code == 200 and loads_math(with_math.text)
    assert '<span class="arithmatex">\\(m = (p - c)/p\\)</span> on a $5 item.' in with_math.text
    assert '<div class="arithmatex">\\[NPV = \\sum_t \\frac{C_t}{(1+r)^t}\\]</div>' in with_math.text
    without = client.get(published_case.get_absolute_url())
    assert without.status_code == 200 and not loads_math(without.text)
    assert not loads_math(client.get(reverse("casestudies:list")).text)


def test_the_math_script_is_configured_from_static_files_under_the_csp(login_as, student, math_case):
    response = login_as(student).get(math_case.get_absolute_url())
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "cdn" not in response.text.lower()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", response.text, re.S)
    assert scripts and all('src="/static/' in attributes and not body.strip() for attributes, body in scripts)


def test_the_editor_loads_katex_for_its_live_preview_which_keeps_the_tex(instructor_client):
    assert loads_math(instructor_client.get(reverse("casestudies:create")).text)
    response = instructor_client.post(reverse("casestudies:preview"), {"body": "Costs $5 and $10; $x^2$."})
    assert response.status_code == 200
    assert 'Costs $5 and $10; <span class="arithmatex">\\(x^2\\)</span>.' in response.text


def test_formulas_survive_revisions_their_diff_and_a_restore(login_as, instructor):
    client = login_as(instructor)
    case = services.case_create(author=instructor, title="Growth", body="Rate $g = \\ln(1+r)$.")
    case = services.case_update(case=case, editor=instructor, body="Rate $g = \\ln(1+r)$, about $r$ for small $r$.")
    diff = client.get(reverse("casestudies:revision", args=[case.slug, 2]))
    assert re.search(r'class="diff-remove">.*?-Rate \$g = \\ln\(1\+r\)\$\.</span>', diff.text)
    assert re.search(
        r'class="diff-add">.*?\+Rate \$g = \\ln\(1\+r\)\$, about \$r\$ for small \$r\$\.</span>', diff.text
    )
    assert not loads_math(diff.text), "the diff shows the source, not formulas"
    client.post(reverse("casestudies:restore", args=[case.slug, 1]))
    case.refresh_from_db()
    assert case.body == "Rate $g = \\ln(1+r)$."
    assert '<span class="arithmatex">\\(g = \\ln(1+r)\\)</span>' in case.body_html
