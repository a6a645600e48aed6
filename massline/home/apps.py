from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "massline.home"
    label = "home"
