"""``{% math_assets %}…{% endmath_assets %}``: the page's content, followed by KaTeX only if it has math.

base.html wraps its content block in it, so each page decides once, on the HTML it actually rendered
(casestudies.math.has_math), and pages without a formula load no math script or fonts. Registered in
``TEMPLATES["OPTIONS"]["libraries"]``, as zones is.
"""

from django import template
from django.template.loader import render_to_string

from casestudies.math import has_math

register = template.Library()


class MathAssetsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        content = self.nodelist.render(context)
        if not has_math(content):
            return content
        return content + render_to_string("includes/_math.html")


@register.tag
def math_assets(parser, token):
    nodelist = parser.parse(("endmath_assets",))
    parser.delete_first_token()
    return MathAssetsNode(nodelist)
