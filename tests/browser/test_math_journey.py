"""Formulas in a real browser: a case and a quiz with math are typeset by KaTeX (visible HTML plus MathML
for screen readers), prices stay text, nothing is refused by the CSP, a page without math fetches no
math file, and the editor's live preview typesets as the author types. Screenshots (desktop and phone)
in test-artifacts/screenshots/; the bytes each page fetched for math are printed (-s shows them)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from banks.spec import Choice, QuestionSpec, QuestionType
from casestudies import services
from tests.quiz_builders import enrol, make_assignment

pytestmark = pytest.mark.django_db(transaction=True)

BODY = """## Pricing

$$\\text{a long display formula} = a_1 + a_2 + a_3 + a_4 + a_5 + a_6 + a_7 + a_8 + a_9 + a_{10} + a_{11} + a_{12}$$

A unit costs $5 to make and sells for $10, so the margin is $m = \\frac{p - c}{p} = 0.5$.

The net present value of the cash flows $C_t$ at rate $r$ is

$$NPV = \\sum_{t=0}^{T} \\frac{C_t}{(1+r)^t}$$

and a price of \\$12 with \\(\\sigma = \\sqrt{\\operatorname{Var}(X)}\\) is the risk.
"""
QUESTION = QuestionSpec(
    type=QuestionType.SINGLE_CHOICE,
    title="Margin",
    prompt="If $p = 10$ and $c = 6$, what is $m = \\frac{p-c}{p}$?",
    choices=(Choice("$0.4$", True), Choice("$\\frac{3}{5}$"), Choice("$5 a unit")),
)


def math_bytes(page, run) -> dict[str, int]:
    """What ``run`` made the page fetch for math: file name -> bytes."""
    fetched = {}

    def record(response):
        if "/vendor/katex/" in response.url or response.url.endswith("/js/math.js"):
            fetched[response.url.rsplit("/", 1)[-1]] = len(response.body())

    page.on("response", record)
    run()
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", record)
    return fetched


def typeset(page, where):
    expect(page.locator(f"{where} .arithmatex .katex").first).to_be_visible()
    assert page.locator(f"{where} .arithmatex:not([data-tex])").count() == 0, "every formula typeset"
    assert page.locator(f"{where} .katex-mathml math").count() == page.locator(f"{where} .arithmatex").count()
    text = page.locator(where).inner_text()
    assert "\\(" not in text and "\\[" not in text and "\\frac" not in text, "no raw TeX on the screen"
    assert page.locator(f"{where} .katex-error").count() == 0


def test_a_case_and_a_quiz_with_formulas_are_typeset(page, live_server, login, instructor, student, shoot_both):
    case = services.case_set_published(
        case=services.case_create(author=instructor, title="Margins and NPV", body=BODY), published=True
    )
    plain = services.case_set_published(
        case=services.case_create(author=instructor, title="No formulas", body="Costs $5 and $10."), published=True
    )
    login(student)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    fetched = math_bytes(page, lambda: page.goto(live_server.url + case.get_absolute_url()))
    typeset(page, ".case-body")
    body = page.locator(".case-body").inner_text()
    assert "costs $5 to make and sells for $10" in body and "a price of $12" in body
    assert page.locator(".case-body .katex-display").count() == 2
    print("\ncase page math files:", fetched, "total", sum(fetched.values()), "bytes")
    assert {"katex.min.js", "katex.min.css", "math.js"} <= set(fetched)
    shoot_both(page, "math-case")

    nothing = math_bytes(page, lambda: page.goto(live_server.url + plain.get_absolute_url()))
    expect(page.locator(".case-body")).to_contain_text("Costs $5 and $10.")
    assert nothing == {}, "a page without math fetches no math file"

    assignment = make_assignment(instructor=instructor, specs=[QUESTION], title="Margins")
    enrol(assignment, student)
    page.goto(live_server.url + reverse("gradebook:assignment", args=[assignment.pk]))
    page.get_by_role("button", name="Start the quiz").click()
    typeset(page, ".question-prompt")
    expect(page.get_by_label("$5 a unit")).to_be_visible()  # a price in a choice stays text
    expect(page.get_by_role("radio", name="0.4")).to_be_visible()  # a formula alone still names its choice
    page.locator(".form-check-label .katex").first.click()  # a formula in a label still picks its choice
    expect(page.locator("input[type=radio]:checked")).to_have_count(1)
    shoot_both(page, "math-quiz")
    assert errors == [], "no CSP refusal, no missing file"


def test_the_live_preview_typesets_what_the_author_types(page, live_server, login, instructor, shoot):
    login(instructor)
    page.goto(live_server.url + reverse("casestudies:create"))
    page.get_by_label("Body").fill("Growth is $g = \\ln(1 + r)$ for a $5 stock.")
    expect(page.locator("#preview .katex")).to_be_visible()
    expect(page.locator("#preview")).to_contain_text("for a $5 stock.")
    shoot(page, "math-preview")


MATH_PAYLOADS = [
    "$\\href{javascript:window.__xss=true}{a link}$",
    "$\\url{javascript:alert(1)}$",
    "$\\htmlData{onclick=alert(1)}{data}$ and $\\htmlStyle{background:url(javascript:alert(1))}{style}$",
    "$\\htmlClass{btn}{class}$ and $\\htmlId{__xss}{id}$ and $\\includegraphics{javascript:alert(1)}$",
    "$<img src=x onerror=alert(1)>$ and \\(<script>window.__xss=true</script>\\)",
    "$$</span><script>window.__xss=true</script>$$",
    '<span class="arithmatex" onclick="alert(1)">\\(\\href{javascript:alert(1)}{raw span}\\)</span>',
    "$\\def\\x{\\x\\x}\\x$ (a macro bomb)",
    "$\\rule{100000em}{100000em}$ (a huge box)",
]
INERT = """scope => [...scope.querySelectorAll('*')].flatMap(el => {
  const bad = /^(script|iframe|object|embed|img|a|style)$/i.test(el.localName) ? [el.localName] : [];
  for (const attr of el.attributes) {
    if (/^on/i.test(attr.name) || /^(href|src|action|xlink:href)$/i.test(attr.name) && /script:/i.test(attr.value)) bad.push(attr.name);
  }
  return bad;
})"""


def test_no_formula_runs_a_script_links_or_hangs_even_without_the_csp(
    new_page, live_server, login, instructor, student
):
    """KaTeX runs with trust off: \\href, \\url, \\html… and \\includegraphics render as inert text."""
    body = "\n\n".join(MATH_PAYLOADS) + "\n\nThe end."
    case = services.case_set_published(
        case=services.case_create(author=instructor, title="Math payloads", body=body), published=True
    )
    reader = login(student, new_page(bypass_csp=True))
    dialogs = []
    reader.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    reader.goto(live_server.url + case.get_absolute_url())
    scope = reader.locator("article .case-body")
    expect(scope).to_contain_text("The end.")
    expect(scope.locator(".katex").first).to_be_visible()
    assert reader.evaluate(INERT, scope.element_handle()) == []
    for formula in scope.locator(".katex").all():
        formula.click(force=True)
    reader.wait_for_timeout(300)
    assert dialogs == [] and reader.evaluate("typeof window.__xss") == "undefined"
    box = scope.locator(".katex").last.bounding_box()
    assert box["width"] < 2000 and box["height"] < 2000, "maxSize keeps a formula on the page"
