"""Writing a bank as QTI 1.2 in the dialect text2qti writes and Canvas Classic Quizzes import: what can
be written (``unsupported``), the assessment with its groups (``dump``) and the package (``package``)."""

import hashlib
import io
import re
import zipfile
from decimal import Decimal
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from banks.formats.base import ParsedBank, Skipped
from banks.formats.qti import html
from banks.formats.qti.common import BLANK_ID, MAX_POINTS
from banks.formats.qti.items import CANVAS_TYPES, ItemWriter, number, ordered
from banks.spec import QuestionSpec, Scoring
from banks.spec import QuestionType as T

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
MANIFEST_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# --- what can be written -------------------------------------------------------------------------------


def _texts(q: QuestionSpec):
    yield from (q.title, q.prompt, q.general_feedback, q.correct_feedback, q.incorrect_feedback, *q.tags)
    for choice in (*q.choices, *(c for b in q.blanks for c in b.choices)):
        yield from (choice.text, choice.feedback)
    for answer in (*q.answers, *(a for b in q.blanks for a in b.answers)):
        yield from (answer.text, answer.feedback)
    for pair in q.pairs:
        yield from (pair.left, pair.right)
    yield from (b.id for b in q.blanks)


def _plain_answers(answers) -> str | None:
    texts = [a.text for a in answers]
    if not texts:
        return "it has no accepted answer"
    if any(a.regex or a.case_sensitive or a.credit != 1 for a in answers):
        return "Canvas accepts answers as plain text, ignoring case, for full credit (no patterns, exact case " \
               "or part credit)"
    if any(not t.strip() or t != t.strip() or "\n" in t or "\r" in t for t in texts):
        return "an accepted answer is empty, has spaces around it or takes more than one line"
    if len({t.casefold() for t in texts}) < len(texts):
        return "two of its accepted answers are the same"
    return None


def _choice_problem(q: QuestionSpec) -> str | None:
    correct = sum(c.correct for c in q.choices)
    if not q.choices:
        return "it has no choices"
    if any(c.weight is not None for c in q.choices) or q.scoring == Scoring.WEIGHTS:
        return "Canvas has no weights per choice (part credit for a choice)"
    if q.type == T.MULTIPLE_ANSWER:
        return None if correct else "a multiple-answer question needs at least one correct choice"
    if correct != 1:
        return f"Canvas needs exactly one correct choice, not {correct}"
    if q.type == T.TRUE_FALSE and sorted(c.text.strip().casefold() for c in q.choices) != ["false", "true"]:
        return 'Canvas writes true/false as the two choices "True" and "False"'
    return None


def _numeric_problem(q: QuestionSpec) -> str | None:
    for answer in q.numeric:
        if answer.credit != 1 or answer.feedback:
            return "Canvas numerical answers cannot give part credit or their own feedback"
        if answer.tolerance_percent is not None:
            return "Canvas has no margin in percent (give it in units)"
        has_range = answer.min is not None or answer.max is not None
        if has_range == (answer.value is not None):
            return "each accepted number must be a value (± a margin) or a range"
        if has_range and answer.tolerance:
            return "a range cannot also have a margin"
    if len(set(q.numeric)) < len(q.numeric):
        return "two of its accepted numbers are the same"
    return None


def _blanks_problem(q: QuestionSpec) -> str | None:
    ids = [b.id for b in q.blanks]
    if not ids:
        return "it has no blanks"
    if len(set(ids)) < len(ids) or not all(BLANK_ID.fullmatch(i) for i in ids):
        return "its blank ids must be distinct letters, digits, - or _"
    if any(q.prompt.count(f"[[{i}]]") != 1 for i in ids):
        return "each blank must appear exactly once in the text as [[id]]"
    for blank in q.blanks:
        if q.type == T.FILL_BLANKS:
            problem = _plain_answers(blank.answers)
        else:
            problem = ("Canvas needs exactly one correct choice per dropdown, without weights"
                       if sum(c.correct for c in blank.choices) != 1 or any(c.weight is not None for c in blank.choices)
                       else None)
        if problem:
            return f"blank {blank.id}: {problem}"
    return None


def _matching_problem(q: QuestionSpec) -> str | None:
    matched = q.matched_pairs()
    if not matched:
        return "it has no pair to match"
    if any(not p.right.strip() for p in q.pairs):
        return "one of its right-hand options is empty"
    rights = {p.right for p in matched}
    if any(p.right in rights for p in q.pairs if not p.left):
        return "a distractor repeats an option that an item matches"
    return None


def unsupported(q: QuestionSpec) -> str | None:
    """Why ``q`` cannot be written as QTI that Canvas (and Casebook) read back the same, or None."""
    if q.type == T.ORDERING:
        return "Canvas Classic Quizzes have no ordering questions"
    if q.type not in CANVAS_TYPES:
        return f"QTI 1.2 has no {q.type} questions"
    if any(NOT_XML.search(text) for text in _texts(q)):
        return "its text contains control characters, which XML cannot hold"
    if not (0 <= q.points <= MAX_POINTS) or not q.points.is_finite():
        return f"its points ({q.points}) are not between 0 and {MAX_POINTS}"
    if q.type == T.TEXT and q.points:
        return "a text item is worth no points"
    if q.type in (T.ESSAY, T.FILE_UPLOAD, T.TEXT) and (q.correct_feedback or q.incorrect_feedback):
        return "Canvas essays, uploads and text items have only general feedback"
    checks = {T.SINGLE_CHOICE: _choice_problem, T.TRUE_FALSE: _choice_problem, T.MULTIPLE_ANSWER: _choice_problem,
              T.SHORT_ANSWER: lambda q: _plain_answers(q.answers),
              T.NUMERIC: _numeric_problem, T.FILL_BLANKS: _blanks_problem, T.DROPDOWNS: _blanks_problem,
              T.MATCHING: _matching_problem}
    return checks[q.type](q) if q.type in checks else None


