"""What waits for a person to grade: one definition for the grading pages and the teaching home."""

from django.db.models import Count, F, Q

from banks.autograde import GradeStatus
from banks.spec import MANUALLY_GRADED
from grading.services.manual import GRADED
from quizzes.models import Attempt, AttemptQuestion

TO_GRADE = Q(result__status=str(GradeStatus.NEEDS_MANUAL))


def hand_graded_answers():
    """Submitted, answered essays and uploads: what a person grades (waiting, or graded already)."""
    return AttemptQuestion.objects.filter(
        attempt__status=Attempt.Status.SUBMITTED, version__type__in=MANUALLY_GRADED,
        result__status__in=[str(GradeStatus.NEEDS_MANUAL), GRADED])


def waiting_by_question(cohort_ids):
    """Per assignment and question of the cohorts, how many answers wait for a grade: one query, rows of
    ``assignment``, ``cohort`` (ids), ``assignment_title``, ``quiz_title``, ``question`` (id), ``title``,
    ``type`` (of its current version) and ``waiting``, the most waiting first."""
    return list(
        hand_graded_answers().filter(TO_GRADE, attempt__assignment__cohort_id__in=cohort_ids)
        .values(assignment=F("attempt__assignment"), cohort=F("attempt__assignment__cohort"),
                assignment_title=F("attempt__assignment__title"), quiz_title=F("attempt__assignment__quiz__title"),
                question=F("version__question"),
                title=F("version__question__current_version__title"),
                type=F("version__question__current_version__type"))
        .annotate(waiting=Count("pk")).order_by("-waiting", "assignment", "question")
    )
