"""The events app's URLs."""

from django.urls import URLPattern

app_name = "events"

urlpatterns: list[URLPattern] = []
