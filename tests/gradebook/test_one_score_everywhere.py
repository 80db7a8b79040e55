"""One truth per score: every page and CSV shows the number ``gradebook.score`` computes, for every
student, whatever happened on the way.

Hypothesis builds worlds through the real services: grading methods, several attempts, late
submissions, random draws with points of their own, essays graded by hand, a key changed (moved,
choices reordered or inserted) and regraded, a quiz slot's points changed after attempts, overrides,
clears, excusals. Then the real pages are rendered and the numbers read back out of their HTML and
CSV, so a template or view that computes its own number fails here.
"""

import csv
import dataclasses
import io
import os
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from banks.formats.base import ParsedBank
from banks.services import bank_import, question_update, version_spec
from banks.spec import Choice, QuestionSpec, QuestionType
from cohorts.models import Membership
from gradebook.queries import score_for
from gradebook.score import Status
from gradebook.services import grade_excuse, grade_override, grade_override_clear, grade_unexcuse
from grading.services.manual import answer_grade
from grading.services.regrade import regrade_apply
from quizzes.models import Assignment, Attempt, Quiz
from quizzes.services.answers import answer_save
from quizzes.services.attempts import attempt_start, attempt_submit
from quizzes.services.quizzes import quiz_item_add_draw, quiz_item_add_fixed, quiz_item_points_set
from tests.factories import CohortFactory, InstructorFactory, UserFactory

WORLDS = int(os.environ.get("CASEBOOK_WORLDS", "10"))
METHODS = ["highest", "latest", "average", "first"]
HOURS_FROM_DUE = [-50, -3, 1, 26, 49]  # when an attempt starts: on time, or 1, 2 or 3 days late


def choice(title, points, right=1):
    texts = ("A", "B", "C")
    return QuestionSpec(type=QuestionType.SINGLE_CHOICE, title=title, prompt=f"{title}?", points=Decimal(points),
                        choices=tuple(Choice(text, i == right) for i, text in enumerate(texts)))


ESSAY = QuestionSpec(type=QuestionType.ESSAY, title="Essay", prompt="Discuss.", points=Decimal(2))


# --- the worlds ------------------------------------------------------------------------------------------


attempt_plans = st.fixed_dictionaries({
    "start": st.sampled_from(HOURS_FROM_DUE),
    "answers": st.lists(st.integers(0, 3), min_size=4, max_size=4),  # 3: leave it blank
    "essay_grade": st.none() | st.sampled_from(["0", "0.5", "2"]),
})
adjustments = st.lists(st.tuples(st.sampled_from(["override", "clear", "excuse", "unexcuse"]),
                                 st.sampled_from(["0", "4.5", "9.75"])), max_size=3)
worlds = st.fixed_dictionaries({
    "students": st.integers(1, 3),
    "assignments": st.lists(st.fixed_dictionaries({
        "method": st.sampled_from(METHODS),
        "attempts_allowed": st.integers(1, 3),
        "penalty": st.sampled_from(["0", "10", "25"]),
        "draw_points": st.sampled_from(["1", "1.5", "3"]),
        "fixed_points": st.sampled_from([None, "2"]),  # None: the question's own points
        "essay": st.booleans(),
        "regrade": st.sampled_from([None, "move", "reorder", "insert"]),
        "slot_points": st.none() | st.sampled_from(["0.5", "4"]),  # a slot's points changed after attempts
        "per_student": st.lists(st.fixed_dictionaries({
            "attempts": st.lists(attempt_plans, max_size=3),
            "adjustments": adjustments,
        }), min_size=3, max_size=3),
    }), min_size=1, max_size=2),
})


def build(world):
    """The cohort, its students and assignments, with everything the plan says done through services."""
    now = timezone.now()
    due = now - timedelta(days=10)
    instructor = InstructorFactory()
    cohort = CohortFactory()
    Membership.objects.create(cohort=cohort, user=instructor, role="instructor")
    students = [UserFactory() for _ in range(world["students"])]
    for student in students:
        Membership.objects.create(cohort=cohort, user=student, role="student")
    assignments = []
    for n, plan in enumerate(world["assignments"]):
        assignment = _assignment(plan, n, instructor, cohort, due)
        assignments.append(assignment)
        for student, theirs in zip(students, plan["per_student"]):
            _take(assignment, student, theirs["attempts"], instructor, due)
        _regrade(assignment, plan["regrade"], instructor)
        if plan["slot_points"]:
            quiz_item_points_set(item=assignment.quiz.items.order_by("position").first(),
                                 points=Decimal(plan["slot_points"]))
        for student, theirs in zip(students, plan["per_student"]):
            _adjust(assignment, student, theirs["adjustments"], instructor)
    return instructor, cohort, students, assignments


