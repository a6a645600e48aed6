"""The campaigns app's URLs: public pages by address, the coordinators' area by number."""

from django.urls import path

from massline.campaigns.views import manage, public

app_name = "campaigns"

urlpatterns = [
    path("", manage.campaign_list, name="campaign_list"),
    path("new/", manage.campaign_create, name="campaign_create"),
    path("manage/proposals/", manage.directory_proposals, name="directory_proposals"),
    path("manage/<int:pk>/", manage.manage, name="manage"),
    path("manage/<int:pk>/edit/", manage.campaign_edit, name="campaign_edit"),
    path("manage/<int:pk>/texts/<str:language>/", manage.text_edit, name="text_edit"),
    path("manage/<int:pk>/case/", manage.case_edit, name="case_edit"),
    path("manage/<int:pk>/hearings/new/", manage.hearing_add, name="hearing_add"),
    path("manage/<int:pk>/hearings/<int:item>/", manage.hearing_edit, name="hearing_edit"),
    path(
        "manage/<int:pk>/hearings/<int:item>/delete/",
        manage.hearing_delete,
        name="hearing_delete",
    ),
    path("manage/<int:pk>/transfers/new/", manage.transfer_add, name="transfer_add"),
    path("manage/<int:pk>/transfers/<int:item>/", manage.transfer_edit, name="transfer_edit"),
    path(
        "manage/<int:pk>/transfers/<int:item>/delete/",
        manage.transfer_delete,
        name="transfer_delete",
    ),
    path("manage/<int:pk>/news/new/", manage.news_add, name="news_add"),
    path("manage/<int:pk>/news/<int:item>/", manage.news_edit, name="news_edit"),
    path("manage/<int:pk>/news/<int:item>/delete/", manage.news_delete, name="news_delete"),
    path("manage/<int:pk>/templates/new/", manage.template_add, name="template_add"),
    path("manage/<int:pk>/templates/<int:item>/", manage.template_edit, name="template_edit"),
    path(
        "manage/<int:pk>/templates/<int:item>/delete/",
        manage.template_delete,
        name="template_delete",
    ),
    path("manage/<int:pk>/endorsements/", manage.endorsement_list, name="endorsement_list"),
    path(
        "manage/<int:pk>/endorsements/<int:item>/",
        manage.endorsement_review,
        name="endorsement_review",
    ),
    path("manage/<int:pk>/letters/", manage.letter_list, name="letter_list"),
    path("manage/<int:pk>/letters/<int:item>/", manage.letter_edit, name="letter_edit"),
    path("manage/<int:pk>/letters/<int:item>/delete/", manage.letter_delete, name="letter_delete"),
    path("manage/<int:pk>/actions/", manage.action_list, name="action_list"),
    path("manage/<int:pk>/actions/new/", manage.action_add, name="action_add"),
    path("manage/<int:pk>/actions/<int:item>/", manage.action_edit, name="action_edit"),
    path("manage/<int:pk>/actions/<int:item>/delete/", manage.action_delete, name="action_delete"),
    path("manage/<int:pk>/actions/<int:item>/decide/", manage.action_decide, name="action_decide"),
    path("<slug:slug>/", public.campaign_page, name="public"),
    path("<slug:slug>/photo.jpg", public.case_photo, name="case_photo"),
    path("<slug:slug>/actions/<int:pk>/photo.jpg", public.action_photo, name="action_photo"),
    path("<slug:slug>/endorse/", public.endorse, name="endorse"),
    path("<slug:slug>/endorse/thanks/", public.endorse_thanks, name="endorse_thanks"),
    path("<slug:slug>/actions/report/", public.action_report, name="action_report"),
    path("<slug:slug>/case/", public.member_page, name="member_page"),
]
