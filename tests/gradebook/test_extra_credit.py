"""An override above the points possible is extra credit: saved only once the instructor confirms the
sentence that says so; at or below the maximum it saves at once."""

import html
import re
from decimal import Decimal

from django.urls import reverse

from gradebook.models import GradeAdjustment
from grading.models import ScoreChange

CONFIRM = re.compile(r'name="confirm" value="([0-9a-f]+)"')


def adjust_url(assignment, student):
    return reverse("gradebook:grade-adjust", args=[assignment.pk, student.pk])


def override(score, **more):
    return {"action": "override", "score": score, "reason": "Bonus for the class presentation", **more}


def test_extra_credit_is_saved_only_once_confirmed(instructor_client, student, graded, grade_state):
    url, before = adjust_url(graded["quiz"], student), grade_state()

    asked = instructor_client.post(url, override("12.5"))

    assert asked.status_code == 400 and grade_state() == before
    page = html.unescape(asked.content.decode())
    assert "12.5 is more than the 10 points possible: Sam Student gets 2.5 points of extra credit." in page
    assert "Yes, give the extra credit" in page
    value = CONFIRM.search(page).group(1)

    saved = instructor_client.post(url, override("12.5", confirm=value))

    assert saved.status_code == 302
    assert GradeAdjustment.objects.get().score == Decimal("12.5")
    change = ScoreChange.objects.get()
    assert (change.kind, change.new_score) == ("override", Decimal("12.5"))


def test_confirming_one_score_does_not_confirm_another(instructor_client, student, graded, grade_state):
    url, before = adjust_url(graded["quiz"], student), grade_state()
    value = CONFIRM.search(instructor_client.post(url, override("12.5")).content.decode()).group(1)

    response = instructor_client.post(url, override("40", confirm=value))

    assert response.status_code == 400 and grade_state() == before
    assert "40 is more than the 10 points possible" in html.unescape(response.content.decode())


def test_an_override_up_to_the_maximum_saves_at_once(instructor_client, student, graded):
    response = instructor_client.post(adjust_url(graded["quiz"], student), override("10"))
    assert response.status_code == 302 and GradeAdjustment.objects.get().score == Decimal(10)


def test_excusing_asks_nothing_whatever_the_score_field_holds(instructor_client, student, graded):
    response = instructor_client.post(adjust_url(graded["quiz"], student),
                                      {"action": "excuse", "score": "50", "reason": "Ill"})
    assert response.status_code == 302 and GradeAdjustment.objects.get().excused
