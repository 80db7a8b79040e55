"""The breadcrumb trail's markup, in one place: pages say which crumbs, never how they look.

    {% block breadcrumbs %}{% breadcrumbs %}
      {% crumb _("Question banks") "banks:bank-list" %}
      {% crumb bank.title "banks:bank-detail" bank.pk %}
      {% crumb _("Export") %}
    {% endbreadcrumbs %}{% endblock %}

A crumb with a URL name links to it (the arguments are reversed with it); the one without is the current
page. Labels are escaped, since they are often what users typed (titles, names); a label that is
already safe (``blocktranslate ... asvar``, which escapes what it interpolates) is kept as it is.

Registered in ``TEMPLATES["OPTIONS"]["libraries"]`` rather than through an app: like the shared
templates in ``templates/`` (``DIRS``), it belongs to no part of the domain, and ``casebook`` stays a
configuration package.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


class BreadcrumbsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return format_html('<nav aria-label="{}"><ol class="breadcrumb">{}</ol></nav>',
                           _("Breadcrumb"), self.nodelist.render(context))


@register.tag
def breadcrumbs(parser, token):
    """``{% breadcrumbs %}{% crumb ... %}...{% endbreadcrumbs %}``: the trail's nav and list around its crumbs."""
    if len(token.split_contents()) > 1:
        raise template.TemplateSyntaxError("{% breadcrumbs %} takes no arguments; put {% crumb %} tags inside it.")
    nodelist = parser.parse(("endbreadcrumbs",))
    parser.delete_first_token()
    return BreadcrumbsNode(nodelist)


@register.simple_tag
def crumb(label, url_name=None, *args):
    """One crumb: ``{% crumb label "app:url-name" arg ... %}`` links; ``{% crumb label %}`` is this page."""
    if url_name is None:
        return format_html('<li class="breadcrumb-item active" aria-current="page">{}</li>', label)
    return format_html('<li class="breadcrumb-item"><a href="{}">{}</a></li>', reverse(url_name, args=args), label)
