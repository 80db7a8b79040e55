"""What every app's admin shares; the registrations live in each app's own admin.py.

The admin is for staff to inspect and support, not a second way to write: rows whose writes go through
a service (an invariant kept in one transaction, an audit record, an immutable snapshot) are shown
read-only, so the service stays the only writer.
"""

from django.contrib import admin


class ChangeOnlyAdminMixin:
    """Rows that a service creates (with what must come with them) and that take too much with them to
    delete, but whose plain settings staff may correct."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdminMixin(ChangeOnlyAdminMixin):
    """Staff may list and open the rows but not add, change or delete them (also for inlines)."""

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        """The fields listed, all read-only: an inline builds its form from the others, and a non-editable
        field (``created``) cannot be in a form."""
        return self.fields or super().get_readonly_fields(request, obj)


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A row's children on its page, read-only; ``list_select_related`` names the related rows the
    ``fields`` show, fetched with the children instead of one query each."""

    extra = 0
    list_select_related = ()

    def get_queryset(self, request):
        children = super().get_queryset(request)
        # select_related() with no names would follow every foreign key
        return children.select_related(*self.list_select_related) if self.list_select_related else children
