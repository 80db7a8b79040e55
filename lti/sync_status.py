"""The LMS grade passback's answer to gradebook.sync_status (see settings.GRADE_SYNC_PROVIDERS)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gradebook.sync_status import SyncStatus
from lti.models import Context, GradeSync

WORST_FIRST = {GradeSync.State.FAILED: 0, GradeSync.State.PENDING: 1, GradeSync.State.SENT: 2}


def status_of(sync: GradeSync) -> SyncStatus:
    at = sync.sent_at if sync.state == GradeSync.State.SENT else sync.requested_at
    return SyncStatus(state=sync.state, at=at, reason=sync.error,
                      resend_url=reverse("lti:grade-resend", args=[sync.line_item_id, sync.student_id]))


def statuses(assignment_ids, student_ids) -> dict:
    """One query. An assignment linked twice in the LMS shows its worse state."""
    found = {}
    syncs = (GradeSync.objects.filter(line_item__assignment_id__in=assignment_ids, student_id__in=student_ids)
             .select_related("line_item").order_by("pk"))
    for sync in syncs:
        key = (sync.line_item.assignment_id, sync.student_id)
        if key not in found or WORST_FIRST[sync.state] < WORST_FIRST[found[key][0]]:
            found[key] = (sync.state, status_of(sync))
    return {key: status for key, (_state, status) in found.items()}


def cohort_links(cohort) -> list[tuple[str, str]]:
    if not Context.objects.filter(cohort=cohort).exists():
        return []
    return [(_("LMS grade sync"), reverse("lti:cohort-grades", args=[cohort.pk]))]
