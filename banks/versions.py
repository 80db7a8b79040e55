"""Question versions by id, kept in memory once loaded: a version never changes (every edit makes a new
one), so a copy is never stale. Starting, showing and submitting an attempt then decode each version's
spec and rendered HTML once per process instead of on every request: at an exam's start every student
asks for the same few dozen versions at once.

An id names one version for good on PostgreSQL (sequences never go back). SQLite can hand out an id
again after a rollback, which only tests do with versions they made and threw away: they call
``forget_all`` between tests.
"""

from collections import OrderedDict
from collections.abc import Iterable

from banks.models import QuestionVersion

LIMIT = 20_000  # versions kept per process (a few KB each)
_kept: OrderedDict[int, QuestionVersion] = OrderedDict()


def versions_by_id(ids: Iterable[int]) -> dict[int, QuestionVersion]:
    """The versions with these ids (one query for those not kept yet, none when all are)."""
    wanted = set(ids)
    found = {pk: _kept[pk] for pk in wanted if pk in _kept}
    missing = wanted - found.keys()
    if missing:
        for version in QuestionVersion.objects.filter(pk__in=missing):
            version.question_spec  # decoded now, once  # noqa: B018
            found[version.pk] = version
            _kept[version.pk] = version
        while len(_kept) > LIMIT:
            _kept.popitem(last=False)
    return found


def with_versions(questions) -> list:
    """Attempt questions (loaded without their versions) with ``version`` and ``graded_version`` set."""
    questions = list(questions)
    versions = versions_by_id({q.version_id for q in questions} | {q.graded_version_id for q in questions} - {None})
    for question in questions:
        question.version = versions[question.version_id]
        if question.graded_version_id:
            question.graded_version = versions[question.graded_version_id]
    return questions


def forget_all() -> None:
    """For tests that rewrite versions behind the services' back."""
    _kept.clear()
