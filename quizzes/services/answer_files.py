"""File-upload answers: a student's file stored for a question of their open attempt, and only then.

The file arrives whole before the view runs (Django spools large ones to a temporary file), so the
checks here (time, type, size) come before anything is written, and a refused file leaves no trace.
"""

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from banks import uploads
from banks.services import version_spec
from banks.spec import QuestionSpec, QuestionType
from quizzes.models import AnswerFile, Attempt, AttemptQuestion
from quizzes.services.attempts import AnswerRefused, check_open


def upload_refusal(spec: QuestionSpec, upload) -> str | None:
    """Why this uploaded file cannot answer the question, for the student; None if it can."""
    if spec.type != QuestionType.FILE_UPLOAD:
        return _("That question does not take a file.")
    limit = settings.ANSWER_UPLOAD_MAX_BYTES
    problem = uploads.upload_problem(spec, name=upload.name or "", size=upload.size or 0, site_limit=limit)
    if problem == uploads.EMPTY:
        return _("That file is empty.")
    if problem == uploads.TOO_LARGE:
        return _("That file is too large: the limit is %(limit)s.") % {
            "limit": filesizeformat(uploads.size_limit(spec, limit))}
    if problem == uploads.WRONG_TYPE:
        return _("That type of file is not accepted here. Allowed: %(types)s.") % {
            "types": ", ".join(f".{ext}" for ext in spec.allowed_extensions)}
    return None


@transaction.atomic
def answer_file_save(*, attempt: Attempt, position: int, upload, now=None) -> AnswerFile:
    """Store ``upload`` (an UploadedFile) as the answer to question ``position``, replacing any earlier
    file. The answer's response becomes ``{"name", "size"}``, which grading and the pages read.

    Locks the attempt row, as ``attempt_submit`` does: a file is in before grading starts or refused.
    """
    now = now or timezone.now()
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    check_open(attempt, now)
    question = AttemptQuestion.objects.select_related("version").filter(attempt=attempt, position=position).first()
    if question is None:
        raise AnswerRefused(_("That question is not part of this attempt."))
    refusal = upload_refusal(version_spec(question.version), upload)
    if refusal:
        raise AnswerRefused(refusal)
    return store_answer_file(question, upload, now)


def store_answer_file(question: AttemptQuestion, upload, now) -> AnswerFile:
    """Write the file and its row, replacing the question's earlier file. The caller holds the attempt's
    lock and has checked the file (``upload_refusal``)."""
    AnswerFile.objects.filter(question=question).delete()  # its file goes once this commits
    name = uploads.display_name(upload.name)
    stored = AnswerFile(question=question, name=name, size=upload.size, uploaded_at=now)
    stored.file.save(name, upload, save=False)
    try:  # should the rows fail to save, the file just written must not stay behind
        stored.save()
        question.response, question.saved_at = {"name": name, "size": upload.size}, now
        question.save(update_fields=["response", "saved_at"])
    except BaseException:
        stored.file.delete(save=False)
        raise
    return stored
