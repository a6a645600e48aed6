"""The events app's URLs."""

from django.urls import path

from massline.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("calendar/", views.calendar_month, name="calendar"),
    path("new/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("<int:pk>/translations/", views.translation_save, name="translation_save"),
    path("<int:pk>/rsvp/", views.member_rsvp, name="member_rsvp"),
    path("<int:pk>/rsvps/", views.rsvp_list, name="rsvp_list"),
    path("<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("<int:pk>/delegations/", views.delegation_list, name="delegation_list"),
    path("<int:pk>/check-in/", views.checkin, name="checkin"),
    path("<int:pk>/check-in/count/", views.checkin_count, name="checkin_count"),
    path("rsvps/<int:pk>/cancel/", views.rsvp_cancel_by_organizer, name="rsvp_cancel"),
    path("delegations/<int:pk>/", views.delegation_detail, name="delegation_detail"),
    path("t/<str:code>/", views.checkin_code, name="checkin_code"),
    path("p/<slug:slug>/", views.public_event, name="public_event"),
    path("p/<slug:slug>/thanks/", views.public_thanks, name="public_thanks"),
    path("p/<slug:slug>/event.ics", views.public_event_ics, name="public_event_ics"),
    path("r/<str:token>/", views.ticket, name="ticket"),
    path("r/<str:token>/cancel/", views.rsvp_cancel_link, name="rsvp_cancel_link"),
    path("feeds/", views.feed_settings, name="feed_settings"),
    path("feeds/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feeds/unit/<int:unit_id>.ics", views.unit_feed, name="unit_feed"),
    path("feeds/organization/<int:org_id>.ics", views.organization_feed, name="organization_feed"),
    path(
        "feeds/<str:token>/unit/<int:unit_id>.ics",
        views.private_unit_feed,
        name="private_unit_feed",
    ),
    path(
        "feeds/<str:token>/organization/<int:org_id>.ics",
        views.private_organization_feed,
        name="private_organization_feed",
    ),
    path("anniversaries/", views.anniversary_list, name="anniversary_list"),
    path("anniversaries/new/", views.anniversary_create, name="anniversary_create"),
    path("anniversaries/<int:pk>/", views.anniversary_edit, name="anniversary_edit"),
]
