"""Pages students (and everyone signed in) read."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render

from casestudies.access import can_edit, get_case_for_reader, get_image_for_reader
from casestudies.models import CaseStudy


@login_required
def case_list(request):
    cases = CaseStudy.objects.published().for_list()
    return render(request, "casestudies/casestudy_list.html", {"cases": cases})


@login_required
def case_detail(request, slug):
    case = get_case_for_reader(request.user, slug)
    return render(
        request, "casestudies/casestudy_detail.html", {"case": case, "can_edit": can_edit(request.user, case)}
    )


@login_required
def case_image(request, token):
    """Serve an uploaded image with the type we verified, never a type sniffed from its bytes.

    Only to those who may read its case now (a draft's images stay with its authors); cached
    briefly, so unpublishing a case soon hides its images from browsers that fetched them.
    """
    image = get_image_for_reader(request.user, token)
    response = FileResponse(image.image.open("rb"), content_type=image.content_type)
    response["Cache-Control"] = "private, max-age=300"
    return response
