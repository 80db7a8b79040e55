"""Math in Markdown: which dollar signs open a formula, and whether rendered HTML has any.

Formulas leave the pipeline as TeX text in ``<span class="arithmatex">\\(…\\)</span>`` (inline) or
``<div class="arithmatex">\\[…\\]</div>`` (display), typeset in the browser by KaTeX from our own static
files (static/js/math.js). The TeX stays escaped text all the way through the sanitiser, so a formula
can carry no markup, and pages whose HTML has no such element load no math script.

The dollar rule is pandoc's, so prices stay prices: a ``$`` opens inline math only when a non-space
follows it, and closes it only when a non-space precedes it and no digit follows it. "$5 and $10"
and "costs $5" are text, ``$x^2$`` is math, ``\\$`` is always a literal dollar. ``$$…$$`` is display
math, as is ``\\[…\\]``, on its own line or inside a sentence; ``\\(…\\)`` is inline math.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

from pymdownx.arithmatex import ArithmatexExtension, InlineArithmatexPattern

MATH_CLASS = "arithmatex"
# Rendered math, or an element (the case editor's live preview) whose content may gain math later.
_PAGE_MARKERS = (f'class="{MATH_CLASS}"', "data-math-preview")

# Each alternative: (an even run of backslashes before a dollar) | (opening)(TeX) + closing, the groups
# InlineArithmatexPattern reads. An escaped backslash pair is text, so the dollar after it still counts.
_ESCAPES = r"(?<!\\)((?:\\{2})+)(?=\$)"
# \x02 and \x03 delimit Python-Markdown's placeholders (a code span already read): never inside a formula.
_DOLLAR = _ESCAPES + r"|(?<![\\$])(\$)(?![\s$])((?:\\.|[^\\$\x02\x03])+?)(?<!\s)\$(?![\d$])"
_ROUND = r"(?<!\\)((?:\\{2})+?)(?=\\\()|(?<!\\)(\\\()((?:\\[^)]|[^\\\x02\x03])+?)\\\)"
_DOUBLE_DOLLAR = _ESCAPES + r"|(?<![\\$])(\$\$)((?:\\.|[^\\$\x02\x03])+?)\$\$"
_SQUARE = r"(?<!\\)((?:\\{2})+?)(?=\\\[)|(?<!\\)(\\\[)((?:\\[^\]]|[^\\\x02\x03])+?)\\\]"


class MathExtension(ArithmatexExtension):
    """Arithmatex in generic mode, with pandoc's dollar rule and display math allowed inside a sentence."""

    def __init__(self, **kwargs):
        super().__init__(generic=True, **kwargs)

    def extendMarkdown(self, md):
        super().extendMarkdown(md)  # block math, ``\$`` as an escape, and its own inline pattern, replaced:
        config = self.getConfigs()
        inline = InlineArithmatexPattern(f"(?:{_DOLLAR}|{_ROUND})", config)
        md.inlinePatterns.register(inline, "arithmatex-inline", 189.9)
        display = InlineArithmatexPattern(
            f"(?:{_DOUBLE_DOLLAR}|{_SQUARE})", {**config, "tex_inline_wrap": ["\\[", "\\]"]}
        )
        md.inlinePatterns.register(display, "arithmatex-inline-display", 189.95)


def has_math(html: str) -> bool:
    """Whether a page's HTML needs the math script: once per page, on what the templates rendered."""
    return any(marker in html for marker in _PAGE_MARKERS)
