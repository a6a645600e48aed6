"""A URL conf with an API that fails on purpose, to see how failures are reported.

It is a `MasslineAPI` like the real one, so it answers with the same problem handlers.
"""

from django.db import transaction
from django.http import HttpRequest
from django.urls import path

from massline.api.auth import BearerToken
from massline.api.main import MasslineAPI
from massline.directory.models import Tag

faults = MasslineAPI(
    title="Faults", version="test", urls_namespace="faults", docs_url=None, auth=BearerToken()
)

SECRET_DETAIL = "internal detail that must stay on the server"


@faults.post("/conflict", response={201: None})
def conflict(request: HttpRequest) -> None:
    # Two tags of one name break a unique constraint in the database itself.
    with transaction.atomic():
        Tag.objects.create(name="duplicate")
        Tag.objects.create(name="duplicate")


@faults.get("/crash")
def crash(request: HttpRequest) -> None:
    raise RuntimeError(SECRET_DETAIL)


urlpatterns = [path("api/v1/", faults.urls)]
