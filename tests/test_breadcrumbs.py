"""The breadcrumb tags: one place for the trail's markup, labels escaped, the current page unlinked.

Rendered from strings with no database (pytest-django blocks any query): the tags only reverse URLs.
"""

from pathlib import Path

import pytest
from django.template import TemplateSyntaxError, engines
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load breadcrumbs i18n %}" + source).render(context)


def test_the_trail_is_a_labelled_nav_around_an_ordered_list():
    html = render("{% breadcrumbs %}{% crumb 'Here' %}{% endbreadcrumbs %}")
    assert html == ('<nav aria-label="Breadcrumb"><ol class="breadcrumb">'
                    '<li class="breadcrumb-item active" aria-current="page">Here</li></ol></nav>')


def test_a_crumb_with_a_url_name_links_to_it_with_its_arguments():
    html = render('{% crumb bank.title "banks:bank-detail" bank.pk %}'
                  '{% crumb student "gradebook:gradebook-student" 3 student.pk %}',
                  bank={"title": "Sanctions", "pk": 7}, student={"pk": 12})
    bank_url, student_url = reverse("banks:bank-detail", args=[7]), reverse("gradebook:gradebook-student", args=[3, 12])
    assert f'<li class="breadcrumb-item"><a href="{bank_url}">Sanctions</a></li>' in html
    assert f'<a href="{student_url}">' in html
    assert "aria-current" not in html


def test_only_the_crumb_without_a_url_is_the_current_page():
    html = render('{% breadcrumbs %}{% crumb _("Question banks") "banks:bank-list" %}{% crumb "Export" %}'
                  "{% endbreadcrumbs %}")
    assert html.count('aria-current="page"') == 1
    assert '<li class="breadcrumb-item active" aria-current="page">Export</li>' in html
    assert f'<a href="{reverse("banks:bank-list")}">Question banks</a>' in html


@pytest.mark.parametrize("url", ['"banks:bank-detail" 1', ""], ids=["linked", "current"])
def test_labels_are_escaped_because_they_are_what_users_typed(url):
    html = render(f"{{% crumb title {url} %}}", title='<script>alert("x")</script> & co')
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in html


def test_a_label_blocktranslate_made_is_escaped_once_not_twice():
    html = render("{% blocktranslate asvar label %}{{ cohort }}: assignments{% endblocktranslate %}{% crumb label %}",
                  cohort="Law & Ethics <1>")
    assert "Law &amp; Ethics &lt;1&gt;: assignments</li>" in html


def test_breadcrumbs_takes_no_arguments():
    with pytest.raises(TemplateSyntaxError, match="takes no arguments"):
        render("{% breadcrumbs 'x' %}{% endbreadcrumbs %}")


def test_no_template_writes_the_breadcrumb_markup_by_hand():
    templates = [path for path in ROOT.glob("**/templates/**/*.html") if ".venv" not in path.parts]
    by_hand = [path.relative_to(ROOT).as_posix() for path in templates if 'class="breadcrumb' in path.read_text()]
    assert templates and by_hand == [], "use {% breadcrumbs %}{% crumb ... %}{% endbreadcrumbs %} (casebook/templatetags)"
