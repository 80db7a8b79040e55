from django.urls import path

from quizzes.views import answer_files, assignments, imports, picker, preview, taking
from quizzes.views import quizzes as quiz_views

app_name = "quizzes"
urlpatterns = [
    # The quiz builder (instructors, own quizzes)
    path("quizzes/", quiz_views.quiz_list, name="quiz-list"),
    path("quizzes/new/", quiz_views.quiz_create, name="quiz-create"),
    path("quizzes/import/", imports.quiz_import_view, name="quiz-import"),
    path("quizzes/<int:pk>/", quiz_views.quiz_detail, name="quiz-detail"),
    path("quizzes/<int:pk>/edit/", quiz_views.quiz_edit, name="quiz-edit"),
    path("quizzes/<int:pk>/preview/", preview.quiz_preview, name="quiz-preview"),
    path("quizzes/<int:pk>/export/qti/", quiz_views.quiz_export, name="quiz-export"),
    path("quizzes/<int:pk>/items/fixed/", quiz_views.quiz_item_add_fixed, name="quiz-item-add-fixed"),
    path("quizzes/<int:pk>/items/pick/", picker.quiz_pick, name="quiz-pick"),
    path("quizzes/<int:pk>/items/draw/", quiz_views.quiz_item_add_draw, name="quiz-item-add-draw"),
    path("quizzes/<int:pk>/items/<int:item_pk>/move/", quiz_views.quiz_item_move, name="quiz-item-move"),
    path("quizzes/<int:pk>/items/<int:item_pk>/points/", quiz_views.quiz_item_points, name="quiz-item-points"),
    path("quizzes/<int:pk>/items/<int:item_pk>/remove/", quiz_views.quiz_item_remove, name="quiz-item-remove"),
    # Assignments, staff side (instructors change, TAs view)
    path("cohorts/<int:cohort_pk>/assignments/", assignments.cohort_assignments, name="cohort-assignments"),
    path("cohorts/<int:cohort_pk>/assignments/new/", assignments.assignment_create, name="assignment-create"),
    path("assignments/<int:pk>/staff/", assignments.assignment_staff, name="assignment-staff"),
    path("assignments/<int:pk>/edit/", assignments.assignment_edit, name="assignment-edit"),
    path("assignments/<int:pk>/overrides/<int:student_pk>/", assignments.override_edit, name="override-edit"),
    path("assignments/<int:pk>/overrides/<int:student_pk>/delete/", assignments.override_delete,
         name="override-delete"),
    # Taking quizzes (students of the cohort; attempts only their own)
    path("assignments/<int:pk>/start/", taking.attempt_begin, name="attempt-start"),
    path("attempts/<int:pk>/", taking.attempt_page, name="attempt"),
    path("attempts/<int:pk>/answers/<int:position>/", taking.answer_save_view, name="answer-save"),
    path("attempts/<int:pk>/answers/<int:position>/file/upload/", taking.answer_file_upload,
         name="answer-file-upload"),
    path("attempts/<int:pk>/answers/<int:position>/file/", answer_files.answer_file_download, name="answer-file"),
    path("attempts/<int:pk>/submit/", taking.attempt_submit_view, name="attempt-submit"),
]
