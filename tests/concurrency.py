"""Many requests at the same moment, for the PostgreSQL concurrency tests: threads released together.

SQLite serialises every write, so such tests prove nothing there: mark them with ``POSTGRESQL_ONLY``
(CI runs them on PostgreSQL). Each thread has its own database connection and closes it when done.
"""

import threading

import pytest
from django.db import connection, connections

POSTGRESQL_ONLY = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks (CI runs it)"),
    pytest.mark.django_db(transaction=True),
]


def all_at_once(count, work):
    """Run ``work(i)`` in ``count`` threads released together; return their results, re-raise any error."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001 - reported below, with the others
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results
