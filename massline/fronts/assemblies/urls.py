"""The assemblies app's URLs."""

from django.urls import path

from massline.fronts.assemblies import views

app_name = "assemblies"

urlpatterns = [
    path("", views.assembly_list, name="assembly_list"),
    path("new/", views.assembly_create, name="assembly_create"),
    path("<int:pk>/", views.assembly_detail, name="assembly_detail"),
    path("<int:pk>/edit/", views.assembly_edit, name="assembly_edit"),
    path("<int:pk>/status/", views.assembly_status, name="assembly_status"),
    path("<int:pk>/delegates/", views.delegate_add, name="delegate_add"),
    path("<int:pk>/delegates/import/", views.delegates_import, name="delegates_import"),
    path("<int:pk>/proxies/", views.proxy_add, name="proxy_add"),
    path("<int:pk>/agenda/", views.item_add, name="item_add"),
    path("<int:pk>/motions/new/", views.motion_create, name="motion_create"),
    path("<int:pk>/votes/new/", views.vote_create, name="vote_create"),
    path("<int:pk>/projector/", views.projector, name="projector"),
    path("<int:pk>/projector/live/", views.projector_live, name="projector_live"),
    path("<int:pk>/delegate/", views.delegate_view, name="delegate_view"),
    path("<int:pk>/delegate/live/", views.delegate_live, name="delegate_live"),
    path("<int:pk>/delegate/declare/", views.delegate_declare, name="delegate_declare"),
    path("<int:pk>/minutes.pdf", views.minutes, name="minutes"),
    path("delegates/<int:pk>/accredit/", views.delegate_accredit, name="delegate_accredit"),
    path("proxies/<int:pk>/revoke/", views.proxy_revoke, name="proxy_revoke"),
    path("agenda/<int:pk>/speak/", views.speak, name="speak"),
    path("agenda/<int:pk>/<slug:action>/", views.item_action, name="item_action"),
    path("speakers/<int:pk>/withdraw/", views.speaker_withdraw, name="speaker_withdraw"),
    path("motions/<int:pk>/", views.motion_detail, name="motion_detail"),
    path("motions/<int:pk>/support/", views.motion_support, name="motion_support"),
    path("motions/<int:pk>/status/", views.motion_status, name="motion_status"),
    path("motions/<int:pk>/amend/", views.amendment_create, name="amendment_create"),
    path("amendments/<int:pk>/decide/", views.amendment_decide, name="amendment_decide"),
    path("votes/<int:pk>/", views.vote_detail, name="vote_detail"),
    path("votes/<int:pk>/cast/", views.vote_cast, name="vote_cast"),
    path("votes/<int:pk>/<slug:action>/", views.vote_action, name="vote_action"),
]
