"""The letters app's URLs."""

from django.urls import URLPattern

app_name = "letters"

urlpatterns: list[URLPattern] = []
