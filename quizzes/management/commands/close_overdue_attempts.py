"""Submit every in-progress attempt whose deadline has passed (run from cron, e.g. every minute)."""

from django.core.management.base import BaseCommand

from quizzes.services.attempts import close_overdue_attempts


class Command(BaseCommand):
    help = "Grade and submit attempts whose time ran out while the student was away."

    def handle(self, *args, **options):
        count = close_overdue_attempts()
        self.stdout.write(f"Submitted {count} overdue attempt(s).")
