from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class CasebookUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Casebook", {"fields": ("is_instructor", "language", "timezone")}),)
    list_display = ("username", "email", "first_name", "last_name", "is_instructor", "is_staff")
    list_filter = ("is_instructor", "is_staff", "is_active")
