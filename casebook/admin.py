"""What every app's admin shares; the registrations live in each app's own admin.py.

The admin is for staff to inspect and support, not a second way to write: rows whose writes go through
a service (an invariant kept in one transaction, an audit record, an immutable snapshot) are shown
read-only, so the service stays the only writer.
"""


class ReadOnlyAdminMixin:
    """Staff may list and open the rows but not add, change or delete them (also for inlines)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        """The fields listed, all read-only: an inline builds its form from the others, and a non-editable
        field (``created``) cannot be in a form."""
        return self.fields or super().get_readonly_fields(request, obj)
