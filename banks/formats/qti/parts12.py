"""The parts of a QTI 1.2 item by its type: choices, accepted answers, numbers, blanks, pairs.

Each reader takes the item's responses, its response conditions, its feedback texts, and the notes,
images and fields gathered so far, and returns the spec fields of its type (adding notes as it goes).
"""

from decimal import Decimal
from xml.etree.ElementTree import Element

from banks.formats.qti import html
from banks.formats.qti.common import LeftOutItem, blank_id, number, tidy
from banks.formats.qti.xml import attr, child, children, find, local, text
from banks.spec import AcceptedAnswer, Blank, Choice, NumericAnswer, Pair, Scoring
from banks.spec import QuestionType as T

FEEDBACK = {"general_fb": "general_feedback", "correct_fb": "correct_feedback",
            "general_incorrect_fb": "incorrect_feedback"}
TRUE_FALSE = {"true", "false"}


def material_text(element: Element | None) -> tuple[str, list[str]]:
    """A material's text (the first mattext; a matbreak is a line break), as Casebook Markdown."""
    if element is None:
        return "", []
    mattexts = children(element, "mattext")
    if not mattexts:
        images = [attr(img, "uri") for img in children(element, "matimage")]
        return "", images
    texttype = attr(mattexts[0], "texttype", "text/plain")
    return html.to_markdown(text(mattexts[0]), texttype)


def _labels(response: Element | None) -> list[tuple[str, str, list[str]]]:
    """(ident, text, images) of each response_label."""
    out = []
    for label in find(response, "response_label"):
        body, images = material_text(child(label, "material"))
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
    """What picking each label gives: the highest value a condition Sets for it, or the sum of what they Add."""
    scores: dict[str, Decimal] = {}
    for condition in conds:
        test = condition.equal()
        if test is None or condition.score is None or (respident and test.respident not in ("", respident)):
            continue
        if condition.set is not None:
            scores[test.value] = max(scores.get(test.value, condition.set), condition.set)
        else:
            scores[test.value] = scores.get(test.value, Decimal(0)) + condition.add
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
        left, found = material_text(child(response, "material"))
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
