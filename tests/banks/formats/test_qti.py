"""QTI import and export, pure: Canvas Classic 1.2 (files, packages, cartridges), 2.1/3.0 items, the
writer's round trip for every type, and the files Casebook must refuse (entities, zip bombs, traversal).

The fixtures in qti_files/ were written for these tests from the QTI 1.2 ASI specification and the
shapes Canvas documents for its export (question_type metadata, SCORE 0-100, ``response_<blank>``).
"""

import dataclasses
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banks.formats import qti
from banks.formats.base import Group, ParsedBank
from banks.formats.qti import archive as zips
from banks.spec import AcceptedAnswer, Blank, Choice, Item, NumericAnswer, Pair, QuestionSpec, Scoring
from banks.spec import QuestionType as T

FILES = Path(__file__).parent / "qti_files"
CANVAS = (FILES / "canvas_quiz.xml").read_bytes()


def plain(spec: QuestionSpec) -> QuestionSpec:
    return dataclasses.replace(spec, line=0, notes=())


def zipped(files: dict[str, bytes | str], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def manifest(*resources: str) -> str:
    return ('<?xml version="1.0"?><manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1">'
            f'<organizations/><resources>{"".join(resources)}</resources></manifest>')


# --- Canvas Classic QTI 1.2 --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def canvas():
    bank = qti.parse(CANVAS)
    assert bank.ok, bank.errors
    return bank


def test_every_canvas_question_type_maps_to_a_casebook_type(canvas):
    assert canvas.title == "Sanctions and revenue"
    assert [str(q.type) for q in canvas.questions] == [
        "single_choice", "true_false", "multiple_answer", "short_answer", "fill_blanks", "dropdowns", "matching",
        "numeric", "numeric", "numeric", "essay", "file_upload", "text"]
    assert [q.points for q in canvas.questions] == [2, 1, 3, 1, 2, 2, 3, 1, 1, 1, 5, 4, 0]


def test_choices_keep_which_is_right_and_every_kind_of_feedback(canvas):
    bureau, truth, receivers = canvas.questions[:3]
    assert [(c.text, c.correct) for c in bureau.choices] == [("Bureau 12", False), ("Bureau 39", True),
                                                             ("The Foreign Ministry", False)]
    assert bureau.choices[0].feedback == "That one handles munitions."
    assert (bureau.general_feedback, bureau.correct_feedback, bureau.incorrect_feedback) == (
        "Bureau 39 reports to the party.", "Right.", "Look again.")
    assert bureau.prompt == "Which office runs the regime\u2019s illicit finance?"  # Canvas's <div><p> wrapper gone
    assert truth.title == ""  # Canvas's placeholder title "Question"
    assert [c.correct for c in truth.choices] == [True, False]
    assert [c.correct for c in receivers.choices] == [True, True, False]
    assert receivers.scoring == Scoring.RIGHT_MINUS_WRONG  # how Canvas itself grades multiple answers


def test_text_answers_blanks_and_dropdowns(canvas):
    short, blanks, dropdowns = canvas.questions[3:6]
    assert [a.text for a in short.answers] == ["Bureau 39", "Room 39"]
    assert short.answers[0].feedback == "Its usual name."
    assert blanks.prompt == "The capital is [[city]] and the currency is the [[money]]."
    assert [(b.id, [a.text for a in b.answers]) for b in blanks.blanks] == [("city", ["Pyongyang", "Pyeongyang"]),
                                                                           ("money", ["won"])]
    assert dropdowns.prompt == "Workers go mostly to [[where]] and keep [[share]] of their pay."
    assert [[(c.text, c.correct) for c in b.choices] for b in dropdowns.blanks] == [
        [("Russia", True), ("Brazil", False)], [("most", False), ("little", True), ("none", False)]]
    assert blanks.scoring == dropdowns.scoring == Scoring.PER_PART


def test_matching_numbers_and_the_rest(canvas):
    matching, exact, margin, ranged, essay, upload, text = canvas.questions[6:]
    assert matching.pairs == (Pair("Poaching", "Africa"), Pair("Logging", "Russia"), Pair("", "Antarctica"))
    assert exact.numeric == (NumericAnswer(value=Decimal(1948)),)
    assert margin.numeric == (NumericAnswer(value=Decimal(95), tolerance=Decimal("0.5")),)
    assert ranged.numeric == (NumericAnswer(min=Decimal(50), max=Decimal(100)),)
    assert essay.prompt.startswith("Explain why")
    assert any("map.png" in note and "will not show" in note for note in upload.notes)
    assert (text.type, text.points, text.title) == (T.TEXT, 0, "Part B")


def test_a_group_becomes_a_draw_and_tags_its_questions(canvas):
    (group,) = canvas.groups
    assert (group.title, group.pick, group.points, group.positions, group.tag) == ("Warm-up", 1, Decimal("2.5"),
                                                                                  (1, 2), "Warm-up")
    assert [q.tags for q in canvas.questions[:3]] == [("Warm-up",), ("Warm-up",), ()]


def test_what_casebook_cannot_hold_is_named_with_its_identifier_and_title(canvas):
    assert [(x.ident, x.title) for x in canvas.left_out] == [("g2", "From the bank"), ("calc1", "Wage arithmetic")]
    assert "question bank (bank_77)" in canvas.left_out[0].reason
    assert canvas.left_out[1].reason == "Casebook has no calculated (formula) questions"
    lines = CANVAS.decode().splitlines()
    assert lines[canvas.left_out[1].line - 1].startswith('<item ident="calc1"')


def test_questions_carry_the_line_their_item_starts_on(canvas):
    lines = CANVAS.decode().splitlines()
    assert lines[canvas.questions[0].line - 1].startswith('<item ident="mc1"')


def test_a_file_of_only_unsupported_items_is_refused_and_still_names_them():
    only = CANVAS.decode().split('<section ident="g1"')[0] + (
        '<item ident="hs" title="Map"><presentation><response_xy ident="r" rcardinality="Single"/></presentation>'
        "</item></section></assessment></questestinterop>")
    bank = qti.parse(only)
    assert not bank.ok
    assert "every item is of a kind Casebook cannot hold" in bank.errors[0].message
    assert [(x.ident, x.reason) for x in bank.left_out] == [("hs", "Casebook has no hot-spot (click on an image) questions")]


def test_plain_qti_12_without_canvas_metadata_is_typed_by_its_responses():
    xml = """<questestinterop><item ident="a" title="Pick">
      <presentation><material><mattext>Pick one</mattext></material>
        <response_lid ident="r" rcardinality="Single"><render_choice>
          <response_label ident="x"><material><mattext>Yes</mattext></material></response_label>
          <response_label ident="y"><material><mattext>Maybe</mattext></material></response_label>
          <response_label ident="z"><material><mattext>No</mattext></material></response_label>
        </render_choice></response_lid></presentation>
      <resprocessing><outcomes><decvar varname="que_score" maxvalue="4"/></outcomes>
        <respcondition><conditionvar><varequal respident="r">x</varequal></conditionvar><setvar action="Set" varname="que_score">4</setvar></respcondition>
        <respcondition><conditionvar><varequal respident="r">y</varequal></conditionvar><setvar action="Set" varname="que_score">2</setvar></respcondition>
      </resprocessing></item></questestinterop>"""
    (question,) = qti.parse(xml).questions
    assert question.type == T.SINGLE_CHOICE and question.points == 4
    assert [(c.correct, c.weight) for c in question.choices] == [(True, None), (False, Decimal("0.5")), (False, None)]


# --- QTI 2.1 and 3.0 items, packages and cartridges ----------------------------------------------------

ITEM_21 = """<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="{ident}" title="{title}">
{declarations}<itemBody>{body}</itemBody></assessmentItem>"""


def item21(ident, title, declarations, body):
    return ITEM_21.format(ident=ident, title=title, declarations=declarations, body=body)


CHOICE = item21("c1", "Receivers", """<responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="identifier">
  <correctResponse><value>A</value><value>B</value></correctResponse></responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float" normalMaximum="2"/>""",
                """<choiceInteraction responseIdentifier="RESPONSE" maxChoices="0"><prompt>Which countries?</prompt>
  <simpleChoice identifier="A">Russia</simpleChoice><simpleChoice identifier="B">China</simpleChoice>
  <simpleChoice identifier="C">Brazil</simpleChoice></choiceInteraction>""")
ENTRIES = item21("t1", "Capital", """<responseDeclaration identifier="CITY" cardinality="single" baseType="string">
  <correctResponse><value>Pyongyang</value></correctResponse></responseDeclaration>
  <responseDeclaration identifier="MONEY" cardinality="single" baseType="string">
  <correctResponse><value>won</value></correctResponse><mapping><mapEntry mapKey="won" mappedValue="1"/>
  <mapEntry mapKey="KPW" mappedValue="0.5"/></mapping></responseDeclaration>""",
                 """<p>The capital is <textEntryInteraction responseIdentifier="CITY"/> and the money is the
  <textEntryInteraction responseIdentifier="MONEY"/>.</p>""")
ORDER = item21("o1", "Chronology", """<responseDeclaration identifier="RESPONSE" cardinality="ordered" baseType="identifier">
  <correctResponse><value>W</value><value>F</value><value>N</value></correctResponse></responseDeclaration>""",
               """<orderInteraction responseIdentifier="RESPONSE"><prompt>Put these in order.</prompt>
  <simpleChoice identifier="F">Famine</simpleChoice><simpleChoice identifier="N">Nuclear test</simpleChoice>
  <simpleChoice identifier="W">Korean War</simpleChoice></orderInteraction>""")
MATCH = item21("m1", "Capitals", """<responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="directedPair">
  <correctResponse><value>NK P</value><value>CN B</value></correctResponse></responseDeclaration>""",
               """<matchInteraction responseIdentifier="RESPONSE"><prompt>Match.</prompt>
  <simpleMatchSet><simpleAssociableChoice identifier="NK" matchMax="1">North Korea</simpleAssociableChoice>
  <simpleAssociableChoice identifier="CN" matchMax="1">China</simpleAssociableChoice></simpleMatchSet>
  <simpleMatchSet><simpleAssociableChoice identifier="P" matchMax="1">Pyongyang</simpleAssociableChoice>
  <simpleAssociableChoice identifier="B" matchMax="1">Beijing</simpleAssociableChoice>
  <simpleAssociableChoice identifier="T" matchMax="1">Tokyo</simpleAssociableChoice></simpleMatchSet></matchInteraction>""")
HOTSPOT = item21("h1", "Find Pyongyang", "", """<hotspotInteraction responseIdentifier="RESPONSE" maxChoices="1">
  <object type="image/png" data="map.png"/></hotspotInteraction>""")
INLINE_30 = """<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="i3" title="Capital">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
  <qti-correct-response><qti-value>P</qti-value></qti-correct-response></qti-response-declaration>
  <qti-item-body><p>The capital is <qti-inline-choice-interaction response-identifier="RESPONSE">
  <qti-inline-choice identifier="S">Seoul</qti-inline-choice><qti-inline-choice identifier="P">Pyongyang</qti-inline-choice>
  </qti-inline-choice-interaction>.</p></qti-item-body></qti-assessment-item>"""


def test_qti_2_items_in_a_package_map_where_an_interaction_does():
    items = {"c1.xml": CHOICE, "t1.xml": ENTRIES, "o1.xml": ORDER, "m1.xml": MATCH, "h1.xml": HOTSPOT,
             "i3.xml": INLINE_30}
    resources = "".join(f'<resource identifier="{n}" type="imsqti_item_xmlv2p1" href="{n}"><file href="{n}"/></resource>'
                        for n in items)
    bank = qti.parse(zipped({"imsmanifest.xml": manifest(resources), **items}))
    assert bank.ok, bank.errors
    choice, entries, order, match, inline = bank.questions
    assert (choice.type, choice.points, [c.correct for c in choice.choices]) == (T.MULTIPLE_ANSWER, 2,
                                                                                 [True, True, False])
    assert choice.prompt == "Which countries?"
    assert entries.type == T.FILL_BLANKS
    assert entries.prompt == "The capital is [[CITY]] and the money is the [[MONEY]]."
    assert entries.blanks[1].answers == (AcceptedAnswer("won"), AcceptedAnswer("KPW", Decimal("0.5")))
    assert order.items == (Item("Korean War"), Item("Famine"), Item("Nuclear test"))
    assert match.pairs == (Pair("North Korea", "Pyongyang"), Pair("China", "Beijing"), Pair("", "Tokyo"))
    assert inline.type == T.DROPDOWNS and inline.prompt == "The capital is [[RESPONSE]]."
    assert [(c.text, c.correct) for c in inline.blanks[0].choices] == [("Seoul", False), ("Pyongyang", True)]
    assert [(x.ident, x.title, x.reason) for x in bank.left_out] == [("h1", "Find Pyongyang",
                                                                      "Casebook has no hot-spot questions")]


def test_a_canvas_package_reads_the_manifests_quiz_and_its_meta():
    meta = ('<quiz identifier="q" xmlns="http://canvas.instructure.com/xsd/cccv1p0"><title>Week 3</title>'
            "<description>&lt;p&gt;Sanctions.&lt;/p&gt;</description></quiz>")
    resources = ('<resource identifier="q" type="imsqti_xmlv1p2"><file href="q/q.xml"/><dependency identifierref="m"/>'
                 '</resource><resource identifier="m" type="associatedcontent/imscc_xmlv1p1/learning-application-resource"'
                 ' href="q/assessment_meta.xml"><file href="q/assessment_meta.xml"/></resource>')
    unlisted = CANVAS.replace(b"Sanctions and revenue", b"Not in the manifest")
    bank = qti.parse(zipped({"imsmanifest.xml": manifest(resources), "q/q.xml": CANVAS, "q/assessment_meta.xml": meta,
                             "other/unlisted.xml": unlisted}))
    assert bank.ok, bank.errors
    assert (bank.title, bank.description) == ("Week 3", "Sanctions.")
    assert len(bank.questions) == 13  # the unlisted file is never read


def test_a_common_cartridge_prefers_canvas_copy_in_non_cc_assessments():
    resources = ('<resource identifier="quiz1" type="imsqti_xmlv1p2/imscc_xmlv1p1/assessment">'
                 '<file href="quiz1/assessment_qti.xml"/></resource>')
    cc_profile = CANVAS.split(b'<section ident="root_section">')[0] + b"<section ident='root_section'/></assessment></questestinterop>"
    bank = qti.parse(zipped({"imsmanifest.xml": manifest(resources), "quiz1/assessment_qti.xml": cc_profile,
                             "non_cc_assessments/quiz1.xml.qti": CANVAS}))
    assert bank.ok, bank.errors
    assert len(bank.questions) == 13


def test_a_manifest_that_lists_a_missing_file_is_an_error():
    resources = '<resource identifier="q" type="imsqti_xmlv1p2"><file href="q/q.xml"/></resource>'
    bank = qti.parse(zipped({"imsmanifest.xml": manifest(resources)}))
    assert [e.message for e in bank.errors] == ["imsmanifest.xml lists q/q.xml, which is not in the package."]


def test_a_zip_without_a_manifest_says_what_to_export():
    bank = qti.parse(zipped({"quiz.xml": CANVAS}))
    assert "no imsmanifest.xml" in bank.errors[0].message


# --- refused: unsafe XML and zips ---------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<questestinterop><item ident="x"><presentation><material><mattext>&lol9;</mattext></material></presentation></item></questestinterop>"""


def test_a_billion_laughs_file_gets_a_clear_error_at_once():
    bank = qti.parse(BILLION_LAUGHS)
    assert not bank.questions
    assert "billion laughs" in bank.errors[0].message


def test_an_external_entity_never_reads_the_file_it_names(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY xxe SYSTEM "file://{secret}">]><questestinterop>'
           '<item ident="x"><presentation><material><mattext>&xxe;</mattext></material></presentation></item>'
           "</questestinterop>").encode()
    bank = qti.parse(xxe)
    assert not bank.questions and "entities" in bank.errors[0].message
    assert "TOP SECRET" not in repr(bank)