def _assignment(plan, n, instructor, cohort, due):
    fixed = bank_import(owner=instructor, parsed=ParsedBank(title="Fixed", questions=[
        choice("Fixed", 1), *([ESSAY] if plan["essay"] else [])]))
    pool = bank_import(owner=instructor, parsed=ParsedBank(title="Pool", questions=[
        choice(f"Pool {p}", p, right=p % 3) for p in (1, 2, 3)]))
    quiz = Quiz.objects.create(title=f"Quiz {n}", owner=instructor)
    questions = list(fixed.questions.select_related("current_version").order_by("position"))
    quiz_item_add_fixed(quiz=quiz, question=questions[0],
                        points=Decimal(plan["fixed_points"]) if plan["fixed_points"] else None)
    for essay in questions[1:]:
        quiz_item_add_fixed(quiz=quiz, question=essay)
    quiz_item_add_draw(quiz=quiz, bank=pool, count=2, points=Decimal(plan["draw_points"]))
    return Assignment.objects.create(
        quiz=quiz, cohort=cohort, title=f"Assignment {n}", opens_at=due - timedelta(days=5), due_at=due,
        closes_at=due + timedelta(days=5), accept_late=True, grading_method=plan["method"],
        attempts_allowed=plan["attempts_allowed"], late_penalty_percent_per_day=Decimal(plan["penalty"]),
        review="full", review_after_close="full")


def _take(assignment, student, plans, instructor, due):
    plans = sorted(plans, key=lambda p: p["start"])[:assignment.attempts_allowed]
    for plan in plans:
        started = due + timedelta(hours=plan["start"])
        attempt = attempt_start(assignment=assignment, student=student, now=started)
        for question, pick in zip(attempt.questions.select_related("version").order_by("position"), plan["answers"]):
            spec = version_spec(question.version)
            if spec.type == QuestionType.ESSAY:
                answer_save(attempt=attempt, position=question.position, response="An essay.", now=started)
            elif pick < 3:
                answer_save(attempt=attempt, position=question.position, response=spec.choice_ids()[pick],
                            now=started)
        attempt = attempt_submit(attempt=attempt, now=started + timedelta(minutes=30))
        essay = attempt.questions.filter(version__type=QuestionType.ESSAY).first()
        if essay and plan["essay_grade"] is not None:
            answer_grade(attempt_question=essay, score=Decimal(plan["essay_grade"]), comment="", grader=instructor)


def _regrade(assignment, change, instructor):
    """The key of the quiz's fixed choice question changes (B to C), or its choices are reordered or one
    inserted with the key unchanged; then the instructor regrades."""
    if change is None:
        return
    question = assignment.quiz.items.order_by("position").first().question
    spec = version_spec(question.current_version)
    a, b, c = spec.choices
    choices = {"move": (a, dataclasses.replace(b, correct=False), dataclasses.replace(c, correct=True)),
               "reorder": (c, a, b), "insert": (a, Choice("New"), b, c)}[change]
    question_update(question=question, spec=dataclasses.replace(spec, choices=choices), editor=instructor)
    question.refresh_from_db()
    regrade_apply(question=question, instructor=instructor)


ADJUSTERS = {"override": grade_override, "clear": grade_override_clear, "excuse": grade_excuse,
             "unexcuse": grade_unexcuse}


def _adjust(assignment, student, steps, instructor):
    for action, points in steps:
        extra = {"score": Decimal(points)} if action == "override" else {}
        try:
            ADJUSTERS[action](assignment=assignment, student=student, reason="Because.", by=instructor, **extra)
        except ValidationError:
            pass  # clearing what is not there, excusing twice: refused, as on the page


# --- reading the numbers back --------------------------------------------------------------------------


