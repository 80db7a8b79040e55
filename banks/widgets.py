"""A question's widget as HTML (banks/_question_widget.html), and the attempt page's copy of it kept in
memory while it is unanswered.

When an exam starts, every student's page shows the same few dozen questions, unanswered, in a few
choice orders: rendering the template for each costs more than everything else on the page. An
unanswered widget depends only on its version, its choice order, its points and the language (its
place in the attempt, in field names and its heading, stands in as a placeholder), so each is rendered
once per process and reused. Versions never change (banks.versions), so a kept copy is never stale.
"""

import dataclasses
from collections import OrderedDict

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from banks.autograde import is_answered
from banks.spec import QuestionType
from banks.student_view import StudentQuestion

TEMPLATE = "banks/_question_widget.html"
PLACE = "\x00place\x00"  # a question's place in a kept widget; sanitised HTML never holds a NUL
LIMIT = 5000
# Ordering and matching widgets are shuffled per attempt, file uploads name their attempt: none repeat.
NOT_KEPT = frozenset({QuestionType.ORDERING, QuestionType.MATCHING, QuestionType.FILE_UPLOAD})
_kept: OrderedDict[tuple, str] = OrderedDict()


def widget_html(item: StudentQuestion, *, disabled: bool = False, **context) -> SafeString:
    return get_template(TEMPLATE).render({"item": item, "disabled": disabled, **context})


def attempt_widget_html(item: StudentQuestion, *, version_id: int, choice_order, **context) -> SafeString:
    """The widget as the attempt page shows it: from memory when unanswered, rendered otherwise."""
    if item.type in NOT_KEPT or is_answered(item.response):
        return widget_html(item, **context)
    key = (version_id, tuple(choice_order or ()), item.points, get_language())
    html = _kept.get(key)
    if html is None:
        html = str(widget_html(dataclasses.replace(item, key=PLACE, number=PLACE), **context))
        _kept[key] = html
        if len(_kept) > LIMIT:
            _kept.popitem(last=False)
    return mark_safe(html.replace(PLACE, item.key))  # noqa: S308 (the template rendered and escaped it)


def forget_all() -> None:
    """For tests that make and throw away versions (see banks.versions.forget_all)."""
    _kept.clear()