def test_a_doctype_without_entities_is_fine_and_no_dtd_is_fetched():
    bank = qti.parse(b'<!DOCTYPE questestinterop SYSTEM "http://127.0.0.1:9/ims_qtiasiv1p2.dtd">' + CANVAS.split(b"?>", 1)[1])
    assert bank.ok and len(bank.questions) == 13


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = zipped({"imsmanifest.xml": manifest(), "bomb.xml": b"\0" * (zips.MAX_TOTAL + 1)})
    assert len(bomb) < 200_000
    bank = qti.parse(bomb)
    assert "would unpack to 50 MB" in bank.errors[0].message


def test_a_zip_with_too_many_files_is_refused():
    bank = qti.parse(zipped({"imsmanifest.xml": manifest(), **{f"f{n}.txt": "" for n in range(zips.MAX_FILES)}}))
    assert "1001 files" in bank.errors[0].message


@pytest.mark.parametrize("name", ["../evil.xml", "/etc/evil.xml", "a/../../evil.xml", "C:/evil.xml", "a\\..\\evil.xml"])
def test_a_name_that_climbs_out_of_the_package_is_refused(name):
    bank = qti.parse(zipped({"imsmanifest.xml": manifest(), name: CANVAS}))
    assert "points outside the package" in bank.errors[0].message


