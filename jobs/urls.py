from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs/<uuid:pk>/", views.job_detail, name="detail"),
    path("jobs/<uuid:pk>/file/", views.job_file, name="file"),
]
