"""A quiz as a QTI package Canvas imports: fixed items as items, each draw as a question group.

A draw becomes a section that picks ``draw_count`` of its pool's questions (the bank's, with the draw's
tag, less the quiz's fixed questions: what the draw can actually pick) worth the draw's points each.
"""

import dataclasses

from banks.formats import qti
from banks.formats.base import Group, ParsedBank
from banks.formats.export import Export, export_result
from banks.models import Question
from banks.services import version_spec
from quizzes.models import Quiz
from quizzes.services.quizzes import draw_pool, draw_pools


def quiz_bank(quiz: Quiz) -> ParsedBank:
    """The quiz as a parsed bank with groups, in a fixed number of queries whatever its size."""
    items = list(quiz.items.select_related("question__current_version", "bank", "tag"))
    pools = draw_pools({item.bank_id for item in items if item.bank_id})
    pool_ids = {item.pk: [q.pk for q in draw_pool(pools, items, bank_id=item.bank_id, tag_id=item.tag_id)]
                for item in items if item.bank_id}
    drawn = Question.objects.filter(pk__in={pk for ids in pool_ids.values() for pk in ids}).select_related(
        "current_version").order_by("position", "pk")
    versions = {question.pk: question.current_version for question in drawn}
    questions, groups = [], []
    for item in items:
        if item.question_id:
            questions.append(dataclasses.replace(version_spec(item.question.current_version), points=item.points))
            continue
        start = len(questions)
        questions += [version_spec(versions[pk]) for pk in pool_ids[item.pk] if pk in versions]
        title = f"{item.bank.title}: {item.tag.name}" if item.tag else item.bank.title
        groups.append(Group(title=title, pick=item.draw_count, points=item.points,
                            positions=tuple(range(start + 1, len(questions) + 1)), tag=item.tag.name if item.tag else ""))
    return ParsedBank(title=quiz.title, description=quiz.instructions, questions=questions, groups=groups)


def quiz_export_qti(*, quiz: Quiz) -> Export:
    """The package, and the questions Canvas cannot hold (named, never dropped silently)."""
    bank = quiz_bank(quiz)
    return export_result(*qti.package(bank), bank)