# --- the assessment and its package ---------------------------------------------------------------------


def _ident(bank: ParsedBank) -> str:
    return "i" + hashlib.sha256(f"{bank.title}\0{len(bank.questions)}".encode()).hexdigest()[:32]


def _assessment(bank: ParsedBank, ident: str) -> tuple[Element, list[Skipped]]:
    root = Element("questestinterop", xmlns=QTI_NS)
    assessment = SubElement(root, "assessment", ident=ident, title=bank.title or "Casebook export")
    meta = SubElement(SubElement(assessment, "qtimetadata"), "qtimetadatafield")
    SubElement(meta, "fieldlabel").text = "cc_maxattempts"
    SubElement(meta, "fieldentry").text = "1"
    section = SubElement(assessment, "section", ident="root_section")
    skipped, group_of = [], {}
    for n, group in enumerate(bank.groups):
        for position in group.positions:
            group_of.setdefault(position, n)
    written_groups: dict[int, Element] = {}
    for position, q in enumerate(bank.questions, 1):
        reason = unsupported(q)
        if reason is not None:
            skipped.append(Skipped(position, q, reason))
            continue
        target = section
        if position in group_of:
            n = group_of[position]
            if n not in written_groups:
                written_groups[n] = _group(section, bank.groups[n], f"{ident}_g{n}")
            target = written_groups[n]
        target.append(ItemWriter(ordered(q), f"{ident}_q{position}").item())
    indent(root, space="  ")
    return root, skipped


def _group(section: Element, group, ident: str) -> Element:
    element = SubElement(section, "section", ident=ident, title=group.title)
    selection = SubElement(SubElement(element, "selection_ordering"), "selection")
    SubElement(selection, "selection_number").text = str(group.pick)
    extension = SubElement(selection, "selection_extension")
    SubElement(extension, "points_per_item").text = number(group.points if group.points is not None else Decimal(1))
    return element


def _xml(root: Element) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"


def dump(bank: ParsedBank) -> tuple[str, list[Skipped]]:
    """The bank as one QTI 1.2 assessment; the questions left out (``unsupported``) are in ``skipped``."""
    root, skipped = _assessment(bank, _ident(bank))
    return _xml(root), skipped


def _assessment_meta(bank: ParsedBank, ident: str, points: Decimal) -> str:
    quiz = Element("quiz", identifier=ident, xmlns=CANVAS_NS)
    SubElement(quiz, "title").text = bank.title or "Casebook export"
    SubElement(quiz, "description").text = html.to_html(bank.description)
    for name, value in (("shuffle_answers", "false"), ("scoring_policy", "keep_highest"), ("quiz_type", "assignment"),
                        ("points_possible", number(points)), ("allowed_attempts", "1"), ("available", "false")):
        SubElement(quiz, name).text = value
    assignment = SubElement(quiz, "assignment", identifier=f"{ident}_assignment")
    SubElement(assignment, "title").text = bank.title or "Casebook export"
    SubElement(assignment, "quiz_identifierref").text = ident
    SubElement(assignment, "points_possible").text = number(points)
    SubElement(assignment, "grading_type").text = "points"
    SubElement(assignment, "submission_types").text = "online_quiz"
    indent(quiz, space="  ")
    return _xml(quiz)


def _manifest(ident: str) -> str:
    manifest = Element("manifest", identifier=f"{ident}_manifest", xmlns=MANIFEST_NS)
    SubElement(manifest, "organizations")
    resources = SubElement(manifest, "resources")
    quiz = SubElement(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
    SubElement(quiz, "file", href=f"{ident}/{ident}.xml")
    SubElement(quiz, "dependency", identifierref=f"{ident}_meta")
    meta = SubElement(resources, "resource", identifier=f"{ident}_meta", href=f"{ident}/assessment_meta.xml",
                      type="associatedcontent/imscc_xmlv1p1/learning-application-resource")
    SubElement(meta, "file", href=f"{ident}/assessment_meta.xml")
    indent(manifest, space="  ")
    return _xml(manifest)


def points_possible(bank: ParsedBank, skipped: list[Skipped]) -> Decimal:
    """What Canvas shows as the quiz's points: each question outside a group, plus pick × points per group."""
    left = {s.position for s in skipped}
    grouped = {p for g in bank.groups for p in g.positions}
    total = sum((q.points for n, q in enumerate(bank.questions, 1) if n not in left and n not in grouped), Decimal(0))
    return total + sum((g.pick * (g.points if g.points is not None else Decimal(1)) for g in bank.groups), Decimal(0))


def package(bank: ParsedBank) -> tuple[bytes, list[Skipped]]:
    """The bank as a QTI package (a zip) Canvas imports: manifest, assessment_meta and the assessment."""
    ident = _ident(bank)
    root, skipped = _assessment(bank, ident)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", _manifest(ident))
        archive.writestr(f"{ident}/{ident}.xml", _xml(root))
        archive.writestr(f"{ident}/assessment_meta.xml", _assessment_meta(bank, ident, points_possible(bank, skipped)))
    return buffer.getvalue(), skipped
