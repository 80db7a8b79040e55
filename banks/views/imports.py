"""Import a bank from a file or pasted text: preview every question first, then save all or nothing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import instructor_required
from banks.forms.bank import ImportForm
from banks.keys import import_previews
from banks.services import ImportRefused, bank_import, casepack_import


@instructor_required
def bank_import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, "banks/bank_import.html", {"form": form})
    if not form.is_valid():
        return render(request, "banks/bank_import.html", {"form": form}, status=400)
    fmt, parsed = form.parse()
    pack, parsed = (parsed, parsed.bank) if fmt == "casepack" else (None, parsed)
    try:
        if request.POST.get("action") == "import" and parsed.ok and parsed.questions and form.confirmed(fmt):
            if pack is not None:
                bank = casepack_import(owner=request.user, pack=pack)
            else:
                bank = bank_import(owner=request.user, parsed=parsed, title=form.cleaned_data["title"])
            messages.success(request, _("Imported %(count)s question(s).") % {"count": len(parsed.questions)})
            return redirect(bank)
        preview = import_previews(parsed.questions)
    except ImportRefused as refused:  # a text the renderer refuses: named by its line, like a parse error
        parsed.errors += refused.problems
        preview = []
    # Show what was parsed, with the text in an editable box so errors can be fixed right here.
    again = form.again(fmt)
    context = {"form": again, "parsed": parsed, "fmt": dict(ImportForm.FORMAT_CHOICES).get(fmt, fmt),
               "preview": preview, "pack": pack,
               "choose_again": fmt == "qti" and not again.initial["text"]}
    return render(request, "banks/bank_import.html", context, status=200 if parsed.ok else 400)
