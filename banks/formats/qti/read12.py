"""QTI 1.2 (``questestinterop``), as Canvas Classic Quizzes, text2qti and most LMSs export it."""

import dataclasses
from decimal import Decimal
from xml.etree.ElementTree import Element

from banks.formats.base import Group, LeftOut, ParsedBank, ParseProblem
from banks.formats.qti import html
from banks.formats.qti.common import (
    CANVAS_DEFAULT_TITLE,
    LeftOutItem,
    apply_settings,
    blank_id,
    image_notes,
    number,
    points,
    tidy,
    with_source,
)
from banks.formats.qti.conditions import Condition, conditions, max_score, score_variable
from banks.formats.qti.xml import Tree, attr, child, children, find, local, text
from banks.spec import AcceptedAnswer, Blank, Choice, NumericAnswer, Pair, QuestionSpec, Scoring
from banks.spec import QuestionType as T

CANVAS_TYPES = {
    "multiple_choice_question": T.SINGLE_CHOICE,
    "true_false_question": T.TRUE_FALSE,
    "multiple_answers_question": T.MULTIPLE_ANSWER,
    "short_answer_question": T.SHORT_ANSWER,
    "fill_in_multiple_blanks_question": T.FILL_BLANKS,
    "multiple_dropdowns_question": T.DROPDOWNS,
    "matching_question": T.MATCHING,
    "numerical_question": T.NUMERIC,
    "essay_question": T.ESSAY,
    "file_upload_question": T.FILE_UPLOAD,
    "text_only_question": T.TEXT,
}
CANVAS_NAMES = {
    "calculated_question": "calculated (formula) questions",
    "hot_spot_question": "hot-spot questions",
    "categorization_question": "categorization questions",
    "ordering_question": "Canvas ordering questions",
    "formula_question": "formula questions",
}
UNSUPPORTED_RESPONSES = {"response_xy": "hot-spot (click on an image) questions",
                         "render_hotspot": "hot-spot (click on an image) questions",
                         "render_slider": "slider questions", "response_extension": "LMS-specific questions"}
FEEDBACK = {"general_fb": "general_feedback", "correct_fb": "correct_feedback",
            "general_incorrect_fb": "incorrect_feedback"}
TRUE_FALSE = {"true", "false"}


class Reader:
    """Reads one questestinterop document into ``bank``; ``files`` are the package's, when there is one."""

    def __init__(self, tree: Tree, bank: ParsedBank, *, name: str = "", files: frozenset[str] | None = None,
                 quiz_tag: bool = False):
        self.tree, self.bank, self.name, self.files, self.quiz_tag = tree, bank, name, files, quiz_tag

    def problem(self, element, message: str) -> None:
        prefix = f"{self.name}: " if self.name else ""
        self.bank.errors.append(ParseProblem(self.tree.line(element), prefix + message))

    def read(self) -> None:
        root = self.tree.root
        tops = children(root, "assessment", "objectbank", "section", "item")
        if not tops:
            self.problem(root, "This QTI file holds no assessment, question bank or item.")
        for top in tops:
            if local(top) == "item":
                self.item(top, ())
                continue
            title = attr(top, "title") or _meta(top).get("bank_title", "")
            self.bank.title = self.bank.title or title
            tags = (title,) if self.quiz_tag and title else ()
            self.section(top, tags, depth=0)

    def section(self, element: Element, tags: tuple[str, ...], depth: int) -> None:
        for part in children(element, "section", "item", "objectbank"):
            if local(part) == "item":
                self.item(part, tags)
            elif _selection(part) is not None and depth < 20:
                self.group(part, tags, depth)
            elif depth < 20:
                self.section(part, tags, depth + 1)

    def group(self, section: Element, tags: tuple[str, ...], depth: int) -> None:
        pick, per_item, bank_ref = _selection(section)
        title = attr(section, "title") or f"Group {len(self.bank.groups) + 1}"
        tag = _unique_tag(title, {g.tag for g in self.bank.groups})
        start = len(self.bank.questions)
        self.section(section, (*tags, tag), depth + 1)
        positions = tuple(range(start + 1, len(self.bank.questions) + 1))
        line, ident = self.tree.line(section), attr(section, "ident")
        if not positions:
            reason = (f"the group picks {pick} question(s) from a Canvas question bank ({bank_ref}) that is not in "
                      "this file: import that bank's export and draw from it instead") if bank_ref else (
                      "none of the group's questions can be imported")
            self.bank.left_out.append(LeftOut(line, ident, title, reason))
            return
        if pick > len(positions):  # some of its questions were left out, or the file asks for more than it has
            self.bank.left_out.append(LeftOut(line, ident, title, (
                f"the group picks {pick} question(s) but only {len(positions)} can be imported: it will pick "
                f"{len(positions)}")))
            pick = len(positions)
        self.bank.groups.append(Group(title, pick, per_item, positions, tag, line))

    def item(self, item: Element, tags: tuple[str, ...]) -> None:
        ident, title = attr(item, "ident"), attr(item, "title")
        try:
            spec = read_item(item, self.tree, self.files)
        except LeftOutItem as reason:
            self.bank.left_out.append(LeftOut(self.tree.line(item), ident, title, str(reason)))
            return
        if tags:
            spec = _tagged(spec, tags)
        self.bank.questions.append(spec)


