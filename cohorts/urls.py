from django.urls import path

from cohorts.views import codes, cohorts, members, roster, signup

app_name = "cohorts"
urlpatterns = [
    path("", cohorts.cohort_list, name="list"),
    path("new/", cohorts.cohort_create, name="create"),
    path("join/", codes.cohort_join, name="join"),
    path("join/sign-up/", signup.signup, name="signup"),
    path("join/sign-up/sent/", signup.signup_sent, name="signup-sent"),
    path("join/sign-up/confirm/<str:token>/", signup.signup_confirm, name="signup-confirm"),
    path("<int:pk>/", cohorts.cohort_detail, name="detail"),
    path("<int:pk>/settings/", cohorts.cohort_edit, name="edit"),
    path("<int:pk>/code/rotate/", codes.code_rotate, name="rotate-code"),
    path("<int:pk>/code/disable/", codes.code_disable, name="disable-code"),
    path("<int:pk>/roster/", roster.roster_upload, name="roster"),
    path("<int:pk>/members/<int:member_pk>/", members.member_edit, name="member-edit"),
    path("<int:pk>/members/<int:member_pk>/remove/", members.member_remove, name="member-remove"),
    path("<int:pk>/members/<int:member_pk>/invite/", members.member_invite, name="member-invite"),
]
