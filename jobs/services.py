"""Starting a job and reporting on it. A task gets its job's id (JSON-safe) and calls these as it goes.

``job_start`` enqueues the task only once the surrounding transaction commits, so the worker never
looks for rows that are not there yet, and a rolled-back request starts nothing. Progress goes to the
shared cache, not the job's row: most work runs in one transaction (all or nothing), and a row updated
inside it would show nothing until the very end.
"""

import logging
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from jobs.models import Job

logger = logging.getLogger(__name__)


def job_start(*, owner, title: str, task, args: tuple = (), total: int = 0, back_url: str = "",
              timezone: str = "") -> Job:
    """Create the job and enqueue ``task(job_id, *args)`` when the transaction commits. ``timezone``: the
    zone of the cohort it works on, if any, where its page shows its times. Its outcome is written in the
    language of the page that started it."""
    job = Job.objects.create(owner=owner, title=title[:200], total=total, back_url=back_url, timezone=timezone,
                             language=get_language() or "")
    transaction.on_commit(partial(task.enqueue, str(job.pk), *args))
    return job


PROGRESS_TTL = 24 * 3600


def _progress_key(job_id) -> str:
    return f"jobs:progress:{job_id}"


def job_progress(job_id: str, *, done: int, total: int | None = None) -> None:
    """How far it has got; ``total`` when it was not known at the start (else the job's own counts)."""
    cache.set(_progress_key(job_id), (done, total or 0), PROGRESS_TTL)


def progress_of(job: Job) -> tuple[int, int]:
    """``(done, total)`` so far; 0 for total when it is not known."""
    if job.is_over:
        return job.total, job.total
    done, total = cache.get(_progress_key(job.pk)) or (0, 0)
    total = total or job.total
    return (min(done, total) if total else done), total


def job_finish(job_id: str, *, message: str = "", result_url: str = "") -> None:
    Job.objects.filter(pk=job_id).update(status=Job.Status.FINISHED, message=message, result_url=result_url,
                                         done=F("total"), finished=timezone.now())
    cache.delete(_progress_key(job_id))


def job_fail(job_id: str, *, message: str) -> None:
    logger.error("Job %s failed: %s", job_id, message)
    Job.objects.filter(pk=job_id).update(status=Job.Status.FAILED, message=message, finished=timezone.now())


def job_file(job_id: str, name: str, content) -> str:
    """Keep a file the job made (an export) as its result; returns the URL its owner downloads it from."""
    job = Job.objects.get(pk=job_id)
    job.result_file.save(f"{job_id}/{name}", content, save=True)
    return reverse("jobs:file", args=[job_id])


def run_as_job(job_id: str, work) -> None:
    """Run ``work(progress)`` for the job, marking it failed (with a message for its owner) if it raises.
    ``work`` returns ``(message, result_url)``; ``progress(done, total)`` reports as it goes. It runs in the
    language of the page that started the job, so its messages (and the emails it sends) read as that page did."""
    language = Job.objects.filter(pk=job_id).values_list("language", flat=True).first()
    with override(language or None):
        _run(job_id, work)


def _run(job_id: str, work) -> None:
    Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(status=Job.Status.RUNNING)
    try:
        message, result_url = work(lambda done, total=None: job_progress(job_id, done=done, total=total))
    except Exception:  # the job's page must say it failed, whatever went wrong; the log keeps the why
        logger.exception("Job %s raised", job_id)
        job_fail(job_id, message=_("This could not finish because of an error on our side. Please try again; "
                                   "if it happens again, tell the site's maintainers."))
        raise
    job_finish(job_id, message=message, result_url=result_url)
