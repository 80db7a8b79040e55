"""Background work of the LMS link: grade passback and roster sync. Arguments are ids (JSON); each task
can run twice without harm (it sends the score that counts when it runs; a roster sync converges)."""

from django.tasks import task

from lti import passback, roster


@task
def send_grades(sync_ids: list[int]) -> int:
    """Send each row's current counted score; returns how many were sent."""
    sent = 0
    for sync_id in sync_ids:
        sync = passback.grade_send(sync_id)
        sent += bool(sync and sync.state == sync.State.SENT)
    return sent


@task
def sync_roster(context_id: int) -> str:
    return roster.roster_sync(context_id=context_id).summary()
