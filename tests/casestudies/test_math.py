"""Math in the Markdown pipeline: pandoc's dollar rule keeps prices as text, formulas leave as escaped TeX
in an ``arithmatex`` element for KaTeX, and nothing written inside one gets past the sanitiser.

Pure module: no database mark.
"""

import html
import re
from html.parser import HTMLParser

from hypothesis import example, given
from hypothesis import strategies as st

from casestudies.markdown import render
from casestudies.math import has_math

MATH = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)


def formulas(rendered: str) -> list[str]:
    """The TeX of every formula, unescaped as the browser hands it to KaTeX."""
    return [html.unescape(tex) for _, tex in MATH.findall(rendered)]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(rendered: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(rendered)
    return parser.tags


# --- the dollar rule -------------------------------------------------------------------------------

amounts = st.from_regex(r"\A[1-9]\d{0,5}(?:\.\d\d)?\Z", fullmatch=True)
words = st.from_regex(r"\A[a-z]{1,8}\Z", fullmatch=True)


@given(amounts, amounts, words)
@example("5", "10", "and")
def test_two_prices_in_a_sentence_stay_text(first, second, word):
    text = f"It costs ${first} {word} ${second} today."
    rendered = render(text)
    assert formulas(rendered) == [] and not has_math(rendered)
    assert f"${first} {word} ${second}" in rendered


@given(amounts)
@example("5")
def test_a_price_at_the_end_stays_text(amount):
    assert render(f"costs ${amount}") == f'<p id="p-1">costs ${amount}</p>'


@given(amounts, amounts)
def test_a_price_range_stays_text(low, high):
    assert formulas(render(f"from ${low}-${high}")) == []


tex_bodies = st.from_regex(r"\A[A-Za-z0-9+\-=^_{}()<>&*/|,.](?:[A-Za-z0-9+\-=^_{}()<>&*/|,. ]{0,20}[A-Za-z0-9+\-=^_{}()<>&*/|,.])?\Z",
                           fullmatch=True)  # fmt: skip


@given(tex_bodies)
@example("x^2")
@example("<script>alert(1)</script>")
def test_dollars_around_tex_make_one_inline_formula_of_exactly_that_tex(tex):
    rendered = render(f"Here ${tex}$ is math.")
    assert formulas(rendered) == [f"\\({tex}\\)"]
    assert [tag for tag, _ in tags(rendered)] == ["p", "span"]  # the TeX is text, whatever it says
    assert has_math(rendered)


@given(tex_bodies)
def test_every_delimiter_keeps_the_tex(tex):
    assert formulas(render(f"a \\({tex}\\) b")) == [f"\\({tex}\\)"]
    assert formulas(render(f"a $${tex}$$ b")) == [f"\\[{tex}\\]"]
    assert formulas(render(f"a \\[{tex}\\] b")) == [f"\\[{tex}\\]"]
    assert formulas(render(f"$${tex}$$")) == [f"\\[{tex}\\]"]
    assert render(f"\\[{tex}\\]").startswith('<div class="arithmatex">')


def test_the_rule_on_examples():
    cases = {
        "$x$": ["\\(x\\)"],
        "$x^2$ and $y$": ["\\(x^2\\)", "\\(y\\)"],
        "between $5 and $x$": ["\\(x\\)"],
        "$ x$ and $x $": [],  # a space inside either dollar: text
        "$x$5": [],  # a digit after the closing dollar: text
        "\\$x$ and \\$y\\$": [],  # an escaped dollar is a dollar
        "$a\\$b$": ["\\(a\\$b\\)"],  # ...and inside TeX, TeX's own dollar
        "`$x$` in code": [],
        "```\n$x$\n```": [],
        "a $$ x $$ b": ["\\[ x \\]"],  # display math may have spaces
    }
    for text, expected in cases.items():
        assert formulas(render(text)) == expected, text
    assert "$x$ and $y$" in render("\\$x$ and \\$y\\$")


def test_display_environments_and_tables_keep_their_tex():
    rendered = render("\\begin{aligned}a &= b\\\\ c &= d\\end{aligned}")
    assert formulas(rendered) == ["\\[\\begin{aligned}a &= b\\\\ c &= d\\end{aligned}\\]"]
    table = render("| price | formula |\n|---|---|\n| $5 | $p_t$ |")
    assert "<td>$5</td>" in table and formulas(table) == ["\\(p_t\\)"]


# --- the sanitiser ---------------------------------------------------------------------------------


def test_no_script_or_link_gets_through_a_formula():
    for text in (
        "$<script>alert(1)</script>$",
        "$$</span><script>alert(1)</script>$$",
        "$\\href{javascript:alert(1)}{click}$",
        "\\(<img src=x onerror=alert(1)>\\)",
        '<span class="arithmatex" onclick="alert(1)" style="color:red">\\(x\\)</span>',
        '<math><mi href="javascript:alert(1)">x</mi><maction actiontype="statusline">y</maction></math>',
        '<math xlink:href="javascript:alert(1)"><mtext onmouseover="alert(1)">x</mtext></math>',
    ):
        rendered = render(text)
        found = tags(rendered)
        assert {tag for tag, _ in found} <= {"p", "span", "div"}, text
        assert all(set(attributes) <= {"id", "class"} for _, attributes in found), text
        assert "javascript:" not in "".join(str(attributes) for _, attributes in found), text
    assert "\\href{javascript:alert(1)}{click}" in formulas(render("$\\href{javascript:alert(1)}{click}$"))[0]


def test_an_author_s_own_arithmatex_element_is_only_text_for_katex():
    rendered = render('<span class="arithmatex evil" id="x">\\(<b>x</b>\\)</span>')
    assert '<span class="arithmatex" id="x">' in rendered and "evil" not in rendered
    assert [tag for tag, _ in tags(rendered)] == ["p", "span", "span"]  # the <b> is TeX text now


def test_has_math_sees_formulas_and_the_live_preview_only():
    assert has_math(render("$x$")) and has_math('<div id="preview" data-math-preview>')
    assert not has_math(render("costs $5, **bold**")) and not has_math("arithmatex in a sentence")


HOSTILE = st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from(["<", ">", '"', "&", "\\", "$", "`"]))
ACTIVE = {"script", "style", "iframe", "object", "embed", "math", "svg", "form", "input", "link", "meta", "base"}


@given(HOSTILE, st.sampled_from(["${}$", "$${}$$", "\\({}\\)", "\\[{}\\]", "\n\n$${}$$\n\n"]))
def test_whatever_sits_between_the_delimiters_nothing_active_gets_out(text, delimiters):
    """Formula or not (a stray delimiter inside makes it Markdown again), the output stays inert."""
    for tag, attributes in tags(render(delimiters.format(text))):
        assert tag not in ACTIVE
        assert not any(name.startswith("on") or name == "style" for name in attributes)
        assert not any(
            (value or "").strip().lower().startswith(("javascript:", "data:")) for value in attributes.values()
        )
