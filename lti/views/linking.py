"""Pages an instructor meets inside the LMS: setting a course up on its first launch, choosing what a
hand-made link opens, and deep linking (picking an assignment or case for the platform to link)."""

from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from lti import frames
from lti.access import get_context_for_instructor, get_context_to_set_up, get_link_for_instructor
from lti.forms import SetupForm, TargetForm
from lti.launch import LaunchRefused, restored_launch
from lti.models import ResourceLink
from lti.roles import INSTRUCTOR
from lti.services import CUSTOM_ASSIGNMENT, CUSTOM_CASE, context_cohort_create, context_cohort_link, link_target_set
from lti.views.launch import SESSION_DEEP_LINK, SESSION_SETUP, landing, refused


@login_required
def setup(request):
    """First launch of an instructor who already teaches cohorts here: link one, or make a new one."""
    pending = request.session.get(SESSION_SETUP) or {}
    context = get_context_to_set_up(request.user, pending.get("context_id"))
    form = SetupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["cohort"]:
                context_cohort_link(context=context, cohort=form.cleaned_data["cohort"], instructor=request.user)
            else:
                context_cohort_create(context=context, instructor=request.user)
        except LaunchRefused as refusal:
            return refused(request, refusal)
        if request.session.get(SESSION_DEEP_LINK, {}).get("context_id") == context.pk:
            return redirect("lti:deep-link")
        link = ResourceLink.objects.filter(pk=pending.get("link_id")).first()
        return landing(request, link, INSTRUCTOR, lineitem_url=pending.get("lineitem_url", "")) if link else (
            redirect("cohorts:detail", context.cohort_id))
    return render(request, "lti/setup.html", {"form": form, "context": context},
                  status=400 if request.method == "POST" else 200)


@login_required
def link_setup(request, pk):
    """A link made in the LMS by hand opens nothing yet: its instructor chooses."""
    link = get_link_for_instructor(request.user, pk)
    form = TargetForm(request.POST or None, cohort=link.context.cohort)
    if request.method == "POST" and form.is_valid():
        assignment, case = form.chosen()
        pending = request.session.get(SESSION_SETUP) or {}
        lineitem_url = pending.get("lineitem_url", "") if pending.get("link_id") == link.pk else ""
        link_target_set(link=link, assignment=assignment, case=case, lineitem_url=lineitem_url)
        return landing(request, link, INSTRUCTOR)
    return render(request, "lti/link_setup.html", {"form": form, "link": link},
                  status=400 if request.method == "POST" else 200)


def _resource(request, assignment, case) -> DeepLinkResource:
    resource = DeepLinkResource().set_url(request.build_absolute_uri(reverse("lti:launch")))
    if assignment:
        line_item = (LineItem().set_label(assignment.display_title).set_resource_id(f"assignment-{assignment.pk}")
                     .set_score_maximum(float(assignment.points_possible)))
        return (resource.set_title(assignment.display_title).set_lineitem(line_item)
                .set_custom_params({CUSTOM_ASSIGNMENT: str(assignment.pk)}))
    return resource.set_title(case.title).set_custom_params({CUSTOM_CASE: case.slug})


@login_required
def deep_link(request):
    """The deep-linking request of this session: pick, then hand the platform a signed response."""
    pending = request.session.get(SESSION_DEEP_LINK) or {}
    context = get_context_for_instructor(request.user, pending.get("context_id"))
    try:
        message = restored_launch(request, pending.get("launch_id", ""))
    except LaunchRefused as refusal:
        return refused(request, refusal)
    form = TargetForm(request.POST or None, cohort=context.cohort)
    if request.method != "POST" or not form.is_valid():
        return render(request, "lti/deep_link.html", {"form": form, "context": context},
                      status=400 if request.method == "POST" else 200)
    deep = message.get_deep_link()
    token = deep.get_response_jwt([_resource(request, *form.chosen())])
    return_url = message.get_launch_data()["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"][
        "deep_link_return_url"]
    del request.session[SESSION_DEEP_LINK]
    response = render(request, "lti/deep_link_return.html", {"return_url": return_url, "jwt": token,
                                                              "title": _("Returning to your course…")})
    parts = urlsplit(return_url)
    allowed = f"{parts.scheme}://{parts.netloc}{parts.path}"
    return frames.allow_frame(response, request.session.get(frames.SESSION_KEY, []), **{"form-action": [allowed]})
