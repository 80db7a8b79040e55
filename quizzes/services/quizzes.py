"""Building quizzes and setting them for cohorts: items, assignments, per-student overrides.

Rules that need the database (enough questions left for a draw, no quiz swap once students started)
raise ``ValidationError`` with a message for the instructor; views show it on the form they bound.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from banks.models import Question, QuestionBank
from casestudies.models import CaseStudy, Tag
from cohorts.models import Cohort
from quizzes.models import Assignment, AssignmentOverride, Quiz, QuizItem

ASSIGNMENT_FIELDS = (
    "title", "opens_at", "due_at", "closes_at", "time_limit_minutes", "attempts_allowed", "grading_method",
    "accept_late", "late_penalty_percent_per_day", "review", "review_after_close",
)


# --- reads the writes depend on --------------------------------------------------------------------


@dataclass(frozen=True)
class PoolQuestion:
    pk: int
    points: Decimal
    tag_ids: frozenset[int]


def draw_pools(bank_ids) -> dict[int, list[PoolQuestion]]:
    """The drawable questions of each bank, with points and tags, in two queries whatever the size."""
    rows = Question.objects.filter(bank_id__in=bank_ids, is_archived=False).values_list(
        "pk", "bank_id", "current_version__points")
    tags: dict[int, set[int]] = {}
    for question_id, tag_id in Question.tags.through.objects.filter(
            question__bank_id__in=bank_ids, question__is_archived=False).values_list("question_id", "tag_id"):
        tags.setdefault(question_id, set()).add(tag_id)
    pools: dict[int, list[PoolQuestion]] = {}
    for pk, bank_id, points in rows:
        pools.setdefault(bank_id, []).append(PoolQuestion(pk, points or Decimal(0), frozenset(tags.get(pk, ()))))
    return pools


def draw_pool(pools, items, *, bank_id: int, tag_id: int | None) -> list[PoolQuestion]:
    """What a draw can pick from: the bank's questions (with the tag), less the quiz's fixed questions,
    which an attempt never repeats."""
    fixed = {item.question_id for item in items if item.question_id}
    return [q for q in pools.get(bank_id, ()) if q.pk not in fixed and (tag_id is None or tag_id in q.tag_ids)]


def draw_available(pools, items, *, bank_id: int, tag_id: int | None) -> int:
    """How many more questions a new draw could surely get: its pool, less what the quiz's other draws
    from the same bank might take out of it first (a conservative count when their tags overlap)."""
    pool = {q.pk for q in draw_pool(pools, items, bank_id=bank_id, tag_id=tag_id)}
    claimed = 0
    for item in items:
        if item.bank_id == bank_id:
            other = {q.pk for q in draw_pool(pools, items, bank_id=bank_id, tag_id=item.tag_id)}
            claimed += min(item.draw_count, len(pool & other))
    return max(len(pool) - claimed, 0)


def short_draws(quiz: Quiz, *, adding: Iterable[int] = ()) -> list[tuple[QuizItem, int]]:
    """The quiz's draws whose pool holds fewer questions than they pick, each with its pool's size, once
    the questions ``adding`` (ids) are fixed in the quiz too: three queries however many items."""
    items = list(quiz.items.select_related("bank", "tag"))
    draws = [item for item in items if not item.question_id]
    if not draws:
        return []
    fixed = [*items, *(QuizItem(question_id=pk) for pk in adding)]
    pools = draw_pools({item.bank_id for item in draws})
    sizes = [(item, len(draw_pool(pools, fixed, bank_id=item.bank_id, tag_id=item.tag_id))) for item in draws]
    return [(item, size) for item, size in sizes if size < item.draw_count]


def short_draw_sentence(item: QuizItem, size: int) -> str:
    """What a short draw does to students, for a confirmation."""
    values = {"count": item.draw_count, "bank": item.bank.title, "tag": item.tag.name if item.tag_id else "",
              "size": size}
    if item.tag_id:
        return _("The draw of %(count)s questions from “%(bank)s” tagged “%(tag)s” has only %(size)s to pick from: "
                 "each attempt gets %(size)s, yet is marked out of the quiz's full total.") % values
    return _("The draw of %(count)s questions from “%(bank)s” has only %(size)s to pick from: each attempt gets "
             "%(size)s, yet is marked out of the quiz's full total.") % values


def _next_position(quiz: Quiz) -> int:
    return (quiz.items.aggregate(last=Max("position"))["last"] or 0) + 1


# --- quizzes ---------------------------------------------------------------------------------------


@transaction.atomic
def quiz_create(*, owner, title: str, case: CaseStudy | None = None, instructions: str = "",
                shuffle_questions: bool = False, shuffle_choices: bool = False) -> Quiz:
    return Quiz.objects.create(owner=owner, title=title, case=case, instructions=instructions,
                               shuffle_questions=shuffle_questions, shuffle_choices=shuffle_choices)


@transaction.atomic
def quiz_update(*, quiz: Quiz, title: str, case: CaseStudy | None, instructions: str,
                shuffle_questions: bool, shuffle_choices: bool) -> Quiz:
    quiz.title, quiz.case, quiz.instructions = title, case, instructions
    quiz.shuffle_questions, quiz.shuffle_choices = shuffle_questions, shuffle_choices
    quiz.save(update_fields=["title", "case", "instructions", "shuffle_questions", "shuffle_choices"])
    return quiz


def _points(points: Decimal) -> Decimal:
    if points is None or not points.is_finite() or points < 0:
        raise ValidationError(_("Points are 0 or more."))
    return points


@transaction.atomic
def quiz_item_add_fixed(*, quiz: Quiz, question: Question, points: Decimal | None = None) -> QuizItem:
    """Add one question, worth ``points`` in this quiz (by default what the question is worth in its bank)."""
    return quiz_items_add_fixed(quiz=quiz, questions=[question], points=points)[0]


@transaction.atomic
def quiz_items_add_fixed(*, quiz: Quiz, questions: Sequence[Question], points: Decimal | None = None) -> list[QuizItem]:
    """Add questions (with their current versions loaded) at the end, in the order given, each worth ``points``
    in this quiz or else its own points: all of them or, if any is in the quiz already, none. Four queries
    however many."""
    quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)  # serialise edits of one quiz (double clicks)
    if not questions:
        raise ValidationError(_("Choose at least one question."))
    taken = quiz.items.filter(question__in=[q.pk for q in questions]).count()
    if taken:
        raise ValidationError(_("That question is already in this quiz.") if len(questions) == 1 else ngettext(
            "%(n)s of these questions is already in this quiz: nothing was added.",
            "%(n)s of these questions are already in this quiz: nothing was added.", taken) % {"n": taken})
    start = _next_position(quiz)
    return QuizItem.objects.bulk_create([
        QuizItem(quiz=quiz, question=question, position=start + offset,
                 points=_points(question.current_version.points if points is None else points))
        for offset, question in enumerate(questions)])


@transaction.atomic
def quiz_item_add_draw(*, quiz: Quiz, bank: QuestionBank, count: int, points: Decimal = Decimal(1),
                       tag: Tag | None = None) -> QuizItem:
    """A random draw of ``count`` questions worth ``points`` each, refused when the bank cannot supply
    that many."""
    points = _points(points)
    quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)
    items = list(quiz.items.all())
    pools = draw_pools({bank.pk})
    available = draw_available(pools, items, bank_id=bank.pk, tag_id=tag.pk if tag else None)
    if count > available:
        values = {"bank": bank.title, "tag": tag.name if tag else "", "available": available, "count": count}
        if tag:
            message = _("“%(bank)s” has only %(available)s question(s) tagged “%(tag)s” that this quiz "
                        "does not already use; you asked for %(count)s.")
        else:
            message = _("“%(bank)s” has only %(available)s question(s) that this quiz does not already "
                        "use; you asked for %(count)s.")
        raise ValidationError(message % values)
    return QuizItem.objects.create(quiz=quiz, bank=bank, tag=tag, draw_count=count, points=points,
                                   position=_next_position(quiz))


@transaction.atomic
def quiz_item_points_set(*, item: QuizItem, points: Decimal) -> QuizItem:
    """What a slot is worth (each, for a draw). Attempts already started keep what they were asked; their
    scores count towards the new points possible in proportion (see gradebook.score)."""
    Quiz.objects.select_for_update().get(pk=item.quiz_id)
    item.points = _points(points)
    item.save(update_fields=["points"])
    return item


@transaction.atomic
def quiz_item_move(*, item: QuizItem, up: bool) -> None:
    """Swap the item with its neighbour; positions are renumbered 1..n on the way."""
    Quiz.objects.select_for_update().get(pk=item.quiz_id)
    items = list(QuizItem.objects.filter(quiz=item.quiz_id).order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    _renumber(items)


@transaction.atomic
def quiz_item_remove(*, item: QuizItem) -> None:
    Quiz.objects.select_for_update().get(pk=item.quiz_id)
    item.delete()
    _renumber(list(QuizItem.objects.filter(quiz=item.quiz_id).order_by("position", "pk")))


def _renumber(items: list[QuizItem]) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position
    QuizItem.objects.bulk_update(items, ["position"])


# --- assignments and overrides ---------------------------------------------------------------------


def _assignment_rules(*, quiz: Quiz, values: dict) -> dict:
    if not quiz.items.exists():
        raise ValidationError(_("“%(quiz)s” has no questions yet: add some before assigning it.") % {"quiz": quiz})
    values = {**values, "title": values.get("title") or ""}
    if not values.get("accept_late") or values.get("closes_at") is None:
        values["closes_at"] = values["due_at"]  # without late work, the assignment closes when it is due
    if not values["opens_at"] <= values["due_at"] <= values["closes_at"]:
        raise ValidationError(_("The times must be in order: opens, then due, then closes."))
    return values


@transaction.atomic
def assignment_create(*, cohort: Cohort, quiz: Quiz, opens_at: datetime, due_at: datetime, **options) -> Assignment:
    """Set a quiz for a cohort. ``options`` are the other ASSIGNMENT_FIELDS, with the model's defaults."""
    unknown = set(options) - set(ASSIGNMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown assignment fields: {sorted(unknown)}")
    values = _assignment_rules(quiz=quiz, values={**options, "opens_at": opens_at, "due_at": due_at})
    return Assignment.objects.create(cohort=cohort, quiz=quiz, **values)


@transaction.atomic
def assignment_update(*, assignment: Assignment, quiz: Quiz, **values) -> Assignment:
    """Change the settings; the quiz itself may change only until the first student starts."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if quiz.pk != assignment.quiz_id and assignment.attempts.exists():
        raise ValidationError(_("Students have already started this assignment, so its quiz cannot change."))
    values = _assignment_rules(quiz=quiz, values={name: values.get(name, getattr(assignment, name))
                                                  for name in ASSIGNMENT_FIELDS})
    assignment.quiz = quiz
    for name, value in values.items():
        setattr(assignment, name, value)
    assignment.save()
    return assignment


@transaction.atomic
def override_set(*, assignment: Assignment, student, due_at: datetime | None = None,
                 closes_at: datetime | None = None, extra_minutes: int = 0,
                 extra_attempts: int = 0) -> AssignmentOverride:
    """Create or replace one student's exceptions to the assignment."""
    if not assignment.cohort.memberships.filter(user=student, role="student").exists():
        raise ValidationError(_("Overrides are for students of this cohort."))
    override, _created = AssignmentOverride.objects.update_or_create(
        assignment=assignment, student=student,
        defaults={"due_at": due_at, "closes_at": closes_at, "extra_minutes": extra_minutes,
                  "extra_attempts": extra_attempts},
    )
    return override


@transaction.atomic
def override_remove(*, assignment: Assignment, student) -> bool:
    deleted, _rows = AssignmentOverride.objects.filter(assignment=assignment, student=student).delete()
    return bool(deleted)
