"""How much of a submitted attempt its student may see now: the assignment's review policy. Pure."""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

from datetime import datetime

from quizzes.deadlines import Window, student_window

LEVELS = ("nothing", "score", "correctness", "full")


def review_level(*, after_submit: str, after_close: str, closes_at: datetime, now: datetime) -> str:
    """After the close, the more generous of the two policies applies; before it, the after-submit one."""
    if now >= closes_at:
        return max(after_submit, after_close, key=LEVELS.index)
    return after_submit


def shows_score(level: str) -> bool:
    return LEVELS.index(level) >= LEVELS.index("score")


def shows_correctness(level: str) -> bool:
    return LEVELS.index(level) >= LEVELS.index("correctness")


def shows_key(level: str) -> bool:
    """Correct answers and feedback: the answer key reaches the browser only at this level."""
    return level == "full"


# --- the policy of one assignment, over its rows ---------------------------------------------------


def last_close(assignment, overrides) -> datetime:
    """When the last student's window closes (extensions included).

    The "after the close" review policy waits for it, so nobody still working can be handed a key.
    """
    closes = [_window(assignment, o).closes_at for o in overrides]
    return max([_window(assignment, None).closes_at, *closes])


def _window(assignment, override) -> Window:
    return student_window(
        opens_at=assignment.opens_at, due_at=assignment.due_at, closes_at=assignment.closes_at,
        accept_late=assignment.accept_late, time_limit_minutes=None,
        override_due=override.due_at if override else None, override_closes=override.closes_at if override else None,
    )


def level_now(assignment, overrides, now: datetime) -> str:
    return review_level(after_submit=assignment.review, after_close=assignment.review_after_close,
                        closes_at=last_close(assignment, overrides), now=now)
