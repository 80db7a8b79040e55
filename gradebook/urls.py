from django.urls import path

from gradebook.views import assignment, dashboard, my_grades, review, staff, teaching

app_name = "gradebook"
urlpatterns = [
    # A student's own: assignments and where they stand, an assignment's page, a review, their grades
    path("assignments/", dashboard.dashboard, name="dashboard"),
    path("assignments/<int:pk>/", assignment.assignment_detail, name="assignment"),
    path("attempts/<int:pk>/review/", review.attempt_review, name="attempt-review"),
    path("grades/", my_grades.my_grades, name="my-grades"),
    # Instructors' and TAs' home: their cohorts and what needs them
    path("teaching/", teaching.teaching, name="teaching"),
    # The cohort's gradebook (instructors and TAs see and export; instructors adjust)
    path("cohorts/<int:cohort_pk>/gradebook/", staff.gradebook, name="gradebook"),
    path("cohorts/<int:cohort_pk>/gradebook/students/<int:student_pk>/", staff.gradebook_student,
         name="gradebook-student"),
    path("cohorts/<int:cohort_pk>/gradebook.csv", staff.gradebook_csv, name="gradebook-csv"),
    path("cohorts/<int:cohort_pk>/responses.csv", staff.responses_csv, name="responses-csv"),
    path("gradebook/attempts/<int:pk>/", staff.gradebook_attempt, name="gradebook-attempt"),
    path("assignments/<int:pk>/grades/<int:student_pk>/", staff.grade_adjust, name="grade-adjust"),
]