class Numbers(HTMLParser):
    """Every element carrying data-score, data-excused or data-counted, with the data-assignment and
    data-student of its nearest enclosing elements."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.found, self.columns, self.totals = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        context = {key: value for frame in self.stack for key, value in frame.items()}
        if tag == "th" and "data-assignment" in attrs and not self.stack_has("data-student"):
            self.columns.append(int(attrs["data-assignment"]))
        if "data-earned" in attrs:
            self.totals.append((context.get("data-student"), Decimal(attrs["data-earned"])))
        if {"data-score", "data-excused", "data-counted"} & attrs.keys():
            self.found.append({**context, **attrs, "cell": self.cells_in_row if tag == "span" else None})
        if tag == "td" and self.stack_has("data-student"):
            self.cells_in_row += 1
        if tag == "tr":
            self.cells_in_row = 0
        if tag not in self.VOID:
            self.stack.append({k: v for k, v in attrs.items() if k in ("data-assignment", "data-student")})

    cells_in_row = 0

    def stack_has(self, key):
        return any(key in frame for frame in self.stack)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()


def read(html) -> Numbers:
    parser = Numbers()
    parser.feed(html)
    return parser


def shown(element) -> object:
    """What an element says the score is: "excused", a Decimal, or None (no number shown)."""
    if "data-excused" in element or element.get("data-status") == "excused":
        return "excused"
    value = element.get("data-score")
    return Decimal(value) if value else None


def expected(score) -> object:
    return "excused" if score.status == Status.EXCUSED else score.points


def get(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, name
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def check_student_pages(student, assignments, truth):
    client = Client()
    client.force_login(student)
    for element in read(get(client, "gradebook:dashboard")).found:
        assignment = int(element["data-assignment"])
        assert shown(element) == expected(truth[assignment, student.pk]), f"dashboard, assignment {assignment}"
    for element in read(get(client, "gradebook:my-grades")).found:
        assignment = int(element["data-assignment"])
        assert shown(element) == expected(truth[assignment, student.pk]), f"My grades, assignment {assignment}"
    for assignment in assignments:
        score = truth[assignment.pk, student.pk]
        page = read(get(client, "gradebook:assignment", assignment.pk)).found
        assert [shown(e) for e in page if "data-counted" in e] in ([], [expected(score)]), "assignment page"
        if score.submitted or score.overridden:
            assert any(shown(e) == expected(score) for e in page), "the assignment page shows what counts"
        for attempt in Attempt.objects.filter(assignment=assignment, student=student, status="submitted"):
            review = read(get(client, "gradebook:attempt-review", attempt.pk)).found
            assert [shown(e) for e in review] == [expected(score)], f"review of attempt {attempt.number}"


def check_staff_pages(instructor, cohort, students, assignments, truth):
    client = Client()
    client.force_login(instructor)
    grid = read(get(client, "gradebook:gradebook", cohort.pk))
    for element in grid.found:
        student, column = int(element["data-student"]), element["cell"] - 1
        score = truth[grid.columns[column], student]
        assert shown(element) in (expected(score), None), f"gradebook cell {student}/{grid.columns[column]}"
    for student_id, earned in grid.totals:
        counted = [truth[a.pk, int(student_id)] for a in assignments]
        assert earned == sum((s.points for s in counted if s.counts), Decimal(0)), "gradebook total"
    rows = list(csv.reader(io.StringIO(get(client, "gradebook:gradebook-csv", cohort.pk))))
    ids = [int(title.rsplit("(", 1)[1].rstrip(")")) for title in rows[0][4:]]
    for assignment in assignments:
        assert Decimal(rows[1][4 + ids.index(assignment.pk)]) == truth[assignment.pk, students[0].pk].possible
    for row in rows[2:]:
        for assignment_id, text in zip(ids, row[4:]):
            score = truth[assignment_id, int(row[1])]
            want = "EX" if score.status == Status.EXCUSED else f"{score.points:.2f}" if score.counts else ""
            assert text == want, f"CSV {row[1]}/{assignment_id}"
    for student in students:
        page = read(get(client, "gradebook:gradebook-student", cohort.pk, student.pk)).found
        for element in page:
            assignment = int(element["data-assignment"])
            assert shown(element) in (expected(truth[assignment, student.pk]), None), "student page"
        for attempt in Attempt.objects.filter(assignment__cohort=cohort, student=student, status="submitted"):
            staff = read(get(client, "gradebook:gradebook-attempt", attempt.pk)).found
            assert [shown(e) for e in staff] == [expected(truth[attempt.assignment_id, student.pk])], "attempt page"


def plan(method="highest", penalty="10", attempts=(), adjustments=(), **options):
    """One assignment for one student, for the examples the issue names."""
    assignment = {"method": method, "attempts_allowed": 3, "penalty": penalty, "draw_points": "1.5",
                  "fixed_points": None, "essay": False, "regrade": None, "slot_points": None, **options,
                  "per_student": [{"attempts": list(attempts), "adjustments": list(adjustments)}] + [
                      {"attempts": [], "adjustments": []}] * 2}
    return {"students": 1, "assignments": [assignment]}


LATE = {"start": 1, "answers": [1, 0, 1, 3], "essay_grade": None}  # a day late
ON_TIME = {"start": -50, "answers": [1, 1, 1, 1], "essay_grade": None}


@pytest.mark.django_db
@example(world=plan(attempts=[LATE]))  # late, 10 % a day: every screen shows the penalised score
@example(world=plan(attempts=[LATE], adjustments=[("override", "9.75")]))  # overridden: every screen says so
@example(world=plan(attempts=[ON_TIME], adjustments=[("excuse", "0")]))  # excused: "excused" everywhere
@example(world=plan(attempts=[ON_TIME, LATE], method="average", slot_points="4", regrade="insert"))
@settings(max_examples=WORLDS, deadline=None, derandomize=bool(os.environ.get("CI")),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(world=worlds)
def test_every_page_and_csv_shows_the_score_that_counts(world):
    with transaction.atomic():
        instructor, cohort, students, assignments = build(world)
        now = timezone.now()
        truth = {(a.pk, s.pk): score_for(a, s.pk, now=now) for a in assignments for s in students}
        for student in students:
            check_student_pages(student, assignments, truth)
        check_staff_pages(instructor, cohort, students, assignments, truth)
        for assignment in assignments:  # every student of an assignment is out of the same points
            assert len({truth[assignment.pk, s.pk].possible for s in students}) == 1
        transaction.set_rollback(True)
