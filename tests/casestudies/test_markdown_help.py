"""The Markdown help beside the case editor says only what the renderer does: every example it shows is
rendered here by casestudies.markdown and must come out as the help describes."""

import html
import re

import pytest
from django.urls import reverse

from casestudies.markdown import render, render_with_toc


@pytest.fixture
def help_page(instructor_client):
    response = instructor_client.get(reverse("casestudies:create"))
    assert response.status_code == 200
    return response.text


def examples(page) -> dict[str, str]:
    found = re.findall(r'<pre class="markdown-example" data-example="(\w+)"><code>(.*?)</code></pre>', page, re.S)
    return {name: html.unescape(text) for name, text in found}


def test_the_editor_has_a_button_that_opens_the_help_beside_it(help_page, instructor_client, case):
    assert 'data-bs-toggle="offcanvas" data-bs-target="#markdown-help" aria-controls="markdown-help"' in help_page
    assert '<aside class="offcanvas offcanvas-end markdown-help" id="markdown-help"' in help_page
    assert 'aria-labelledby="markdown-help-title"' in help_page and 'data-bs-backdrop="false"' in help_page
    assert 'id="markdown-help"' in instructor_client.get(reverse("casestudies:edit", args=[case.slug])).text


def test_students_never_reach_the_editor_or_its_help(student_client):
    assert student_client.get(reverse("casestudies:create")).status_code == 403


def test_every_kind_of_example_is_there(help_page):
    assert set(examples(help_page)) == {"headings", "lists", "table", "footnotes", "admonition", "citation", "more",
                                           "math"}


def test_headings_make_the_contents_and_link_to_themselves(help_page):
    rendered = render_with_toc(examples(help_page)["headings"])
    assert '<h2 id="background">' in rendered.html and 'class="headerlink" href="#background"' in rendered.html
    assert 'href="#the-2016-sanctions"' in rendered.toc_html
    assert "<em>italic</em>" in rendered.html and "<strong>bold</strong>" in rendered.html
    assert '<a href="https://www.un.org/"' in rendered.html
    assert "<a " in render("[x](javascript:alert(1))") and "javascript" not in render("[x](javascript:alert(1))")


def test_lists_tables_and_alignment(help_page):
    lists = render(examples(help_page)["lists"])
    assert "<ul>" in lists and "<ol>" in lists
    table = render(examples(help_page)["table"])
    assert '<th align="left">Year</th>' in table and '<td align="right">$2.8 bn</td>' in table


def test_footnotes_gather_at_the_end_linked_both_ways(help_page):
    rendered = render(examples(help_page)["footnotes"])
    assert 'class="footnote-ref" href="#fn:panel"' in rendered and 'class="footnote-backref"' in rendered
    assert rendered.index('<div class="footnote">') > rendered.index("Bureau 39 runs it.")


def test_admonitions_of_every_kind_named_keep_their_box(help_page):
    rendered = render(examples(help_page)["admonition"])
    assert '<div class="admonition note">' in rendered and '<p class="admonition-title">Why it matters</p>' in rendered
    named = re.search(r"Instead of <code>note</code>: (.*?) Without a title", help_page, re.S).group(1)
    kinds = re.findall(r"<code>(\w+)</code>", named)
    assert len(kinds) == 8
    for kind in kinds:
        boxed = render(f"!!! {kind}\n    Text.")
        assert f'<div class="admonition {kind}">' in boxed
        assert f'<p class="admonition-title">{kind.capitalize()}</p>' in boxed  # the kind is the title


def test_paragraphs_are_numbered_in_order_without_the_footnotes_and_can_be_linked(help_page):
    rendered = render("First.\n\n" + examples(help_page)["citation"] + "\n\nThird.[^1]\n\n[^1]: A note.")
    assert re.findall(r'<p id="(p-\d+)">', rendered) == ["p-1", "p-2", "p-3"]
    assert '<a href="#p-2"' in rendered


def test_terms_code_and_images(help_page):
    rendered = render(examples(help_page)["more"])
    assert "<dl>" in rendered and "<dt>Bureau 39</dt>" in rendered
    assert '<div class="codehilite">' in rendered
    assert '<img alt="A map of the border" src="https://example.org/map.png">' in rendered
    assert "src=" not in render("![x](ftp://example.org/a.png)")


def test_the_html_named_is_kept_and_the_rest_removed(help_page):
    named = re.search(r"A little HTML</h3>\s*<p>(.*?) are kept", help_page, re.S).group(1)
    tags = re.findall(r"<code>&lt;(\w+)&gt;</code>", named)
    assert tags == ["mark", "sub", "sup", "kbd", "abbr", "del", "ins"]
    for tag in tags:
        assert f"<{tag}>x</{tag}>" in render(f"a <{tag}>x</{tag}> b")
    assert "~~old~~" in render("~~old~~")
    assert "<script" not in render("<script>alert(1)</script>") and "onclick" not in render("<b onclick='x'>b</b>")


def test_formulas_are_math_and_the_prices_beside_them_stay_text(help_page):
    rendered = render(examples(help_page)["math"])
    assert '<span class="arithmatex">\\(m = (p - c)/p\\)</span>' in rendered
    assert '<div class="arithmatex">\\[NPV = \\sum_{t=0}^{T} \\frac{C_t}{(1+r)^t}\\]</div>' in rendered
    assert "It costs $5 and $10 wholesale; $x is a dollar too." in rendered
    assert "“$5 and $10” and “costs $5” are text" in help_page
