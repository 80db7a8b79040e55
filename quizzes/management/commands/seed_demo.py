"""Load the demo: an instructor, three students in a cohort, a published case, its question bank
and an open assignment. Idempotent: running it again changes nothing."""

from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from banks.formats import text2qti
from banks.models import QuestionBank
from banks.services import bank_import
from casestudies import services
from casestudies.models import CaseStudy
from cohorts import services as cohorts
from cohorts.models import Cohort, Membership
from quizzes.models import Quiz
from quizzes.services import quizzes

DEMO = Path(__file__).resolve().parents[3]

DEMO_PASSWORD = "casebook-demo"
INSTRUCTOR = ("instructor", "Irene", "Adler")
STUDENTS = [("student1", "Sam", "Okafor"), ("student2", "Priya", "Natarajan"), ("student3", "Lena", "Fischer")]
CASE_TITLE = "North Korea's Forced Labour Abroad"
COHORT = {"name": "Section A", "course_code": "INTL 301", "term": "Spring 2027", "timezone": "America/New_York"}
CASE_SOURCE = (
    "Based on William Tucker, \"North Korea's Human Trafficking: Par for the Course\", "
    "In Homeland Security (American Military University). Rewritten in our own words for teaching."
)


class Command(BaseCommand):
    help = "Create the demo instructor, students, case study and question bank (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        instructor = self._user(*INSTRUCTOR, is_instructor=True)
        students = [self._user(username, first, last) for username, first, last in STUDENTS]
        case = self._case(instructor)
        bank = self._bank(instructor, case)
        self._assignment(instructor, students, case, bank)
        self.stdout.write(self.style.SUCCESS("Demo ready. Sign in with any of these (password: %s):" % DEMO_PASSWORD))
        self.stdout.write(f"  instructor: {INSTRUCTOR[0]}")
        self.stdout.write("  students:   " + ", ".join(username for username, _, _ in STUDENTS))

    def _case(self, instructor):
        case = CaseStudy.objects.filter(title=CASE_TITLE).first()
        if case is None:
            body = (DEMO / "casestudies" / "demo" / "north-korea-forced-labor.md").read_text()
            case = services.case_create(
                author=instructor, title=CASE_TITLE, body=body, source=CASE_SOURCE,
                summary="How a sanctioned regime earns hard currency by sending its citizens to work "
                "abroad, and why that makes it so hard to change.",
                tags=["intelligence studies", "North Korea", "human trafficking"],
            )
            services.case_set_published(case=case, published=True)
        return case

    def _bank(self, instructor, case):
        bank = QuestionBank.objects.filter(cases=case).first()
        if bank is None:
            parsed = text2qti.parse((DEMO / "banks" / "demo" / "north-korea-forced-labor.txt").read_text())
            bank = bank_import(owner=instructor, parsed=parsed)
            bank.cases.add(case)
        return bank

    def _assignment(self, instructor, students, case, bank):
        """A cohort with the three students, and the bank's quiz open for a week from now."""
        cohort = Cohort.objects.filter(name=COHORT["name"], course_code=COHORT["course_code"]).first()
        if cohort is None:
            cohort = cohorts.cohort_create(creator=instructor, **COHORT)
        for student in students:
            Membership.objects.get_or_create(cohort=cohort, user=student)
        if Quiz.objects.filter(owner=instructor, case=case).exists():
            return
        quiz = quizzes.quiz_create(owner=instructor, title="Forced labour: check your reading", case=case,
                                   shuffle_choices=True)
        for question in bank.questions.order_by("position"):
            quizzes.quiz_item_add_fixed(quiz=quiz, question=question)
        now = timezone.now()
        quizzes.assignment_create(cohort=cohort, quiz=quiz, opens_at=now - timedelta(hours=1),
                                  due_at=now + timedelta(days=7), time_limit_minutes=30, attempts_allowed=2,
                                  review="full")

    def _user(self, username, first, last, *, is_instructor=False):
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "is_instructor": is_instructor,
                      "email": f"{username}@example.edu"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user
