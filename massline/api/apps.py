from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "massline.api"
    label = "api"
