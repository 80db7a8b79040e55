"""Item analysis of an assignment (instructors and TAs): the score distribution, how hard each question
was and how well it separated stronger from weaker students, which distractors drew answers, and the
quiz's reliability. The statistics are pure functions in quizzes/analysis.py; this gathers the numbers
in a fixed number of queries and labels them.

Each student counts once, with their first submitted attempt: later attempts measure what was learnt
from the first, not the questions.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from banks.autograde import GradeStatus, correct_response
from banks.forms.question import QUESTION_TYPES
from banks.models import Question, QuestionBank, QuestionVersion
from banks.services import version_spec
from banks.spec import QuestionType
from grading import analysis, charts
from quizzes.access import get_assignment_for_staff
from quizzes.models import Attempt, AttemptQuestion

CHOICE_TYPES = {QuestionType.SINGLE_CHOICE, QuestionType.TRUE_FALSE, QuestionType.MULTIPLE_ANSWER}


@dataclass
class Item:
    question_id: int
    version: QuestionVersion  # the newest version answered: its title, points, choices and key label the row
    position: int
    scores: dict = field(default_factory=dict)  # attempt id -> score; pending hand grades are left out
    responses: dict = field(default_factory=dict)  # attempt id -> response
    versions: set = field(default_factory=set)
    pending: int = 0
    stats: analysis.ItemStats | None = None
    choices: list = field(default_factory=list)
    can_regrade: bool = False

    @property
    def type_label(self) -> str:
        return QUESTION_TYPES.get(self.version.type, (self.version.type,))[0]

    @property
    def facility_percent(self) -> float | None:
        return None if self.stats is None or self.stats.facility is None else self.stats.facility * 100


@login_required
def assignment_analysis(request, pk):
    assignment, _membership = get_assignment_for_staff(request.user, pk)
    attempts = _first_attempts(assignment)
    items, counts = _items(assignment, attempts)
    students = [{item.question_id: item.scores[a] for item in items if a in item.scores} for a in attempts]
    _analyse(items, students, list(attempts))
    regradable = set(Question.objects.filter(pk__in=[item.question_id for item in items],
                                             bank__in=QuestionBank.objects.visible_to(request.user))
                     .values_list("pk", flat=True))
    for item in items:
        item.can_regrade = item.question_id in regradable
    context = {"assignment": assignment, "cohort": assignment.cohort, "items": items, "student_count": len(attempts),
               **_overview(attempts, items, students, counts)}
    return render(request, "grading/analysis.html", context)


def _first_attempts(assignment) -> dict[int, Attempt]:
    """Each student's first submitted attempt, by attempt id, in one query."""
    first = {}
    for attempt in assignment.attempts.filter(status=Attempt.Status.SUBMITTED).order_by("student_id", "number"):
        first.setdefault(attempt.student_id, attempt)
    return {attempt.pk: attempt for attempt in first.values()}


def _items(assignment, attempts) -> tuple[list[Item], dict[int, int]]:
    """One Item per question answered in the first attempts (text-only items skipped), in quiz order,
    and the number of questions in each attempt. Two queries: the answers, then their versions."""
    rows = [row for row in AttemptQuestion.objects.filter(attempt__assignment=assignment,
                                                          attempt__status=Attempt.Status.SUBMITTED)
            .values_list("attempt_id", "version_id", "position", "score", "response", "result__status")
            if row[0] in attempts]
    versions = {v.pk: v for v in QuestionVersion.objects.filter(pk__in={row[1] for row in rows})}
    items, counts = {}, defaultdict(int)
    for attempt_id, version_id, position, score, response, status in rows:
        version = versions[version_id]
        counts[attempt_id] += 1
        if version.type == QuestionType.TEXT:
            continue
        item = items.setdefault(version.question_id, Item(version.question_id, version, position))
        item.position = min(item.position, position)
        item.versions.add(version.number)
        if version.number > item.version.number:
            item.version = version
        item.responses[attempt_id] = response
        if status == GradeStatus.NEEDS_MANUAL:
            item.pending += 1
        else:
            item.scores[attempt_id] = score or Decimal(0)
    return sorted(items.values(), key=lambda item: (item.position, item.question_id)), counts


def _analyse(items: list[Item], students: list[dict], ids: list[int]) -> None:
    """Fill in each item's statistics and, for choice questions, its distractor table."""
    max_scores = {item.question_id: item.version.points for item in items}
    stats = analysis.item_stats(students, max_scores)
    totals = [sum(scores.values(), Decimal(0)) for scores in students]
    groups = analysis.extreme_groups(totals)
    for item in items:
        item.stats = stats[item.question_id]
        if item.version.type in CHOICE_TYPES:
            item.choices = _choices(item, ids, groups)


def _choices(item: Item, attempt_ids: list[int], groups) -> list[dict]:
    """Distractor analysis: how many chose each option, overall and in the upper and lower groups.
    Choices keep their ids across versions, so answers to every version count towards the newest's."""
    spec = version_spec(item.version)
    key = correct_response(spec)
    keys = set(key) if isinstance(key, list) else {key}
    choice_ids = spec.choice_ids()
    overall = analysis.choice_counts(item.responses.values(), choice_ids)
    lower, upper = groups or ([], [])
    in_upper = analysis.choice_counts([item.responses.get(attempt_ids[i]) for i in upper], choice_ids)
    in_lower = analysis.choice_counts([item.responses.get(attempt_ids[i]) for i in lower], choice_ids)
    labels = item.version.rendered.get("choices", [])
    return [{"html": mark_safe(labels[i]) if i < len(labels) else spec.choices[i].text,  # sanitised on save
             "is_key": choice_id in keys, "count": overall[i], "upper": in_upper[i], "lower": in_lower[i],
             "percent": overall[i] / len(item.responses) * 100 if item.responses else None}
            for i, choice_id in enumerate(choice_ids)]


def _duration(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    minutes, seconds = divmod(round(seconds), 60)
    return _("%(m)s min %(s)s s") % {"m": minutes, "s": seconds} if minutes else _("%(s)s s") % {"s": seconds}


def _overview(attempts, items, students, counts) -> dict:
    percents = [float(a.score or 0) / float(a.max_score) * 100 for a in attempts.values() if a.max_score]
    bins = analysis.histogram(percents)
    bars = [(f"{b.low}–{b.high}", b.count) for b in bins]
    desc = _("Students per band of scores: ") + "; ".join(
        _("%(band)s%%: %(n)s") % {"band": label, "n": count} for label, count in bars) + "."
    chart = charts.bar_chart(bars, chart_id="score-distribution", title=_("Score distribution"), desc=desc,
                             x_label=_("Score (%)"), y_label=_("Students"),
                             edges=[str(b.low) for b in bins] + [str(bins[-1].high)])
    durations = [((a.submitted_at - a.started_at).total_seconds(), counts[a.pk]) for a in attempts.values()]
    return {
        "chart": mark_safe(chart), "bins": bars, "summary": analysis.summary(percents),  # every text escaped
        "reliability": analysis.reliability(students, {item.question_id: item.version.points for item in items}),
        "time_per_question": _duration(analysis.seconds_per_question(durations)),
        "provisional": sum(a.needs_grading for a in attempts.values()),
        "pending": sum(item.pending for item in items),
    }
