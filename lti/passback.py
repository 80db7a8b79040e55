"""Assignment and Grade Services: the counted score of each student goes to the LMS line item.

``scores_changed`` is the listener named in ``settings.SCORE_CHANGED_LISTENERS`` (see
quizzes/score_changes.py). Inside the transaction that changed a score it marks the student's
``GradeSync`` rows pending (the outbox) and, on commit, enqueues ``lti.tasks.send_grades``. The task
reads the score again when it runs (``gradebook.queries.score_for``, the one score), so sending twice
sends the same number, and a later change simply sends the newer one.

A failure the platform may recover from (no answer, 5xx, 429) is retried with backoff: the row stays
pending with ``next_try_at``, and the task is enqueued to run then (or ``manage.py lti_sync`` picks it
up, on backends that cannot defer). After MAX_TRIES, or on a refusal (other 4xx), it is failed, with the
platform's reason.
"""

import json
import logging
from datetime import timedelta

import requests
from django.db import transaction
from django.db.models import Q
from django.tasks import default_task_backend
from django.utils import timezone
from django.utils.translation import gettext as _
from pylti1p3.exception import LtiException, LtiServiceException

from gradebook.queries import score_for
from gradebook.score import Status
from lti.models import Account, GradeSync, LineItem
from lti.tool_config import connector_for

logger = logging.getLogger(__name__)

MAX_TRIES = 5
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"


def backoff(tries: int) -> timedelta:
    """1, 5, 25, 125 minutes after the 1st, 2nd, 3rd, 4th failure."""
    return timedelta(minutes=5 ** (tries - 1))


def scores_changed(*, pairs: list[tuple[int, int]]) -> None:
    """Mark the pairs' syncs pending and send them once the change commits (one query when no
    assignment of theirs is linked to an LMS)."""
    assignment_ids = {assignment for assignment, _student in pairs}
    items = list(LineItem.objects.filter(assignment_id__in=assignment_ids)
                 .values_list("pk", "assignment_id", "context__deployment__platform_id"))
    if not items:
        return
    wanted = set(pairs)
    linked = set(Account.objects.filter(platform_id__in={p for _i, _a, p in items},
                                        user_id__in={s for _a, s in pairs}).values_list("platform_id", "user_id"))
    rows = [(item, student) for item, assignment, platform in items for a, student in wanted
            if a == assignment and (platform, student) in linked]
    mark_pending(rows)


def mark_pending(rows: list[tuple[int, int]]) -> list[int]:
    """(line item id, student id) rows: pending from now, sent when the transaction commits."""
    if not rows:
        return []
    now = timezone.now()
    GradeSync.objects.bulk_create(
        [GradeSync(line_item_id=item, student_id=student, state=GradeSync.State.PENDING, requested_at=now)
         for item, student in rows],
        update_conflicts=True, unique_fields=["line_item", "student"],
        update_fields=["state", "requested_at", "tries", "next_try_at", "error"])
    query = Q()
    for item, student in rows:
        query |= Q(line_item_id=item, student_id=student)
    ids = list(GradeSync.objects.filter(query).values_list("pk", flat=True))
    from lti.tasks import send_grades  # the task module imports this one

    transaction.on_commit(lambda: send_grades.enqueue(ids))
    return ids


def score_payload(score, *, user_id: str, now) -> dict:
    """The AGS score for gradebook.score.Score: what counts, out of the points possible."""
    payload = {"userId": user_id, "scoreMaximum": float(score.possible),
               "timestamp": now.isoformat(timespec="milliseconds").replace("+00:00", "Z")}
    if score.status == Status.EXCUSED:
        return {**payload, "activityProgress": "Completed", "gradingProgress": "NotReady",
                "comment": _("Excused in Casebook")}
    if score.points is None:
        progress = "InProgress" if score.status == Status.IN_PROGRESS else "Initialized"
        return {**payload, "activityProgress": progress, "gradingProgress": "NotReady"}
    grading = "PendingManual" if score.status == Status.NEEDS_GRADING else "FullyGraded"
    return {**payload, "scoreGiven": float(score.points), "activityProgress": "Completed", "gradingProgress": grading}


