from django.urls import reverse


def test_the_authoring_guide_renders_for_signed_in_users(instructor_client):
    response = instructor_client.get(reverse("banks:guide"))

    assert response.status_code == 200
    assert "Case packs" in response.text
    assert 'href="#what-the-import-errors-mean"' in response.text  # the table of contents


def test_the_guide_needs_a_sign_in(client):
    response = client.get(reverse("banks:guide"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_import_page_links_to_the_guide(instructor_client):
    response = instructor_client.get(reverse("banks:bank-import"))

    assert reverse("banks:guide") in response.text
