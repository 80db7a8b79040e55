"""Fifty-one XSS payloads in a case body: nothing may run for a reader or in the instructor's live preview.

The sanitiser is the first line of defence and the CSP the second, so every page is opened twice:
with the CSP enforced (what users get) and with it bypassed (the sanitiser alone must hold). CSP
violations the browser reports are recorded in test-artifacts/xss-csp-report-*.txt, not failed on.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from casestudies import services
from tests.browser.conftest import ARTIFACTS

A = "alert(1)"
F = "window.__xss=true"
T = "document.title='XSS'"
PAYLOADS = [
    # Markdown links and images with javascript:, vbscript: and data: URLs
    f"[markdown javascript link](javascript:{A})",
    f"[mixed case link](JaVaScRiPt:{F})",
    f"[entity link](&#106;avascript:{A})",
    f"[tab-split link](java&#x09;script:{A})",
    f"[spaced link]( javascript:{T})",
    f"![markdown javascript image](javascript:{A})",
    "![data svg image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    f'[title break](https://example.com/ "x\\" onmouseover=\\"{F}")',
    f"<javascript:{A}>",
    f"[footnote payload][^x]\n\n[^x]: <img src=x onerror={A}> footnote",
    f"| table | cell |\n|---|---|\n| <img src=x onerror={F}> | [x](javascript:{A}) |",
    # script elements, in every spelling
    f"<script>{A}</script>",
    f"<SCRIPT>{F}</SCRIPT>",
    f"<ScRiPt src=/static/js/casebook.js>{T}</sCrIpT>",
    # event handlers
    f'<img src="/cases/images/999/" onerror="{F}">',
    f"<img src=x onerror={A}>",
    f'<p onmouseover="{T}">hover over this paragraph</p>',
    f'<a href="#p-1" onclick="{F}">a link with onclick</a>',
    f"<details open ontoggle={A}><summary>details</summary></details>",
    f"<input autofocus onfocus={A}>",
    f"<video><source onerror={F}></video>",
    f"<audio src=x onerror={A}></audio>",
    f'<div class="note" title="x" onpointerenter="{F}">div with onpointerenter</div>',
    f'<a href="https://example.com/" onmouseover="{F}">an http link with a handler</a>',
    # javascript:, vbscript: and data: URLs in raw HTML, plain and encoded
    f'<a href="javascript:{T}">raw javascript link</a>',
    f'<a href="  JaVaScRiPt:{F}">leading spaces</a>',
    f'<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;{A}">hex entities</a>',
    f'<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058{A}">padded entities</a>',
    '<a href="vbscript:msgbox(1)">vbscript link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>',
    # SVG and MathML
    f"<svg onload={A}></svg>",
    f"<svg><script>{F}</script></svg>",
    f'<svg><a xlink:href="javascript:{A}"><text x="20" y="20">svg link</text></a></svg>',
    f"<svg><animate onbegin={A} attributeName=x dur=1s /></svg>",
    f'<math href="javascript:{A}">math link</math>',
    # frames, plugins, styles, metadata, forms
    f'<iframe src="javascript:{A}"></iframe>',
    f'<iframe srcdoc="<script>parent.{F}</script>"></iframe>',
    f'<object data="javascript:{A}"></object>',
    f'<embed src="javascript:{A}">',
    f"<style>@import 'javascript:{A}'; body {{ background: red }}</style>",
    f'<div style="background:url(javascript:{A})">inline style</div>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{A}">',
    f'<base href="javascript:{A}//">',
    f'<form action="javascript:{A}"><button formaction="javascript:{F}">form button</button></form>',
    # DOM clobbering of the very global the test checks
    '<span id="__xss">clobber by id</span> <a name="__xss">clobber by name</a>',
    # broken, nested and mutation markup last: an unclosed tag may swallow what follows
    f"<scr<script>ipt>{A}</scr</script>ipt>",
    f'<img """><script>{F}</script>">',
    f"<<script>{A}//<</script>",
    f'<noscript><p title="</noscript><img src=x onerror={A}>"></noscript>',
    f"<math><mtext><table><mglyph><style><img src=x onerror={F}></style></mglyph></table></mtext></math>",
    f"<body onload={A}>",
]
BODY = "## Payloads\n\n" + "\n\n".join(PAYLOADS) + "\n\nThe end of the payloads.\n"
SAFE_HREF = ("http://", "https://", "#")