def scores_url(lineitem_url: str) -> str:
    path, _q, query = lineitem_url.partition("?")
    return f"{path.rstrip('/')}/scores" + (f"?{query}" if query else "")


class SendFailed(Exception):
    def __init__(self, reason: str, retry: bool):
        super().__init__(reason)
        self.reason, self.retry = reason, retry


def _post(platform, url: str, payload: dict) -> None:
    try:
        connector_for(platform).make_service_request([SCORE_SCOPE], url, is_post=True, data=json.dumps(payload),
                                                     content_type=SCORE_TYPE)
    except LtiServiceException as error:
        response = error.response
        reason = f"HTTP {response.status_code}: {response.text[:500]}".strip()
        raise SendFailed(reason, retry=response.status_code >= 500 or response.status_code == 429) from error
    except requests.RequestException as error:
        raise SendFailed(_("The LMS did not answer: %(error)s") % {"error": error}, retry=True) from error
    except LtiException as error:
        raise SendFailed(str(error)[:500], retry=True) from error


def grade_send(sync_id: int, *, now=None) -> GradeSync | None:
    """Send one student's counted score now, and record how it went (None: the row is gone)."""
    now = now or timezone.now()
    sync = (GradeSync.objects.select_related("line_item__context__deployment__platform", "line_item__assignment")
            .filter(pk=sync_id).first())
    if sync is None:
        return None
    line_item, requested = sync.line_item, sync.requested_at
    platform = line_item.context.deployment.platform
    account = Account.objects.filter(platform=platform, user_id=sync.student_id).first()
    score = score_for(line_item.assignment, sync.student_id, now=now)
    try:
        if account is None:
            raise SendFailed(_("The student has no account on this LMS."), retry=False)
        _post(platform, scores_url(line_item.url), score_payload(score, user_id=account.sub, now=now))
    except SendFailed as failed:
        logger.warning("Grade passback %s failed: %s", sync_id, failed.reason)
        return _failed(sync, requested, failed, now)
    sent = score.points if score.counts else None
    GradeSync.objects.filter(pk=sync.pk, requested_at=requested).update(
        state=GradeSync.State.SENT, sent_at=now, sent_score=sent, tries=0, next_try_at=None, error="")
    return GradeSync.objects.get(pk=sync.pk)


def _failed(sync: GradeSync, requested, failed: SendFailed, now) -> GradeSync:
    tries = sync.tries + 1
    retry = failed.retry and tries < MAX_TRIES
    next_try = now + backoff(tries) if retry else None
    GradeSync.objects.filter(pk=sync.pk, requested_at=requested).update(
        state=GradeSync.State.PENDING if retry else GradeSync.State.FAILED, tries=tries, next_try_at=next_try,
        error=failed.reason)
    if retry and default_task_backend.supports_defer:
        from lti.tasks import send_grades

        send_grades.using(run_after=next_try).enqueue([sync.pk])
    return GradeSync.objects.get(pk=sync.pk)


def resend(*, line_items, student_ids=None) -> list[int]:
    """An instructor's "re-send": the given students (all linked ones when None) of these line items."""
    rows = []
    for item in line_items:
        students = Account.objects.filter(platform_id=item.context.deployment.platform_id,
                                          user__memberships__cohort_id=item.assignment.cohort_id,
                                          user__memberships__role="student")
        if student_ids is not None:
            students = students.filter(user_id__in=student_ids)
        rows += [(item.pk, user_id) for user_id in students.values_list("user_id", flat=True)]
    with transaction.atomic():
        return mark_pending(rows)


def due_retries(now=None) -> list[int]:
    """Pending rows whose retry time has come (for ``lti_sync`` on backends that cannot defer), and
    rows left pending for over an hour (their task was lost: a worker died before it ran)."""
    now = now or timezone.now()
    due = GradeSync.objects.filter(state=GradeSync.State.PENDING).filter(
        Q(next_try_at__lte=now) | Q(next_try_at__isnull=True, requested_at__lte=now - timedelta(hours=1)))
    return list(due.values_list("pk", flat=True))


