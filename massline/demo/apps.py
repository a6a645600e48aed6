from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "massline.demo"
    label = "demo"
