"""The one Markdown pipeline: whatever an author types, readers get no script, and the features work.

Pure module: no database mark, so pytest-django refuses any query these tests might make by accident.
The output is parsed with the standard library's HTMLParser (html5lib is not installed); ammonia
re-serialises its output, so what HTMLParser sees is what a browser sees.
"""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casestudies.markdown import render, render_with_toc

FORBIDDEN_TAGS = {
    "script", "style", "iframe", "object", "embed", "svg", "math", "form", "base", "meta", "link",
    "input", "template", "button", "textarea", "select", "noscript", "frame", "frameset", "applet",
    "audio", "video", "source", "details", "animate", "set", "use", "image", "mglyph", "xmp", "plaintext",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "background", "data",
    "codebase", "cite", "lowsrc", "dynsrc", "ping",
}  # fmt: skip
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
# What a browser's URL parser ignores: tab and newlines anywhere, C0 controls and spaces at the ends.
_URL_IGNORED_ANYWHERE = re.compile(r"[\t\n\r]")
_URL_IGNORED_AT_ENDS = "".join(map(chr, range(0x21)))


class _Elements(HTMLParser):
    """Collects (tag, {attribute: value}) pairs; HTMLParser has already unescaped the values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def _browser_url(value: str) -> str:
    return _URL_IGNORED_ANYWHERE.sub("", value).strip(_URL_IGNORED_AT_ENDS).lower()


def dangers(html: str) -> list[str]:
    """Everything in rendered HTML that could run script, load active content or restyle the page."""
    found = []
    if re.search(r"<\s*/?\s*script", html, re.I):
        found.append("a literal <script in the markup")
    for tag, attrs in parse(html).elements:
        if tag in FORBIDDEN_TAGS:
            found.append(f"<{tag}> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}> event handler")
            if name == "style":
                found.append(f"<{tag} style> attribute")
            if name in URL_ATTRIBUTES and _browser_url(value).startswith(BAD_SCHEMES):
                found.append(f"<{tag} {name}={value!r}> dangerous URL")
    return found


XSS_VECTORS = {
    # Script tags, however spelled.
    "script tag": "<script>alert(1)</script>",
    "mixed-case script tag": "<ScRiPt>alert(1)</sCrIpT>",
    "nested broken script tag": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "script with src": '<script src="https://evil.example/x.js"></script>',
    "script inside a paragraph": "Hello <script>alert(document.cookie)</script> world",
    # Event handlers.
    "img onerror": "<img src=x onerror=alert(1)>",
    "svg onload": "<svg onload=alert(1)>",
    "body onload": "<body onload=alert(1)>",
    "div onmouseover": '<div onmouseover="alert(1)">hover me</div>',
    "a onclick": '<a href="https://example.com" onclick="alert(1)">x</a>',
    "input onfocus autofocus": "<input onfocus=alert(1) autofocus>",
    "details ontoggle": "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "video source onerror": "<video><source onerror=alert(1)></video>",
    "unknown tag onclick": "<x onclick=alert(1)>click</x>",
    "img src eval": "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    # javascript:, vbscript: and data: URLs in every Markdown link form.
    "markdown link javascript": "[x](javascript:alert(1))",
    "markdown link mixed case": "[x](JaVaScRiPt:alert(1))",
    "markdown link entity encoded": "[x](&#106;avascript:alert(1))",
    "markdown link hex entity": "[x](&#x6A;avascript:alert(1))",
    "markdown link tab obfuscated": "[x](java\tscript:alert(1))",
    "markdown link newline entity": "[x](java&#10;script:alert(1))",
    "markdown link leading space": "[x]( javascript:alert(1))",
    "markdown link vbscript": "[x](vbscript:msgbox(1))",
    "markdown link data html": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "reference link javascript": "[x][evil]\n\n[evil]: javascript:alert(1)",
    "reference link with title": '[x][evil]\n\n[evil]: JAVASCRIPT:alert(1) "title"',
    "autolink javascript": "<javascript:alert(1)>",
    "raw a href javascript": '<a href="javascript:alert(1)">x</a>',
    "raw a href hex entities": '<a href="&#x6A;avascript:alert(1)">x</a>',
    "raw a href tab entity": '<a href="java&#x09;script:alert(1)">x</a>',
    "raw a href leading control char": '<a href="&#1;javascript:alert(1)">x</a>',
    "raw a href data": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "markdown image javascript": "![x](javascript:alert(1))",
    "markdown image data svg": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "raw img data src": '<img src="data:image/png;base64,iVBORw0KGgo=">',
    # SVG and MathML payloads.
    "svg script": "<svg><script>alert(1)</script></svg>",
    "svg animate onbegin": "<svg><animate onbegin=alert(1) attributeName=x dur=1s></svg>",
    "svg a xlink href": '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "svg use data": '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>',
    "mathml mutation": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "mathml href": '<math href="javascript:alert(1)">click</math>',
    # Styles.
    "style tag expression": "<style>body { width: expression(alert(1)); }</style>",
    "style tag import": '<style>@import "https://evil.example/x.css";</style>',
    "style attribute url": '<div style="background:url(javascript:alert(1))">x</div>',
    "style attribute expression": '<p style="width: expression(alert(1))">x</p>',
    # Frames, plugins, forms and document-level tags.
    "iframe src": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object data": '<object data="javascript:alert(1)"></object>',
    "embed src": '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "form action": '<form action="javascript:alert(1)"><button>go</button></form>',
    "button formaction": '<form><button formaction="javascript:alert(1)">go</button></form>',
    "base href": '<base href="https://evil.example/">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "link stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "template script": "<template><script>alert(1)</script></template>",
    # Parser confusion.
    "html comment hiding script": "<!--<script>alert(1)</script>-->",
    "comment breakout": "<!-- --!><script>alert(1)</script> -->",
    "noscript title breakout": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "attribute breakout": '<a title=""><script>alert(1)</script>">x</a>',
    "markdown title breakout": '[x](https://example.com "\\"><script>alert(1)</script>")',
    "image alt breakout": '![x"><script>alert(1)</script>](https://example.com/a.png)',
    "html block in fenced code": "```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```",
    "html in inline code": "`<script>alert(1)</script>`",
    "html inside admonition": '!!! note "x"\n    <img src=x onerror=alert(1)>',
    "html inside footnote": "x[^1]\n\n[^1]: <script>alert(1)</script>",
    "html inside table cell": "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
}


def test_the_corpus_is_large_enough_to_mean_something():
    assert len(XSS_VECTORS) >= 40
    assert len(set(XSS_VECTORS.values())) == len(XSS_VECTORS), "two vectors are the same text"


@pytest.mark.parametrize("text", XSS_VECTORS.values(), ids=XSS_VECTORS.keys())
def test_no_vector_survives_rendering(text):
    html = render(text)
    assert dangers(html) == [], f"{text!r} rendered to {html!r}"


@pytest.mark.parametrize("text", XSS_VECTORS.values(), ids=XSS_VECTORS.keys())
def test_no_vector_survives_in_the_table_of_contents(text):
    rendered = render_with_toc(f"## {text}\n\n### Section\n\ntext")
    assert dangers(rendered.toc_html) == [], rendered.toc_html
    assert dangers(rendered.html) == [], rendered.html


def test_the_checker_itself_catches_each_kind_of_danger():
    """Guards the guard: if `dangers` stopped seeing something, every test above would pass vacuously."""
    assert dangers("<script>x</script>")
    assert dangers("<svg></svg>")
    assert dangers('<img src="x" onerror="y">')
    assert dangers('<p style="color:red">x</p>')
    assert dangers('<a href=" &#x6A;ava&#9;script:x">x</a>')
    assert dangers('<img src="DATA:image/png;base64,x">')
    assert dangers('<a href="\x01javascript:x">x</a>')
    assert not dangers('<p id="p-1"><a href="https://example.com/javascript:">x</a></p>')


def test_html_in_fenced_code_is_shown_as_escaped_text():
    html = render("```html\n<script>alert(1)</script>\n```")
    assert "&lt;" in html and "&lt;/" in html
    assert "script" in "".join(parse(html).text)
    assert "<script" not in html.lower()


def test_html_in_inline_code_is_shown_as_escaped_text():
    html = render("Type `<b>bold</b>` to embolden.")
    assert "<code>&lt;b&gt;bold&lt;/b&gt;</code>" in html


def test_html_comments_are_dropped():
    assert "<!--" not in render("before <!-- a secret note --> after")


# What authors are meant to be able to use.


def test_tables_render():
    html = render("| Feature | Value |\n|---|---|\n| Workers | 50,000 |")
    tags = [tag for tag, _ in parse(html).elements]
    assert {"table", "thead", "tbody", "tr", "th", "td"} <= set(tags)
    assert "<th>Feature</th>" in html and "<td>50,000</td>" in html


def test_footnotes_link_both_ways():
    html = render("A claim.[^pay]\n\n[^pay]: The report.")
    elements = parse(html).elements
    assert ("a", {"class": "footnote-ref", "href": "#fn:pay", "rel": "noopener noreferrer nofollow"}) in elements
    assert any(tag == "li" and attrs.get("id") == "fn:pay" for tag, attrs in elements)
    assert any(tag == "a" and attrs.get("href") == "#fnref:pay" for tag, attrs in elements)
    assert any(tag == "div" and attrs.get("class") == "footnote" for tag, attrs in elements)


def test_headings_get_anchors_and_a_table_of_contents():
    rendered = render_with_toc("## Background\n\ntext\n\n### The money\n\nmore")
    assert '<h2 id="background">Background' in rendered.html
    assert 'class="headerlink" href="#background"' in rendered.html
    toc = parse(rendered.toc_html).elements
    assert ("div", {"class": "toc"}) in toc
    assert [attrs["href"] for tag, attrs in toc if tag == "a"] == ["#background", "#the-money"]


def test_text_without_headings_has_no_table_of_contents():
    assert render_with_toc("Just a paragraph.").toc_html == ""


def test_definition_lists_render():
    html = render("Sanctions\n:   Penalties one state imposes on another.")
    assert "<dl>" in html and "<dt>Sanctions</dt>" in html and "<dd>Penalties" in html


def test_admonitions_render_with_their_classes():
    html = render('!!! warning "Careful"\n    Sources disagree.')
    assert ("div", {"class": "admonition warning"}) in parse(html).elements
    assert '<p class="admonition-title">Careful</p>' in html


def test_fenced_code_is_highlighted():
    html = render("```python\ndef pay(worker):\n    return 0\n```")
    elements = parse(html).elements
    assert ("div", {"class": "codehilite"}) in elements
    assert ("span", {"class": "k"}) in elements, "Pygments token classes were stripped"


def test_paragraphs_are_numbered_in_reading_order():
    html = render("First.\n\nSecond.\n\n- a list item\n\nThird.")
    ids = [attrs["id"] for tag, attrs in parse(html).elements if tag == "p" and "id" in attrs]
    assert ids == ["p-1", "p-2", "p-3"]
    assert '<p id="p-3">Third.</p>' in html


def test_paragraph_anchors_are_stable_when_text_is_added_at_the_end():
    before = render("First.\n\nSecond.")
    after = render("First.\n\nSecond.\n\nA new third paragraph.")
    assert after.startswith(before)
    assert render("First.\n\nSecond.") == before


def test_footnotes_and_admonition_titles_are_not_numbered_passages():
    html = render('Claim.[^1]\n\n!!! note "Title"\n    Body.\n\n[^1]: The footnote text.')
    paragraphs = [attrs for tag, attrs in parse(html).elements if tag == "p"]
    assert [p.get("id") for p in paragraphs if "id" in p] == ["p-1", "p-2"]
    assert '<p class="admonition-title">Title</p>' in html
    assert '<p id="p-2">Body.</p>' in html
    assert re.search(r'<li id="fn:1">\s*<p>The footnote text', html), html


def test_links_are_rel_noopener_noreferrer_nofollow():
    html = render("[UN report](https://example.org/report) and <a href='https://example.org/x'>raw</a>")
    links = [attrs for tag, attrs in parse(html).elements if tag == "a"]
    assert len(links) == 2
    assert all(link["rel"] == "noopener noreferrer nofollow" for link in links)
    assert [link["href"] for link in links] == ["https://example.org/report", "https://example.org/x"]


@pytest.mark.parametrize(
    "src",
    ["https://example.org/map.png", "http://example.org/map.png", "/cases/images/sW6q0pQmJ3x-Kd_9Ryt2eA/"],
)
def test_images_from_the_web_and_our_uploads_keep_their_source(src):
    html = render(f"![A map]({src})")
    assert ("img", {"alt": "A map", "src": src}) in parse(html).elements


@pytest.mark.parametrize(
    "src",
    [
        "/static/secret.png",
        "//evil.example/x.png",
        "relative/picture.png",
        "/cases/images/../../accounts/logout/",
        "/cases/images/12/../../../admin/",
        "/cases/images/12/",
        "/cases/images/sW6q0pQmJ3x-Kd_9Ryt2eA/../../admin/",
        "/cases/images/sW6q0pQmJ3x-Kd_9Ryt2eAx/",
        "ftp://example.org/map.png",
        "file:///etc/passwd",
    ],
)
def test_images_from_anywhere_else_lose_their_source(src):
    html = render(f"![A map]({src})")
    images = [attrs for tag, attrs in parse(html).elements if tag == "img"]
    assert images == [{"alt": "A map"}], html


_HTMLISH = st.lists(
    st.sampled_from(
        ["<", ">", "</", "/>", "script", "ScRiPt", "img", "svg", " ", "\n", "\t", "=", '"', "'", "on",
         "error", "javascript:", "&#106;", "&lt;", "[", "]", "(", ")", "!", "`", "```", "<!--", "-->",
         "alert(1)", "x", "|", "---", "#", "!!! note", "    ", "[^1]", ":"]
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_renders_without_error_or_script(text):
    html = render(text)
    assert "<script" not in html.lower()


@settings(max_examples=300, deadline=None)
@given(_HTMLISH)
def test_arbitrary_html_like_text_renders_without_any_danger(text):
    html = render(text)
    assert dangers(html) == [], f"{text!r} rendered to {html!r}"
