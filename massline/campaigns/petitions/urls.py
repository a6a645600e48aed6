"""The petitions app's URLs."""

from django.urls import URLPattern

app_name = "petitions"

urlpatterns: list[URLPattern] = []
