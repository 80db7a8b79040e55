"""A bank with formulas keeps its TeX through every format: written and read back by text2qti, GIFT, QTI
and case packs; read from what each tool itself writes (text2qti's ``$…$``, GIFT's escaped TeX, Canvas
equation images, MathML); and prices and numeric answers stay as they were.

Pure modules: no database mark.
"""

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from banks.formats import casepack, gift, qti, text2qti
from banks.formats.base import ParsedBank
from banks.formats.qti import html
from banks.spec import Choice, NumericAnswer, QuestionSpec
from banks.spec import QuestionType as T
from casestudies.markdown import render
from tests.banks.formats.test_qti import item21, manifest, zipped

MARGIN = QuestionSpec(
    type=T.SINGLE_CHOICE,
    title="Margin",
    prompt="If $p = 10$ and $c = 6$, what is $m = \\frac{p-c}{p}$?\n\n$$m = 1 - \\frac{c}{p}$$",
    choices=(
        Choice("$0.4$", True, feedback="Right: $\\frac{4}{10}$"),
        Choice("\\(0.6\\)", feedback="That is $\\frac{c}{p}$; it costs $5 and sells for $10."),
    ),
    general_feedback="The set \\{x : x > 0\\} and \\[a^2 + b^2 = c^2\\]",
)
PRICE = QuestionSpec(
    type=T.NUMERIC,
    title="Price",
    prompt="A widget costs $5 and a gadget $10. What is $5 \\times 3$ in dollars?",
    numeric=(NumericAnswer(value=Decimal("15")),),
)
BANK = ParsedBank(title="Formulas", questions=[MARGIN, PRICE])


def texts(spec: QuestionSpec) -> tuple:
    return (spec.prompt, spec.general_feedback, [(c.text, c.feedback) for c in spec.choices], spec.numeric)


@pytest.mark.parametrize("fmt", [text2qti, gift, qti], ids=["text2qti", "gift", "qti"])
def test_writing_then_reading_keeps_every_formula_and_price(fmt):
    written, skipped = fmt.dump(BANK)
    again = fmt.parse(written)
    assert skipped == [] and again.ok, again.errors
    assert [texts(q) for q in again.questions] == [texts(MARGIN), texts(PRICE)]


def test_a_case_pack_keeps_the_formulas_of_its_case_and_its_questions():
    case = {"title": "Pricing", "summary": "", "tags": [], "body": "Margin $m = (p-c)/p$ on a $5 item.\n\n$$NPV$$"}
    written, _ = casepack.dump(case, BANK)
    pack = casepack.parse(written)
    assert pack.ok and pack.case["body"] == case["body"]
    assert [texts(q) for q in pack.bank.questions] == [texts(MARGIN), texts(PRICE)]


TEX = st.from_regex(r"\A[a-z](?:[a-z0-9+\-^_ ]{0,12}[a-z0-9])?(?:\\frac\{[a-z]\}\{[0-9]\})?\Z", fullmatch=True)


@given(TEX)
@settings(max_examples=60, deadline=None)
def test_any_formula_comes_back_from_every_format(tex):
    spec = QuestionSpec(type=T.ESSAY, title="F", prompt=f"Explain ${tex}$ and \\[{tex}\\] for $5.")
    for fmt in (text2qti, gift, qti):
        (again,) = fmt.parse(fmt.dump(ParsedBank(questions=[spec]))[0]).questions
        assert again.prompt == spec.prompt, fmt.__name__


# --- what the tools write themselves -----------------------------------------------------------------


def test_text2qti_dollars_are_math_and_its_prices_text():
    bank = text2qti.parse("1.  What is $\\sqrt{16}$ if it costs $5?\n*a) $4$\nb)  $8$\n")
    (question,) = bank.questions
    assert question.prompt == "What is $\\sqrt{16}$ if it costs $5?"
    assert (
        render(question.prompt)
        == '<p id="p-1">What is <span class="arithmatex">\\(\\sqrt{16}\\)</span> if it costs $5?</p>'
    )
    assert [c.text for c in question.choices] == ["$4$", "$8$"]


def test_gift_tex_loses_its_escapes_and_keeps_its_backslashes():
    bank = gift.parse(
        "::Half::What is $$\\frac\\{1\\}\\{2\\}$$ of \\$10, given \\(x \\= 1\\), \\(a\\:b\\), \\(a\\~b\\) and \\(\\\\\\#\\)? {#5}\n"
    )
    (question,) = bank.questions
    # Every GIFT escape undone (GIFT's \\ is one backslash, so TeX's \# is written \\\#); \$ stays a dollar.
    assert (
        question.prompt == "What is $$\\frac{1}{2}$$ of \\$10, given \\(x = 1\\), \\(a:b\\), \\(a~b\\) and \\(\\#\\)?"
    )
    assert question.numeric == (NumericAnswer(value=Decimal(5)),)
    written, _ = gift.dump(bank)
    assert "$$\\\\frac\\{1\\}\\{2\\}$$" in written  # escaped again for Moodle


CANVAS_IMAGE = (
    '<div><p>Solve <img class="equation_image" title="x^2 &lt; 4" src="/equation_images/x%255E2%2520%253C%25204"'
    ' alt="LaTeX: x^2 &lt; 4" data-equation-content="x^2 &lt; 4" data-ignore-a11y-check=""> for x.</p></div>'
)


