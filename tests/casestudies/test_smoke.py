from django.urls import reverse


def test_signed_in_student_sees_the_library(student_client):
    response = student_client.get(reverse("casestudies:list"))
    assert response.status_code == 200
