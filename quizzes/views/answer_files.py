"""Downloading a file-upload answer: for the student who uploaded it and the staff of its cohort."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from quizzes.access import get_assignment_for_staff
from quizzes.models import AnswerFile


@login_required
def answer_file_download(request, pk, position):
    """Always a download, never shown inline, so an uploaded HTML or SVG file cannot run in our origin.

    Anyone but the student and the cohort's instructors and TAs gets 404, classmates included: the
    answer's existence is not theirs to learn.
    """
    answer_file = get_object_or_404(
        AnswerFile.objects.select_related("question__attempt"), question__attempt_id=pk, question__position=position
    )
    attempt = answer_file.question.attempt
    if attempt.student_id != request.user.pk:
        try:
            get_assignment_for_staff(request.user, attempt.assignment_id)
        except PermissionDenied:
            raise Http404 from None
    try:
        opened = answer_file.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(opened, as_attachment=True, filename=answer_file.name,
                            content_type="application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    return response
