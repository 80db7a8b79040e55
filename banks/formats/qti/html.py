"""The HTML an LMS writes into QTI, as the Markdown Casebook stores, and back.

Canvas wraps even a one-word choice in ``<div><p>…</p></div>``. HTML made only of paragraphs, line
breaks and plain spans becomes plain paragraphs; anything richer (bold, lists, tables, images) is
kept as HTML, which Markdown passes through and Casebook's renderer sanitises when the question is
saved. Writing goes the other way through the case pipeline's Markdown renderer. Formulas come in from
equation images and MathML as ``\\(…\\)`` TeX (``banks.formats.qti.mathml``) and go out as that TeX,
which Canvas and Moodle typeset themselves.
"""

import html
import re
from html.parser import HTMLParser

from banks.formats.qti.mathml import equations_as_tex, mark_math, unmark_math
from casestudies.markdown import render

PLAIN_TAGS = {"p", "div", "br", "span"}
_ANCHOR = re.compile(r'<p id="p-\d+">')


class _Scan(HTMLParser):
    """Collects image sources and whether the HTML is plain (only PLAIN_TAGS, no attributes on spans)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images: list[str] = []
        self.plain = True
        self.paragraphs: list[list[str]] = [[]]

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        if tag not in PLAIN_TAGS or (tag == "span" and attrs):
            self.plain = False
        if tag in ("p", "div"):
            self.paragraphs.append([])
        elif tag == "br":
            self.paragraphs[-1].append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in ("p", "div"):
            self.paragraphs.append([])

    def handle_data(self, data):
        self.paragraphs[-1].append(data.replace("\r", " ").replace("\n", " "))  # source newlines are spaces


def scan(source: str) -> _Scan:
    parser = _Scan()
    try:
        parser.feed(source)
        parser.close()
    except (AssertionError, ValueError):  # HTMLParser on hopeless input
        parser.plain = False
    return parser


def to_markdown(source: str, texttype: str = "text/html") -> tuple[str, list[str]]:
    """A mattext's content as Casebook text, and the image sources it refers to."""
    if "html" not in texttype.lower():
        return source.strip(), []
    source = equations_as_tex(source)
    found = scan(source)
    if not found.plain:
        return _flush_left(mark_math(source)), found.images
    paragraphs = []
    for parts in found.paragraphs:
        lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs), found.images


def _flush_left(source: str) -> str:
    """Kept HTML without the exporter's indentation and blank lines, which Markdown would read as a code
    block or the end of the HTML block."""
    return "\n".join(line.strip() for line in source.strip().splitlines() if line.strip())


def to_html(markdown: str, *, inline: bool = False) -> str:
    """Casebook Markdown as the HTML Canvas shows, without the case pipeline's paragraph anchors."""
    if not markdown.strip():
        return ""
    out = unmark_math(_ANCHOR.sub("<p>", render(markdown)))
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        return out[3:-4]
    return out


def escape(text: str) -> str:
    return html.escape(text, quote=False)
