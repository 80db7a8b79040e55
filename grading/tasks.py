"""Background work of grading: regrading a question answered in many attempts."""

from django.contrib.auth import get_user_model
from django.tasks import task
from django.urls import reverse

from banks.models import Question
from grading.services.regrade import RegradeStale, regrade_apply, regrade_summary
from jobs.services import run_as_job


@task
def apply_regrade(job_id: str, question_id: int, instructor_id: int, expected_version_id: int) -> None:
    """Apply the previewed regrade; refuses (and says why) if the key changed again since the preview.
    Running it twice changes nothing the second time (see regrade_apply)."""
    question = Question.objects.select_related("current_version").get(pk=question_id)
    back = reverse("grading:regrade", args=[question_id])

    def work(progress):
        try:
            plan = regrade_apply(question=question, instructor=get_user_model().objects.get(pk=instructor_id),
                                 expected_version_id=expected_version_id)
        except RegradeStale as stale:
            return str(stale), back
        return regrade_summary(plan), back

    run_as_job(job_id, work)
