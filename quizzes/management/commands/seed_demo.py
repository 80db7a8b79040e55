"""Load the demo: an instructor, three students, a published case and its question bank. Idempotent."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from casestudies import services
from casestudies.models import CaseStudy
from quizzes.formats import text2qti
from quizzes.models import QuestionBank
from quizzes.services.banks import bank_import

DEMO = Path(__file__).resolve().parents[3]

DEMO_PASSWORD = "casebook-demo"
INSTRUCTOR = ("instructor", "Irene", "Adler")
STUDENTS = [("student1", "Sam", "Okafor"), ("student2", "Priya", "Natarajan"), ("student3", "Lena", "Fischer")]
CASE_TITLE = "North Korea's Forced Labour Abroad"
CASE_SOURCE = (
    "Based on William Tucker, \"North Korea's Human Trafficking: Par for the Course\", "
    "In Homeland Security (American Military University). Rewritten in our own words for teaching."
)


class Command(BaseCommand):
    help = "Create the demo instructor, students, case study and question bank (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        instructor = self._user(*INSTRUCTOR, is_instructor=True)
        for username, first, last in STUDENTS:
            self._user(username, first, last)
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
        if not QuestionBank.objects.filter(cases=case).exists():
            parsed = text2qti.parse((DEMO / "quizzes" / "demo" / "north-korea-forced-labor.txt").read_text())
            bank = bank_import(owner=instructor, parsed=parsed)
            bank.cases.add(case)
        self.stdout.write(self.style.SUCCESS("Demo ready. Sign in with any of these (password: %s):" % DEMO_PASSWORD))
        self.stdout.write(f"  instructor: {INSTRUCTOR[0]}")
        self.stdout.write("  students:   " + ", ".join(username for username, _, _ in STUDENTS))

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
