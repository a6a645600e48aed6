from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name and the navigation entries of the installed modules the user may open."""
    user = getattr(request, "user", None)
    modules = [
        {"url_name": url_name, "label": label, "namespace": url_name.split(":")[0]}
        for url_name, label, app_label, allowed in settings.MASSLINE_MODULES
        if apps.is_installed(f"massline.{app_label}")
        and user is not None
        and import_string(allowed)(user)
    ]
    return {"SITE_NAME": settings.SITE_NAME, "nav_modules": modules}