def _tagged(spec: QuestionSpec, tags: tuple[str, ...]) -> QuestionSpec:
    return dataclasses.replace(spec, tags=tuple(dict.fromkeys((*spec.tags, *tags))))


def _unique_tag(title: str, taken: set[str]) -> str:
    tag = " ".join(title.split())[:50] or "Group"
    n = 1
    while tag in taken:
        n += 1
        tag = f"{' '.join(title.split())[:44]} ({n})"
    return tag


def _selection(section: Element):
    selection = child(child(section, "selection_ordering"), "selection")
    count = child(selection, "selection_number")
    if count is None:
        return None
    pick = number(text(count))
    extension = child(selection, "selection_extension")
    per_item = number(text(child(extension, "points_per_item")))
    ref = text(child(selection, "sourcebank_ref")).strip()
    return (int(pick) if pick is not None and 0 < pick < 10_000 else 1), per_item, ref


def _meta(element: Element) -> dict[str, str]:
    fields = {}
    for field in find(element, "qtimetadatafield"):
        label = text(child(field, "fieldlabel")).strip()
        if label and label not in fields:
            fields[label] = text(child(field, "fieldentry"))
    return fields


# --- one item ----------------------------------------------------------------------------------------


def _material(element: Element | None) -> tuple[str, list[str]]:
    """A material's text (the first mattext; a matbreak is a line break), as Casebook Markdown."""
    if element is None:
        return "", []
    mattexts = children(element, "mattext")
    if not mattexts:
        images = [attr(img, "uri") for img in children(element, "matimage")]
        return "", images
    texttype = attr(mattexts[0], "texttype", "text/plain")
    return html.to_markdown(text(mattexts[0]), texttype)


def _prompt_materials(presentation: Element | None) -> list[Element]:
    """The presentation's own materials (not those of its responses), in order."""
    found = []

    def walk(element, depth=0):
        for part in children(element):
            name = local(part)
            if name == "material":
                found.append(part)
            elif not name.startswith("response_") and depth < 20:
                walk(part, depth + 1)
    walk(presentation)
    return found


