"""Instructor pages: my cases, create, edit with live preview, publish, delete, images."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import instructor_required
from casestudies import markdown_limits, services
from casestudies.access import get_case_for_editor
from casestudies.forms import CaseImageForm, CaseStudyForm, rendered_or_error
from casestudies.markdown import Rendered, render_with_toc
from casestudies.models import CaseStudy


@instructor_required
def my_cases(request):
    cases = CaseStudy.objects.editable_by(request.user).for_list()
    return render(request, "casestudies/casestudy_mine.html", {"cases": cases})


@instructor_required
def case_create(request):
    form = CaseStudyForm(request.POST or None, author=request.user)
    if request.method == "POST":
        if form.is_valid():
            case = services.case_create(
                author=request.user, tags=form.tag_names(), coauthors=form.cleaned_data.get("coauthors", ()),
                **form.text_fields(),
            )
            messages.success(request, _("Case “%(title)s” created as a draft.") % {"title": case.title})
            return redirect("casestudies:edit", slug=case.slug)
        return _editor(request, form, None, status=400)
    return _editor(request, form, None)


@instructor_required
def case_edit(request, slug):
    case = get_case_for_editor(request.user, slug)
    form = CaseStudyForm(request.POST or None, instance=case, author=case.author)
    if request.method == "POST":
        if form.is_valid():
            services.case_update(
                case=case, editor=request.user, tags=form.tag_names(),
                coauthors=form.cleaned_data.get("coauthors"), **form.text_fields(),
            )
            messages.success(request, _("Saved."))
            return redirect("casestudies:edit", slug=case.slug)
        return _editor(request, form, case, status=400)
    return _editor(request, form, case)


def _editor(request, form, case, status=200):
    """The editor shows the stored HTML when it opens, and a posted body only as the form already rendered it."""
    if not form.is_bound:
        preview = Rendered(case.body_html, case.toc_html) if case else render_with_toc("")
    elif "body" in form.errors:
        preview = Rendered("", "")
    else:
        preview = render_with_toc(form.cleaned_data["body"])  # rendered by the form's validation: kept
    context = {"form": form, "case": case, "preview": preview, "image_form": CaseImageForm()}
    return render(request, "casestudies/casestudy_form.html", context, status=status)


@instructor_required
@require_POST
def case_preview(request):
    """The live preview (htmx): the same pipeline as the saved page, so what you see is what they get.

    Past its limit the preview says so instead of rendering on every pause in typing (saving renders it).
    """
    body = request.POST.get("body", "")
    if len(body) > markdown_limits.PREVIEW:
        refusal = _("The live preview stops at %(limit)s characters; this text has %(length)s. Save to see it.") % {
            "limit": f"{markdown_limits.PREVIEW:,}", "length": f"{len(body):,}"}
        return _preview(request, refusal=refusal)
    try:
        return _preview(request, preview=rendered_or_error(body))
    except ValidationError as error:
        return _preview(request, refusal=error.messages[0])


def _preview(request, *, preview=None, refusal=""):
    context = {"preview": preview, "refusal": refusal}
    return render(request, "casestudies/casestudy_form.html#preview", context, status=400 if refusal else 200)


@instructor_required
@require_POST
def case_publish(request, slug):
    case = get_case_for_editor(request.user, slug)
    publish = request.POST.get("publish") == "1"
    services.case_set_published(case=case, published=publish)
    messages.success(request, _("Published: students can read it now.") if publish else _("Unpublished: back to draft."))
    return redirect("casestudies:edit", slug=case.slug)


@instructor_required
def case_delete(request, slug):
    case = get_case_for_editor(request.user, slug)
    if request.method == "POST":
        title = case.title
        case.delete()
        messages.success(request, _("Deleted “%(title)s”.") % {"title": title})
        return redirect("casestudies:mine")
    return render(request, "casestudies/casestudy_confirm_delete.html", {"case": case})


@instructor_required
@require_POST
def image_upload(request, slug):
    """Upload an image for this case and hand back the Markdown to paste; bad files get a 400, save nothing."""
    case = get_case_for_editor(request.user, slug)
    form = CaseImageForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "casestudies/_image_result.html", {"form": form, "case": case}, status=400)
    image = services.image_upload(case=case, uploaded_by=request.user, image=form.cleaned_data["image"])
    return render(request, "casestudies/_image_result.html", {"image": image, "form": CaseImageForm(), "case": case})
