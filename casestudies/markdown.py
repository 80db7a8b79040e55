"""The one Markdown pipeline: Python-Markdown renders, nh3 sanitises with an explicit allowlist.

Used for case bodies, live previews and (later) question prompts, so everything authors write is
rendered and cleaned the same way. Pure: no database, no settings.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from casestudies import markdown_guard
from casestudies.math import MathExtension

# Our own uploads are served from here (/cases/images/<token>/ only, no "..");
# any other image source must be absolute http(s). A token is this many random bytes, URL-safe base64.
UPLOAD_PREFIX = "/cases/images/"
IMAGE_TOKEN_BYTES = 16
IMAGE_TOKEN = r"[A-Za-z0-9_-]{%d}" % -(-IMAGE_TOKEN_BYTES * 4 // 3)

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"id", "class", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
}
# Classes the pipeline itself emits: Pygments tokens, admonitions, footnotes, heading permalinks, math.
_CLASS = re.compile(
    r"^(?:[a-z]{1,3}\d?|codehilite|admonition(?:-title)?|note|tip|hint|important|warning|"
    r"caution|danger|error|attention|footnote(?:-ref|-backref)?|headerlink|toc|arithmatex)$"
)
_ID = re.compile(r"^[A-Za-z][\w:.-]{0,79}$")
_IMAGE_SRC = re.compile(r"^(?:https?://[^\s]+|" + re.escape(UPLOAD_PREFIX) + IMAGE_TOKEN + r"/)$", re.I)


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "class":
        kept = [token for token in value.split() if _CLASS.match(token)]
        return " ".join(kept) or None
    if name == "id":
        return value if _ID.match(value) else None
    if tag == "img" and name == "src":
        return value if _IMAGE_SRC.match(value) else None
    if name == "align":
        return value if value in {"left", "center", "right"} else None
    if name in {"width", "height", "colspan", "rowspan", "start"}:
        return value if value.isdigit() and len(value) < 6 else None
    return value


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


class _ParagraphAnchors(Treeprocessor):
    """Give every paragraph of the text a stable id (``p-1``, ``p-2`` …) so questions can cite it.

    Footnotes and admonition titles are not passages, and a paragraph that only wraps a stashed
    block (code, raw HTML) must stay bare so Python-Markdown can unwrap it.
    """

    def run(self, root: Element) -> None:
        number = 0
        for paragraph in self._passages(root):
            number += 1
            paragraph.set("id", f"p-{number}")

    def _passages(self, element: Element):
        for child in element:
            if child.tag == "div" and "footnote" in child.get("class", "").split():
                continue
            if child.tag == "p":
                if child.get("class") or (len(child) == 0 and HTML_PLACEHOLDER_RE.fullmatch(child.text or "")):
                    continue
                yield child
            yield from self._passages(child)


class _ParagraphAnchorExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_ParagraphAnchors(md), "paragraph_anchors", 0)


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_html: str


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "tables",
            "fenced_code",
            "codehilite",
            "footnotes",
            "toc",
            "def_list",
            "admonition",
            "sane_lists",
            MathExtension(),
            _ParagraphAnchorExtension(),
        ],
        extension_configs={
            "codehilite": {"guess_lang": False, "css_class": "codehilite"},
            "tables": {"use_align_attribute": True},
            "toc": {"permalink": "#", "permalink_title": "Link to this section", "toc_depth": "2-4"},
        },
        output_format="html",
    )


class MarkdownRefused(ValueError):
    """Text nested too deeply for the renderer even after the pre-pass; say so rather than fail later."""


_local = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown instance per thread, reset between texts: building one costs more than most renders."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown_guard.install(_markdown())
    return md.reset()


# One line of words and common punctuation, which Markdown would only wrap in a paragraph: most
# choices and many prompts. tests/casestudies/test_markdown_guard.py checks it renders as Markdown does.
_PLAIN = re.compile(r"[^\W_](?: ?(?:[^\W_]|[,;?'/%])|\.(?=[^\W_]| ))*[?.]?", re.ASCII)


@lru_cache(maxsize=4)
def render_with_toc(text: str) -> Rendered:
    """Render Markdown to sanitised HTML plus a sanitised table of contents.

    Kept for the last few texts, so validating a form and saving its text render it once.
    """
    if _PLAIN.fullmatch(text or "") and not text[: text.find(".") + 1].rstrip(".").isdigit():
        return Rendered(html=f'<p id="p-1">{text}</p>', toc_html="")
    md = _converter()
    try:
        html = md.convert(markdown_guard.neutralise(text or ""))
    except RecursionError:
        _local.md = None  # a convert stopped half-way leaves state behind
        raise MarkdownRefused(
            "This text is nested too deeply to show (lists, quotes or emphasis inside each other): simplify it."
        ) from None
    toc = md.toc if md.toc_tokens else ""  # type: ignore[attr-defined]
    return Rendered(html=sanitise(markdown_guard.restore(html)), toc_html=sanitise(markdown_guard.restore(toc)))


def render(text: str) -> str:
    """Render Markdown to sanitised HTML: the only HTML of ours that templates mark safe."""
    return render_with_toc(text).html


def sanitise(html: str) -> str:
    return _CLEANER.clean(html)
