"""Download a bank with its linked case as one case pack file."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.permissions import instructor_required
from banks.access import get_bank_for_user
from banks.services import casepack_export
from casestudies.models import CaseStudy


@instructor_required
def casepack_download(request, pk):
    bank = get_bank_for_user(request.user, pk)
    case = CaseStudy.objects.editable_by(request.user).filter(question_banks=bank).first()
    if case is None:
        raise Http404("This bank is not linked to a case study you can edit.")
    export = casepack_export(bank=bank, case=case)
    if export.left_out and request.GET.get("partial") != "1":  # never drop a question silently
        return render(request, "banks/bank_export.html", {
            "bank": bank, "fmt": _("a case pack"), "export": export, "partial_url": f"{request.path}?partial=1"})
    response = HttpResponse(export.text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(case.title) or "case"}.casepack.md"'
    return response
