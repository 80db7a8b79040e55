"""The answer key of a question as lines a person reads: shown only where the review policy allows."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from banks.autograde import correct_response
from banks.spec import QuestionSpec, QuestionType


def answer_key(spec: QuestionSpec, rendered: dict) -> list[dict]:
    """The correct answer as lines to show: {"label", "html"}; rendered option HTML is sanitised already."""
    key, kind = correct_response(spec), spec.type
    if key is None:
        return []
    choices, items = rendered.get("choices", []), rendered.get("items", [])
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE):
        return [{"html": mark_safe(choices[key])}] if key < len(choices) else []
    if kind == QuestionType.MULTIPLE_ANSWER:
        return [{"html": mark_safe(choices[i])} for i in key if i < len(choices)]
    if kind in (QuestionType.SHORT_ANSWER, QuestionType.NUMERIC):
        return [{"html": escape(key)}]
    if kind == QuestionType.FILL_BLANKS:
        return [{"label": _("Blank %(id)s") % {"id": blank}, "html": escape(text)} for blank, text in key.items()]
    if kind == QuestionType.MATCHING:
        lefts = dict(zip((i for i, pair in enumerate(spec.pairs) if pair.left), rendered.get("lefts", [])))
        rights = rendered.get("rights", [])
        return [{"html": format_html("{} → {}", mark_safe(lefts[left]), mark_safe(rights[right]))}
                for left, right in key.items() if left in lefts and right < len(rights)]
    if kind == QuestionType.ORDERING:
        return [{"label": str(n), "html": mark_safe(items[i])} for n, i in enumerate(key, start=1) if i < len(items)]
    return []
