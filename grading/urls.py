from django.urls import path

from grading.views import analysis, audit, queue, regrade

app_name = "grading"
urlpatterns = [
    # Grading by hand and item analysis (instructors and TAs); regrading (instructors of the bank)
    path("assignments/<int:pk>/grading/", queue.grading_overview, name="grading-overview"),
    path("assignments/<int:pk>/grading/<int:question_pk>/", queue.grading_queue, name="grading-queue"),
    path("assignments/<int:pk>/analysis/", analysis.assignment_analysis, name="analysis"),
    path("questions/<int:pk>/regrade/", regrade.regrade, name="regrade"),
    path("questions/<int:pk>/regrade/apply/", regrade.regrade_apply_view, name="regrade-apply"),
    path("questions/<int:pk>/regrade/offer/", regrade.regrade_offer, name="regrade-offer"),
    path("cohorts/<int:cohort_pk>/gradebook/audit/", audit.audit_log, name="audit-log"),
]
