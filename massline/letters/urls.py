"""The letters app's URLs."""

from django.urls import path

from massline.letters import feeds, views

app_name = "letters"

urlpatterns = [
    path("", views.letter_list, name="letter_list"),
    path("new/", views.letter_create, name="letter_create"),
    path("received/new/", views.inbound_create, name="inbound_create"),
    path("greetings/", views.greetings_due, name="greetings_due"),
    path(
        "greetings/anniversary/<int:pk>/",
        views.anniversary_greeting,
        name="anniversary_greeting",
    ),
    path("<int:pk>/", views.letter_detail, name="letter_detail"),
    path("<int:pk>/edit/", views.letter_edit, name="letter_edit"),
    path("<int:pk>/versions/new/", views.version_edit, name="version_add"),
    path("<int:pk>/versions/<str:language>/", views.version_edit, name="version_edit"),
    path("<int:pk>/pdf/<str:language>/", views.letter_pdf, name="letter_pdf"),
    path("<int:pk>/attachment/", views.letter_attachment, name="letter_attachment"),
    path("<int:pk>/submit/", views.letter_submit, name="letter_submit"),
    path("<int:pk>/comment/", views.letter_comment, name="letter_comment"),
    path("<int:pk>/approve/", views.letter_approve, name="letter_approve"),
    path("<int:pk>/reopen/", views.letter_reopen, name="letter_reopen"),
    path("<int:pk>/withdraw/", views.letter_withdraw, name="letter_withdraw"),
    path("<int:pk>/send/", views.letter_send, name="letter_send"),
    path("<int:pk>/mark-sent/", views.letter_mark_sent, name="letter_mark_sent"),
    path("<int:pk>/publish/", views.letter_publish, name="letter_publish"),
    path("<int:pk>/unpublish/", views.letter_unpublish, name="letter_unpublish"),
    path("<int:pk>/acknowledge/", views.letter_acknowledge, name="letter_acknowledge"),
    path("public/<str:language>/", views.public_list, name="public_list"),
    path(
        "public/<int:year>/<int:seq>/<str:language>/",
        views.public_letter,
        name="public_letter",
    ),
    path("public/<str:language>/feed.atom", feeds.PublishedLettersAtom(), name="feed_atom"),
    path("public/<str:language>/feed.rss", feeds.PublishedLettersRss(), name="feed_rss"),
]
