"""The NinjaAPI of Massline, mounted at /api/v1/; each app brings its router from `api.py`.

Nothing imports this module but `massline.api.urls` (and the tests): the API sits on top of
the apps, never the other way round.
"""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from massline.api import me, problems
from massline.api.auth import BearerToken
from massline.campaigns.api import router as campaigns_router
from massline.campaigns.petitions.api import router as petitions_router
from massline.directory.api import router as directory_router
from massline.events.api import router as events_router
from massline.fronts.api import router as fronts_router
from massline.fronts.assemblies.api import router as assemblies_router
from massline.letters.api import router as letters_router
from massline.people.api import router as people_router
from massline.reviews.api import router as reviews_router

DESCRIPTION = """\
The REST API of a Massline instance.

Authenticate with a personal API token (Settings → API tokens) sent as
`Authorization: Bearer <token>`. Tokens with the `read` scope may only read. A logged-in
browser session is accepted for GET requests only.

Errors are RFC 9457 problem details (`application/problem+json`). Lists take `limit`
(1–200) and `offset` and answer `{"count": ..., "items": [...]}`.
"""


class MasslineAPI(NinjaAPI):
    """A NinjaAPI whose errors are problem details, documented as such in its OpenAPI."""

    def set_default_exception_handlers(self) -> None:
        problems.install(self)

    def get_openapi_schema(
        self,
        *,
        path_prefix: str | None = None,
        path_params: dict[str, Any] | None = None,
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        problems.document(schema)
        return schema


api = MasslineAPI(
    title="Massline API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    # The interactive docs page loads its scripts from a CDN, which the CSP forbids and
    # which would tell a third party who reads the docs: only the JSON is served.
    docs_url=None,
    auth=BearerToken(),
)
api.add_router("", directory_router)
api.add_router("/people", people_router)
api.add_router("/events", events_router)
api.add_router("/letters", letters_router)
api.add_router("/campaigns", campaigns_router)
api.add_router("/petitions", petitions_router)
api.add_router("/fronts", fronts_router)
api.add_router("/assemblies", assemblies_router)
api.add_router("/reviews", reviews_router)
api.add_router("", me.router)
