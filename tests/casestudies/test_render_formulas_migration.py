"""The data migration renders again the cases that may hold formulas, and leaves the others alone."""

from importlib import import_module

from django.apps import apps

from casestudies import services
from casestudies.models import CaseStudy

migration = import_module("casestudies.migrations.0002_render_formulas")


def test_cases_saved_before_math_get_their_formulas_typeset(instructor):
    math = services.case_create(author=instructor, title="Math", body="Margin $m = 0.5$ on a $5 item.")
    plain = services.case_create(author=instructor, title="Plain", body="No formulas.")
    CaseStudy.objects.filter(pk=math.pk).update(body_html="<p>Margin $m = 0.5$ on a $5 item.</p>")
    CaseStudy.objects.filter(pk=plain.pk).update(body_html="<p>stale</p>")

    migration.render_formulas(apps, None)

    assert '<span class="arithmatex">\\(m = 0.5\\)</span> on a $5 item.' in CaseStudy.objects.get(pk=math.pk).body_html
    assert CaseStudy.objects.get(pk=plain.pk).body_html == "<p>stale</p>"
