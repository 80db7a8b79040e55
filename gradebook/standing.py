"""Where a student stands on an assignment, and when answer keys may be shown. Pure: rows in, no queries.

Shared by the dashboard, the assignment page and the review page, so all three tell the same story.
"""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from quizzes.deadlines import Window, accepts_answers
from quizzes.review import shows_score

IN_PROGRESS, SUBMITTED = "in_progress", "submitted"


@dataclass(frozen=True)
class Standing:
    code: str  # upcoming, not_started, in_progress, submitted, needs_grading, graded, missed
    late: bool = False
    time_left: timedelta | None = None
    score: Decimal | None = None
    max_score: Decimal | None = None
    open_attempt: object = None


def kept_score(method: str, attempts: list) -> Decimal | None:
    """The score that counts under the assignment's grading method (attempts in number order)."""
    scores = [a.score for a in attempts if a.status == SUBMITTED and a.score is not None]
    if not scores:
        return None
    if method == "latest":
        return scores[-1]
    if method == "first":
        return scores[0]
    if method == "average":
        return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01"))
    return max(scores)


def standing(*, assignment, window: Window, attempts: list, level: str, now: datetime) -> Standing:
    """``attempts`` are this student's, in number order; an overdue open attempt counts as submitted
    (it is finalised on its next access or by the close_overdue_attempts command)."""
    open_attempt = next((a for a in attempts if a.status == IN_PROGRESS), None)
    if open_attempt and accepts_answers(open_attempt.deadline_at, now):
        left = max(open_attempt.deadline_at - now, timedelta(0))
        return Standing("in_progress", time_left=left, open_attempt=open_attempt)
    if attempts:
        last = attempts[-1]
        if any(a.needs_grading for a in attempts):
            return Standing("needs_grading", late=last.is_late)
        score = kept_score(assignment.grading_method, attempts)
        if score is not None and shows_score(level):
            return Standing("graded", late=last.is_late, score=score, max_score=last.max_score)
        return Standing("submitted", late=last.is_late)
    if now < window.opens_at:
        return Standing("upcoming")
    if now >= window.closes_at:
        return Standing("missed")
    return Standing("not_started", late=now > window.due_at)
