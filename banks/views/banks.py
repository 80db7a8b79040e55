"""Instructor pages for question banks: list, create, edit, the bank page, export."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import instructor_required
from banks.access import get_bank_for_user
from banks.formats import registry
from banks.formats.base import ParsedBank
from banks.formats.export import export_bank, export_result
from banks.forms.bank import BankForm
from banks.models import Question, QuestionBank
from banks.services import questions_tag, version_spec

EXTENSIONS = {"gift": "gift", "text2qti": "txt", "qti": "zip"}
CONTENT_TYPES = {"qti": "application/zip"}


@instructor_required
def bank_list(request):
    banks = QuestionBank.objects.visible_to(request.user).for_list()
    return render(request, "banks/bank_list.html", {"banks": banks})


@instructor_required
def bank_create(request):
    form = BankForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.instance.owner = request.user
            bank = form.save()
            messages.success(request, _("Bank created."))
            return redirect(bank)
        return render(request, "banks/bank_form.html", {"form": form}, status=400)
    return render(request, "banks/bank_form.html", {"form": form})


@instructor_required
def bank_edit(request, pk):
    bank = get_bank_for_user(request.user, pk)
    form = BankForm(request.POST or None, instance=bank, user=bank.owner)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect(bank)
        return render(request, "banks/bank_form.html", {"form": form, "bank": bank}, status=400)
    return render(request, "banks/bank_form.html", {"form": form, "bank": bank})


@instructor_required
def bank_detail(request, pk):
    bank = get_bank_for_user(request.user, pk)
    questions = bank.questions.for_bank_page()
    edited = request.GET.get("edited", "")  # the question just saved as a new version
    context = {"bank": bank, "questions": questions, "edited": int(edited) if edited.isdigit() else None}
    return render(request, "banks/bank_detail.html", context)


@instructor_required
@require_POST
def bank_tag(request, pk):
    """Bulk tag: add the given tags to every selected question of this bank."""
    bank = get_bank_for_user(request.user, pk)
    ids = [int(i) for i in request.POST.getlist("question") if i.isdigit()]
    names = [name for name in request.POST.get("tags", "").split(",") if name.strip()]
    if not ids or not names:
        messages.error(request, _("Select questions and type at least one tag."))
        return redirect(bank)
    questions = list(Question.objects.filter(bank=bank, pk__in=ids, is_archived=False))
    questions_tag(questions=questions, names=names)
    messages.success(request, _("Tagged %(count)s question(s).") % {"count": len(questions)})
    return redirect(bank)


@instructor_required
def bank_export(request, pk, fmt):
    """Download the bank as GIFT, text2qti or a QTI package; questions the format cannot hold are listed first."""
    bank = get_bank_for_user(request.user, pk)
    if fmt not in EXTENSIONS:
        raise Http404
    questions = [version_spec(q.current_version) for q in bank.questions.for_bank_page()]
    parsed = ParsedBank(title=bank.title, description=bank.description, questions=questions)
    module = registry.module(fmt)
    export = export_result(*module.package(parsed), parsed) if fmt == "qti" else export_bank(module, parsed)
    if export.left_out and request.GET.get("partial") != "1":
        return render(request, "banks/bank_export.html", {"bank": bank, "fmt": fmt, "export": export,
                                                            "partial_url": f"{request.path}?partial=1"})
    response = HttpResponse(export.text, content_type=CONTENT_TYPES.get(fmt, "text/plain; charset=utf-8"))
    response["Content-Disposition"] = f'attachment; filename="{slugify(bank.title) or "bank"}.{EXTENSIONS[fmt]}"'
    return response
