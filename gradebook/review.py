"""An attempt's questions as a review shows them, to its student or to the cohort's staff: the answer as
seen, then the key, feedback and marking of the version that produced the current score (the version
seen, or the one a regrade used). One builder for both pages, so they cannot explain a mark differently.

The key is looked up only when the caller says so (``key=True``): the student's review passes
``quizzes.review.shows_key(level)``, so below that level no page carries it.
"""

from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.translation import gettext as _

from banks.keys import CHOICE_TYPES, answer_key, part_label
from banks.student_view import StudentQuestion, student_question
from casestudies.markdown import render as render_markdown
from casestudies.passages import cited_passage
from grading.comments import grader_comment


@dataclass
class ReviewRow:
    question: object  # the AttemptQuestion
    item: StudentQuestion  # the question as the student saw it, with their answer
    status: str
    comment: str
    regraded_at: object = None
    graded_number: int | None = None  # the version number a regrade used
    key: list = field(default_factory=list)
    feedback: list = field(default_factory=list)
    parts: list = field(default_factory=list)
    reason: str = ""
    citation: str = ""
    passage: str = ""


def review_rows(attempt, *, key: bool, detail: bool = False, case=None) -> list[ReviewRow]:
    """``key``: the correct answers and feedback (and the cited passage of ``case``); ``detail``: how
    each part was marked, for staff. Two queries for any number of questions."""
    questions = attempt.questions.select_related("version", "graded_version").order_by("position")
    rows = []
    for question in questions:
        seen = question.version
        graded = question.graded_version or seen
        spec, graded_spec = seen.question_spec, graded.question_spec
        result = question.result or {}
        row = ReviewRow(
            question=question, status=result.get("status", "unanswered"), comment=grader_comment(result),
            item=student_question(spec, seen.rendered, key=str(question.position), response=question.response,
                                  choice_order=question.choice_order, seed=f"{attempt.pk}-{question.position}",
                                  points=question.points),
            regraded_at=question.regraded_at, graded_number=graded.number if graded.pk != seen.pk else None,
        )
        if key:
            row.key = answer_key(graded_spec, graded.rendered)
            row.feedback = [render_markdown(text) for text in result.get("feedback", []) if text]
            row.citation, row.passage = graded.citation, cited_passage(case, graded.citation)
        if detail:
            row.reason = result.get("reason", "")
            row.parts = [{**part, "label": _part_label(graded_spec, graded.rendered, str(part.get("key", "")),
                                                       question.response)} for part in result.get("parts", [])]
        rows.append(row)
    return rows


def _part_label(spec, rendered: dict, key: str, response) -> str:
    """The part in the question's words, and for a choice whether the student chose it."""
    label = part_label(spec, rendered, key)
    if spec.type not in CHOICE_TYPES or key not in spec.choice_ids():
        return label
    chosen = key == response or (isinstance(response, list) and key in response)
    return format_html("{} <span class=\"text-body-secondary\">({})</span>", label,
                       _("chosen") if chosen else _("not chosen"))
