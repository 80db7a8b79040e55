"""Deep linking: the instructor picks an assignment or a case inside the LMS, and the platform gets a
signed resource link (with a line item out of the assignment's points) posted from a static script."""

import re
from html import unescape

import requests
from django.urls import reverse

from lti.models import ResourceLink
from tests.factories import CaseStudyFactory
from tests.quiz_builders import choice_question, make_assignment

CONTENT_ITEMS = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"


def open_picker(linked_course, lti_launch):
    response = lti_launch(linked_course.teacher, "teacher", "deep:course-1",
                          target="http://testserver" + reverse("lti:deep-link-launch"))
    assert response.status_code == 302 and response["Location"] == reverse("lti:deep-link")
    return linked_course.teacher.get(response["Location"])


def post_to_platform(page):
    text = page.content.decode()
    action = unescape(re.search(r'action="([^"]+)" data-autosubmit', text).group(1))
    token = re.search(r'name="JWT" value="([^"]+)"', text).group(1)
    return requests.post(action, data={"JWT": token}, timeout=10)


def test_picking_an_assignment_gives_the_platform_a_link_with_a_line_item(linked_course, platform, lti_launch):
    second = make_assignment(instructor=linked_course.instructor, cohort=linked_course.cohort, title="Week 2",
                             specs=[choice_question(1), choice_question(2), choice_question(3)])
    picker = open_picker(linked_course, lti_launch)
    assert picker.status_code == 200 and "Week 2 (3 points)" in picker.content.decode()

    page = linked_course.teacher.post(reverse("lti:deep-link"), {"target": f"assignment:{second.pk}"})

    assert page.status_code == 200
    text = page.content.decode()
    assert "js/lti/autosubmit" in text and "<script>" not in text
    csp = page["Content-Security-Policy"]
    assert f"form-action {platform.url}/deep_link_return/course-1" in csp
    assert "frame-ancestors " + platform.url in csp
    answer = post_to_platform(page)
    assert answer.status_code == 200 and "Deep link received" in answer.text
    [body] = platform.deep_link_responses
    assert body["iss"] == platform.client_id and body["aud"] == [platform.issuer]
    assert body["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "opaque-course-1"
    [item] = body[CONTENT_ITEMS]
    assert item["type"] == "ltiResourceLink" and item["title"] == "Week 2"
    assert item["lineItem"]["scoreMaximum"] == 3.0 and item["lineItem"]["resourceId"] == f"assignment-{second.pk}"
    assert item["custom"] == {"casebook_assignment": str(second.pk)}
    assert item["url"] == "http://testserver" + reverse("lti:launch")


def test_a_deep_linked_assignment_opens_for_students_and_gets_their_grades(
        linked_course, platform, lti_launch, run_tasks):
    from django.test import Client

    from tests.lti.conftest import take

    second = make_assignment(instructor=linked_course.instructor, cohort=linked_course.cohort, title="Week 2",
                             specs=[choice_question(1), choice_question(2)])
    open_picker(linked_course, lti_launch)
    post_to_platform(linked_course.teacher.post(reverse("lti:deep-link"), {"target": f"assignment:{second.pk}"}))
    new_link = [link_id for link_id in platform.links if link_id.startswith("dl-")][0]
    student = Client()
    landing = lti_launch(student, "learner", f"link:{new_link}")
    assert landing["Location"] == reverse("gradebook:assignment", args=[second.pk])
    with run_tasks():
        take(second, linked_course.student, right=1)
    last = platform.scores_for(new_link)[-1]
    assert last["scoreGiven"] == 1.0 and last["scoreMaximum"] == 2.0


def test_picking_a_case_links_it_without_a_line_item(linked_course, platform, lti_launch):
    case = CaseStudyFactory(title="The Enron case", published=True)
    open_picker(linked_course, lti_launch)
    page = linked_course.teacher.post(reverse("lti:deep-link"), {"target": f"case:{case.slug}"})
    post_to_platform(page)
    [item] = platform.deep_link_responses[0][CONTENT_ITEMS]
    assert item["custom"] == {"casebook_case": case.slug} and "lineItem" not in item
    landing = lti_launch(linked_course.student_client, "learner", f"link:{list(platform.links)[-1]}")
    assert landing["Location"] == reverse("casestudies:detail", args=[case.slug])


def test_an_assignment_of_another_cohort_cannot_be_picked(linked_course, platform, lti_launch, other_instructor):
    elsewhere = make_assignment(instructor=other_instructor)
    open_picker(linked_course, lti_launch)
    page = linked_course.teacher.post(reverse("lti:deep-link"), {"target": f"assignment:{elsewhere.pk}"})
    assert page.status_code == 400
    assert "JWT" not in page.content.decode()


def test_a_custom_parameter_naming_another_cohorts_assignment_opens_nothing(
        linked_course, platform, lti_launch, other_instructor):
    from django.test import Client

    elsewhere = make_assignment(instructor=other_instructor)
    platform.add_link("rl-forged", custom={"casebook_assignment": str(elsewhere.pk)})
    response = lti_launch(Client(), "learner", "link:rl-forged")
    assert response.status_code == 404
    assert ResourceLink.objects.get(resource_link_id="rl-forged").assignment is None


def test_the_picker_needs_the_deep_linking_launch(linked_course):
    assert linked_course.teacher.get(reverse("lti:deep-link")).status_code == 404
    assert linked_course.student_client.get(reverse("lti:deep-link")).status_code == 404
