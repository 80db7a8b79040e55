from django.urls import path

from banks.views import banks, casepacks, guide, imports, questions

app_name = "banks"
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
]
