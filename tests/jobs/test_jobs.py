"""A job's page: its owner watches the progress (htmx polls until it is over) and gets the result;
nobody else learns it exists."""

import pytest
from django.core.files.base import ContentFile
from django.tasks import task
from django.urls import reverse

from jobs.models import Job
from jobs.services import job_fail, job_file, job_finish, job_progress, job_start, progress_of, run_as_job
from tests.factories import UserFactory


@task
def count_to(job_id: str, n: int) -> None:
    """A job for the tests: reports each step, then finishes with a message and a link."""
    def work(progress):
        for step in range(1, n + 1):
            progress(step, n)
        return f"Counted to {n}.", "/somewhere/"
    run_as_job(job_id, work)


@task
def explode(job_id: str) -> None:
    def work(progress):
        raise RuntimeError("disk full at /var/secret")
    run_as_job(job_id, work)


@pytest.fixture
def job(student):
    return Job.objects.create(owner=student, title="Adding the roster", total=40)


def test_the_owner_watches_a_running_job_and_the_page_keeps_polling(student_client, job):
    job_progress(str(job.pk), done=10)

    page = student_client.get(job.get_absolute_url())

    assert page.status_code == 200
    assert "10 of 40 done" in page.text and 'value="10"' in page.text and 'max="40"' in page.text
    assert f'hx-get="{job.get_absolute_url()}" hx-trigger="every 1s"' in page.text


def test_the_poll_gets_only_the_progress_fragment(student_client, job):
    fragment = student_client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).text

    assert fragment.lstrip().startswith('<section class="job-progress"') and "<html" not in fragment


def test_a_finished_job_stops_polling_and_links_its_result(student_client, job):
    job_finish(str(job.pk), message="Added 40 students.", result_url="/cohorts/1/")

    page = student_client.get(job.get_absolute_url()).text

    assert "hx-trigger" not in page
    assert "Added 40 students." in page and 'href="/cohorts/1/"' in page
    assert progress_of(Job.objects.get(pk=job.pk)) == (40, 40)


def test_a_failed_job_says_so_without_the_details(student_client, job, caplog):
    with pytest.raises(RuntimeError):
        explode.call(str(job.pk))

    failed = Job.objects.get(pk=job.pk)
    page = student_client.get(job.get_absolute_url()).text
    assert failed.status == Job.Status.FAILED and "hx-trigger" not in page
    assert "could not finish because of an error on our side" in page
    assert "/var/secret" not in page and "/var/secret" in caplog.text  # the why is for the log only


def test_job_start_enqueues_its_task_only_when_the_request_commits(student, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        job = job_start(owner=student, title="Counting", task=count_to, args=(3,), total=3)

    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED and len(queued) == 1
    queued[0]()  # the commit: the immediate backend runs it now
    done = Job.objects.get(pk=job.pk)
    assert (done.status, done.done, done.message, done.result_url) == ("finished", 3, "Counted to 3.", "/somewhere/")


@pytest.mark.parametrize("who", [None, "other"])
def test_nobody_but_the_owner_sees_a_job_or_its_file(client, job, who):
    job_file(str(job.pk), "grades.csv", ContentFile(b"Student,ID\n"))
    job_finish(str(job.pk), result_url=reverse("jobs:file", args=[job.pk]))
    if who:
        client.force_login(UserFactory())

    for url in (job.get_absolute_url(), reverse("jobs:file", args=[job.pk])):
        response = client.get(url)
        assert response.status_code == (302 if who is None else 404)


def test_the_owner_downloads_the_file_as_a_private_attachment(student_client, job):
    url = job_file(str(job.pk), "grades.csv", ContentFile(b"Student,ID\n"))
    assert student_client.get(url).status_code == 404  # not before the job has finished
    job_finish(str(job.pk), result_url=url)

    response = student_client.get(url)

    assert response["Content-Disposition"] == 'attachment; filename="grades.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"Student,ID\n"


def test_a_job_that_failed_has_no_file_to_download(student_client, job):
    job_fail(str(job.pk), message="No.")
    assert student_client.get(reverse("jobs:file", args=[job.pk])).status_code == 404