def read_item(item: Element, tree: Tree, files: frozenset[str] | None) -> QuestionSpec:
    """One item as a QuestionSpec; raises LeftOutItem for one Casebook cannot hold."""
    meta = _meta(child(item, "itemmetadata"))
    canvas_type = meta.get("question_type", "").strip()
    presentation = child(item, "presentation")
    responses = [part for part in find(presentation, "response_lid", "response_str", "response_num", "response_grp",
                                       "response_xy", "response_extension")]
    for part in [*responses, *find(presentation, "render_hotspot", "render_slider")]:
        if local(part) in UNSUPPORTED_RESPONSES:
            raise LeftOutItem(f"Casebook has no {UNSUPPORTED_RESPONSES[local(part)]}")
    if canvas_type in CANVAS_NAMES:
        raise LeftOutItem(f"Casebook has no {CANVAS_NAMES[canvas_type]}")
    if canvas_type and canvas_type not in CANVAS_TYPES:
        raise LeftOutItem(f"Casebook has no questions of the Canvas type “{canvas_type}”")
    kind = CANVAS_TYPES.get(canvas_type) or _guess(responses, conditions(item))

    notes: list[str] = []
    texts, images = [], []
    for material in _prompt_materials(presentation):
        body, found = _material(material)
        texts.append(body)
        images += found
    feedback = {attr(fb, "ident"): _feedback(fb, images) for fb in children(item, "itemfeedback")}
    title = attr(item, "title").strip()
    fields = {
        "type": kind, "prompt": "\n\n".join(t for t in texts if t), "line": tree.line(item),
        "title": "" if title == CANVAS_DEFAULT_TITLE else title,
        "points": _points(item, meta, kind),
        **{name: feedback.get(ident, "") for ident, name in FEEDBACK.items()},
    }
    conds = conditions(item)
    fields.update(PARTS[kind](responses, conds, feedback, notes, images, fields))
    apply_settings(fields, meta, notes)
    notes += image_notes(images, files)
    if kind == T.TEXT:
        fields["points"] = Decimal(0)
    return with_source(QuestionSpec(**fields, notes=tuple(notes)), meta)


def _feedback(element: Element, images: list[str]) -> str:
    parts = []
    for material in find(element, "material"):
        body, found = _material(material)
        images += found
        if body:
            parts.append(body)
    return "\n\n".join(parts)


def _points(item: Element, meta: dict[str, str], kind) -> Decimal:
    if "points_possible" in meta:
        return points(meta["points_possible"])
    if score_variable(item) != "SCORE" and (top := max_score(item)) is not None:
        return points(str(top))  # a non-Canvas score variable counts points, not percent
    return Decimal(1)


def _guess(responses: list[Element], conds: list[Condition]):
    """The type of an item that does not say (plain QTI 1.2): from its response elements."""
    if not responses:
        return T.TEXT
    kinds = {local(r) for r in responses}
    if kinds == {"response_lid"} and len(responses) > 1:
        return T.MATCHING
    first = responses[0]
    if local(first) == "response_lid":
        labels = [_material(child(label, "material"))[0] for label in find(first, "response_label")]
        if attr(first, "rcardinality", "Single").lower() == "multiple":
            return T.MULTIPLE_ANSWER
        if len(labels) == 2 and {t.strip().casefold() for t in labels} == TRUE_FALSE:
            return T.TRUE_FALSE
        return T.SINGLE_CHOICE
    fib = child(first, "render_fib")
    scored = any(c.score for c in conds)
    if local(first) == "response_num" or attr(fib, "fibtype").lower() in ("decimal", "integer"):
        return T.NUMERIC
    if len(responses) > 1:
        return T.FILL_BLANKS
    return T.SHORT_ANSWER if scored else T.ESSAY


def _labels(response: Element | None) -> list[tuple[str, str, list[str]]]:
    """(ident, text, images) of each response_label."""
    out = []
    for label in find(response, "response_label"):
        body, images = _material(child(label, "material"))
        out.append((attr(label, "ident"), body, images))
    return out


def _choice_feedback(conds, feedback, respident=None) -> dict[str, str]:
    """Feedback shown when one choice is picked: Canvas's ``{ident}_fb``."""
    out = {}
    for condition in conds:
        test = condition.equal()
        if test is None or (respident and test.respident not in ("", respident)):
            continue
        for ref in condition.feedback:
            if ref not in FEEDBACK and ref in feedback:
                out.setdefault(test.value, feedback[ref])
    return out


def _choice_scores(conds, respident=None) -> dict[str, Decimal]:
    scores: dict[str, Decimal] = {}
    for condition in conds:
        test = condition.equal()
        if test is None or condition.score is None or (respident and test.respident not in ("", respident)):
            continue
        scores[test.value] = max(scores.get(test.value, condition.score), condition.score) \
            if condition.set is not None else scores.get(test.value, Decimal(0)) + condition.add
    return scores


