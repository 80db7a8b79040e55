"""Import a bank from a file or pasted text: preview every question first, then save all or nothing."""

import hashlib

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import instructor_required
from banks.formats import registry
from banks.formats.base import ParsedBank
from banks.forms.bank import ImportForm
from banks.rendering import render_spec
from banks.services import bank_import, casepack_import
from banks.student_view import student_question


@instructor_required
def bank_import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, "banks/bank_import.html", {"form": form})
    if not form.is_valid():
        return render(request, "banks/bank_import.html", {"form": form}, status=400)
    text = form.source_text()
    fmt, parsed = (form.cleaned_data["format"], text) if isinstance(text, ParsedBank) else registry.parse(
        text, form.cleaned_data["format"]
    )
    pack, parsed = (parsed, parsed.bank) if fmt == "casepack" else (None, parsed)
    digest = _digest(text) if fmt == "qti" else ""
    if (request.POST.get("action") == "import" and parsed.ok and parsed.questions
            and form.cleaned_data["previewed"] == digest):
        if pack is not None:
            bank = casepack_import(owner=request.user, pack=pack)
        else:
            bank = bank_import(owner=request.user, parsed=parsed, title=form.cleaned_data["title"])
        messages.success(request, _("Imported %(count)s question(s).") % {"count": len(parsed.questions)})
        return redirect(bank)
    # Show what was parsed, with the text in an editable box so errors can be fixed right here.
    shown = _text(text)
    form = ImportForm(initial={"text": shown, "format": fmt, "title": form.cleaned_data["title"], "previewed": digest})
    preview = [
        (spec, student_question(spec, render_spec(spec), key=str(i), number=i))
        for i, spec in enumerate(parsed.questions, start=1)
    ]
    fmt_label = dict(ImportForm.FORMAT_CHOICES).get(fmt, fmt)
    context = {"form": form, "parsed": parsed, "fmt": fmt_label, "preview": preview, "pack": pack,
               "choose_again": fmt == "qti" and not shown}
    return render(request, "banks/bank_import.html", context, status=200 if parsed.ok else 400)


def _text(source) -> str:
    """What the text box shows again: the text, or a QTI file's XML when it is UTF-8 (a zip is not)."""
    if isinstance(source, bytes) and not registry.is_binary(source):
        try:
            return source.decode("utf-8-sig")
        except UnicodeDecodeError:
            return ""
    return source if isinstance(source, str) else ""


def _digest(source) -> str:
    """The same for a file and for its XML posted back from the text box (browsers send CRLF, forms strip)."""
    data = _text(source).replace("\r\n", "\n").strip().encode() if not registry.is_binary(source) else source
    return hashlib.sha256(data).hexdigest()