def test_a_zip_inside_the_package_is_refused():
    inner = zipped({"imsmanifest.xml": manifest()})
    assert "holds another archive" in qti.parse(zipped({"imsmanifest.xml": manifest(), "inner.zip": inner})).errors[0].message
    disguised = zipped({"imsmanifest.xml": manifest('<resource identifier="q" type="imsqti_xmlv1p2"><file href="q.xml"/>'
                                                    "</resource>"), "q.xml": inner})
    assert "holds another archive" in qti.parse(disguised).errors[0].message


def test_an_entity_in_the_manifest_is_refused_too():
    bank = qti.parse(zipped({"imsmanifest.xml": BILLION_LAUGHS}))
    assert bank.errors[0].message.startswith("imsmanifest.xml: The file declares XML entities")


def test_broken_xml_is_an_error_at_its_line():
    bank = qti.parse(b"<questestinterop>\n<item>\n</questestinterop>")
    assert bank.errors[0].line == 3 and "not well-formed XML (mismatched tag)" in bank.errors[0].message


@given(st.binary(max_size=400))
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_parsing_never_raises_on_junk_bytes(data):
    bank = qti.parse(data)
    assert bank.errors or bank.questions


NAMES = ["questestinterop", "assessment", "section", "item", "presentation", "material", "mattext", "response_lid",
         "render_choice", "response_label", "resprocessing", "respcondition", "conditionvar", "varequal", "setvar",
         "itemmetadata", "qtimetadatafield", "fieldlabel", "fieldentry", "response_str", "selection_number", "and",
         "not", "or", "vargte", "assessmentItem", "itemBody", "choiceInteraction", "simpleChoice", "textEntryInteraction"]


