"""The instructor's preview of a quiz: what a student meets, one fresh draw, with nothing saved.

The cohort's instructors and TAs do not take its assignments (their attempts would be graded like a
student's), so this is where the quiz's owner checks what students will see.
"""

import random

from django.shortcuts import render

from accounts.permissions import instructor_required
from banks.services import version_spec
from banks.spec import QuestionType
from banks.student_view import student_question
from quizzes.access import get_quiz_for_user
from quizzes.services.attempts import choice_order, draw_questions, graded_spec


@instructor_required
def quiz_preview(request, pk):
    quiz = get_quiz_for_user(request.user, pk)
    rng = random.Random()
    items = [
        student_question(version_spec(drawn.version), drawn.version.rendered, key=f"preview-{number}", number=number,
                         choice_order=choice_order(drawn.version, rng, quiz), seed=f"preview-{rng.random()}",
                         points=graded_spec(version_spec(drawn.version), drawn.points).points)
        for number, drawn in enumerate(draw_questions(quiz, rng), start=1)
    ]
    context = {"quiz": quiz, "case": quiz.case, "items": items,
               "draws": quiz.items.filter(question__isnull=True).exists(),
               "total": sum(item.type != QuestionType.TEXT for item in items)}
    return render(request, "quizzes/quiz_preview.html", context)
