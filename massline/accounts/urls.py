from django.urls import path

from massline.accounts import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.account_settings, name="settings"),
    path("tokens/", views.api_token_create, name="api_token_create"),
    path("tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
