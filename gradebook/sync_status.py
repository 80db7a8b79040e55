"""Where a grade stands in an outside gradebook (the LMS), for the pages here that show grades.

Apps above the gradebook (the LTI grade passback) provide it: each dotted path in
``settings.GRADE_SYNC_PROVIDERS`` names a module (loaded with ``import_module``) with ``statuses(assignment_ids, student_ids)`` ->
{(assignment id, student id): SyncStatus} and ``cohort_links(cohort)`` -> [(label, url)]. The gradebook
imports none of them, and with no provider every page reads as before.
"""

from dataclasses import dataclass
from datetime import datetime
from importlib import import_module

from django.conf import settings


@dataclass(frozen=True)
class SyncStatus:
    state: str  # "sent", "pending" or "failed"
    at: datetime | None  # sent at, or asked for at
    reason: str = ""  # why it failed, in the outside system's words
    resend_url: str = ""  # POST here to send it again (staff only)


def providers() -> list:
    return [import_module(path) for path in getattr(settings, "GRADE_SYNC_PROVIDERS", ())]


def statuses(assignment_ids, student_ids) -> dict:
    found = {}
    for provider in providers():
        found.update(provider.statuses(list(assignment_ids), list(student_ids)))
    return found


def cohort_links(cohort) -> list[tuple[str, str]]:
    return [link for provider in providers() for link in provider.cohort_links(cohort)]
