"""Run from cron (e.g. hourly): sync every LMS course's roster, and send grades whose retry is due or
whose task was lost. Each piece runs as a task on the worker."""

from django.core.management.base import BaseCommand

from lti import passback, roster, tasks


class Command(BaseCommand):
    help = "Queue roster syncs for every LTI course and grade passbacks that are due."

    def add_arguments(self, parser):
        parser.add_argument("--grades-only", action="store_true")

    def handle(self, *args, **options):
        contexts = [] if options["grades_only"] else list(roster.contexts_to_sync().values_list("pk", flat=True))
        for context_id in contexts:
            tasks.sync_roster.enqueue(context_id)
        due = passback.due_retries()
        if due:
            tasks.send_grades.enqueue(due)
        self.stdout.write(f"Queued {len(contexts)} roster sync(s) and {len(due)} grade(s) to send.")
