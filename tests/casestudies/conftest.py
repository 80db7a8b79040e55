"""Case-study set-up shared by the permission, authoring and query-count tests."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from casestudies import services
from casestudies.models import CaseImage, CaseRevision, CaseStudy, Tag
from tests.factories import InstructorFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a throw-away folder, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def coauthor(db):
    return InstructorFactory(username="cora", first_name="Cora", last_name="Coauthor")


@pytest.fixture
def case(instructor, coauthor):
    """A draft by `instructor`, co-authored by `coauthor`, with two revisions (so there is a diff)."""
    case = services.case_create(
        author=instructor, title="Forced labour abroad", summary="Money for the regime.",
        body="First paragraph.\n\nSecond paragraph.", source="William Tucker",
        tags=["sanctions", "North Korea"], coauthors=[coauthor],
    )
    return services.case_update(
        case=case, editor=instructor, body="First paragraph.\n\nSecond paragraph, revised."
    )


@pytest.fixture
def published_case(other_instructor):
    case = services.case_create(author=other_instructor, title="A published case", body="Read me.")
    return services.case_set_published(case=case, published=True)


def png_bytes(size=(4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def png_upload():
    """A new small, real PNG upload each call (an uploaded file can only be read once)."""
    return lambda name="map.png": SimpleUploadedFile(name, png_bytes(), content_type="image/png")


@pytest.fixture
def db_state(db):
    """A function returning everything a case-study request could change, to compare before and after."""
    return _db_state


def _db_state() -> dict:
    return {
        "cases": list(
            CaseStudy.objects.order_by("slug").values_list(
                "slug", "title", "summary", "body", "status", "published_at", "updated"
            )
        ),
        "revisions": list(CaseRevision.objects.order_by("case__slug", "number").values_list("case__slug", "number")),
        "coauthors": sorted(CaseStudy.coauthors.through.objects.values_list("casestudy__slug", "user__username")),
        "tags": sorted(CaseStudy.tags.through.objects.values_list("casestudy__slug", "tag__name")),
        "tag_names": sorted(Tag.objects.values_list("name", flat=True)),
        "images": CaseImage.objects.count(),
    }
