"""Join-code guessing: count wrong codes per user and per address in the cache, and pause past a limit.

Fixed windows keep the count to one atomic `incr` per key (the cache is shared by every worker:
Redis in production). A burst straddling two windows can reach twice the limit, which is still
nothing against 32**8 possible codes. Successful joins neither count nor reset the count: joining a
cohort you are already in succeeds, so a reset would hand a guesser unlimited tries.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

WINDOW = datetime.timedelta(minutes=15)
USER_LIMIT = 10
SIGNUP_MAILS_PER_ADDRESS = 3


def _window(now: datetime.datetime) -> tuple[int, datetime.datetime]:
    """The current window's number and when it ends."""
    number = int(now.timestamp() // WINDOW.total_seconds())
    return number, datetime.datetime.fromtimestamp((number + 1) * WINDOW.total_seconds(), tz=datetime.UTC)


def _limits(user_id: int | None, ip: str | None, number: int) -> dict[str, int]:
    """Per account (none for a visitor who is not signed in, as on the sign-up pages) and per address."""
    limits = {f"cohorts:join-failures:user:{user_id}:{number}": USER_LIMIT} if user_id is not None else {}
    if ip:
        limits[f"cohorts:join-failures:ip:{ip}:{number}"] = settings.COHORT_JOIN_IP_LIMIT
    return limits


def join_paused_until(
    *, user_id: int | None, ip: str | None, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """When this user, at this address, may try codes again; None if they may now."""
    number, ends = _window(now or timezone.now())
    limits = _limits(user_id, ip, number)
    counts = cache.get_many(limits)
    return ends if any(counts.get(key, 0) >= limit for key, limit in limits.items()) else None


def join_failed(*, user_id: int | None, ip: str | None, now: datetime.datetime | None = None) -> None:
    """Count one wrong code against the user and against their address."""
    number, _ends = _window(now or timezone.now())
    for key in _limits(user_id, ip, number):
        _count(key)


def signup_mail_allowed(*, email: str, now: datetime.datetime | None = None) -> bool:
    """Whether one more sign-up email may go to this address in this window. The page says the same
    whether or not it went, so someone holding a join code cannot flood a stranger's inbox with it."""
    number, _ends = _window(now or timezone.now())
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()  # no addresses in the cache's keys
    return _count(f"cohorts:signup-mails:{digest}:{number}") <= SIGNUP_MAILS_PER_ADDRESS


def _count(key: str) -> int:
    timeout = int(WINDOW.total_seconds()) + 60  # outlives its window; the window number does the expiring
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout)
        return 1
