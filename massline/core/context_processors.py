from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name and the navigation entries of the modules that are installed."""
    modules = [
        {"url_name": url_name, "label": label, "namespace": url_name.split(":")[0]}
        for url_name, label, app_label in settings.MASSLINE_MODULES
        if apps.is_installed(f"massline.{app_label}")
    ]
    return {"SITE_NAME": settings.SITE_NAME, "nav_modules": modules}