# Anything executable the sanitiser must have removed from the rendered case body.
FIND_LEFTOVERS = """scope => [...scope.querySelectorAll('*')].flatMap(el => {
  const bad = [];
  if (/^(script|iframe|object|embed|svg|math|style|form|input|button|base|meta|link|video|audio|details)$/i
      .test(el.localName)) bad.push(el.localName);
  for (const attr of el.attributes) {
    if (/^on/i.test(attr.name) || attr.name === 'style' || attr.name === 'srcdoc'
        || (/^(href|src|action|formaction|data|xlink:href)$/i.test(attr.name)
            && !/^(https?:|#|\\/cases\\/images\\/)/i.test(attr.value.trim()))) {
      bad.push(`${el.localName}[${attr.name}=${attr.value}]`);
    }
  }
  return bad;
})"""

# Real hovers on links, images and paragraphs above; this fires every pointer event on every element.
POINT_AT_EVERYTHING = """scope => scope.querySelectorAll('*').forEach(el => {
  for (const type of ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'mousemove', 'mouseout']) {
    el.dispatchEvent(new MouseEvent(type, {bubbles: true}));
  }
  el.dispatchEvent(new FocusEvent('focus'));
})"""

RECORD_CSP = """window.addEventListener('securitypolicyviolation', e =>
  console.warn(`CSP blocked ${e.effectiveDirective}: ${e.blockedURI || 'inline'} ${e.sample || ''}`));"""


def _watch(page, report):
    """Record dialogs and CSP reports for this page; nothing is ever confirmed."""
    dialogs = []

    def on_console(message):
        if "Content Security Policy" in message.text or "CSP blocked" in message.text:
            report.append(f"{page.url} {message.text}")

    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", on_console)
    page.add_init_script(RECORD_CSP)
    return dialogs


def _provoke_and_check(page, scope, dialogs, title):
    """Click every non-http(s), non-fragment link, point at every element, then look for any effect."""
    expect(scope).to_contain_text("The end of the payloads.")
    assert page.evaluate(FIND_LEFTOVERS, scope.element_handle()) == []
    url = page.url
    for link in scope.locator("a:visible").all():
        if not (link.get_attribute("href") or "").startswith(SAFE_HREF):
            link.click()
            assert page.url.split("#")[0] == url.split("#")[0], f"a payload link led to {page.url}"
    for element in scope.locator("a:visible, img:visible, p:visible").all():
        element.hover(force=True)
    page.evaluate(POINT_AT_EVERYTHING, scope.element_handle())
    page.wait_for_load_state("networkidle")
    # A payload may run late (a timer, an SVG animation): absence can only be checked after a wait.
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.title() == title


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("csp", ["enforced", "bypassed"])
def test_no_payload_runs_for_a_reader_or_in_the_live_preview(
    csp, new_page, live_server, login, instructor, student
):
    case = services.case_create(author=instructor, title="XSS gallery", summary="Hostile input.", body=BODY)
    services.case_set_published(case=case, published=True)
    title = "XSS gallery · Casebook"
    report = []

    reader = login(student, new_page(bypass_csp=csp == "bypassed"))
    dialogs = _watch(reader, report)
    reader.goto(live_server.url + case.get_absolute_url())
    _provoke_and_check(reader, reader.locator("article .case-body"), dialogs, title)

    editor = login(instructor, new_page(bypass_csp=csp == "bypassed"))
    dialogs = _watch(editor, report)
    editor.goto(live_server.url + reverse("casestudies:edit", args=[case.slug]))
    expect(editor.get_by_label("Body (Markdown)")).to_have_value(BODY)
    _provoke_and_check(editor, editor.locator("#preview"), dialogs, "Edit XSS gallery · Casebook")

    editor.get_by_label("Body (Markdown)").fill(BODY + "\nPreview refreshed.\n")  # the htmx live preview
    expect(editor.locator("#preview")).to_contain_text("Preview refreshed.")
    _provoke_and_check(editor, editor.locator("#preview"), dialogs, "Edit XSS gallery · Casebook")

    ARTIFACTS.parent.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS.parent / f"xss-csp-report-{csp}.txt").write_text("".join(f"{line}\n" for line in report))
