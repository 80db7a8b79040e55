"""The instructor's preview of a quiz: what a student meets, one fresh draw, with nothing saved.

The cohort's instructors and TAs do not take its assignments (their attempts would be graded like a
student's), so this is where the quiz's owner checks what students will see: the case beside the
questions (a drawer on phones) and, for one of the quiz's assignments, the timer as an attempt started
now would run it (its deadline from quizzes.deadlines, as attempts get theirs).
"""

import random
from decimal import Decimal

from django.shortcuts import render
from django.utils import timezone

from accounts.permissions import instructor_required
from banks.services import version_spec
from banks.spec import QuestionType
from banks.student_view import student_question
from cohorts.models import Membership
from quizzes.access import get_quiz_for_user
from quizzes.deadlines import attempt_deadline
from quizzes.services.attempts import choice_order, draw_questions, graded_spec, window_for


@instructor_required
def quiz_preview(request, pk):
    quiz = get_quiz_for_user(request.user, pk)
    rng, now = random.Random(), timezone.now()
    rows = [
        {"item": student_question(version_spec(drawn.version), drawn.version.rendered, key=f"preview-{number}",
                                  number=number, choice_order=choice_order(drawn.version, rng, quiz),
                                  seed=f"preview-{rng.random()}",
                                  points=graded_spec(version_spec(drawn.version), drawn.points).points),
         "citation": drawn.version.citation, "position": number}
        for number, drawn in enumerate(draw_questions(quiz, rng), start=1)
    ]
    assignments = list(quiz.assignments.select_related("cohort").order_by("due_at", "pk"))
    chosen = _chosen(assignments, request.GET.get("assignment"))
    context = {"quiz": quiz, "case": quiz.case, "rows": rows, "assignments": assignments, "chosen": chosen,
               "timer": _timer(chosen, now) if chosen else None, "now_iso": now.isoformat(timespec="milliseconds"),
               "draws": any(item.question_id is None for item in quiz.items.all()),
               "total": sum(row["item"].type != QuestionType.TEXT for row in rows)}
    return render(request, "quizzes/quiz_preview.html", context)


def _chosen(assignments, asked: str | None):
    """The assignment asked for, else the first with a time limit, else the first."""
    by_pk = {str(a.pk): a for a in assignments}
    if asked in by_pk:
        return by_pk[asked]
    return next((a for a in assignments if a.time_limit_minutes), assignments[0] if assignments else None)


def _timer(assignment, now) -> dict:
    """The deadline of an attempt started now by a student without accommodations or overrides."""
    window = window_for(assignment=assignment, membership=Membership(time_multiplier=Decimal(1)), override=None)
    deadline = attempt_deadline(window, now)
    return {"deadline": deadline, "deadline_iso": deadline.isoformat(timespec="milliseconds"),
            "closed": deadline <= now, "limit": assignment.time_limit_minutes,
            "capped": window.time_limit is not None and deadline < now + window.time_limit}
