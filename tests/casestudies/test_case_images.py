"""Who sees a case's images: exactly who may read that case at that moment, found by a token, not a count.

Every request asks for the same image (`image` below), so a refusal cannot pass because the URL was
wrong: the author's 200 on the same URL proves it.
"""

import pytest
from django.urls import reverse

from casestudies import services
from tests.factories import CohortFactory, MembershipFactory, UserFactory


@pytest.fixture
def image(case, instructor, png_upload):
    """An image of the draft `case` (by `instructor`, co-authored by `coauthor`), cited by its body."""
    image = services.image_upload(case=case, uploaded_by=instructor, image=png_upload())
    services.case_update(case=case, editor=instructor, body=f"![A map]({image.get_absolute_url()})")
    return image


@pytest.fixture
def student_of_another_cohort(db):
    student = UserFactory(username="nora", first_name="Nora", last_name="Elsewhere")
    MembershipFactory(cohort=CohortFactory(name="Another section"), user=student, role="student")
    return student


def fetch(client, image):
    return client.get(reverse("casestudies:image", args=[image.token]))


def test_anonymous_visitor_is_sent_to_sign_in(client, image):
    response = fetch(client, image)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["student", "student_of_another_cohort", "other_instructor", "outsider"])
def test_nobody_but_its_authors_sees_a_drafts_image(request, login_as, image, role):
    response = fetch(login_as(request.getfixturevalue(role)), image)
    assert response.status_code == 404
    assert not hasattr(response, "streaming_content")


@pytest.mark.parametrize("role", ["instructor", "coauthor"])
def test_the_author_and_coauthor_see_a_drafts_image(request, login_as, image, role, png_upload):
    response = fetch(login_as(request.getfixturevalue(role)), image)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_upload().read()


def test_a_student_sees_it_from_publication_until_it_is_unpublished(login_as, student, case, image):
    reader = login_as(student)
    assert fetch(reader, image).status_code == 404  # before the case is visible
    services.case_set_published(case=case, published=True)
    assert fetch(reader, image).status_code == 200
    assert reader.get(case.get_absolute_url()).status_code == 200  # the same rule as the case page
    services.case_set_published(case=case, published=False)
    assert fetch(reader, image).status_code == 404
    assert reader.get(case.get_absolute_url()).status_code == 404


def test_a_cached_copy_expires_soon_so_unpublishing_hides_it(login_as, instructor, image):
    response = fetch(login_as(instructor), image)
    assert response["Cache-Control"] == "private, max-age=300"


def test_its_address_is_a_random_token_not_a_counting_id(instructor_client, case, image, png_upload):
    second = services.image_upload(case=case, uploaded_by=image.uploaded_by, image=png_upload())
    assert len(image.token) == 22 and image.token != second.token
    assert image.get_absolute_url() == f"/cases/images/{image.token}/"
    assert instructor_client.get(f"/cases/images/{image.pk}/").status_code == 404
    assert instructor_client.get(f"/cases/images/{'A' * 22}/").status_code == 404


def test_the_markdown_keeps_the_new_address_and_the_page_shows_it(login_as, instructor, case, image):
    case.refresh_from_db()
    assert f'src="{image.get_absolute_url()}"' in case.body_html
    assert image.get_absolute_url() in login_as(instructor).get(case.get_absolute_url()).text


@pytest.mark.parametrize("role", ["instructor", "admin"])
def test_an_image_of_no_case_is_for_its_uploader_and_staff_only(request, login_as, instructor, image, role):
    image.case = None
    image.save()
    admin = UserFactory(username="root", is_staff=True)
    viewer = {"instructor": instructor, "admin": admin}[role]
    assert fetch(login_as(viewer), image).status_code == 200
    for other in ("coauthor", "student", "other_instructor"):
        assert fetch(login_as(request.getfixturevalue(other)), image).status_code == 404


def test_uploading_to_a_case_you_do_not_author_is_a_404_and_saves_nothing(login_as, other_instructor, case, png_upload):
    response = login_as(other_instructor).post(
        reverse("casestudies:image-upload", args=[case.slug]), {"image": png_upload()}
    )
    assert response.status_code == 404
    assert not case.images.exists()


def test_the_new_case_page_asks_to_save_before_adding_an_image(instructor_client):
    response = instructor_client.get(reverse("casestudies:create"))
    assert "Save the case first" in response.text
    assert 'id="image-upload"' not in response.text
