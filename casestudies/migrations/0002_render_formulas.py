"""Cases saved before formulas were typeset show their TeX raw: render those again (the HTML only; the
text and its revisions are untouched). Question versions keep what students saw when they were saved."""

from django.db import migrations
from django.db.models import Q

from casestudies.markdown import render_with_toc


def render_formulas(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    maybe_math = Q(body__contains="$") | Q(body__contains="\\(") | Q(body__contains="\\[")
    for case in CaseStudy.objects.filter(maybe_math).only("body").iterator():
        rendered = render_with_toc(case.body)
        CaseStudy.objects.filter(pk=case.pk).update(body_html=rendered.html, toc_html=rendered.toc_html)


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0001_initial")]
    operations = [migrations.RunPython(render_formulas, migrations.RunPython.noop)]
