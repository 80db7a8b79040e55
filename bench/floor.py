"""The load benchmark's floor: the cheapest authenticated write a request can make.

``floor_write`` goes through the same middleware as autosave (session, user, CSRF, axes …) and
``login_required``, then writes one row with a single INSERT into ``bench_floor``, a table that only
the benchmark creates. Autosave's throughput is reported as a fraction of this one's: what the app
spends beyond "authenticated POST that writes a row" is what the ratio shows.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

TABLE = "bench_floor"


def ensure_table() -> None:
    """(Re)create the floor table, empty. Model-less, so no app or migration knows about it."""
    with connection.schema_editor() as editor:
        editor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        editor.execute(
            f"CREATE TABLE {TABLE} (id bigserial PRIMARY KEY, user_id bigint NOT NULL, "
            "value varchar(200) NOT NULL, saved_at timestamptz NOT NULL)"
        )


def stored_values() -> set[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT user_id, value FROM {TABLE}")
        return set(cursor.fetchall())


@require_POST
@login_required
def floor_write(request):
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (user_id, value, saved_at) VALUES (%s, %s, %s)",
            [request.user.pk, request.POST.get("value", "")[:200], now],
        )
    return JsonResponse({"saved_at": now.isoformat()})
