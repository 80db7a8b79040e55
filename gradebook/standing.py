"""Where a student stands on an assignment, as their own pages show it: the taking state (not open yet,
in progress with time left, missed) around the one score that counts, hidden while the review policy
hides scores. Pure: rows in, no queries.

Shared by the dashboard, the assignment page and the review page, so all three tell the same story as
My grades and the gradebook: every number comes from ``gradebook.score``.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

from dataclasses import dataclass
from datetime import datetime, timedelta

from gradebook.score import Score, Status
from quizzes.deadlines import Window, accepts_answers
from quizzes.review import shows_score

IN_PROGRESS = "in_progress"


@dataclass(frozen=True)
class Standing:
    code: str  # upcoming, not_started, in_progress, submitted, needs_grading, graded, missed, excused
    late: bool = False
    time_left: timedelta | None = None
    score: Score | None = None  # only when the review policy shows scores now
    open_attempt: object = None


def standing(*, window: Window, attempts: list, score: Score, level: str, now: datetime) -> Standing:
    """``attempts`` are this student's, in number order; an overdue open attempt counts as submitted
    (it is finalised on its next access or by the close_overdue_attempts command)."""
    open_attempt = next((a for a in attempts if a.status == IN_PROGRESS), None)
    if open_attempt and accepts_answers(open_attempt.deadline_at, now):
        left = max(open_attempt.deadline_at - now, timedelta(0))
        return Standing("in_progress", time_left=left, open_attempt=open_attempt)
    if score.status == Status.EXCUSED:
        return Standing("excused")
    visible = score if shows_score(level) and score.points is not None else None
    if attempts or score.overridden:
        if score.status == Status.NEEDS_GRADING:
            return Standing("needs_grading", late=score.late, score=visible)
        return Standing("graded" if visible else "submitted", late=score.late, score=visible)
    if now < window.opens_at:
        return Standing("upcoming")
    if now >= window.closes_at:
        return Standing("missed", score=visible)
    return Standing("not_started", late=now > window.due_at)
