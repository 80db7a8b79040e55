"""Migration 0004 gives existing images to the cases whose Markdown cites them, and rewrites the citations."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import InstructorFactory

BEFORE = [("casestudies", "0003_caseimage_case_token")]
AFTER = [("casestudies", "0005_caseimage_token_unique")]
TOKEN_URL = re.compile(r"/cases/images/([A-Za-z0-9_-]{22})/")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_world(transactional_db):
    """Three images as they were (counting URLs): one cited by two cases, one only in a revision, one by nobody."""
    apps = migrate(BEFORE)
    CaseStudy, CaseRevision, CaseImage = (
        apps.get_model("casestudies", name) for name in ("CaseStudy", "CaseRevision", "CaseImage")
    )
    author = apps.get_model("accounts", "User").objects.get(pk=InstructorFactory().pk)
    shared, old, orphan = (
        CaseImage.objects.create(image=f"case-images/{name}.png", uploaded_by=author, content_type="image/png")
        for name in ("shared", "old", "orphan")
    )

    def case(slug, body):
        return CaseStudy.objects.create(
            title=slug,
            slug=slug,
            body=body,
            author=author,
            reading_minutes=1,
            body_html=f'<p><img src="{body[body.index("(") + 1 : body.index(")")]}"></p>',
        )

    first = case("first", f"![map](/cases/images/{shared.pk}/)")
    second = case("second", f"![map](/cases/images/{shared.pk}/) and https://elsewhere.org/cases/images/{shared.pk}/")
    CaseRevision.objects.create(case=first, number=1, title="first", body=f"![old](/cases/images/{old.pk}/)")
    yield {"shared": shared.pk, "old": old.pk, "orphan": orphan.pk, "first": first.pk, "second": second.pk}
    call_command("migrate", verbosity=0)


def test_every_image_goes_to_the_case_citing_it_and_citations_use_its_token(old_world):
    apps = migrate(AFTER)
    CaseStudy, CaseRevision, CaseImage = (
        apps.get_model("casestudies", name) for name in ("CaseStudy", "CaseRevision", "CaseImage")
    )
    first, second = CaseStudy.objects.get(pk=old_world["first"]), CaseStudy.objects.get(pk=old_world["second"])

    shared = CaseImage.objects.get(pk=old_world["shared"])
    assert shared.case_id == first.pk
    copy = CaseImage.objects.get(case=second)  # the second citing case gets its own row of the same file
    assert copy.image.name == shared.image.name and copy.token != shared.token
    assert TOKEN_URL.findall(first.body) == [shared.token] and TOKEN_URL.findall(first.body_html) == [shared.token]
    assert TOKEN_URL.findall(second.body) == [copy.token]
    assert f"https://elsewhere.org/cases/images/{old_world['shared']}/" in second.body  # not ours: untouched

    old = CaseImage.objects.get(pk=old_world["old"])
    assert old.case_id == first.pk
    assert TOKEN_URL.findall(CaseRevision.objects.get(case=first).body) == [old.token]

    orphan = CaseImage.objects.get(pk=old_world["orphan"])
    assert orphan.case_id is None and len(orphan.token) == 22
    assert len({image.token for image in CaseImage.objects.all()}) == CaseImage.objects.count() == 4


def test_migrating_back_restores_the_counting_urls(old_world):
    migrate(AFTER)
    apps = migrate(BEFORE)
    first = apps.get_model("casestudies", "CaseStudy").objects.get(pk=old_world["first"])
    assert first.body == f"![map](/cases/images/{old_world['shared']}/)"
