"""A job's page: a progress bar that htmx refreshes every second until the job is over, then its
outcome and a link to the result, and the file it made (an export). Only the person who started it
may see either; others get 404."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from jobs.models import Job
from jobs.services import progress_of


@login_required
def job_detail(request, pk):
    job = get_object_or_404(Job, pk=pk, owner=request.user)
    done, total = progress_of(job)
    template = "jobs/job_detail.html#progress" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job, "done": done, "total": total})


@login_required
def job_file(request, pk):
    job = get_object_or_404(Job, pk=pk, owner=request.user, status=Job.Status.FINISHED)
    if not job.result_file:
        raise Http404
    response = FileResponse(job.result_file.open("rb"), as_attachment=True,
                            filename=job.result_file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"  # grades: never kept by a shared cache
    return response
