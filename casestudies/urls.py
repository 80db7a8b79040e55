from django.urls import path

from casestudies.views import authoring, history, reading

app_name = "casestudies"
urlpatterns = [
    path("", reading.case_list, name="list"),
    path("mine/", authoring.my_cases, name="mine"),
    path("new/", authoring.case_create, name="create"),
    path("preview/", authoring.case_preview, name="preview"),
    path("images/<str:token>/", reading.case_image, name="image"),
    path("<slug:slug>/", reading.case_detail, name="detail"),
    path("<slug:slug>/edit/", authoring.case_edit, name="edit"),
    path("<slug:slug>/images/", authoring.image_upload, name="image-upload"),
    path("<slug:slug>/publish/", authoring.case_publish, name="publish"),
    path("<slug:slug>/delete/", authoring.case_delete, name="delete"),
    path("<slug:slug>/history/", history.case_history, name="history"),
    path("<slug:slug>/history/<int:number>/", history.revision_diff, name="revision"),
    path("<slug:slug>/history/<int:number>/restore/", history.revision_restore, name="restore"),
]