def _element(depth=0):
    leaf = st.builds(lambda name, body: f"<{name}>{body}</{name}>", st.sampled_from(NAMES),
                     st.sampled_from(["", "multiple_choice_question", "100", "response1", "x", "[a]", "-3", "1e9"]))
    if depth > 3:
        return leaf
    return st.one_of(leaf, st.builds(lambda name, attrs, inner: f"<{name}{attrs}>{''.join(inner)}</{name}>",
                                     st.sampled_from(NAMES),
                                     st.sampled_from(["", ' ident="response1"', ' rcardinality="Multiple"',
                                                      ' respident="response1"', ' action="Add"', ' maxChoices="1"']),
                                     st.lists(_element(depth + 1), max_size=4)))


@given(_element())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_parsing_never_raises_on_junk_qti(xml):
    bank = qti.parse(xml)
    assert bank.errors or bank.questions


# --- writing: every type comes back the same ------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n*_[]<>&#`"), max_size=25)
WORD = st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=12)
POINTS = st.decimals(min_value=0, max_value=1000, places=2)
NUMBER = st.decimals(min_value=-10**6, max_value=10**6, places=3)


def _answers(n=4):
    return st.lists(WORD, min_size=1, max_size=n, unique_by=str.casefold).map(
        lambda texts: tuple(AcceptedAnswer(t) for t in texts))


