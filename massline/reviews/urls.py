"""The reviews app's URLs."""

from django.urls import path

from massline.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("new/", views.review_create, name="review_create"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/edit/", views.review_edit, name="review_edit"),
    path("<int:pk>/findings/", views.finding_add, name="finding_add"),
    path("<int:pk>/follow-up/", views.follow_up_create, name="follow_up_create"),
    path("findings/<int:pk>/edit/", views.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/actions/", views.action_add, name="action_add"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("actions/<int:pk>/verify/", views.action_verify, name="action_verify"),
    path("trends/", views.trends, name="trends"),
    path("tendencies/", views.tendency_list, name="tendency_list"),
    path("box/", views.box, name="box"),
    path("box/released/", views.box_inbox, name="box_inbox"),
    path("box/criticism/<uuid:pk>/answer/", views.criticism_answer, name="criticism_answer"),
]
