from django.contrib import admin
from django.urls import include, path

from accounts.views import home
from casebook.health import health

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),  # for the load balancer: docs/deploy/
    path("accounts/", include("accounts.urls")),
    path("cases/", include("casestudies.urls")),
    path("cohorts/", include("cohorts.urls")),
    path("", include("banks.urls")),
    path("", include("quizzes.urls")),
    path("", include("grading.urls")),
    path("", include("gradebook.urls")),
    path("", include("jobs.urls")),
    path("admin/", admin.site.urls),
]