def _choices(min_correct=1, max_correct=1):
    return st.lists(st.tuples(TEXT, TEXT), min_size=2, max_size=5).flatmap(lambda rows: st.sets(
        st.integers(0, len(rows) - 1), min_size=min_correct, max_size=max_correct).map(
        lambda right: tuple(Choice(t, i in right, None, f) for i, (t, f) in enumerate(rows))))


def _common(kind):
    return {"type": st.just(kind), "prompt": TEXT, "title": TEXT, "points": POINTS, "general_feedback": TEXT,
            "tags": st.lists(WORD, max_size=2, unique=True).map(tuple)}


def _graded(kind):
    return {**_common(kind), "correct_feedback": TEXT, "incorrect_feedback": TEXT}


def _blanks_prompt(ids):
    return TEXT.map(lambda text: text.replace("[", "(") + " " + " and ".join(f"[[{i}]]" for i in ids))


def _numeric():
    exact = st.builds(lambda v, t: NumericAnswer(value=v, tolerance=abs(t)), NUMBER, NUMBER)
    ranged = st.builds(lambda a, b: NumericAnswer(min=min(a, b), max=max(a, b)), NUMBER, NUMBER)
    return st.lists(exact | ranged, min_size=1, max_size=3, unique=True).map(tuple)


def _matching():
    return st.tuples(st.lists(st.tuples(TEXT.filter(str.strip), WORD), min_size=1, max_size=4),
                     st.lists(WORD, max_size=2)).map(lambda parts: tuple(
                         [Pair(left, right) for left, right in parts[0]]
                         + [Pair("", d) for d in dict.fromkeys(parts[1]) if d not in {r for _, r in parts[0]}]))


