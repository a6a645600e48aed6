"""Sites and constituencies over HTTP."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Schema

from massline.core.api import (
    PageQuery,
    paginate,
)
from massline.people import selectors, selectors_activity
from massline.people.api.common import (
    SiteKind,
    UnitRef,
    _actor,
    router,
)
from massline.people.models import (
    Constituency,
)

# Places and constituencies ---------------------------------------------------------------


class SiteOut(Schema):
    id: int
    unit: UnitRef
    name: str
    kind: SiteKind
    sector: str
    city: str
    country: str


class SitePage(Schema):
    count: int
    items: list[SiteOut]


class ConstituencyOut(Schema):
    key: str
    name: str = Field(description="In the language of the request for built-in ones.")
    builtin: bool

    @staticmethod
    def resolve_name(obj: Constituency) -> str:
        return obj.label


class ConstituencyPage(Schema):
    count: int
    items: list[ConstituencyOut]


@router.get(
    "/sites", response=SitePage, tags=["sites"], operation_id="site_list", summary="List sites"
)
def site_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """Workplaces, campuses and neighbourhoods of the caller's units, for `site_id`."""
    found = selectors.site_choices(user=_actor(request)).order_by("name", "unit__name", "id")
    return paginate(found, page)


@router.get(
    "/constituencies",
    response=ConstituencyPage,
    tags=["constituencies"],
    operation_id="constituency_list",
    summary="List constituencies",
)
def constituency_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """The keys to file contacts under and to filter on (`constituency:<key>`)."""
    return paginate(selectors_activity.constituency_choices(user=_actor(request)), page)
