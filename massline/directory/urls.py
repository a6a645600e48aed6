from django.urls import path

from massline.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path("new/", views.organization_create, name="organization_create"),
    path("<int:pk>/", views.organization_detail, name="organization_detail"),
    path("<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("<int:pk>/delete/", views.organization_delete, name="organization_delete"),
    path("<int:pk>/relations/", views.relation_add, name="relation_add"),
    path("<int:pk>/positions/", views.position_add, name="position_add"),
    path("relations/<int:pk>/delete/", views.relation_delete, name="relation_delete"),
    path("positions/<int:pk>/delete/", views.position_delete, name="position_delete"),
    path("questions/", views.question_list, name="question_list"),
    path("questions/new/", views.question_create, name="question_create"),
    path("questions/<int:pk>/", views.question_detail, name="question_detail"),
    path("countries/", views.country_list, name="country_list"),
    path("countries/<str:code>/", views.country_detail, name="country_detail"),
    path("countries/<str:code>/dossier/", views.dossier_edit, name="dossier_edit"),
    path("countries/<str:code>/sources/", views.dossier_source_add, name="dossier_source_add"),
    path("countries/<str:code>/indicators/", views.indicator_add, name="indicator_add"),
]