IDS = st.lists(st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True), min_size=1, max_size=3, unique=True)

SPECS = {
    T.SINGLE_CHOICE: st.fixed_dictionaries({**_graded(T.SINGLE_CHOICE), "choices": _choices()}),
    T.TRUE_FALSE: st.fixed_dictionaries({**_graded(T.TRUE_FALSE), "choices": st.sampled_from([
        (Choice("True", True), Choice("False")), (Choice("True", feedback="no"), Choice("False", True, feedback="yes"))])}),
    T.MULTIPLE_ANSWER: st.fixed_dictionaries({**_graded(T.MULTIPLE_ANSWER), "choices": _choices(1, 3), "scoring":
                                              st.sampled_from([Scoring.ALL_OR_NOTHING, Scoring.RIGHT_MINUS_WRONG,
                                                               Scoring.PER_PART])}),
    T.SHORT_ANSWER: st.fixed_dictionaries({**_graded(T.SHORT_ANSWER), "answers": _answers()}).map(
        lambda d: {**d, "answers": tuple(dataclasses.replace(a, feedback=f"fb *{a.text}*") for a in d["answers"][:1])
                   + d["answers"][1:]}),
    T.NUMERIC: st.fixed_dictionaries({**_graded(T.NUMERIC), "numeric": _numeric()}),
    T.FILL_BLANKS: IDS.flatmap(lambda ids: st.fixed_dictionaries({
        **_graded(T.FILL_BLANKS), "prompt": _blanks_prompt(ids), "scoring": st.sampled_from(list(Scoring)[:1] + [Scoring.PER_PART]),
        "blanks": st.tuples(*[_answers().map(lambda answers, i=i: Blank(i, answers)) for i in ids])})),
    T.DROPDOWNS: IDS.flatmap(lambda ids: st.fixed_dictionaries({
        **_graded(T.DROPDOWNS), "prompt": _blanks_prompt(ids), "scoring": st.just(Scoring.PER_PART),
        "blanks": st.tuples(*[_choices().map(lambda choices, i=i: Blank(i, choices=choices)) for i in ids])})),
    T.MATCHING: st.fixed_dictionaries({**_graded(T.MATCHING), "pairs": _matching(), "scoring": st.just(Scoring.PER_PART)}),
    T.ESSAY: st.fixed_dictionaries({**_common(T.ESSAY), "word_limit": st.none() | st.integers(1, 5000)}),
    T.FILE_UPLOAD: st.fixed_dictionaries({**_common(T.FILE_UPLOAD), "allowed_extensions": st.sampled_from(
        [(), ("pdf",), ("pdf", "docx")]), "max_upload_bytes": st.none() | st.integers(1, 10**8)}),
    T.TEXT: st.fixed_dictionaries({**_common(T.TEXT), "points": st.just(Decimal(0))}),
}


def test_every_type_but_ordering_has_a_round_trip_strategy():
    assert set(SPECS) == set(T) - {T.ORDERING}
    assert "ordering" in qti.unsupported(QuestionSpec(type=T.ORDERING, prompt="Order", items=("a", "b")))


