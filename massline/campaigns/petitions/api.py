"""The petitions API, mounted under `/api/v1/petitions` by `massline.api.main`.

- `GET /{slug}/stats` is public (no token): the counts a public page shows, never a name.
- Everything else is for the coordinators of the petition's campaign (organizers of its unit
  and its named coordinators): petitions CRUD and the confirmed signatures. Others get 403 for
  a petition they may not coordinate, 404 for one that does not exist.
- A page of signatures is audited (`api.petition.signatures.read`); contact details come out
  only for signers who agreed to be contacted.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator

from massline.accounts.models import User
from massline.audit.services import audit_record
from massline.campaigns.petitions import selectors, services
from massline.campaigns.petitions.models import Petition, Signature
from massline.campaigns.petitions.stats import petition_stats
from massline.core.api import Id, InputSchema, Omittable, PageQuery, paginate, plain_text

router = Router(tags=["petitions"])

Slug = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")]
Title = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(plain_text)]
Body = Annotated[str, Field(min_length=1, max_length=20000), AfterValidator(plain_text)]
Target = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(plain_text)]
Goal = Annotated[int, Field(ge=1, le=1_000_000_000)]
Days = Annotated[int, Field(ge=0, le=36500)]
Language = Annotated[str, Field(min_length=2, max_length=3), AfterValidator(plain_text)]

if TYPE_CHECKING:
    PetitionStatus = str
else:
    PetitionStatus = Literal[tuple(Petition.Status.values)]


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


class CountryCount(Schema):
    country: str
    count: int


class DayCount(Schema):
    day: date
    count: int


class StatsOut(Schema):
    slug: str
    status: str
    goal: int
    total: int
    by_country: list[CountryCount]
    by_day: list[DayCount]


class TextOut(Schema):
    language: str
    title: str
    text: str


class PetitionOut(Schema):
    id: int
    slug: str
    campaign_id: int
    target: str
    goal: int
    status: str
    language: str
    retention_days: int | None
    created_at: datetime
    texts: list[TextOut]

    @staticmethod
    def resolve_texts(obj: Petition) -> list[dict[str, Any]]:
        return [{"language": t.language, "title": t.title, "text": t.text} for t in obj.texts.all()]


class PetitionIn(InputSchema):
    campaign_id: Id
    slug: Slug
    target: Target
    goal: Goal
    language: Language = "en"
    status: PetitionStatus = "draft"
    retention_days: Days | None = None
    title: Title
    text: Body


class PetitionPatch(InputSchema):
    slug: Omittable[Slug] = None
    target: Omittable[Target] = None
    goal: Omittable[Goal] = None
    status: Omittable[PetitionStatus] = None
    language: Omittable[Language] = None
    retention_days: Days | None = None


class PetitionPage(Schema):
    count: int
    items: list[PetitionOut]


class PetitionSignatureOut(Schema):
    id: int
    confirmed_at: datetime
    country: str
    display: str
    public_name: str
    consent_contact: bool
    name: str | None
    email: str | None
    city: str | None

    @staticmethod
    def resolve_public_name(obj: Signature) -> str:
        return services.public_name(obj)

    @staticmethod
    def resolve_name(obj: Signature) -> str | None:
        return obj.name if obj.consent_contact else None

    @staticmethod
    def resolve_email(obj: Signature) -> str | None:
        return obj.email if obj.consent_contact else None

    @staticmethod
    def resolve_city(obj: Signature) -> str | None:
        return obj.city if obj.consent_contact else None


class PetitionSignaturePage(Schema):
    count: int
    items: list[PetitionSignatureOut]


@router.get(
    "/{slug}/stats",
    response=StatsOut,
    auth=None,
    operation_id="petition_stats",
    summary="Public counts",
)
def petition_stats_get(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    petition = selectors.petition_public_get(slug=slug)
    stats = petition_stats(petition.pk)
    return {
        "slug": petition.slug,
        "status": petition.status,
        "goal": petition.goal,
        "total": stats.total,
        "by_country": [{"country": c, "count": n} for c, n in stats.by_country],
        "by_day": [{"day": d, "count": n} for d, n in stats.by_day],
    }


@router.get(
    "",
    response=PetitionPage,
    operation_id="petition_list",
    summary="Petitions of the campaigns I coordinate",
)
def petition_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    found = selectors.petitions_coordinated(_actor(request))
    return {"count": len(found), "items": found[page.offset : page.offset + page.limit]}


@router.post(
    "", response={201: PetitionOut}, operation_id="petition_create", summary="Start a petition"
)
def petition_create(request: HttpRequest, body: PetitionIn) -> Status[Petition]:
    actor = _actor(request)
    campaign = selectors.campaign_for_coordinator(actor, campaign_id=body.campaign_id)
    petition = services.petition_create(
        actor=actor,
        campaign=campaign,
        slug=body.slug,
        target=body.target,
        goal=body.goal,
        language=body.language,
        status=body.status,
        retention_days=body.retention_days,
        title=body.title,
        text=body.text,
    )
    return Status(201, petition)


@router.get("/{slug}", response=PetitionOut, operation_id="petition_get", summary="A petition")
def petition_get(request: HttpRequest, slug: Slug) -> Petition:
    return selectors.petition_for_coordinator(_actor(request), slug=slug)


@router.patch(
    "/{slug}", response=PetitionOut, operation_id="petition_update", summary="Change a petition"
)
def petition_patch(request: HttpRequest, slug: Slug, body: PetitionPatch) -> Petition:
    actor = _actor(request)
    petition = selectors.petition_for_coordinator(actor, slug=slug)
    changes = body.model_dump(exclude_unset=True)
    changes = {k: v for k, v in changes.items() if v is not None or k == "retention_days"}
    return services.petition_update(actor=actor, petition=petition, **changes)


@router.delete(
    "/{slug}",
    response={204: None},
    operation_id="petition_delete",
    summary="Delete a petition with its signatures",
)
def petition_delete(request: HttpRequest, slug: Slug) -> Status[None]:
    actor = _actor(request)
    petition = selectors.petition_for_coordinator(actor, slug=slug)
    services.petition_delete(actor=actor, petition=petition)
    return Status(204, None)


@router.get(
    "/{slug}/signatures",
    response=PetitionSignaturePage,
    operation_id="petition_signatures",
    summary="Confirmed signatures",
)
def signature_list(request: HttpRequest, slug: Slug, page: Query[PageQuery]) -> dict[str, Any]:
    actor = _actor(request)
    petition = selectors.petition_for_coordinator(actor, slug=slug)
    result = paginate(selectors.signatures_for_coordinator(actor, petition=petition), page)
    audit_record(
        actor=actor,
        action="api.petition.signatures.read",
        obj=petition,
        data={"count": len(result["items"]), "total": result["count"], "offset": page.offset},
    )
    return result
