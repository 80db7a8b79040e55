"""The reads behind the teaching home: an instructor's or TA's cohorts and what needs them there.

Four queries however many cohorts, assignments, students and answers (pinned in
tests/gradebook/test_teaching_home.py): the memberships with their cohorts and student counts, the
assignments open now or opening soon with their progress counts, the answers waiting for a grade
(grading.queries, also on closed assignments: grading goes on after the close), and the latest
submissions.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q

from cohorts.models import Membership
from grading.queries import waiting_by_question
from quizzes.models import Assignment, Attempt

SOON = timedelta(days=7)  # an assignment opening within this is "coming up"; one due within DUE_SOON is flagged
DUE_SOON = timedelta(days=2)
RECENT = 8  # submissions listed
STAFF = (Membership.Role.INSTRUCTOR, Membership.Role.TA)


@dataclass
class CohortHome:
    membership: Membership  # with its cohort and ``students``, the cohort's student count
    open_now: list[Assignment] = field(default_factory=list)
    coming_up: list[Assignment] = field(default_factory=list)

    @property
    def cohort(self):
        return self.membership.cohort

    @property
    def is_instructor(self) -> bool:
        return self.membership.role == Membership.Role.INSTRUCTOR


@dataclass
class TeachingHome:
    cohorts: list[CohortHome]
    to_grade: list[dict]  # grading.queries.waiting_by_question rows, ``cohort`` the Cohort itself
    recent: list[Attempt]
    inactive: int  # cohorts taught that are no longer active (not shown here)
    is_student: bool  # also a student somewhere: the page links to their own assignments

    @property
    def waiting(self) -> int:
        return sum(row["waiting"] for row in self.to_grade)

    @property
    def teaches(self) -> bool:
        return bool(self.cohorts or self.inactive)


def _assignments(cohort_ids, now: datetime):
    """Open now or opening within SOON, with how many students submitted and how many attempts run."""
    submitted = Q(attempts__status=Attempt.Status.SUBMITTED)
    return (
        Assignment.objects.filter(cohort_id__in=cohort_ids, closes_at__gte=now, opens_at__lte=now + SOON)
        .select_related("quiz").only("cohort_id", "title", "quiz__title", "opens_at", "due_at", "closes_at",
                                     "time_limit_minutes")
        .annotate(submitted_count=Count("attempts__student", filter=submitted, distinct=True),
                  running_count=Count("attempts", filter=Q(attempts__status=Attempt.Status.IN_PROGRESS)))
        .order_by("due_at", "pk")
    )


def teaching_home(user, *, now: datetime) -> TeachingHome:
    memberships = list(
        Membership.objects.filter(user=user).select_related("cohort")
        .annotate(students=Count("cohort__memberships", filter=Q(cohort__memberships__role=Membership.Role.STUDENT)))
        .order_by("cohort__course_code", "cohort__name", "cohort_id")
    )
    staff = [m for m in memberships if m.role in STAFF]
    homes = {m.cohort_id: CohortHome(m) for m in staff if m.cohort.is_active}
    if homes:
        for assignment in _assignments(list(homes), now):
            assignment.due_soon = assignment.opens_at <= now and assignment.due_at - now <= DUE_SOON
            home = homes[assignment.cohort_id]
            assignment.cohort = home.cohort  # the cohort is loaded already: its name and time zone
            (home.open_now if assignment.opens_at <= now else home.coming_up).append(assignment)
    to_grade = waiting_by_question(list(homes)) if homes else []
    recent = list(
        Attempt.objects.filter(assignment__cohort_id__in=list(homes), status=Attempt.Status.SUBMITTED)
        .select_related("student", "assignment__quiz", "assignment__cohort")
        .only("number", "submitted_at", "is_late", "needs_grading", "auto_submitted", "student__username",
              "student__first_name", "student__last_name", "assignment__title", "assignment__quiz__title",
              "assignment__cohort__name", "assignment__cohort__course_code", "assignment__cohort__timezone")
        .order_by("-submitted_at", "-pk")[:RECENT]
    ) if homes else []
    cohorts = {m.cohort_id: m.cohort for m in staff}
    for row in to_grade:
        row["cohort"] = cohorts[row["cohort"]]
        row["assignment_title"] = row["assignment_title"] or row["quiz_title"]
    return TeachingHome(
        cohorts=list(homes.values()), to_grade=to_grade, recent=recent,
        inactive=sum(not m.cohort.is_active for m in staff),
        is_student=any(m.role == Membership.Role.STUDENT for m in memberships),
    )

