"""``/health/`` for the load balancer: may this node take requests?

It answers 200 when the node can reach the database, round-trip a value through the cache (Redis,
shared by every node) and finds every migration applied; otherwise 503 naming what failed, so the
balancer takes the node out and whoever looks knows why. Here in casebook/ because it checks the
deployment (settings, connections, the schema), not any part of the domain.

Cheap enough to be probed every couple of seconds: one query for the applied migrations (which also
proves the database answers), three cache calls; the migrations on disk are read once per process.
It reads no session and no user, sets no cookie and is never cached. It is exempt from the HTTPS
redirect (settings.SECURE_REDIRECT_EXEMPT), as the probe speaks plain HTTP to the node; the probe
must send an allowed Host (docs/deploy/haproxy.cfg sends the site's name). Failures are logged in
full but answered by name only: the page is public.
"""

import functools
import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@functools.cache
def migrations_on_disk() -> frozenset[tuple[str, str]]:
    """Every migration the code has (squashed ones as their replacement), read once: code is fixed per process."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def _database_and_migrations() -> dict[str, str]:
    try:
        applied = MigrationRecorder(connection).applied_migrations()
    except DatabaseError:
        logger.exception("Health check: the database is unreachable")
        return {"database": "unreachable", "migrations": "unknown"}
    missing = migrations_on_disk() - set(applied)
    if missing:
        logger.error("Health check: migrations not applied: %s", sorted(missing))
    return {"database": "ok", "migrations": f"{len(missing)} not applied" if missing else "ok"}


def _cache() -> str:
    key, token = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, token, timeout=10)
        read = cache.get(key)
        cache.delete(key)
    except Exception:  # noqa: BLE001 - any failure of the cache client means the same to the balancer
        logger.exception("Health check: the cache is unreachable")
        return "unreachable"
    if read != token:
        logger.error("Health check: the cache did not return what was just stored in it")
        return "lost a value"
    return "ok"


@never_cache
@require_safe
def health(request):
    checks = {**_database_and_migrations(), "cache": _cache()}
    failed = [name for name, outcome in checks.items() if outcome != "ok"]
    body = {"status": "fail" if failed else "ok", "checks": checks}
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)
