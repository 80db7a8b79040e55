"""No text can make the Markdown pipeline crash, and the pre-pass changes only what no reader meant.

The time each render takes per KB is measured by ``make bench`` (bench/bench_markdown.py), not here:
a timed test fails on a busy machine. These tests grow adversarial inputs and assert that they render
to sanitised HTML without an exception, and that ordinary Markdown is left exactly as it was.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casestudies import markdown_guard
from casestudies.markdown import MarkdownRefused, _markdown, render, render_with_toc, sanitise
from casestudies.markdown_guard import neutralise

ORDINARY = [
    "Plain *emphasis*, **strong**, ***both***, _under_ and __double__.",
    "A [link](https://example.org) and ![a map](https://example.org/m.png) and [a ref][r].\n\n[r]: https://e.org",
    "Nested [links [can] hold brackets](https://example.org) and `code [with` unclosed * things`.",
    "A note[^1] and another[^note].\n\n[^1]: One.\n[^note]: Two.",
    "* a list\n    * nested\n        1. deeper\n\n---\n\n***\n\n___",
    "> quoted\n> > twice\n\nMath stays: $a_1 * b_2$ and \\(x\\) and $$\\sum_{i=1}^n i$$.",
    '<div class="note">raw <b>html</b> <br> <img src="https://e.org/x.png"></div> and <https://example.org>.',
    "```python\nx = [[[[  # unclosed in code\ny = '****'\n```\n\n~~~\n<b\n~~~",
    "| a | b |\n|---|---|\n| [x](https://e.org) | `|` |",
    "Fill in: ____ and a 3 < 4 comparison, x<y, and *a*b*c*.",
]


def bare_render(text: str) -> str:
    """What Python-Markdown and nh3 make of the text without the guard."""
    return sanitise(_markdown().convert(text))


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_markdown_renders_exactly_as_without_the_guard(text):
    assert render(text) == bare_render(text)


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("[" * 50 + "x", "[" * 50 + "x"),
        ("*" * 40 + "x" + "*" * 40, "*" * 40 + "x" + "*" * 40),
        ("[a](" * 5 + "end", "[a](" * 5 + "end"),
        ("<b" * 5, "&lt;b" * 5),
    ],
)
def test_pathological_runs_render_as_the_literal_text_they_are(text, literal):
    assert literal in render(text)


def test_math_keeps_its_brackets_and_comparisons_for_the_math_extension():
    text = "The interval $[0, 1)$ holds $a<b$, and $$[x, y) < z$$ too; but [ outside is text."
    assert neutralise(text) == "The interval $[0, 1)$ holds $a<b$, and $$[x, y) < z$$ too; but \ue000 outside is text."


def test_unclosed_math_openers_are_text_and_closed_ones_stay_math():
    html = render(r"Inline \(x^2\) and display \[y\], then an open \[ here and \( there")
    assert html.count('class="arithmatex"') == 2
    assert r"an open \[ here and \( there" in html


def test_math_is_spared_only_up_to_a_budget():
    text = " ".join(["$[0, 1)$"] * (markdown_guard.MAX_MATH_KEPT + 5))
    assert neutralise(text).count("$\ue000") == 5


def test_code_is_never_escaped():
    text = "`" + "[" * 50 + "`\n\n```\n" + "*" * 50 + "\n```"
    assert neutralise(text) == text
    assert "[" * 50 in render(text) and "*" * 50 in render(text)


def test_an_unclosed_fence_does_not_hide_what_follows_from_the_pre_pass():
    assert neutralise("```\n" + "[" * 20) == "```\n" + "\ue000" * 20


def test_deep_brackets_keep_the_outer_eight_levels_and_escape_those_inside():
    text = "[" * 12 + "x" + "]" * 12
    assert neutralise(text) == "[" * 8 + "\ue000" * 4 + "x" + "\ue001" * 4 + "]" * 8


def test_footnote_references_beyond_the_limits_become_text():
    same = " ".join(["[^a]"] * 30) + "\n\n[^a]: The note."
    html = render(same)
    assert html.count('class="footnote-ref"') == markdown_guard.MAX_REFS_PER_FOOTNOTE
    assert "[^a]" in html


def test_a_long_paragraph_is_rendered_in_pieces_that_read_the_same():
    words = "*Many* " + " ".join(f"word{n}" for n in range(5000))
    html = render(words)
    assert html.count("<span>") >= 2
    assert re.sub("</?span>", "", html) == bare_render(words)


def test_the_issues_inputs_render_without_an_error():
    for text in ["*" * 30000 + "x" + "*" * 30000, "[" * 20000, "[" * 5000 + "x" + "]" * 5000, "* " * 30000 + "x"]:
        assert render_with_toc(text).html.startswith("<")


def test_nesting_the_pre_pass_cannot_see_is_refused_with_a_message(monkeypatch):
    monkeypatch.setattr(markdown_guard, "MAX_LIST_NESTING", 10_000)
    text = "* " * 20000 + "x"
    with pytest.raises(MarkdownRefused, match="nested too deeply"):
        render_with_toc.__wrapped__(text)
    assert render("*still* works") == '<p id="p-1"><em>still</em> works</p>'  # the converter was rebuilt


SYNTAX = st.sampled_from(
    [
        "[",
        "]",
        "(",
        ")",
        "[^1]",
        "[^a]: n\n",
        "*",
        "_",
        "**",
        "`",
        "```\n",
        "<b>",
        "</b>",
        "<div>",
        "<a",
        ">",
        "\\",
        "$",
        "$$",
        "\\(",
        "\\)",
        "\\[",
        "\\]",
        "\n",
        "\n\n",
        "- ",
        "1. ",
        "> ",
        "    ",
        "!",
        "&",
        "x",
        " ",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(SYNTAX, max_size=300))
def test_any_mix_of_markdown_syntax_renders_without_an_exception(tokens):
    assert isinstance(render("".join(tokens)), str)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["[", "[a](", "*", "_", "<b", "<div>", "* ", "> ", "[^x] ", "*_", "\\(a ", "\\[a ", "$a "]),
    st.integers(min_value=100, max_value=20_000),
    st.sampled_from(["", "x", "]", ")", "*", "</div>"]),
)
def test_grown_runs_of_openers_render_without_an_exception(opener, count, closer):
    text = opener * count + "x" + closer * count
    assert isinstance(render(text), str)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=3000))
def test_many_footnotes_render_without_an_exception(count):
    text = " ".join(f"[^{n}]" for n in range(count)) + "\n\n" + "\n".join(f"[^{n}]: note {n}" for n in range(count))
    assert render(text).count('class="footnote-ref"') == min(count, markdown_guard.MAX_FOOTNOTE_REFS)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZ09 ,;?'/%._*-#>\n\t", max_size=40))
def test_plain_lines_skip_the_library_and_render_exactly_as_it_would(text):
    assert render_with_toc.__wrapped__(text).html == bare_render(text)


def test_a_plain_line_is_not_rendered_by_the_library(monkeypatch):
    monkeypatch.setattr(markdown_guard, "neutralise", None)  # would raise if called
    assert (
        render_with_toc.__wrapped__("What share of wages does the state take, in 2.5 words?").html
        == '<p id="p-1">What share of wages does the state take, in 2.5 words?</p>'
    )


def test_escaped_brackets_and_the_characters_that_stand_in_for_them_render_as_written():
    """Escaped brackets travel through Markdown as private-use characters; a text holding those characters
    already keeps them, and the brackets come out as brackets."""
    assert render("[" * 10 + "x \ue000 y \ue001") == '<p id="p-1">' + "[" * 10 + "x \ue000 y \ue001</p>"
