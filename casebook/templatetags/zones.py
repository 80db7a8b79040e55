"""``{% in_zone cohort %}…{% endin_zone %}``: the times inside are shown in the zone accounts.zones picks
for the viewer and that cohort (their chosen zone, else the cohort's), which ``zone`` names and
``zone_source`` says where it comes from ("chosen", "cohort" or "default"; see templates/includes/_zone_note.html):

    {% in_zone assignment.cohort %}Due {{ window.due_at|date:"D j M Y, H:i T" }} ({{ zone }}){% endin_zone %}

The argument is a cohort (anything with ``.timezone``), a zone name, or nothing (a page of no cohort).
``typed`` shows the cohort's own zone whoever looks, as on the forms where its times are typed. The
viewer is the request's user; an email, rendered without a request, passes ``for user``. Registered in
``TEMPLATES["OPTIONS"]["libraries"]``, as breadcrumbs is.
"""

from django import template
from django.utils import timezone

from accounts.zones import chosen_zone, cohort_zone, display_zone

register = template.Library()
USAGE = "usage: {% in_zone [cohort-or-zone] [for user] [typed] %}…{% endin_zone %}"


class InZoneNode(template.Node):
    def __init__(self, nodelist, where, viewer, typed):
        self.nodelist, self.where, self.viewer, self.typed = nodelist, where, viewer, typed

    def render(self, context):
        where = self.where.resolve(context) if self.where else None
        name = str(getattr(where, "timezone", where) or "")
        if self.viewer:
            viewer = self.viewer.resolve(context)
        else:
            request = context.get("request")
            viewer = getattr(request, "user", None) or context.get("user")
        zone = cohort_zone(name) if self.typed else display_zone(viewer, name)
        source = "chosen" if not self.typed and chosen_zone(viewer) else "cohort" if name == zone.key else "default"
        with timezone.override(zone), context.push(zone=zone.key, zone_source=source):
            return self.nodelist.render(context)


@register.tag
def in_zone(parser, token):
    bits = token.split_contents()[1:]
    typed = bits[-1:] == ["typed"]
    if typed:
        bits.pop()
    viewer = None
    if len(bits) >= 2 and bits[-2] == "for":
        viewer = parser.compile_filter(bits[-1])
        bits = bits[:-2]
    if len(bits) > 1:
        raise template.TemplateSyntaxError(USAGE)
    nodelist = parser.parse(("endin_zone",))
    parser.delete_first_token()
    return InZoneNode(nodelist, parser.compile_filter(bits[0]) if bits else None, viewer, typed)
