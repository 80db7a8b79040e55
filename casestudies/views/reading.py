"""Pages students (and everyone signed in) read."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render

from casestudies.access import can_edit, get_case_for_reader
from casestudies.models import CaseImage, CaseStudy


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
def case_image(request, pk):
    """Serve an uploaded image with the type we verified, never a type sniffed from its bytes.

    Cases are only read signed in, so their images are too (a draft's images stay private).
    """
    image = get_object_or_404(CaseImage, pk=pk)
    response = FileResponse(image.image.open("rb"), content_type=image.content_type)
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    return response
