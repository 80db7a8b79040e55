from django.urls import path

from lti.views import course, launch, linking

app_name = "lti"
urlpatterns = [
    path("jwks/", launch.jwks, name="jwks"),
    path("login/", launch.oidc_login_view, name="login"),
    path("launch/", launch.launch, name="launch"),
    path("deep-link/launch/", launch.launch, name="deep-link-launch"),
    path("deep-link/", linking.deep_link, name="deep-link"),
    path("setup/", linking.setup, name="setup"),
    path("links/<int:pk>/setup/", linking.link_setup, name="link-setup"),
    path("cohorts/<int:cohort_pk>/", course.cohort_grades, name="cohort-grades"),
    path("cohorts/<int:cohort_pk>/resend/", course.grades_resend_all, name="grades-resend-all"),
    path("cohorts/<int:cohort_pk>/roster/sync/", course.roster_sync_now, name="roster-sync"),
    path("grades/<int:line_item_pk>/<int:student_pk>/resend/", course.grade_resend, name="grade-resend"),
]
