"""A submitted attempt as its student may see it now: nothing, the score, which answers were right (with
the hand-grader's comments), or (the "full" level only) the correct answers, feedback and the cited
passage of the case.

The key is looked up here and only when quizzes.review.shows_key says so: below that level no page
or response carries it.
"""

import html
import re

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from casestudies.markdown import render as render_markdown
from quizzes.access import get_attempt_for_student
from quizzes.grading import correct_response
from quizzes.models import Attempt
from quizzes.review import shows_correctness, shows_key, shows_score
from quizzes.services.attempts import finalise_if_overdue
from quizzes.services.banks import version_spec
from quizzes.spec import QuestionSpec, QuestionType
from quizzes.standing import level_now
from quizzes.student_view import student_question


@login_required
def attempt_review(request, pk):
    attempt = finalise_if_overdue(get_attempt_for_student(request.user, pk))
    if attempt.status != Attempt.Status.SUBMITTED:
        return redirect("quizzes:attempt", attempt.pk)
    assignment = attempt.assignment
    level = level_now(assignment, assignment.overrides.all(), timezone.now())
    context = {
        "attempt": attempt, "assignment": assignment, "case": assignment.quiz.case, "level": level,
        "shows_score": shows_score(level), "shows_correctness": shows_correctness(level), "shows_key": shows_key(level),
        "rows": _rows(attempt, shows_key(level)) if shows_correctness(level) else [],
    }
    return render(request, "quizzes/attempt_review.html", context)


def _rows(attempt, with_key: bool) -> list[dict]:
    case = attempt.assignment.quiz.case
    rows = []
    for question in attempt.questions.select_related("version").order_by("position"):
        spec, version = version_spec(question.version), question.version
        item = student_question(spec, version.rendered, key=str(question.position), number=0,
                                response=question.response, choice_order=question.choice_order,
                                seed=f"{attempt.pk}-{question.position}")
        result = question.result or {}
        row = {"question": question, "item": item, "status": result.get("status", "unanswered"),
               "comment": grader_comment(result)}
        if with_key:
            row |= {
                "key": answer_key(spec, version.rendered),
                "feedback": [render_markdown(text) for text in result.get("feedback", []) if text],
                "citation": version.citation, "passage": cited_passage(case, version.citation),
            }
        rows.append(row)
    return rows


def grader_comment(result: dict) -> str:
    """The hand-grader's comment, plain text for the template to escape. It says how the answer was
    marked, so it is released with right and wrong (the "correctness" level), not with the key."""
    comment = result.get("comment")
    return comment.strip() if isinstance(comment, str) else ""


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


def cited_passage(case, citation: str) -> str:
    """The cited paragraph's text (plain, unescaped for the template to escape), or "" if not simple."""
    if not (case and citation):
        return ""
    match = re.search(rf'<p id="{re.escape(citation)}">(.*?)</p>', case.body_html, re.S)
    if not match:
        return ""
    text = re.sub(r"<sup[^>]*>.*?</sup>", "", match.group(1), flags=re.S)  # footnote markers
    return html.unescape(strip_tags(text)).strip()
