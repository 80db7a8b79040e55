"""Background work of the gradebook: exporting a big cohort's CSV to a file its requester downloads."""

import tempfile

from django.core.files import File
from django.tasks import task
from django.utils import timezone
from django.utils.translation import ngettext

from cohorts.models import Cohort
from gradebook.csv_exports import csv_chunks, export_rows
from jobs.services import job_file, run_as_job

PROGRESS_EVERY = 500  # rows between two progress reports


@task
def export_csv(job_id: str, cohort_id: int, kind: str, filename: str) -> None:
    """Write the cohort's grades or responses CSV (the very rows the streamed download sends)."""
    cohort = Cohort.objects.get(pk=cohort_id)

    def work(progress):
        rows = export_rows(kind, cohort, now=timezone.now())
        written = 0

        def counted():
            nonlocal written
            for row in rows:
                written += 1
                if written % PROGRESS_EVERY == 0:
                    progress(written)
                yield row

        with tempfile.TemporaryFile() as file:
            for chunk in csv_chunks(counted()):
                file.write(chunk.encode())
            file.seek(0)
            url = job_file(job_id, filename, File(file))
        return ngettext("%(n)s row written.", "%(n)s rows written.", written) % {"n": written}, url

    run_as_job(job_id, work)
