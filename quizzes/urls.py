from django.urls import path

from quizzes.views import analysis, answer_files, grading_queue, regrade
from quizzes.views import gradebook, my_grades, preview
from quizzes.views import assignments, banks, casepacks, dashboard, guide, imports, questions, review, taking
from quizzes.views import quizzes as quiz_views

app_name = "quizzes"
urlpatterns = [
    path("guide/", guide.authoring_guide, name="guide"),
    path("banks/", banks.bank_list, name="bank-list"),
    path("banks/new/", banks.bank_create, name="bank-create"),
    path("banks/import/", imports.bank_import_view, name="bank-import"),
    path("banks/<int:pk>/", banks.bank_detail, name="bank-detail"),
    path("banks/<int:pk>/edit/", banks.bank_edit, name="bank-edit"),
    path("banks/<int:pk>/tag/", banks.bank_tag, name="bank-tag"),
    path("banks/<int:pk>/export/<str:fmt>/", banks.bank_export, name="bank-export"),
    path("banks/<int:pk>/casepack/", casepacks.casepack_download, name="bank-casepack"),
    path("banks/<int:bank_pk>/questions/new/", questions.question_add, name="question-add"),
    path("banks/<int:bank_pk>/questions/<int:pk>/edit/", questions.question_edit, name="question-edit"),
    path("banks/<int:bank_pk>/questions/<int:pk>/duplicate/", questions.question_duplicate, name="question-duplicate"),
    path("banks/<int:bank_pk>/questions/<int:pk>/move/", questions.question_move, name="question-move"),
    path("banks/<int:bank_pk>/questions/<int:pk>/delete/", questions.question_delete, name="question-delete"),
    path("banks/<int:bank_pk>/questions/<int:pk>/try/", questions.question_try, name="question-try"),
    # The quiz builder (instructors, own quizzes)
    path("mine/", quiz_views.quiz_list, name="quiz-list"),
    path("new/", quiz_views.quiz_create, name="quiz-create"),
    path("<int:pk>/", quiz_views.quiz_detail, name="quiz-detail"),
    path("<int:pk>/edit/", quiz_views.quiz_edit, name="quiz-edit"),
    path("<int:pk>/preview/", preview.quiz_preview, name="quiz-preview"),
    path("<int:pk>/items/fixed/", quiz_views.quiz_item_add_fixed, name="quiz-item-add-fixed"),
    path("<int:pk>/items/draw/", quiz_views.quiz_item_add_draw, name="quiz-item-add-draw"),
    path("<int:pk>/items/<int:item_pk>/move/", quiz_views.quiz_item_move, name="quiz-item-move"),
    path("<int:pk>/items/<int:item_pk>/remove/", quiz_views.quiz_item_remove, name="quiz-item-remove"),
    # Assignments, staff side (instructors change, TAs view)
    path("cohorts/<int:cohort_pk>/assignments/", assignments.cohort_assignments, name="cohort-assignments"),
    path("cohorts/<int:cohort_pk>/assignments/new/", assignments.assignment_create, name="assignment-create"),
    path("assignments/<int:pk>/staff/", assignments.assignment_staff, name="assignment-staff"),
    path("assignments/<int:pk>/edit/", assignments.assignment_edit, name="assignment-edit"),
    path("assignments/<int:pk>/overrides/<int:student_pk>/", assignments.override_edit, name="override-edit"),
    path("assignments/<int:pk>/overrides/<int:student_pk>/delete/", assignments.override_delete,
         name="override-delete"),
    # Taking quizzes (students of the cohort; attempts only their own)
    path("assignments/", dashboard.dashboard, name="dashboard"),
    path("assignments/<int:pk>/", taking.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/start/", taking.attempt_begin, name="attempt-start"),
    path("attempts/<int:pk>/", taking.attempt_page, name="attempt"),
    path("attempts/<int:pk>/answers/<int:position>/", taking.answer_save_view, name="answer-save"),
    path("attempts/<int:pk>/answers/<int:position>/file/upload/", taking.answer_file_upload,
         name="answer-file-upload"),
    path("attempts/<int:pk>/answers/<int:position>/file/", answer_files.answer_file_download, name="answer-file"),
    path("attempts/<int:pk>/submit/", taking.attempt_submit_view, name="attempt-submit"),
    path("attempts/<int:pk>/review/", review.attempt_review, name="attempt-review"),
    # Grading by hand and item analysis (instructors and TAs); regrading (instructors of the bank)
    path("assignments/<int:pk>/grading/", grading_queue.grading_overview, name="grading-overview"),
    path("assignments/<int:pk>/grading/<int:question_pk>/", grading_queue.grading_queue, name="grading-queue"),
    path("assignments/<int:pk>/analysis/", analysis.assignment_analysis, name="analysis"),
    path("questions/<int:pk>/regrade/", regrade.regrade, name="regrade"),
    path("questions/<int:pk>/regrade/apply/", regrade.regrade_apply_view, name="regrade-apply"),
    # The gradebook (instructors and TAs see and export; instructors adjust) and students' own grades
    path("cohorts/<int:cohort_pk>/gradebook/", gradebook.gradebook, name="gradebook"),
    path("cohorts/<int:cohort_pk>/gradebook/students/<int:student_pk>/", gradebook.gradebook_student,
         name="gradebook-student"),
    path("cohorts/<int:cohort_pk>/gradebook/audit/", gradebook.audit_log, name="audit-log"),
    path("cohorts/<int:cohort_pk>/gradebook.csv", gradebook.gradebook_csv, name="gradebook-csv"),
    path("cohorts/<int:cohort_pk>/responses.csv", gradebook.responses_csv, name="responses-csv"),
    path("gradebook/attempts/<int:pk>/", gradebook.gradebook_attempt, name="gradebook-attempt"),
    path("assignments/<int:pk>/grades/<int:student_pk>/", gradebook.grade_adjust, name="grade-adjust"),
    path("grades/", my_grades.my_grades, name="my-grades"),
]
