"""One question as a QTI 1.2 item in Canvas's dialect: metadata, presentation, response processing and
feedback, per type. ``banks.formats.qti.write`` checks first that the question can be written."""

import dataclasses
import json
from decimal import Decimal, localcontext
from xml.etree.ElementTree import Element, SubElement

from banks.formats.qti import html
from banks.formats.qti.common import source_of, tidy
from banks.spec import QuestionSpec
from banks.spec import QuestionType as T

CANVAS_TYPES = {
    T.SINGLE_CHOICE: "multiple_choice_question", T.TRUE_FALSE: "true_false_question",
    T.MULTIPLE_ANSWER: "multiple_answers_question", T.SHORT_ANSWER: "short_answer_question",
    T.FILL_BLANKS: "fill_in_multiple_blanks_question", T.DROPDOWNS: "multiple_dropdowns_question",
    T.MATCHING: "matching_question", T.NUMERIC: "numerical_question", T.ESSAY: "essay_question",
    T.FILE_UPLOAD: "file_upload_question", T.TEXT: "text_only_question",
}

# --- one item -------------------------------------------------------------------------------------------


def number(value: Decimal) -> str:
    return format(tidy(value), "f")


def _mattext(parent: Element, markdown: str, *, inline: bool = False, plain: bool = False) -> None:
    material = SubElement(parent, "material")
    if plain:
        SubElement(material, "mattext", texttype="text/plain").text = markdown
    else:
        SubElement(material, "mattext", texttype="text/html").text = html.to_html(markdown, inline=inline)


