"""When an attempt must end, from the assignment, a student's override and accommodation. Pure."""
# pure: imports nothing from Django (tests/test_architecture.py), so it is tested without a database.

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

# Answers that arrive this long after the deadline still count: the request left the browser in time.
GRACE = timedelta(seconds=30)


@dataclass(frozen=True)
class Window:
    opens_at: datetime
    due_at: datetime
    closes_at: datetime  # the last moment work is accepted (== due_at when late work is refused)
    time_limit: timedelta | None


def student_window(*, opens_at, due_at, closes_at, accept_late: bool, time_limit_minutes: int | None,
                   multiplier: Decimal = Decimal(1), extra_minutes: int = 0,
                   override_due: datetime | None = None, override_closes: datetime | None = None) -> Window:
    """The window one student works in: overrides extend the dates, accommodations stretch the limit."""
    due = override_due or due_at
    closes = max(override_closes or closes_at, due) if accept_late else due
    limit = None
    if time_limit_minutes:
        seconds = Decimal(time_limit_minutes * 60) * multiplier + extra_minutes * 60
        limit = timedelta(seconds=int(seconds))
    return Window(opens_at=opens_at, due_at=due, closes_at=closes, time_limit=limit)


def attempt_deadline(window: Window, started_at: datetime) -> datetime:
    """Time limit from the start, never past the close."""
    if window.time_limit is None:
        return window.closes_at
    return min(started_at + window.time_limit, window.closes_at)


def accepts_answers(deadline_at: datetime, now: datetime) -> bool:
    return now <= deadline_at + GRACE
