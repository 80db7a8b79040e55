"""The answer key of a question as lines a person reads: shown only where the review policy allows, and in
full (every alternative, tolerance and feedback) to the instructor previewing an import."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from banks.autograde import correct_response
from banks.formats.base import ParseProblem
from banks.forms.question import SCORING_CHOICES
from banks.inline_blanks import place_blanks
from banks.rendering import inline, render_spec
from banks.services import ImportRefused
from banks.spec import QuestionSpec, QuestionType
from banks.student_view import StudentQuestion, student_question
from casestudies.markdown import MarkdownRefused


def answer_key(spec: QuestionSpec, rendered: dict) -> list[dict]:
    """The correct answer as lines to show: {"label", "html"}; rendered option HTML is sanitised already."""
    key, kind = correct_response(spec), spec.type
    if key is None:
        return []
    choices = dict(zip(spec.choice_ids(), rendered.get("choices", [])))
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE):
        return [{"html": mark_safe(choices[key])}] if key in choices else []
    if kind == QuestionType.MULTIPLE_ANSWER:
        return [{"html": mark_safe(choices[i])} for i in key if i in choices]
    if kind in (QuestionType.SHORT_ANSWER, QuestionType.NUMERIC):
        return [{"html": escape(key)}]
    if kind == QuestionType.FILL_BLANKS:
        return [{"label": label, "html": escape(key[blank])} for blank, label in blank_labels(spec, rendered).items()
                if blank in key]
    if kind == QuestionType.DROPDOWNS:
        choices = _dropdown_html(spec, rendered)
        return [{"label": label, "html": mark_safe(choices[key[blank]])}
                for blank, label in blank_labels(spec, rendered).items() if key.get(blank) in choices]
    if kind == QuestionType.MATCHING:
        lefts = dict(zip((i for i, pair in zip(spec.pair_ids(), spec.pairs) if pair.left), rendered.get("lefts", [])))
        rights = dict(zip((option.id for option in spec.right_options()), rendered.get("rights", [])))
        return [{"html": format_html("{} → {}", mark_safe(lefts[left]), mark_safe(rights[right]))}
                for left, right in key.items() if left in lefts and right in rights]
    if kind == QuestionType.ORDERING:
        items = dict(zip(spec.item_ids(), rendered.get("items", [])))
        return [{"label": str(n), "html": mark_safe(items[i])} for n, i in enumerate(key, start=1) if i in items]
    return []


def blank_labels(spec: QuestionSpec, rendered: dict) -> dict[str, str]:
    """{blank id: "Blank 2"}, numbered in reading order as the fields are ("Blank 2 of 3", banks.inline_blanks)."""
    order = place_blanks(rendered.get("prompt", ""), list(dict.fromkeys(b.id for b in spec.blanks))).order
    return {blank: _("Blank %(n)s") % {"n": number} for number, blank in enumerate(order, start=1)}


def _dropdown_html(spec: QuestionSpec, rendered: dict) -> dict[str, str]:
    rows = rendered.get("blank_choices", [])
    return {i: html for blank, row in zip(spec.blanks, rows) for i, html in zip(blank.choice_ids(), row)}


CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE, QuestionType.MULTIPLE_ANSWER)


def part_label(spec: QuestionSpec, rendered: dict, key: str) -> str:
    """What a graded part (``PartResult.key``) is about, in the question's words: the choice, the
    left-hand item, the position or the blank. Rendered HTML is sanitised already; the rest is escaped."""
    kind = spec.type
    if kind in CHOICE_TYPES:
        choices = dict(zip(spec.choice_ids(), rendered.get("choices", [])))
        if key in choices:
            return mark_safe(choices[key])  # noqa: S308 (sanitised when the version was saved)
    if kind == QuestionType.MATCHING:
        lefts = dict(zip((i for i, pair in zip(spec.pair_ids(), spec.pairs) if pair.left), rendered.get("lefts", [])))
        if key in lefts:
            return mark_safe(lefts[key])  # noqa: S308 (sanitised when the version was saved)
    if kind == QuestionType.ORDERING and key.isdigit():
        return _("Position %(n)s") % {"n": int(key) + 1}
    if kind in (QuestionType.FILL_BLANKS, QuestionType.DROPDOWNS):
        return blank_labels(spec, rendered).get(key) or _("Blank %(id)s") % {"id": key}
    return _("Answer") if key == "answer" else escape(key)


# --- the whole key, for an instructor before saving (an import's preview) ---------------------------


def _n(value) -> str:
    """2.50 as "2.5", 10 as "10"."""
    return f"{value.normalize():f}" if value is not None else ""


def _credit(credit) -> str:
    return "" if credit == 1 else _("%(percent)s%% credit") % {"percent": _n(credit * 100)}


def _detail(*parts, feedback: str = "") -> str:
    """The small print after a key line: credit, flags, then the feedback it gives (Markdown, rendered)."""
    shown = [escape(part) for part in parts if part]
    if feedback:
        shown.append(format_html("{} {}", _("Feedback:"), mark_safe(inline(feedback))))  # noqa: S308 (sanitised)
    return mark_safe(" · ".join(shown))  # noqa: S308 (escaped above)


def _numeric_text(answer) -> str:
    if answer.min is not None or answer.max is not None:
        low, high = _n(answer.min) or "−∞", _n(answer.max) or "∞"
        return _("from %(low)s to %(high)s") % {"low": low, "high": high}
    if answer.tolerance_percent is not None:
        return f"{_n(answer.value)} ± {_n(answer.tolerance_percent)}%"
    return f"{_n(answer.value)} ± {_n(answer.tolerance)}" if answer.tolerance else _n(answer.value)


def _accepted(answers) -> list[dict]:
    return [{"html": escape(a.text), "detail": _detail(
        _credit(a.credit), _("regular expression") if a.regex else "", _("case-sensitive") if a.case_sensitive else "",
        feedback=a.feedback)} for a in answers]


def _choices(spec: QuestionSpec, rendered: dict) -> list[dict]:
    """Every choice marked right or wrong (the key's choices are answer_key's), with weight and feedback."""
    key = correct_response(spec)
    right = set(key) if isinstance(key, list) else {key}
    return [{"label": _("Correct") if choice_id in right else _("Wrong"), "correct": choice_id in right,
             "html": mark_safe(html),  # noqa: S308 (sanitised when rendered)
             "detail": _detail(_("weight %(w)s%%") % {"w": _n(choice.weight * 100)} if choice.weight is not None
                               else "", feedback=choice.feedback)}
            for choice_id, choice, html in zip(spec.choice_ids(), spec.choices, rendered.get("choices", []))]


def full_key(spec: QuestionSpec, rendered: dict) -> dict:
    """What marks an answer, all of it: ``lines`` ({"label", "html", "detail", "correct"}), ``scoring`` and
    ``feedback`` (label, html). The right answers are answer_key's lines; this adds what a student's review
    never shows: every accepted alternative with its credit, tolerances and ranges, weights, distractors and
    per-answer feedback."""
    kind, lines = spec.type, []
    if kind in CHOICE_TYPES:
        lines = _choices(spec, rendered)
    elif kind == QuestionType.SHORT_ANSWER:
        lines = _accepted(spec.answers)
    elif kind == QuestionType.NUMERIC:
        lines = [{"html": escape(_numeric_text(a)), "detail": _detail(_credit(a.credit), feedback=a.feedback)}
                 for a in spec.numeric]
    elif kind == QuestionType.FILL_BLANKS:
        labels = blank_labels(spec, rendered)
        lines = [{**line, "label": labels.get(blank.id) or _("Blank %(id)s") % {"id": blank.id}}
                 for blank in spec.blanks for line in _accepted(blank.answers)]
    elif kind in (QuestionType.DROPDOWNS, QuestionType.MATCHING, QuestionType.ORDERING):
        lines = answer_key(spec, rendered)
        if kind == QuestionType.MATCHING:
            matched = {pair.right for pair in spec.matched_pairs()}
            lines += [{"label": _("Distractor"), "html": mark_safe(html)}  # noqa: S308 (sanitised)
                      for option, html in zip(spec.right_options(), rendered.get("rights", []))
                      if option.text not in matched]
    elif kind in (QuestionType.ESSAY, QuestionType.FILE_UPLOAD):
        limits = [_("at most %(n)s words") % {"n": spec.word_limit} if spec.word_limit else "",
                  ", ".join(f".{ext}" for ext in spec.allowed_extensions)]
        lines = [{"html": _("Graded by hand"), "detail": _detail(*limits)}]
    scoring = dict(SCORING_CHOICES.get(kind, ())).get(spec.scoring, "") if kind in SCORING_CHOICES else ""
    feedback = [(label, mark_safe(inline(text)))  # noqa: S308 (sanitised)
                for label, text in ((_("Feedback when right"), spec.correct_feedback),
                                    (_("Feedback when not right"), spec.incorrect_feedback),
                                    (_("Feedback for everyone"), spec.general_feedback)) if text]
    return {"lines": lines, "scoring": scoring, "feedback": feedback, "graded": kind != QuestionType.TEXT}


def import_previews(specs) -> list[tuple[QuestionSpec, StudentQuestion, dict]]:
    """An import's preview, numbered: each parsed question as students will see it, and its whole key."""
    previews = []
    for number, spec in enumerate(specs, start=1):
        try:
            rendered = render_spec(spec)
        except MarkdownRefused as refused:
            raise ImportRefused([ParseProblem(spec.line, str(refused))]) from None
        previews.append((spec, student_question(spec, rendered, key=str(number), number=number),
                         full_key(spec, rendered)))
    return previews
