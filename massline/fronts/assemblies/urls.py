"""The assemblies app's URLs."""

from django.urls import URLPattern

app_name = "assemblies"

urlpatterns: list[URLPattern] = []
