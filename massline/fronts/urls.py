"""The fronts app's URLs."""

from django.urls import URLPattern

app_name = "fronts"

urlpatterns: list[URLPattern] = []