def _choices(responses, conds, feedback, notes, images, fields):
    response = responses[0] if responses else None
    labels = _labels(response)
    if not labels:
        raise LeftOutItem("it is a choice question without any choices")
    for _, _, found in labels:
        images += found
    respident = attr(response, "ident")
    scores = _choice_scores(conds, respident)
    per_choice = _choice_feedback(conds, feedback, respident)
    kind = fields["type"]
    if kind == T.MULTIPLE_ANSWER:
        return _multiple(labels, conds, scores, per_choice, notes)
    top = max(scores.values(), default=Decimal(0))
    choices = []
    for ident, body, _ in labels:
        score = scores.get(ident, Decimal(0))
        correct = top > 0 and score == top
        weight = tidy(score / top) if top > 0 and 0 < score < top else None
        choices.append(Choice(body, correct, weight, per_choice.get(ident, "")))
    if not any(c.correct for c in choices):
        notes.append("No choice earns points in the file, so every answer will earn 0. Mark the right choice "
                     "in the editor.")
    if kind == T.TRUE_FALSE and (len(choices) != 2 or {c.text.casefold() for c in choices} != TRUE_FALSE):
        notes.append("This true/false question does not have exactly the choices True and False.")
    return {"choices": tuple(choices)}


def _multiple(labels, conds, scores, per_choice, notes):
    wanted = set()
    for condition in conds:  # Canvas / text2qti: one <and> of the right varequals and <not> the wrong ones
        if condition.test.kind == "and" and (condition.score or 0) > 0:
            wanted = {p.value for p in condition.test.parts if p.kind == "varequal"}
    if wanted:
        choices = tuple(Choice(body, ident in wanted, None, per_choice.get(ident, "")) for ident, body, _ in labels)
        return {"choices": choices, "scoring": Scoring.RIGHT_MINUS_WRONG}
    positive = sum((s for s in scores.values() if s > 0), Decimal(0))
    if not positive:
        notes.append("No choice earns points in the file, so every answer will earn 0.")
        return {"choices": tuple(Choice(body, False, None, per_choice.get(i, "")) for i, body, _ in labels)}
    choices = tuple(Choice(body, scores.get(ident, 0) > 0, tidy(scores[ident] / positive) if ident in scores else None,
                           per_choice.get(ident, "")) for ident, body, _ in labels)
    return {"choices": choices, "scoring": Scoring.WEIGHTS}


def _short(responses, conds, feedback, notes, images, fields):
    answers = _accepted(conds, feedback, attr(responses[0], "ident") if responses else None)
    if not answers:
        notes.append("The file accepts no answer, so every answer will earn 0. Add the accepted answers in the "
                     "editor.")
    return {"answers": answers}


def _accepted(conds, feedback, respident) -> tuple[AcceptedAnswer, ...]:
    scored = [c for c in conds if (c.score or 0) > 0]
    top = max((c.score for c in scored), default=Decimal(1))
    per_answer = _choice_feedback(conds, feedback, respident)
    answers: dict[str, AcceptedAnswer] = {}
    for condition in scored:
        for test in condition.equals():
            if respident and test.respident not in ("", respident):
                continue
            credit = tidy(condition.score / top) if top else Decimal(1)
            if test.value and test.value not in answers:
                answers[test.value] = AcceptedAnswer(test.value, credit, case_sensitive=test.case,
                                                     feedback=per_answer.get(test.value, ""))
    return tuple(answers.values())


def _numeric(responses, conds, feedback, notes, images, fields):
    found = []
    for condition in conds:
        if (condition.score or 0) > 0:
            answer = _number_test(condition.test, notes)
            if answer is not None and answer not in found:
                found.append(answer)
    if not found:
        notes.append("The file accepts no number, so every answer will earn 0. Add the accepted numbers in the "
                     "editor.")
    return {"numeric": tuple(found)}


def _number_test(test, notes) -> NumericAnswer | None:
    """varequal v; vargte a + varlte b; or (varequal v, and(vargte v-m, varlte v+m)) for Canvas's margins."""
    parts = list(test.parts) if test.kind in ("and", "or") else [test]
    if test.kind == "or" and len(parts) == 2 and parts[0].kind == "varequal" and parts[1].kind == "and":
        exact, bounds = number(parts[0].value), _bounds(parts[1].parts, notes)
        if exact is not None and bounds and None not in bounds and bounds[1] - exact == exact - bounds[0]:
            return NumericAnswer(value=tidy(exact), tolerance=tidy(exact - bounds[0]))
        return NumericAnswer(min=bounds[0], max=bounds[1]) if bounds else None
    if len(parts) == 1 and parts[0].kind == "varequal":
        value = number(parts[0].value)
        return NumericAnswer(value=tidy(value)) if value is not None else None
    bounds = _bounds(parts, notes)
    return NumericAnswer(min=bounds[0], max=bounds[1]) if bounds else None


