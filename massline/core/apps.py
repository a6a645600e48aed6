from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "massline.core"
    label = "core"
    verbose_name = "Massline core"
