"""The fronts app's URLs."""

from django.urls import path

from massline.fronts import views

app_name = "fronts"

urlpatterns = [
    path("", views.front_list, name="list"),
    path("new/", views.front_create, name="create"),
    path("sign/<str:token>/", views.sign, name="sign"),
    path("representative/<str:token>/", views.representative_accept, name="representative_accept"),
    path("statements/<slug:slug>/", views.statement_public, name="statement_public"),
    path(
        "statements/<slug:slug>/<str:language>/",
        views.statement_public,
        name="statement_public_in",
    ),
    path(
        "representatives/<int:pk>/invite/",
        views.representative_invite,
        name="representative_invite",
    ),
    path("representatives/<int:pk>/end/", views.representative_end, name="representative_end"),
    path("<slug:slug>/", views.front_detail, name="detail"),
    path("<slug:slug>/edit/", views.front_edit, name="edit"),
    path("<slug:slug>/apply/", views.application_form, name="apply"),
    path("<slug:slug>/members/", views.membership_list, name="membership_list"),
    path("<slug:slug>/members/<int:pk>/", views.membership_detail, name="membership_detail"),
    path("<slug:slug>/members/<int:pk>/decide/", views.membership_decide, name="membership_decide"),
    path(
        "<slug:slug>/members/<int:pk>/representatives/",
        views.representative_add,
        name="representative_add",
    ),
    path("<slug:slug>/applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("<slug:slug>/platform/", views.platform, name="platform"),
    path("<slug:slug>/platform/new/", views.version_draft, name="version_draft"),
    path("<slug:slug>/platform/diff/", views.version_diff, name="version_diff"),
    path("<slug:slug>/platform/<int:number>/", views.version_detail, name="version_detail"),
    path("<slug:slug>/platform/<int:number>/edit/", views.version_edit, name="version_edit"),
    path("<slug:slug>/platform/<int:number>/adopt/", views.version_adopt, name="version_adopt"),
    path(
        "<slug:slug>/platform/<int:number>/endorse/",
        views.endorsement_add,
        name="endorsement_add",
    ),
    path("<slug:slug>/statements/", views.statement_list, name="statement_list"),
    path("<slug:slug>/statements/new/", views.statement_create, name="statement_create"),
    path("<slug:slug>/statements/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("<slug:slug>/statements/<int:pk>/edit/", views.statement_edit, name="statement_edit"),
    path(
        "<slug:slug>/statements/<int:pk>/comment/",
        views.statement_comment,
        name="statement_comment",
    ),
    path("<slug:slug>/statements/<int:pk>/open/", views.statement_open, name="statement_open"),
    path(
        "<slug:slug>/statements/<int:pk>/publish/",
        views.statement_publish,
        name="statement_publish",
    ),
    path(
        "<slug:slug>/statements/<int:pk>/withdraw/",
        views.statement_withdraw,
        name="statement_withdraw",
    ),
    path(
        "<slug:slug>/statements/<int:pk>/send-links/",
        views.statement_send_links,
        name="statement_send_links",
    ),
]
