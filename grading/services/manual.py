"""Grading essays and file uploads by hand, one answer at a time, with an audit record of each change."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banks.spec import MANUALLY_GRADED
from grading.models import ScoreChange
from quizzes.models import Attempt, AttemptQuestion
from quizzes.services.attempts import attempts_rescore

GRADED = "graded"  # result status of an answer a person has marked (the grader's statuses end at needs_manual)


class GradeRefused(Exception):
    """The grade cannot be saved (out of range, not a hand-graded answer); the message says why."""


@transaction.atomic
def answer_grade(*, attempt_question: AttemptQuestion, score: Decimal, comment: str, grader) -> AttemptQuestion:
    """Set a hand grade and comment, rescore the attempt and log the change, all or nothing.

    The attempt row is locked first, as submitting and regrading do, so two graders saving the same
    attempt at once take turns and the total counts both. Saving the same score again logs nothing.
    """
    attempt = Attempt.objects.select_for_update(of=("self",)).get(pk=attempt_question.attempt_id)
    question = AttemptQuestion.objects.select_related("version").get(pk=attempt_question.pk)
    if attempt.status != Attempt.Status.SUBMITTED or question.version.type not in MANUALLY_GRADED:
        raise GradeRefused(_("Only submitted essay and file-upload answers are graded by hand."))
    points = question.points
    if not (isinstance(score, Decimal) and score.is_finite() and 0 <= score <= points):
        raise GradeRefused(_("The score must be between 0 and %(points)s.") % {"points": points})
    score = score.quantize(Decimal("0.01"))
    result = question.result or {}
    old = question.score if result.get("status") == GRADED else None  # None: never graded by a person
    question.score = score
    question.result = {
        **result, "status": GRADED, "score": str(score), "max_score": str(points), "comment": comment,
        "graded_by": grader.pk, "graded_at": timezone.now().isoformat(),
    }
    question.save(update_fields=["score", "result"])
    attempts_rescore(attempt_ids=[attempt.pk])
    if old != score:
        ScoreChange.objects.create(
            assignment_id=attempt.assignment_id, student_id=attempt.student_id, attempt=attempt,
            attempt_question=question, kind=ScoreChange.Kind.MANUAL, old_score=old, new_score=score,
            reason=comment, changed_by=grader,
        )
    return question