def item(mattext: str) -> str:
    escaped = mattext.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"""<?xml version="1.0"?>
<questestinterop><assessment ident="a1" title="Math"><section ident="root_section">
<item ident="q1" title="Q"><itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>question_type</fieldlabel>
<fieldentry>essay_question</fieldentry></qtimetadatafield></qtimetadata></itemmetadata>
<presentation><material><mattext texttype="text/html">{escaped}</mattext></material>
<response_str ident="response1" rcardinality="Single"><render_fib><response_label ident="answer1"/></render_fib>
</response_str></presentation></item></section></assessment></questestinterop>"""


def imported(mattext: str) -> str:
    bank = qti.parse(item(mattext))
    assert bank.ok, bank.errors
    return bank.questions[0].prompt


def test_canvas_equation_images_become_tex():
    assert imported(CANVAS_IMAGE) == "Solve \\(x^2 < 4\\) for x."
    assert (
        imported('<p><img class="equation_image" alt="LaTeX: \\alpha" src="/equation_images/x"></p>') == "\\(\\alpha\\)"
    )


def test_mathml_becomes_tex_its_annotation_first():
    mathml = (
        '<p>Area <math xmlns="http://www.w3.org/1998/Math/MathML"><mi>π</mi><msup><mi>r</mi><mn>2</mn></msup></math>'
        ' and <math display="block"><mfrac><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><msqrt><mn>2</mn></msqrt></mfrac>'
        "</math> or <math><semantics><mi>y</mi><annotation encoding='application/x-tex'>\\bar{y}</annotation>"
        "</semantics></math></p>"
    )
    assert imported(mathml) == "Area \\(\\pi r^{2}\\) and \\[\\frac{a+b}{\\sqrt{2}}\\] or \\(\\bar{y}\\)"


def test_mathml_links_and_event_attributes_are_dropped_with_the_markup():
    prompt = imported(
        '<p>Evil <math><mi href="javascript:alert(1)" onclick="alert(1)">x</mi>'
        '<maction actiontype="statusline" href="javascript:alert(2)"><mtext>y</mtext></maction></math></p>'
    )
    assert prompt == "Evil \\(x\\text{y}\\)"
    assert "javascript" not in render(prompt) and "onclick" not in render(prompt)
    unreadable = imported('<p><math><mi xlink:href="javascript:alert(1)">x</mi><mi>y</mi></math></p>')
    assert unreadable == "\\(x y\\)"  # not XML (an unbound prefix): its text only


def test_formulas_in_rich_html_are_marked_for_the_browser():
    prompt = imported("<p><strong>Given</strong> \\(x &lt; y\\) and $$z$$</p><ul><li>one</li></ul>")
    rendered = render(prompt)
    assert '<span class="arithmatex">\\(x &lt; y\\)</span>' in rendered
    assert '<span class="arithmatex">\\[z\\]</span>' in rendered


def test_the_html_written_for_canvas_carries_bare_tex_and_reads_back_without_casebook_s_copy():
    written, _ = qti.dump(BANK)
    assert "arithmatex" not in written
    assert "\\(p = 10\\)" in written and "&lt;p&gt;\\[m = 1 - \\frac{c}{p}\\]&lt;/p&gt;" in written
    canvas_only = re.sub(r"<qtimetadatafield>\s*<fieldlabel>casebook_markdown</fieldlabel>.*?</qtimetadatafield>", "",
                         written, flags=re.S)  # fmt: skip
    assert "casebook_markdown" not in canvas_only
    again = qti.parse(canvas_only)
    assert again.ok, again.errors
    margin, price = again.questions
    assert (
        margin.prompt
        == "If \\(p = 10\\) and \\(c = 6\\), what is \\(m = \\frac{p-c}{p}\\)?\n\n\\[m = 1 - \\frac{c}{p}\\]"
    )
    assert [c.text for c in margin.choices] == ["\\(0.4\\)", "\\(0.6\\)"]
    assert price.prompt == "A widget costs $5 and a gadget $10. What is \\(5 \\times 3\\) in dollars?"
    assert price.numeric == (NumericAnswer(value=Decimal("15")),)


def test_canvas_html_is_safe_html():
    assert html.to_html("$<script>alert(1)</script>$") == "<p>\\(&lt;script&gt;alert(1)&lt;/script&gt;\\)</p>"


def test_mathml_inside_a_qti_2_item_becomes_tex():
    body = """<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><prompt>Solve
  <math xmlns="http://www.w3.org/1998/Math/MathML"><msup><mi>x</mi><mn>2</mn></msup><mo>=</mo><mn>4</mn></math></prompt>
  <simpleChoice identifier="A"><math xmlns="http://www.w3.org/1998/Math/MathML"><mn>2</mn></math></simpleChoice>
  <simpleChoice identifier="B">3</simpleChoice></choiceInteraction>"""
    declarations = """<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
  <correctResponse><value>A</value></correctResponse></responseDeclaration>"""
    resource = '<resource identifier="q" type="imsqti_item_xmlv2p1" href="q.xml"><file href="q.xml"/></resource>'
    bank = qti.parse(zipped({"imsmanifest.xml": manifest(resource), "q.xml": item21("q", "Roots", declarations, body)}))
    assert bank.ok, bank.errors
    (question,) = bank.questions
    assert question.prompt == "Solve \\(x^{2}=4\\)"
    assert [c.text for c in question.choices] == ["\\(2\\)", "3"]
