"""How much of a submitted attempt its student may see now: the assignment's review policy. Pure."""

from datetime import datetime

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
