"""The directory over HTTP: organizations, relations, questions and positions.

Mounted under `/api/v1/` by `massline.api`, which also authenticates the caller (so
`request.user` is the acting user here) and turns exceptions into problem responses.
Reads go through `selectors` and writes through `services`, which check permissions and
audit; the operations only translate between JSON and those functions. Referenced
organizations are resolved through the selectors too, so an organization the caller may not
see answers 404 whether it exists or not.

Lists are paginated with `limit` and `offset` and answer `{"count": ..., "items": [...]}`.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator

from massline.accounts.models import Unit, User
from massline.accounts.selectors import access_unit
from massline.core.api import (
    Id,
    InputSchema,
    IsoDate,
    Omittable,
    PageQuery,
    PlainText,
    fields_named,
    paginate,
    plain_text,
)
from massline.directory import selectors, services
from massline.directory.models import Organization, Position, Question, Relation

router = Router()

TagName = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(plain_text)]
Alias = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(plain_text)]

if TYPE_CHECKING:
    OrganizationKind = str
    RelationStatus = str
    RelationKind = str
    Stance = str
else:
    # Literal types built from the model choices: the schema lists them, pydantic checks them.
    OrganizationKind = Literal[tuple(Organization.Kind.values)]
    RelationStatus = Literal[tuple(Organization.RelationStatus.values)]
    RelationKind = Literal[tuple(Relation.Kind.values)]
    Stance = Literal[tuple(Position.Stance.values)]


def _actor(request: HttpRequest) -> User:
    """The authenticated user; authentication ran before any operation."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


# Organizations ---------------------------------------------------------------------------


class OrganizationRef(Schema):
    id: int
    name: str
    short_name: str


class OrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    name_own: str
    own_language: str = Field(description="ISO 639-1 code of the organization's own language.")
    aliases: list[str] = Field(description="Names in other languages.")
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    country_name: str = Field(description="The country's name in the language of the request.")
    kind: OrganizationKind
    tags: list[str] = Field(description="Names of the tendency tags.")
    website: str
    founded: date | None
    relation_status: RelationStatus
    notes: str
    unit_id: int | None = Field(description="The owning unit.")
    confidential: bool = Field(description="Only members of the owning unit see it.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_aliases(obj: Organization) -> list[str]:
        return [line.strip() for line in obj.aliases.splitlines() if line.strip()]

    @staticmethod
    def resolve_tags(obj: Organization) -> list[str]:
        return [tag.name for tag in obj.tags.all()]


class OrganizationPage(Schema):
    count: int
    items: list[OrganizationOut]


class OrganizationIn(InputSchema):
    name: PlainText = Field(min_length=1, max_length=200)
    short_name: PlainText = Field(
        min_length=1, max_length=40, description="Unique, regardless of case."
    )
    name_own: PlainText = Field("", max_length=200)
    own_language: PlainText = Field("", max_length=3, description="ISO 639-1 code, e.g. ru.")
    aliases: list[Alias] = Field(default_factory=list, max_length=50)
    country: PlainText = Field(
        min_length=2, max_length=2, description="ISO 3166-1 alpha-2 code in capitals, e.g. IT."
    )
    kind: OrganizationKind
    tags: list[TagName] = Field(
        default_factory=list, max_length=30, description="Tag names; unknown tags are created."
    )
    website: PlainText = Field("", max_length=300, description="An http(s) address.")
    founded: IsoDate | None = Field(None, description="Not in the future.")
    relation_status: RelationStatus = "none"
    notes: PlainText = Field("", max_length=20000)
    unit_id: Id | None = Field(None, description="The owning unit; one you are secretary of.")
    confidential: bool = Field(False, description="Needs an owning unit.")


class OrganizationPatch(InputSchema):
    """Only the fields sent are changed."""

    name: Omittable[PlainText] = Field(None, min_length=1, max_length=200)
    short_name: Omittable[PlainText] = Field(None, min_length=1, max_length=40)
    name_own: Omittable[PlainText] = Field(None, max_length=200)
    own_language: Omittable[PlainText] = Field(None, max_length=3)
    aliases: Omittable[list[Alias]] = Field(None, max_length=50)
    country: Omittable[PlainText] = Field(None, min_length=2, max_length=2)
    kind: Omittable[OrganizationKind] = None
    tags: Omittable[list[TagName]] = Field(None, max_length=30)
    website: Omittable[PlainText] = Field(None, max_length=300)
    founded: IsoDate | None = None
    relation_status: Omittable[RelationStatus] = None
    notes: Omittable[PlainText] = Field(None, max_length=20000)
    unit_id: Id | None = None
    confidential: Omittable[bool] = None


class OrganizationQuery(Schema):
    """The filters of the web list; values that match nothing known are ignored."""

    q: PlainText = Field("", description="Part of a name, in any script or accent.")
    country: PlainText = Field("", description="ISO 3166-1 alpha-2 code.")
    kind: PlainText = Field("", description="One of the organization kinds.")
    relation_status: PlainText = Field("", description="One of the relation statuses.")
    tag: PlainText = Field("", description="A tag name.")


def _unit(actor: User, unit_id: int | None) -> Unit | None:
    return None if unit_id is None else access_unit(user=actor, unit_id=unit_id)


def _check_owner(*, confidential: bool, unit_id: int | None) -> None:
    """Say on `unit_id` what the database constraint would only say in its own words."""
    if confidential and unit_id is None:
        raise ValidationError({"unit_id": _("A confidential organization needs an owning unit.")})


def _organization_fields(actor: User, data: Mapping[str, Any]) -> dict[str, Any]:
    """Service arguments from API input: owning unit resolved, aliases as lines."""
    fields = {key: value for key, value in data.items() if key not in {"tags", "unit_id"}}
    if "unit_id" in data:
        fields["unit"] = _unit(actor, data["unit_id"])
    if "aliases" in data:
        fields["aliases"] = "\n".join(alias.strip() for alias in data["aliases"])
    return fields


@router.get(
    "/organizations",
    response=OrganizationPage,
    tags=["organizations"],
    operation_id="organization_list",
    summary="List organizations",
)
def organization_list(
    request: HttpRequest, filters: Query[OrganizationQuery], page: Query[PageQuery]
) -> dict[str, Any]:
    """Organizations the caller may see, by name; filtered like the web list."""
    found = selectors.organization_list(
        user=_actor(request),
        filters=selectors.OrganizationFilters.from_params(filters.dict()),
    )
    return paginate(found, page)


@router.post(
    "/organizations",
    response={201: OrganizationOut},
    tags=["organizations"],
    operation_id="organization_create",
    summary="Add an organization",
)
def organization_create(request: HttpRequest, payload: OrganizationIn) -> Status[Organization]:
    """Secretaries add organizations; a confidential one only in a unit they are secretary of."""
    actor = _actor(request)
    _check_owner(confidential=payload.confidential, unit_id=payload.unit_id)
    fields = _organization_fields(actor, payload.dict())
    with fields_named(unit="unit_id"):
        organization = services.organization_create(actor=actor, tags=payload.tags, **fields)
    return Status(201, selectors.access_organization(user=actor, organization_id=organization.pk))


@router.get(
    "/organizations/{int:organization_id}",
    response=OrganizationOut,
    tags=["organizations"],
    operation_id="organization_get",
    summary="Get an organization",
)
def organization_get(request: HttpRequest, organization_id: Id) -> Organization:
    return selectors.access_organization(user=_actor(request), organization_id=organization_id)


@router.patch(
    "/organizations/{int:organization_id}",
    response=OrganizationOut,
    tags=["organizations"],
    operation_id="organization_update",
    summary="Change an organization",
)
def organization_update(
    request: HttpRequest, organization_id: Id, payload: OrganizationPatch
) -> Organization:
    """Only the fields sent change; `tags`, when sent, replaces all tags."""
    actor = _actor(request)
    organization = selectors.access_organization(user=actor, organization_id=organization_id)
    data = payload.dict(exclude_unset=True)
    _check_owner(
        confidential=data.get("confidential", organization.confidential),
        unit_id=data.get("unit_id", organization.unit_id),
    )
    fields = _organization_fields(actor, data)
    with fields_named(unit="unit_id"):
        services.organization_update(
            actor=actor, organization=organization, tags=data.get("tags"), **fields
        )
    return selectors.access_organization(user=actor, organization_id=organization.pk)


@router.delete(
    "/organizations/{int:organization_id}",
    response={204: None},
    tags=["organizations"],
    operation_id="organization_delete",
    summary="Delete an organization",
)
def organization_delete(request: HttpRequest, organization_id: Id) -> Status[None]:
    """Also deletes its relations and positions."""
    actor = _actor(request)
    organization = selectors.access_organization(user=actor, organization_id=organization_id)
    services.organization_delete(actor=actor, organization=organization)
    return Status(204, None)


# Relations -------------------------------------------------------------------------------


class RelationOut(Schema):
    id: int
    source: OrganizationRef
    target: OrganizationRef
    kind: RelationKind = Field(description="Read as: source <kind> target.")
    started: date | None
    ended: date | None
    source_note: str = Field(description="Where the relation is documented.")
    created_at: datetime


class RelationPage(Schema):
    count: int
    items: list[RelationOut]


class RelationIn(InputSchema):
    source_id: Id
    target_id: Id
    kind: RelationKind
    started: IsoDate | None = Field(None, description="Not in the future.")
    ended: IsoDate | None = Field(None, description="Not before `started`.")
    source_note: PlainText = Field("", max_length=500)


class RelationPatch(InputSchema):
    """Only the fields sent are changed; the source organization stays."""

    target_id: Omittable[Id] = None
    kind: Omittable[RelationKind] = None
    started: IsoDate | None = None
    ended: IsoDate | None = None
    source_note: Omittable[PlainText] = Field(None, max_length=500)


class RelationQuery(Schema):
    organization_id: Id | None = Field(
        None, description="Only relations from or to this organization."
    )


_RELATION_NAMES = {"source": "source_id", "target": "target_id"}


@router.get(
    "/relations",
    response=RelationPage,
    tags=["relations"],
    operation_id="relation_list",
    summary="List relations",
)
def relation_list(
    request: HttpRequest, filters: Query[RelationQuery], page: Query[PageQuery]
) -> dict[str, Any]:
    """Relations whose both ends the caller may see."""
    actor = _actor(request)
    organization = None
    if filters.organization_id is not None:
        organization = selectors.access_organization(
            user=actor, organization_id=filters.organization_id
        )
    return paginate(selectors.relation_list(user=actor, organization=organization), page)


@router.post(
    "/relations",
    response={201: RelationOut},
    tags=["relations"],
    operation_id="relation_create",
    summary="Add a relation",
)
def relation_create(request: HttpRequest, payload: RelationIn) -> Status[Relation]:
    """Needs the right to edit the source organization, and sight of the target."""
    actor = _actor(request)
    source = selectors.access_organization(user=actor, organization_id=payload.source_id)
    target = selectors.access_organization(user=actor, organization_id=payload.target_id)
    with fields_named(**_RELATION_NAMES):
        relation = services.relation_create(
            actor=actor,
            source=source,
            target=target,
            kind=payload.kind,
            started=payload.started,
            ended=payload.ended,
            source_note=payload.source_note,
        )
    return Status(201, selectors.access_relation(user=actor, relation_id=relation.pk))


@router.get(
    "/relations/{int:relation_id}",
    response=RelationOut,
    tags=["relations"],
    operation_id="relation_get",
    summary="Get a relation",
)
def relation_get(request: HttpRequest, relation_id: Id) -> Relation:
    return selectors.access_relation(user=_actor(request), relation_id=relation_id)


@router.patch(
    "/relations/{int:relation_id}",
    response=RelationOut,
    tags=["relations"],
    operation_id="relation_update",
    summary="Change a relation",
)
def relation_update(request: HttpRequest, relation_id: Id, payload: RelationPatch) -> Relation:
    actor = _actor(request)
    relation = selectors.access_relation(user=actor, relation_id=relation_id)
    fields = payload.dict(exclude_unset=True)
    if "target_id" in fields:
        fields["target"] = selectors.access_organization(
            user=actor, organization_id=fields.pop("target_id")
        )
    with fields_named(**_RELATION_NAMES):
        services.relation_update(actor=actor, relation=relation, **fields)
    return selectors.access_relation(user=actor, relation_id=relation.pk)


@router.delete(
    "/relations/{int:relation_id}",
    response={204: None},
    tags=["relations"],
    operation_id="relation_delete",
    summary="Delete a relation",
)
def relation_delete(request: HttpRequest, relation_id: Id) -> Status[None]:
    actor = _actor(request)
    relation = selectors.access_relation(user=actor, relation_id=relation_id)
    services.relation_delete(actor=actor, relation=relation)
    return Status(204, None)


# Questions -------------------------------------------------------------------------------


class QuestionRef(Schema):
    id: int
    title: str


class QuestionOut(Schema):
    id: int
    title: str
    description: str
    since: date | None
    created_at: datetime


class QuestionListItem(QuestionOut):
    organization_count: int = Field(
        description="Organizations visible to the caller that took a position on it."
    )


class QuestionPage(Schema):
    count: int
    items: list[QuestionListItem]


class QuestionIn(InputSchema):
    title: PlainText = Field(min_length=1, max_length=300, description="Unique.")
    description: PlainText = Field("", max_length=5000)
    since: IsoDate | None = None


@router.get(
    "/questions",
    response=QuestionPage,
    tags=["questions"],
    operation_id="question_list",
    summary="List questions",
)
def question_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    return paginate(selectors.question_list(user=_actor(request)), page)


@router.post(
    "/questions",
    response={201: QuestionOut},
    tags=["questions"],
    operation_id="question_create",
    summary="Add a question",
)
def question_create(request: HttpRequest, payload: QuestionIn) -> Status[Question]:
    actor = _actor(request)
    question = services.question_create(
        actor=actor, title=payload.title, description=payload.description, since=payload.since
    )
    return Status(201, selectors.access_question(user=actor, question_id=question.pk))


@router.get(
    "/questions/{int:question_id}",
    response=QuestionOut,
    tags=["questions"],
    operation_id="question_get",
    summary="Get a question",
)
def question_get(request: HttpRequest, question_id: Id) -> Question:
    return selectors.access_question(user=_actor(request), question_id=question_id)


# Positions -------------------------------------------------------------------------------


class PositionOut(Schema):
    id: int
    organization: OrganizationRef
    question: QuestionRef
    stance: Stance
    summary: str
    stated_on: date
    source_url: str
    quote: str = Field(description="In the original language.")
    quote_language: str = Field(description="ISO 639-1 code.")
    created_at: datetime


class PositionPage(Schema):
    count: int
    items: list[PositionOut]


class PositionIn(InputSchema):
    organization_id: Id
    question_id: Id
    stance: Stance
    stated_on: IsoDate = Field(
        description="Not in the future; one position per organization, question and day."
    )
    summary: PlainText = Field("", max_length=500)
    source_url: PlainText = Field("", max_length=500, description="An http(s) address.")
    quote: PlainText = Field("", max_length=5000)
    quote_language: PlainText = Field("", max_length=3, description="ISO 639-1 code.")


class PositionPatch(InputSchema):
    """Only the fields sent are changed; organization and question stay."""

    stance: Omittable[Stance] = None
    stated_on: Omittable[IsoDate] = None
    summary: Omittable[PlainText] = Field(None, max_length=500)
    source_url: Omittable[PlainText] = Field(None, max_length=500)
    quote: Omittable[PlainText] = Field(None, max_length=5000)
    quote_language: Omittable[PlainText] = Field(None, max_length=3)


class PositionQuery(Schema):
    organization_id: Id | None = Field(None, description="Only this organization's positions.")
    question_id: Id | None = Field(None, description="Only positions on this question.")


_POSITION_NAMES = {"organization": "organization_id", "question": "question_id"}


@router.get(
    "/positions",
    response=PositionPage,
    tags=["positions"],
    operation_id="position_list",
    summary="List positions",
)
def position_list(
    request: HttpRequest, filters: Query[PositionQuery], page: Query[PageQuery]
) -> dict[str, Any]:
    """Positions of organizations the caller may see, newest first."""
    actor = _actor(request)
    organization = question = None
    if filters.organization_id is not None:
        organization = selectors.access_organization(
            user=actor, organization_id=filters.organization_id
        )
    if filters.question_id is not None:
        question = selectors.access_question(user=actor, question_id=filters.question_id)
    found = selectors.position_list(user=actor, organization=organization, question=question)
    return paginate(found, page)


@router.post(
    "/positions",
    response={201: PositionOut},
    tags=["positions"],
    operation_id="position_create",
    summary="Record a position",
)
def position_create(request: HttpRequest, payload: PositionIn) -> Status[Position]:
    """Needs the right to edit the organization."""
    actor = _actor(request)
    organization = selectors.access_organization(
        user=actor, organization_id=payload.organization_id
    )
    question = selectors.access_question(user=actor, question_id=payload.question_id)
    fields = payload.dict(exclude={"organization_id", "question_id"})
    with fields_named(**_POSITION_NAMES):
        position = services.position_create(
            actor=actor, organization=organization, question=question, **fields
        )
    return Status(201, selectors.access_position(user=actor, position_id=position.pk))


@router.get(
    "/positions/{int:position_id}",
    response=PositionOut,
    tags=["positions"],
    operation_id="position_get",
    summary="Get a position",
)
def position_get(request: HttpRequest, position_id: Id) -> Position:
    return selectors.access_position(user=_actor(request), position_id=position_id)


@router.patch(
    "/positions/{int:position_id}",
    response=PositionOut,
    tags=["positions"],
    operation_id="position_update",
    summary="Change a position",
)
def position_update(request: HttpRequest, position_id: Id, payload: PositionPatch) -> Position:
    actor = _actor(request)
    position = selectors.access_position(user=actor, position_id=position_id)
    with fields_named(**_POSITION_NAMES):
        services.position_update(actor=actor, position=position, **payload.dict(exclude_unset=True))
    return selectors.access_position(user=actor, position_id=position.pk)


@router.delete(
    "/positions/{int:position_id}",
    response={204: None},
    tags=["positions"],
    operation_id="position_delete",
    summary="Delete a position",
)
def position_delete(request: HttpRequest, position_id: Id) -> Status[None]:
    actor = _actor(request)
    position = selectors.access_position(user=actor, position_id=position_id)
    services.position_delete(actor=actor, position=position)
    return Status(204, None)
