"""The one hook for "a student's counted score may have changed", for apps above quizzes (the LMS grade
passback) that the services below them must not import.

Submitting, hand grading, regrading (both through ``attempts_rescore``) and the gradebook's overrides and
excusals call ``scores_changed`` inside the transaction that changes the score. Each listener named in
``settings.SCORE_CHANGED_LISTENERS`` (dotted paths, loaded with ``import_string``) is called there and
then, so what it writes (an outbox row: "send this grade") commits or rolls back with the change itself;
a listener enqueues its background work with ``transaction.on_commit``. No signals: the call is explicit
in each service, and a reader can follow it.
"""

from collections.abc import Iterable

from django.conf import settings
from django.utils.module_loading import import_string


def listeners() -> list:
    return [import_string(path) for path in getattr(settings, "SCORE_CHANGED_LISTENERS", ())]


def scores_changed(pairs: Iterable[tuple[int, int]]) -> None:
    """``pairs``: (assignment id, student id) whose counted score may differ now."""
    pairs = sorted(set(pairs))
    if not pairs:
        return
    for listener in listeners():
        listener(pairs=pairs)
