"""A submitted attempt as its student may see it now: nothing, the score, which answers were right (with
the hand-grader's comments), or (the "full" level only) the correct answers, feedback and the cited
passage of the case.

The key is looked up here and only when quizzes.review.shows_key says so: below that level no page
or response carries it.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from banks.keys import answer_key
from banks.services import version_spec
from banks.student_view import student_question
from casestudies.markdown import render as render_markdown
from casestudies.passages import cited_passage
from grading.comments import grader_comment
from quizzes.access import get_attempt_for_student
from quizzes.models import Attempt
from quizzes.review import level_now, shows_correctness, shows_key, shows_score
from quizzes.services.attempts import finalise_if_overdue


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
    return render(request, "gradebook/attempt_review.html", context)


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


