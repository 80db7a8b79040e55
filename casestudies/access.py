"""Who may see which case. Every case view goes through these helpers; outsiders get 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from casestudies.models import CaseImage, CaseStudy


def get_case_for_reader(user, slug: str) -> CaseStudy:
    """Published cases for everyone signed in; drafts only for their authors (others get 404)."""
    case = get_object_or_404(CaseStudy.objects.select_related("author").prefetch_related("tags"), slug=slug)
    if not can_read(user, case):
        raise Http404
    return case


def get_image_for_reader(user, token: str) -> CaseImage:
    """An image for whoever may read its case right now; one no case owns, for its uploader and staff only."""
    image = get_object_or_404(CaseImage.objects.select_related("case"), token=token)
    if image.case is None:
        allowed = user.is_authenticated and (user.is_staff or image.uploaded_by_id == user.pk)
    else:
        allowed = can_read(user, image.case)
    if not allowed:
        raise Http404
    return image


def get_case_for_editor(user, slug: str) -> CaseStudy:
    """The case if the user authors or co-authors it; 404 for every other instructor."""
    return get_object_or_404(CaseStudy.objects.editable_by(user).select_related("author"), slug=slug)


def can_read(user, case: CaseStudy) -> bool:
    return user.is_authenticated and (case.is_published or can_edit(user, case))


def can_edit(user, case: CaseStudy) -> bool:
    if not (user.is_authenticated and user.is_instructor):
        return False
    return case.author_id == user.pk or case.coauthors.filter(pk=user.pk).exists()