def _bounds(parts, notes):
    low = high = None
    for part in parts:
        value = number(part.value)
        if value is None:
            continue
        if part.kind in ("vargt", "varlt"):
            notes.append(f"The file compares with a strict bound ({part.kind}); Casebook's ranges include their ends.")
        if part.kind in ("vargte", "vargt"):
            low = tidy(value)
        elif part.kind in ("varlte", "varlt"):
            high = tidy(value)
    return (low, high) if low is not None or high is not None else None


def _blank_responses(responses, fields, notes):
    """Canvas's blanks: one response_lid per ``[name]`` in the prompt, its material naming the blank."""
    taken: set[str] = set()
    prompt = fields["prompt"]
    blanks = []
    for response in responses:
        name = text(child(child(response, "material"), "mattext")).strip() or attr(response, "ident").removeprefix(
            "response_")
        new = blank_id(name, taken)
        if f"[{name}]" in prompt:
            prompt = prompt.replace(f"[{name}]", f"[[{new}]]")
        else:
            prompt += f" [[{new}]]"
            notes.append(f"The text does not show where the blank “{name}” goes; it was put at the end.")
        blanks.append((response, new))
    fields["prompt"] = prompt
    return blanks


def _fill_blanks(responses, conds, feedback, notes, images, fields):
    out = []
    for response, new in _blank_responses(responses, fields, notes):
        respident = attr(response, "ident")
        if local(response) == "response_str":  # plain QTI: typed answers compared as strings
            answers = _accepted(conds, feedback, respident)
        else:
            labels = {ident: body for ident, body, _ in _labels(response)}
            scores = _choice_scores(conds, respident)
            answers = tuple(AcceptedAnswer(labels[i]) for i in labels if scores.get(i, 0) > 0) or tuple(
                AcceptedAnswer(body) for body in labels.values())
        out.append(Blank(new, answers))
    return {"blanks": tuple(out), "scoring": Scoring.PER_PART}


def _dropdowns(responses, conds, feedback, notes, images, fields):
    out = []
    for response, new in _blank_responses(responses, fields, notes):
        respident = attr(response, "ident")
        scores = _choice_scores(conds, respident)
        per_choice = _choice_feedback(conds, feedback, respident)
        choices = tuple(Choice(body, scores.get(ident, 0) > 0, None, per_choice.get(ident, ""))
                        for ident, body, found in _labels(response))
        if not any(c.correct for c in choices):
            notes.append(f"No choice of the dropdown “{new}” earns points in the file.")
        out.append(Blank(new, choices=choices))
    return {"blanks": tuple(out), "scoring": Scoring.PER_PART}


def _matching(responses, conds, feedback, notes, images, fields):
    pairs, options = [], {}
    for response in responses:
        left, found = _material(child(response, "material"))
        images += found
        labels = _labels(response)
        options.update({body: None for _, body, _ in labels})
        scores = _choice_scores(conds, attr(response, "ident"))
        right = next((body for ident, body, _ in labels if scores.get(ident, 0) > 0), None)
        if right is None:
            notes.append(f"“{left}” has no right match in the file; it was left out of the pairs.")
            continue
        pairs.append(Pair(left, right))
    used = {p.right for p in pairs}
    pairs += [Pair("", body) for body in options if body not in used and body]
    return {"pairs": tuple(pairs), "scoring": Scoring.PER_PART}


def _nothing(responses, conds, feedback, notes, images, fields):
    return {}


PARTS = {
    T.SINGLE_CHOICE: _choices, T.TRUE_FALSE: _choices, T.MULTIPLE_ANSWER: _choices,
    T.SHORT_ANSWER: _short, T.NUMERIC: _numeric, T.FILL_BLANKS: _fill_blanks, T.DROPDOWNS: _dropdowns,
    T.MATCHING: _matching, T.ESSAY: _nothing, T.FILE_UPLOAD: _nothing, T.TEXT: _nothing,
}
