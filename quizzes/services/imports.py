"""A quiz file (QTI) as a new bank and a quiz over it: each question group a draw, the rest fixed items."""

from django.db import transaction
from django.utils.translation import gettext as _

from banks.formats.base import ParsedBank
from banks.services import bank_import
from casestudies.models import Tag
from quizzes.models import Quiz
from quizzes.services.quizzes import quiz_create, quiz_item_add_draw, quiz_item_add_fixed


@transaction.atomic
def quiz_import(*, owner, parsed: ParsedBank, title: str = "") -> Quiz:
    """Save the questions as a bank (nothing at all if the file had errors, as ``bank_import``), then a quiz
    in the file's order: a group becomes a draw of its pick count at its points each, from the bank's
    questions with the group's tag (the importer tagged them); every other question a fixed item at its
    own points."""
    bank = bank_import(owner=owner, parsed=parsed, title=title)
    quiz = quiz_create(owner=owner, title=(title or parsed.title or _("Imported quiz"))[:200],
                       instructions=parsed.description)
    questions = list(bank.questions.select_related("current_version").order_by("position"))
    group_at = {min(group.positions): group for group in parsed.groups if group.positions}
    grouped = {position for group in parsed.groups for position in group.positions}
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=[g.tag for g in parsed.groups])}
    for position, question in enumerate(questions, 1):  # a new bank: its questions are the file's, in order
        if position in group_at:
            group = group_at[position]
            points = group.points if group.points is not None else question.current_version.points
            quiz_item_add_draw(quiz=quiz, bank=bank, count=min(group.pick, len(group.positions)), points=points,
                               tag=tags.get(group.tag))
        elif position not in grouped:
            quiz_item_add_fixed(quiz=quiz, question=question)
    return quiz
