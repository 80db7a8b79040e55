"""The permission ladder for every authoring URL, and who may read which case.

Each refused and allowed request sends the very same data (see `send`), so a refusal cannot pass
because the data was invalid, and the allowed run proves the data would have changed something.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from casestudies.models import CaseImage, CaseStudy
from casestudies.urls import urlpatterns


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    on_case: bool
    allowed_status: int
    redirect_to: str | None = None  # URL name; for case pages it takes the case's slug
    changes_db: bool = False

    def __str__(self):
        return f"{self.method.upper()} {self.name}"


ENDPOINTS = [
    Endpoint("mine", "get", on_case=False, allowed_status=200),
    Endpoint("create", "get", on_case=False, allowed_status=200),
    Endpoint("create", "post", on_case=False, allowed_status=302, redirect_to="edit", changes_db=True),
    Endpoint("preview", "post", on_case=False, allowed_status=200),
    Endpoint("image-upload", "post", on_case=True, allowed_status=200, changes_db=True),
    Endpoint("edit", "get", on_case=True, allowed_status=200),
    Endpoint("edit", "post", on_case=True, allowed_status=302, redirect_to="edit", changes_db=True),
    Endpoint("publish", "post", on_case=True, allowed_status=302, redirect_to="edit", changes_db=True),
    Endpoint("delete", "get", on_case=True, allowed_status=200),
    Endpoint("delete", "post", on_case=True, allowed_status=302, redirect_to="mine", changes_db=True),
    Endpoint("history", "get", on_case=True, allowed_status=200),
    Endpoint("revision", "get", on_case=True, allowed_status=200),
    Endpoint("restore", "post", on_case=True, allowed_status=302, redirect_to="edit", changes_db=True),
]
CASE_ENDPOINTS = [endpoint for endpoint in ENDPOINTS if endpoint.on_case]
GENERAL_ENDPOINTS = [endpoint for endpoint in ENDPOINTS if not endpoint.on_case]
NEW_TITLE = "A brand new case"


def test_the_ladder_covers_every_authoring_url():
    reading = {"list", "detail", "image"}
    authoring = {pattern.name for pattern in urlpatterns} - reading
    assert authoring == {endpoint.name for endpoint in ENDPOINTS}, "add the new URL to ENDPOINTS"


def url_for(endpoint: Endpoint, case: CaseStudy) -> str:
    kwargs = {}
    if endpoint.on_case:
        kwargs["slug"] = case.slug
    if endpoint.name == "revision":
        kwargs["number"] = 2
    if endpoint.name == "restore":
        kwargs["number"] = 1
    return reverse(f"casestudies:{endpoint.name}", kwargs=kwargs)


def data_for(endpoint: Endpoint, case: CaseStudy, coauthor, png_upload) -> dict:
    """Valid data for each endpoint: what its rightful user would send."""
    if endpoint.method == "get":
        return {}
    return {
        "create": {"title": NEW_TITLE, "body": "Text.", "tags_text": "ethics"},
        "preview": {"body": "**bold** <script>alert(1)</script>"},
        "image-upload": {"image": png_upload()},
        "edit": {
            "title": "Forced labour abroad, edited", "summary": case.summary, "body": "Rewritten.",
            "source": case.source, "source_url": "", "coauthors": [coauthor.pk], "tags_text": "sanctions",
        },
        "publish": {"publish": "1"},
    }.get(endpoint.name, {})


@pytest.fixture
def send(case, coauthor, png_upload):
    def request(client, endpoint: Endpoint):
        method = getattr(client, endpoint.method)
        return method(url_for(endpoint, case), data_for(endpoint, case, coauthor, png_upload))

    return request


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_visitor_is_sent_to_sign_in_and_nothing_changes(client, send, case, endpoint, db_state):
    before = db_state()
    response = send(client, endpoint)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url_for(endpoint, case)}"
    assert db_state() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_student_is_refused_with_403_and_nothing_changes(login_as, student, send, endpoint, db_state):
    before = db_state()
    response = send(login_as(student), endpoint)
    assert response.status_code == 403
    assert db_state() == before


@pytest.mark.parametrize("endpoint", CASE_ENDPOINTS, ids=str)
def test_another_instructor_gets_404_for_a_case_they_do_not_author(
    login_as, other_instructor, send, case, endpoint, db_state
):
    before = db_state()
    response = send(login_as(other_instructor), endpoint)
    assert response.status_code == 404
    assert case.title.encode() not in response.content
    assert db_state() == before


@pytest.mark.parametrize("endpoint", CASE_ENDPOINTS, ids=str)
def test_a_former_instructor_listed_as_coauthor_is_refused(login_as, coauthor, send, endpoint, db_state):
    coauthor.is_instructor = False
    coauthor.save()
    before = db_state()
    response = send(login_as(coauthor), endpoint)
    assert response.status_code == 403
    assert db_state() == before


@pytest.mark.parametrize("endpoint", GENERAL_ENDPOINTS, ids=str)
def test_any_instructor_may_use_the_pages_that_are_not_about_one_case(
    login_as, other_instructor, send, endpoint
):
    response = send(login_as(other_instructor), endpoint)
    assert response.status_code == endpoint.allowed_status


@pytest.mark.parametrize("role", ["instructor", "coauthor"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_author_and_coauthor_may_use_every_authoring_page(request, login_as, send, case, endpoint, role, db_state):
    before = db_state()
    response = send(login_as(request.getfixturevalue(role)), endpoint)
    assert response.status_code == endpoint.allowed_status, response.content[:500]
    if endpoint.redirect_to == "edit":
        slug = "a-brand-new-case" if endpoint.name == "create" else case.slug
        assert response.url == reverse("casestudies:edit", args=[slug])
    elif endpoint.redirect_to == "mine":
        assert response.url == reverse("casestudies:mine")
    assert (db_state() != before) == endpoint.changes_db


def test_a_refused_upload_leaves_no_image_row(login_as, student, case, png_upload):
    response = login_as(student).post(reverse("casestudies:image-upload", args=[case.slug]), {"image": png_upload()})
    assert response.status_code == 403
    assert not CaseImage.objects.exists()


# Reading: who sees which case.


def test_students_never_see_drafts(login_as, student, case):
    client = login_as(student)
    assert client.get(case.get_absolute_url()).status_code == 404
    library = client.get(reverse("casestudies:list"))
    assert library.status_code == 200
    assert case.title not in library.text
    assert case.get_absolute_url() not in library.text


def test_students_read_published_cases(login_as, student, published_case):
    client = login_as(student)
    response = client.get(published_case.get_absolute_url())
    assert response.status_code == 200
    assert published_case.title in response.text
    assert "Draft: only authors can see this page." not in response.text
    assert reverse("casestudies:edit", args=[published_case.slug]) not in response.text
    library = client.get(reverse("casestudies:list"))
    assert published_case.get_absolute_url() in library.text


@pytest.mark.parametrize("role", ["instructor", "coauthor"])
def test_a_draft_is_visible_to_its_authors_marked_as_draft(request, login_as, case, role):
    response = login_as(request.getfixturevalue(role)).get(case.get_absolute_url())
    assert response.status_code == 200
    assert case.title in response.text
    assert "Draft: only authors can see this page." in response.text
    assert reverse("casestudies:edit", args=[case.slug]) in response.text


def test_another_instructor_cannot_read_or_list_a_draft(login_as, other_instructor, case):
    client = login_as(other_instructor)
    assert client.get(case.get_absolute_url()).status_code == 404
    mine = client.get(reverse("casestudies:mine"))
    assert mine.status_code == 200
    assert case.title not in mine.text


def test_the_library_lists_only_published_cases_even_for_authors(login_as, instructor, case, published_case):
    library = login_as(instructor).get(reverse("casestudies:list"))
    assert published_case.title in library.text
    assert case.title not in library.text


def test_my_cases_lists_what_i_author_and_coauthor(login_as, coauthor, case, published_case):
    mine = login_as(coauthor).get(reverse("casestudies:mine"))
    assert reverse("casestudies:edit", args=[case.slug]) in mine.text
    assert published_case.title not in mine.text


@pytest.mark.parametrize("name", ["list", "detail"])
def test_anonymous_readers_are_sent_to_sign_in(client, published_case, name):
    url = reverse(f"casestudies:{name}", args=[published_case.slug] if name == "detail" else [])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_an_unknown_case_is_404(login_as, student):
    assert login_as(student).get(reverse("casestudies:detail", args=["no-such-case"])).status_code == 404