def _meta(item: Element, fields: list[tuple[str, str]]) -> None:
    metadata = SubElement(SubElement(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields:
        field = SubElement(metadata, "qtimetadatafield")
        SubElement(field, "fieldlabel").text = label
        SubElement(field, "fieldentry").text = entry


def _condition(processing: Element, tests: list[tuple[str, str, str]] | Element | None, *, score=None,
               add=None, feedback=(), stop=False) -> None:
    """A respcondition: ``tests`` as (element, respident, value)s, or a prepared element; None is <other/>."""
    condition = SubElement(processing, "respcondition", {"continue": "No" if stop else "Yes"} if score is not None
                           or feedback else {})
    var = SubElement(condition, "conditionvar")
    if tests is None:
        SubElement(var, "other")
    elif isinstance(tests, Element):
        var.append(tests)
    else:
        for kind, respident, value in tests:
            SubElement(var, kind, respident=respident).text = value
    if score is not None:
        SubElement(condition, "setvar", action="Set", varname="SCORE").text = score
    if add is not None:
        SubElement(condition, "setvar", action="Add", varname="SCORE").text = add
    for ref in feedback:
        SubElement(condition, "displayfeedback", feedbacktype="Response", linkrefid=ref)


def _share(n: int) -> str:
    with localcontext() as ctx:
        ctx.prec = 10
        return number((Decimal(100) / n).quantize(Decimal("0.01"))) if n else "0"


class ItemWriter:
    def __init__(self, q: QuestionSpec, ident: str):
        self.q, self.ident = q, ident
        self.feedback: dict[str, str] = {}  # itemfeedback ident -> Markdown

    def item(self) -> Element:
        q = self.q
        item = Element("item", ident=self.ident, title=q.title or "Question")
        settings = [("casebook_scoring", str(q.scoring))]
        if q.word_limit:
            settings.append(("casebook_word_limit", str(q.word_limit)))
        if q.allowed_extensions:
            settings.append(("casebook_allowed_extensions", ",".join(q.allowed_extensions)))
        if q.max_upload_bytes:
            settings.append(("casebook_max_upload_bytes", str(q.max_upload_bytes)))
        if q.tags:
            settings.append(("casebook_tags", json.dumps(list(q.tags), ensure_ascii=False)))
        _meta(item, [("question_type", CANVAS_TYPES[q.type]), ("points_possible", number(q.points)),
                     ("original_answer_ids", ",".join(self.choice_idents())),
                     ("assessment_question_identifierref", f"{self.ident}_ref"), *settings,
                     ("casebook_markdown", source_of(q))])
        presentation = SubElement(item, "presentation")
        prompt = q.prompt
        if q.type in (T.FILL_BLANKS, T.DROPDOWNS):
            for blank in q.blanks:
                prompt = prompt.replace(f"[[{blank.id}]]", f"[{blank.id}]")
        _mattext(presentation, prompt)
        processing = Element("resprocessing")
        SubElement(SubElement(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE",
                   vartype="Decimal")
        if q.general_feedback:
            self.feedback["general_fb"] = q.general_feedback
            _condition(processing, None, feedback=["general_fb"])
        getattr(self, f"_{q.type}", self._nothing)(presentation, processing)
        if q.incorrect_feedback and q.type not in (T.ESSAY, T.FILE_UPLOAD, T.TEXT):
            self.feedback["general_incorrect_fb"] = q.incorrect_feedback
            _condition(processing, None, feedback=["general_incorrect_fb"])
        if q.type != T.TEXT:
            item.append(processing)
        for ident, markdown in self.feedback.items():
            flow = SubElement(SubElement(item, "itemfeedback", ident=ident), "flow_mat")
            _mattext(flow, markdown)
        return item

    def choice_idents(self) -> list[str]:
        return [f"{self.ident}_{n}" for n in range(len(self.q.choices))]

    def _correct_feedback(self) -> list[str]:
        if self.q.correct_feedback:
            self.feedback["correct_fb"] = self.q.correct_feedback
            return ["correct_fb"]
        return []

    def _choice_list(self, presentation, cardinality: str) -> list[str]:
        response = SubElement(presentation, "response_lid", ident="response1", rcardinality=cardinality)
        render = SubElement(response, "render_choice")
        idents = self.choice_idents()
        for ident, choice in zip(idents, self.q.choices):
            _mattext(SubElement(render, "response_label", ident=ident), choice.text, inline=True)
        return idents

    def _per_choice_feedback(self, processing, respident, idents, choices) -> None:
        for ident, choice in zip(idents, choices):
            if choice.feedback:
                self.feedback[f"{ident}_fb"] = choice.feedback
                _condition(processing, [("varequal", respident, ident)], feedback=[f"{ident}_fb"])

    def _single_choice(self, presentation, processing):
        idents = self._choice_list(presentation, "Single")
        self._per_choice_feedback(processing, "response1", idents, self.q.choices)
        right = next(i for i, c in zip(idents, self.q.choices) if c.correct)
        _condition(processing, [("varequal", "response1", right)], score="100", feedback=self._correct_feedback(),
                   stop=True)

    _true_false = _single_choice

    def _multiple_answer(self, presentation, processing):
        idents = self._choice_list(presentation, "Multiple")
        self._per_choice_feedback(processing, "response1", idents, self.q.choices)
        both = Element("and")
        for ident, choice in zip(idents, self.q.choices):
            target = both if choice.correct else SubElement(both, "not")
            SubElement(target, "varequal", respident="response1").text = ident
        _condition(processing, both, score="100", feedback=self._correct_feedback(), stop=True)

    def _short_answer(self, presentation, processing):
        fib = SubElement(SubElement(presentation, "response_str", ident="response1", rcardinality="Single"),
                         "render_fib")
        SubElement(fib, "response_label", ident="answer1", rshuffle="No")
        for n, answer in enumerate(self.q.answers):
            if answer.feedback:
                self.feedback[f"{self.ident}_a{n}_fb"] = answer.feedback
                _condition(processing, [("varequal", "response1", answer.text)], feedback=[f"{self.ident}_a{n}_fb"])
        _condition(processing, [("varequal", "response1", a.text) for a in self.q.answers], score="100",
                   feedback=self._correct_feedback(), stop=True)

    def _numeric(self, presentation, processing):
        fib = SubElement(SubElement(presentation, "response_str", ident="response1", rcardinality="Single"),
                         "render_fib", fibtype="Decimal")
        SubElement(fib, "response_label", ident="answer1")
        correct = self._correct_feedback()
        for answer in self.q.numeric:
            if answer.value is None:
                tests = [(kind, "response1", number(bound)) for kind, bound in
                         (("vargte", answer.min), ("varlte", answer.max)) if bound is not None]
                _condition(processing, tests, score="100", feedback=correct, stop=True)
                continue
            either = Element("or")
            SubElement(either, "varequal", respident="response1").text = number(answer.value)
            both = SubElement(either, "and")
            with localcontext() as ctx:
                ctx.prec = 200
                low, high = answer.value - answer.tolerance, answer.value + answer.tolerance
            SubElement(both, "vargte", respident="response1").text = number(low)
            SubElement(both, "varlte", respident="response1").text = number(high)
            _condition(processing, either, score="100", feedback=correct, stop=True)

    def _blank_lists(self, presentation, processing, *, dropdowns: bool):
        share = _share(len(self.q.blanks))
        for b, blank in enumerate(self.q.blanks):
            respident = f"response_{blank.id}"
            response = SubElement(presentation, "response_lid", ident=respident)
            SubElement(SubElement(response, "material"), "mattext").text = blank.id
            render = SubElement(response, "render_choice")
            options = blank.choices if dropdowns else blank.answers
            idents = [f"{self.ident}_{b}_{n}" for n in range(len(options))]
            for ident, option in zip(idents, options):
                _mattext(SubElement(render, "response_label", ident=ident), option.text, inline=dropdowns,
                         plain=not dropdowns)
            if dropdowns:
                self._per_choice_feedback(processing, respident, idents, blank.choices)
            for ident, option in zip(idents, options):
                if not dropdowns or option.correct:
                    _condition(processing, [("varequal", respident, ident)], add=share)

    def _fill_blanks(self, presentation, processing):
        self._blank_lists(presentation, processing, dropdowns=False)

    def _dropdowns(self, presentation, processing):
        self._blank_lists(presentation, processing, dropdowns=True)

    def _matching(self, presentation, processing):
        options = list(dict.fromkeys(p.right for p in self.q.pairs))
        idents = {text: f"{self.ident}_o{n}" for n, text in enumerate(options)}
        matched = self.q.matched_pairs()
        share = _share(len(matched))
        for n, pair in enumerate(matched):
            respident = f"response_{self.ident}_{n}"
            response = SubElement(presentation, "response_lid", ident=respident)
            _mattext(response, pair.left, inline=True)
            render = SubElement(response, "render_choice")
            for text in options:
                _mattext(SubElement(render, "response_label", ident=idents[text]), text, inline=True)
            _condition(processing, [("varequal", respident, idents[pair.right])], add=share)

    def _essay(self, presentation, processing):
        fib = SubElement(SubElement(presentation, "response_str", ident="response1", rcardinality="Single"),
                         "render_fib")
        SubElement(fib, "response_label", ident="answer1", rshuffle="No")
        _condition(processing, None, stop=True, score=None)

    def _nothing(self, presentation, processing):
        pass


def ordered(q: QuestionSpec) -> QuestionSpec:
    """Matching pairs as they read back: matched items first, distractors after."""
    if q.type != T.MATCHING:
        return q
    return dataclasses.replace(q, pairs=q.matched_pairs() + tuple(p for p in q.pairs if not p.left))


