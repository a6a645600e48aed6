"""The petitions app's URLs: public pages under /petitions/<address>/, links from the mail,
and the coordinator's pages."""

from django.urls import URLPattern, path

from massline.campaigns.petitions import views

app_name = "petitions"

urlpatterns: list[URLPattern] = [
    path("", views.petition_list, name="petition_list"),
    path("challenge/", views.pow_challenge, name="challenge"),
    path("confirm/<str:token>/", views.signature_confirm, name="confirm"),
    path("withdraw/<str:token>/", views.signature_withdraw, name="withdraw"),
    path("campaign/<int:campaign_id>/new/", views.petition_create, name="create"),
    path("<slug:slug>/", views.petition_detail, name="detail"),
    path("<slug:slug>/counter/", views.petition_counter, name="counter"),
    path("<slug:slug>/sign/", views.petition_sign, name="sign"),
    path("<slug:slug>/thanks/", views.petition_thanks, name="thanks"),
    path("<slug:slug>/manage/", views.petition_manage, name="manage"),
    path("<slug:slug>/edit/", views.petition_edit, name="edit"),
    path("<slug:slug>/text/", views.petition_text_edit, name="text_edit"),
    path("<slug:slug>/signatures.csv", views.petition_export, name="export"),
    path("<slug:slug>/delivery.pdf", views.petition_delivery_pack, name="delivery_pack"),
    path("<slug:slug>/erase/", views.petition_erase, name="erase"),
]
