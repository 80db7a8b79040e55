from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views
from accounts.forms import InvitedPasswordResetForm

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set-language"),
    # Before Django's own URLs, so "Forgot your password?" also reaches invited accounts.
    path("password_reset/", auth_views.PasswordResetView.as_view(form_class=InvitedPasswordResetForm),
         name="password_reset"),
    path("", include("django.contrib.auth.urls")),
]
