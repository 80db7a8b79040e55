"""QTI 1.2 (``questestinterop``), as Canvas Classic Quizzes, text2qti and most LMSs export it."""

import dataclasses
from decimal import Decimal
from xml.etree.ElementTree import Element

from banks.formats.base import Group, LeftOut, ParsedBank, ParseProblem
from banks.formats.qti.common import (
    CANVAS_DEFAULT_TITLE,
    LeftOutItem,
    apply_settings,
    image_notes,
    number,
    points,
    with_source,
)
from banks.formats.qti.conditions import Condition, conditions, max_score, score_variable
from banks.formats.qti.parts12 import FEEDBACK, PARTS, TRUE_FALSE, material_text
from banks.formats.qti.xml import Tree, attr, child, children, find, local, text
from banks.spec import QuestionSpec
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
        body, found = material_text(material)
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
        body, found = material_text(material)
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
        labels = [material_text(child(label, "material"))[0] for label in find(first, "response_label")]
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