@pytest.mark.parametrize("kind", list(SPECS))
@given(data=st.data())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_write_then_read_gives_the_same_question_for_every_type(kind, data):
    spec = QuestionSpec(**data.draw(SPECS[kind]))
    assert qti.unsupported(spec) is None, qti.unsupported(spec)
    text, skipped = qti.dump(ParsedBank(title="Round trip", questions=[spec]))
    assert skipped == []
    again = qti.parse(text)
    assert again.ok, again.errors
    assert [plain(q) for q in again.questions] == [plain(spec)]


def test_a_package_with_groups_comes_back_with_its_groups(canvas):
    data, skipped = qti.package(canvas)
    assert skipped == []
    again = qti.parse(data)
    assert again.ok, again.errors
    assert [plain(q) for q in again.questions] == [plain(q) for q in canvas.questions]
    assert [(g.title, g.pick, g.points, g.positions) for g in again.groups] == [("Warm-up", 1, Decimal("2.5"), (1, 2))]
    assert again.title == "Sanctions and revenue"


def test_the_package_is_what_canvas_imports():
    data, _ = qti.package(ParsedBank(title="Week 3", questions=[QuestionSpec(
        type=T.SINGLE_CHOICE, prompt="Pick **B**", points=Decimal(2), choices=(Choice("A"), Choice("B", True)))],
        groups=[]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assessment = archive.read(next(n for n in names if not n.endswith(("meta.xml", "manifest.xml")))).decode()
        meta = archive.read(next(n for n in names if n.endswith("assessment_meta.xml"))).decode()
    assert names[0] == "imsmanifest.xml" and len(names) == 3
    assert "<fieldentry>multiple_choice_question</fieldentry>" in assessment
    assert "&lt;p&gt;Pick &lt;strong&gt;B&lt;/strong&gt;&lt;/p&gt;" in assessment  # HTML for Canvas to show
    assert '<setvar action="Set" varname="SCORE">100</setvar>' in assessment
    assert "<points_possible>2</points_possible>" in meta


def test_groups_are_written_as_sections_that_pick_and_weigh():
    questions = [QuestionSpec(type=T.ESSAY, prompt=f"Essay {n}") for n in range(3)]
    text, _ = qti.dump(ParsedBank(questions=questions, groups=[Group("Essays", 2, Decimal("1.5"), (2, 3), "Essays")]))
    assert '<section ident="' in text and 'title="Essays">' in text
    assert "<selection_number>2</selection_number>" in text and "<points_per_item>1.5</points_per_item>" in text


@pytest.mark.parametrize(("spec", "reason"), [
    (QuestionSpec(type=T.SHORT_ANSWER, prompt="x", answers=(AcceptedAnswer("a.*", regex=True),)), "plain text"),
    (QuestionSpec(type=T.SINGLE_CHOICE, prompt="x", choices=(Choice("a", True), Choice("b", weight=Decimal("0.5")))),
     "weights per choice"),
    (QuestionSpec(type=T.NUMERIC, prompt="x", numeric=(NumericAnswer(value=Decimal(1), tolerance_percent=Decimal(5)),)),
     "percent"),
    (QuestionSpec(type=T.ESSAY, prompt="x", correct_feedback="y"), "only general feedback"),
    (QuestionSpec(type=T.SINGLE_CHOICE, prompt="x\x01", choices=(Choice("a", True),)), "control characters"),
])
def test_what_canvas_cannot_hold_is_skipped_with_a_reason(spec, reason):
    text, skipped = qti.dump(ParsedBank(questions=[spec]))
    assert [s.position for s in skipped] == [1] and reason in skipped[0].reason
    assert "<item " not in text


def test_a_group_that_loses_questions_picks_what_is_left_and_says_so():
    xml = CANVAS.decode().replace('<item ident="tf1" title="Question">', '<item ident="tf1" title="Hot">').replace(
        "<fieldentry>true_false_question</fieldentry>", "<fieldentry>hot_spot_question</fieldentry>")
    bank = qti.parse(xml)
    assert bank.ok, bank.errors
    (group,) = bank.groups
    assert (group.pick, group.positions) == (1, (1,))
    assert [x.ident for x in bank.left_out] == ["tf1", "g2", "calc1"]
    xml = xml.replace("<selection_number>1</selection_number>", "<selection_number>2</selection_number>")
    bank = qti.parse(xml)
    assert bank.groups[0].pick == 1
    assert "picks 2 question(s) but only 1 can be imported" in bank.left_out[1].reason
