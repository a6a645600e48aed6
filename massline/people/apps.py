from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "massline.people"
    label = "people"
    verbose_name = _("Mass work")

    def ready(self) -> None:
        from massline.people.models import Contact
        from massline.people.services.contacts import rebuild_identifiers
        from massline.vault.services import register_rotation_hook

        register_rotation_hook(Contact, rebuild_identifiers)
