"""The answer key of a question as lines a person reads: shown only where the review policy allows."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from banks.autograde import correct_response
from banks.inline_blanks import place_blanks
from banks.spec import QuestionSpec, QuestionType


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
