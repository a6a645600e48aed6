"""United fronts over HTTP: fronts, memberships and decisions, platform versions with their
diff and endorsements, joint statements and signatures. Mounted at `/api/v1/fronts`.

Reads go through `selectors` and writes through `services`/`statements`, which check who may
do what (see `access`): members of our organization read every front, a representative only
their own; the coordinating unit's organizers write. A signature is recorded only by a
representative of the organization itself. Lists answer `{"count": ..., "items": [...]}`.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from massline.accounts.access import has_role
from massline.accounts.models import Role, Unit, User
from massline.core.api import (
    Id,
    InputSchema,
    IsoDate,
    IsoDateTime,
    Omittable,
    PageQuery,
    PlainText,
    paginate,
)
from massline.directory import selectors as directory_selectors
from massline.fronts import access, selectors, services, statements
from massline.fronts.models import (
    Endorsement,
    Front,
    FrontMembership,
    MembershipDecision,
    PlatformVersion,
    Signature,
    Statement,
)
from massline.fronts.platform_diff import platform_diff

router = Router(tags=["fronts"])

if TYPE_CHECKING:
    Admission = str
    Weighting = str
    Majority = str
    Language = str
    DecisionStatus = str
    Choice = str
else:
    Admission = Literal[tuple(Front.Admission.values)]
    Weighting = Literal[tuple(Front.Weighting.values)]
    Majority = Literal[tuple(Front.Majority.values)]
    Language = Literal[tuple(code for code, _name in settings.LANGUAGES)]
    DecisionStatus = Literal[
        tuple(s for s in FrontMembership.Status.values if s != FrontMembership.Status.APPLIED)
    ]
    Choice = Literal["sign", "decline", "abstain"]

Slug = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")]


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _front(request: HttpRequest, slug: str) -> Front:
    """The front, or 404 when the caller may not see it (whether or not it exists)."""
    try:
        return selectors.front_get(user=_actor(request), slug=slug)
    except PermissionDenied:
        raise Http404 from None


# Fronts ----------------------------------------------------------------------------------


class FrontOrganizationRef(Schema):
    id: int
    name: str
    short_name: str
    country: str


class FrontOut(Schema):
    slug: str
    name: str
    short_name: str
    names: dict[str, str] = Field(description="The front's name per language code.")
    founded_on: date | None
    unit_id: int = Field(description="The coordinating unit.")
    secretariat: FrontOrganizationRef | None
    we_host: bool
    admission: Admission
    weighting: Weighting
    quorum_percent: int
    majority: Majority

    @staticmethod
    def resolve_names(obj: Front) -> dict[str, str]:
        return {row.language: row.name for row in obj.names.all()}


class FrontPage(Schema):
    count: int
    items: list[FrontOut]


class FrontIn(InputSchema):
    slug: Slug
    name: PlainText = Field(min_length=1, max_length=200)
    short_name: PlainText = Field(min_length=1, max_length=40)
    names: dict[Language, Annotated[PlainText, Field(max_length=200)]] = Field(default_factory=dict)
    founded_on: IsoDate | None = None
    unit_id: Id = Field(description="The coordinating unit; you must organize there.")
    secretariat_id: Id | None = None
    we_host: bool = False
    admission: Admission = "application"
    weighting: Weighting = "equal"
    quorum_percent: int = Field(50, ge=0, le=100)
    majority: Majority = "simple"


class FrontPatch(InputSchema):
    name: Omittable[PlainText] = Field(None, min_length=1, max_length=200)
    short_name: Omittable[PlainText] = Field(None, min_length=1, max_length=40)
    names: Omittable[dict[Language, Annotated[PlainText, Field(max_length=200)]]] = None
    founded_on: IsoDate | None = None
    secretariat_id: Id | None = None
    we_host: Omittable[bool] = None
    admission: Omittable[Admission] = None
    weighting: Omittable[Weighting] = None
    quorum_percent: Omittable[int] = Field(None, ge=0, le=100)
    majority: Omittable[Majority] = None


def _secretariat(actor: User, organization_id: int | None) -> Any:
    if organization_id is None:
        return None
    return directory_selectors.access_organization(user=actor, organization_id=organization_id)


@router.get("", response=FrontPage, operation_id="front_list", summary="List fronts")
def front_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    return paginate(selectors.front_list(user=_actor(request)), page)


@router.post("", response={201: FrontOut}, operation_id="front_create", summary="Create a front")
def front_create(request: HttpRequest, payload: FrontIn) -> Status[Front]:
    actor = _actor(request)
    if not access.can_create_front(actor):
        raise PermissionDenied
    data = payload.dict()
    unit = access_unit_for_front(actor, data.pop("unit_id"))
    data["secretariat"] = _secretariat(actor, data.pop("secretariat_id"))
    names = data.pop("names")
    front = services.front_create(actor=actor, unit=unit, names=names, **data)
    return Status(201, selectors.front_get(user=actor, slug=front.slug))


def access_unit_for_front(actor: User, unit_id: int) -> Unit:
    """The unit, if the actor organizes there."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not has_role(actor, Role.ORGANIZER, unit.pk):
        raise ValidationError({"unit_id": _("Choose a unit where you are an organizer.")})
    return unit


@router.get("/{slug}", response=FrontOut, operation_id="front_get", summary="A front")
def front_get(request: HttpRequest, slug: Slug) -> Front:
    return _front(request, slug)


@router.patch("/{slug}", response=FrontOut, operation_id="front_update", summary="Change a front")
def front_update(request: HttpRequest, slug: Slug, payload: FrontPatch) -> Front:
    actor = _actor(request)
    front = _front(request, slug)
    data = payload.dict(exclude_unset=True)
    if "secretariat_id" in data:
        data["secretariat"] = _secretariat(actor, data.pop("secretariat_id"))
    names = data.pop("names", None)
    services.front_update(actor=actor, front=front, names=names, **data)
    return selectors.front_get(user=actor, slug=front.slug)


# Memberships -----------------------------------------------------------------------------


class MembershipOut(Schema):
    id: int
    organization: FrontOrganizationRef
    status: str
    weight: int
    joined_on: date | None


class MembershipPage(Schema):
    count: int
    items: list[MembershipOut]


class MembershipIn(InputSchema):
    organization_id: Id
    status: Literal["member", "observer"]
    weight: int = Field(1, ge=1, le=1000)
    decided_on: IsoDate
    reason: PlainText = Field("", max_length=2000)


class DecisionOut(Schema):
    id: int
    status: str
    decided_on: date
    reason: str
    decided_by: str | None

    @staticmethod
    def resolve_decided_by(obj: MembershipDecision) -> str | None:
        return str(obj.decided_by) if obj.decided_by_id else None


class DecisionPage(Schema):
    count: int
    items: list[DecisionOut]


class DecisionIn(InputSchema):
    status: DecisionStatus
    decided_on: IsoDate
    reason: PlainText = Field("", max_length=2000)
    weight: int | None = Field(None, ge=1, le=1000)


@router.get(
    "/{slug}/memberships",
    response=MembershipPage,
    operation_id="front_membership_list",
    summary="Member organizations",
)
def membership_list(request: HttpRequest, slug: Slug, page: Query[PageQuery]) -> dict[str, Any]:
    front = _front(request, slug)
    return paginate(selectors.membership_list(user=_actor(request), front=front), page)


@router.post(
    "/{slug}/memberships",
    response={201: MembershipOut},
    operation_id="front_membership_add",
    summary="Admit an organization",
)
def membership_add(request: HttpRequest, slug: Slug, payload: MembershipIn) -> Status[Any]:
    actor = _actor(request)
    front = _front(request, slug)
    data = payload.dict()
    organization = directory_selectors.access_organization(
        user=actor, organization_id=data.pop("organization_id")
    )
    membership = services.membership_add(
        actor=actor, front=front, organization=organization, **data
    )
    return Status(201, membership)


def _membership(request: HttpRequest, front: Front, membership_id: int) -> FrontMembership:
    return selectors.membership_get(user=_actor(request), front=front, membership_id=membership_id)


@router.get(
    "/{slug}/memberships/{membership_id}/decisions",
    response=DecisionPage,
    operation_id="front_decision_list",
    summary="History of decisions on a membership",
)
def decision_list(
    request: HttpRequest, slug: Slug, membership_id: Id, page: Query[PageQuery]
) -> dict[str, Any]:
    front = _front(request, slug)
    membership = _membership(request, front, membership_id)
    return paginate(selectors.decision_list(user=_actor(request), membership=membership), page)


@router.post(
    "/{slug}/memberships/{membership_id}/decisions",
    response={201: DecisionOut},
    operation_id="front_decision_add",
    summary="Record a decision on a membership",
)
def decision_add(
    request: HttpRequest, slug: Slug, membership_id: Id, payload: DecisionIn
) -> Status[MembershipDecision]:
    front = _front(request, slug)
    membership = _membership(request, front, membership_id)
    decision = services.membership_decide(
        actor=_actor(request), membership=membership, **payload.dict()
    )
    return Status(201, decision)


# Platform --------------------------------------------------------------------------------


class PrincipleOut(Schema):
    number: int
    language: str
    text: str


class PlatformVersionOut(Schema):
    number: int
    status: str
    note: str
    adopted_on: date | None
    principles: list[PrincipleOut]

    @staticmethod
    def resolve_principles(obj: PlatformVersion) -> list[Any]:
        return list(obj.principles.order_by("language", "number"))


class VersionPage(Schema):
    count: int
    items: list[PlatformVersionOut]


Principles = list[Annotated[PlainText, Field(min_length=1, max_length=4000)]]


class PrinciplesIn(InputSchema):
    principles: dict[Language, Annotated[Principles, Field(max_length=100)]] = Field(
        description="Per language code, the principles in order; every language as many."
    )
    note: PlainText = Field("", max_length=2000)


class AdoptIn(InputSchema):
    adopted_on: IsoDate


class ReservationOut(Schema):
    principle_number: int
    text: str


class PlatformEndorsementOut(Schema):
    id: int
    version: int
    organization: FrontOrganizationRef
    endorsed_on: date
    reservations: list[ReservationOut]

    @staticmethod
    def resolve_version(obj: Endorsement) -> int:
        return obj.version.number

    @staticmethod
    def resolve_organization(obj: Endorsement) -> Any:
        return obj.membership.organization

    @staticmethod
    def resolve_reservations(obj: Endorsement) -> list[Any]:
        return list(obj.reservations.all())


class PlatformEndorsementPage(Schema):
    count: int
    items: list[PlatformEndorsementOut]


class EndorsementIn(InputSchema):
    membership_id: Id
    endorsed_on: IsoDate
    reservations: dict[
        Annotated[int, Field(ge=1, le=100)], Annotated[PlainText, Field(max_length=2000)]
    ] = Field(default_factory=dict, description="Per principle number, the reservation's text.")


class DiffPieceOut(Schema):
    kind: str
    text: str


class ChangeOut(Schema):
    kind: str = Field(description="same, added, removed or changed")
    old_number: int | None
    new_number: int | None
    old_text: str
    new_text: str
    pieces: list[DiffPieceOut] = Field(description="Word-level changes of a changed principle.")


class DiffOut(Schema):
    from_version: int
    to_version: int
    language: str
    changes: list[ChangeOut]


class DiffQuery(Schema):
    from_version: int | None = Field(
        None, ge=1, le=32767, alias="from", description="By default the version before `to`."
    )
    to_version: int | None = Field(
        None, ge=1, le=32767, alias="to", description="By default the newest version."
    )
    language: Language = "en"


@router.get(
    "/{slug}/platform/versions",
    response=VersionPage,
    operation_id="platform_version_list",
    summary="Versions of the platform",
)
def version_list(request: HttpRequest, slug: Slug, page: Query[PageQuery]) -> dict[str, Any]:
    front = _front(request, slug)
    versions = selectors.version_list(user=_actor(request), front=front).prefetch_related(
        "principles"
    )
    return paginate(versions, page)


@router.post(
    "/{slug}/platform/versions",
    response={201: PlatformVersionOut},
    operation_id="platform_version_draft",
    summary="Draft a new version",
)
def version_draft(request: HttpRequest, slug: Slug) -> Status[PlatformVersion]:
    front = _front(request, slug)
    return Status(201, services.version_draft(actor=_actor(request), front=front))


@router.get(
    "/{slug}/platform/versions/{number}",
    response=PlatformVersionOut,
    operation_id="platform_version_get",
    summary="A version of the platform",
)
def version_get(request: HttpRequest, slug: Slug, number: int) -> PlatformVersion:
    front = _front(request, slug)
    return selectors.version_get(user=_actor(request), front=front, number=number)


@router.put(
    "/{slug}/platform/versions/{number}/principles",
    response=PlatformVersionOut,
    operation_id="platform_version_write",
    summary="Replace the principles of a draft",
)
def version_write(
    request: HttpRequest, slug: Slug, number: int, payload: PrinciplesIn
) -> PlatformVersion:
    actor = _actor(request)
    front = _front(request, slug)
    version = selectors.version_get(user=actor, front=front, number=number)
    return services.version_update(
        actor=actor, version=version, texts=dict(payload.principles), note=payload.note
    )


@router.post(
    "/{slug}/platform/versions/{number}/adopt",
    response=PlatformVersionOut,
    operation_id="platform_version_adopt",
    summary="Adopt a draft",
)
def version_adopt(
    request: HttpRequest, slug: Slug, number: int, payload: AdoptIn
) -> PlatformVersion:
    actor = _actor(request)
    front = _front(request, slug)
    version = selectors.version_get(user=actor, front=front, number=number)
    return services.version_adopt(actor=actor, version=version, adopted_on=payload.adopted_on)


@router.get(
    "/{slug}/platform/diff",
    response=DiffOut,
    operation_id="platform_diff",
    summary="Changes between two versions",
)
def version_diff(request: HttpRequest, slug: Slug, query: Query[DiffQuery]) -> dict[str, Any]:
    actor = _actor(request)
    front = _front(request, slug)
    newest = selectors.version_list(user=actor, front=front).first()
    if newest is None:
        raise Http404
    to_number = query.to_version or newest.number
    new = selectors.version_get(user=actor, front=front, number=to_number)
    from_number = query.from_version or max(to_number - 1, 1)
    old = selectors.version_get(user=actor, front=front, number=from_number)
    changes = platform_diff(
        selectors.principles_in(old, query.language), selectors.principles_in(new, query.language)
    )
    return {
        "from_version": old.number,
        "to_version": new.number,
        "language": query.language,
        "changes": changes,
    }


@router.get(
    "/{slug}/platform/endorsements",
    response=PlatformEndorsementPage,
    operation_id="platform_endorsement_list",
    summary="Endorsements with their reservations",
)
def endorsement_list(request: HttpRequest, slug: Slug, page: Query[PageQuery]) -> dict[str, Any]:
    front = _front(request, slug)
    return paginate(selectors.endorsement_list(user=_actor(request), front=front), page)


@router.post(
    "/{slug}/platform/versions/{number}/endorsements",
    response={201: PlatformEndorsementOut},
    operation_id="platform_endorsement_add",
    summary="Record an endorsement",
)
def endorsement_add(
    request: HttpRequest, slug: Slug, number: int, payload: EndorsementIn
) -> Status[Endorsement]:
    actor = _actor(request)
    front = _front(request, slug)
    version = selectors.version_get(user=actor, front=front, number=number)
    membership = _membership(request, front, payload.membership_id)
    endorsement = services.endorsement_record(
        actor=actor,
        version=version,
        membership=membership,
        endorsed_on=payload.endorsed_on,
        reservations=dict(payload.reservations),
    )
    return Status(201, endorsement)


# Statements ------------------------------------------------------------------------------


class StatementTextOut(Schema):
    language: str
    title: str
    body: str


class StatementOut(Schema):
    id: int
    slug: str
    status: str
    deadline: datetime | None
    published_at: datetime | None
    texts: list[StatementTextOut]
    signed: int
    declined: int
    abstained: int
    pending: int

    @staticmethod
    def resolve_texts(obj: Statement) -> list[Any]:
        return list(obj.texts.all())


class StatementPage(Schema):
    count: int
    items: list[StatementOut]


class StatementTextIn(InputSchema):
    title: PlainText = Field(min_length=1, max_length=200)
    body: PlainText = Field(min_length=1, max_length=20000)


class StatementIn(InputSchema):
    slug: Slug
    texts: dict[Language, StatementTextIn] = Field(min_length=1)


class OpenIn(InputSchema):
    deadline: IsoDateTime


class StatementSignatureOut(Schema):
    organization: FrontOrganizationRef
    decision: str
    decided_at: datetime | None

    @staticmethod
    def resolve_organization(obj: Signature) -> Any:
        return obj.membership.organization


class StatementSignaturePage(Schema):
    count: int
    items: list[StatementSignatureOut]


class SignatureIn(InputSchema):
    membership_id: Id = Field(description="An organization you represent.")
    decision: Choice


def _statement(request: HttpRequest, front: Front, statement_id: int) -> Statement:
    return selectors.statement_get(user=_actor(request), front=front, statement_id=statement_id)


@router.get(
    "/{slug}/statements",
    response=StatementPage,
    operation_id="statement_list",
    summary="The register of joint statements",
)
def statement_list(request: HttpRequest, slug: Slug, page: Query[PageQuery]) -> dict[str, Any]:
    front = _front(request, slug)
    return paginate(selectors.statement_list(user=_actor(request), front=front), page)


@router.post(
    "/{slug}/statements",
    response={201: StatementOut},
    operation_id="statement_create",
    summary="Draft a joint statement",
)
def statement_create(request: HttpRequest, slug: Slug, payload: StatementIn) -> Status[Statement]:
    actor = _actor(request)
    front = _front(request, slug)
    statement = statements.statement_create(
        actor=actor,
        front=front,
        slug=payload.slug,
        texts={lang: (t.title, t.body) for lang, t in payload.texts.items()},
    )
    return Status(201, _statement(request, front, statement.pk))


@router.get(
    "/{slug}/statements/{statement_id}",
    response=StatementOut,
    operation_id="statement_get",
    summary="A joint statement",
)
def statement_get(request: HttpRequest, slug: Slug, statement_id: Id) -> Statement:
    return _statement(request, _front(request, slug), statement_id)


@router.post(
    "/{slug}/statements/{statement_id}/open",
    response=StatementOut,
    operation_id="statement_open",
    summary="Open the sign-on window",
)
def statement_open(
    request: HttpRequest, slug: Slug, statement_id: Id, payload: OpenIn
) -> Statement:
    front = _front(request, slug)
    statement = _statement(request, front, statement_id)
    statements.statement_open(actor=_actor(request), statement=statement, deadline=payload.deadline)
    return _statement(request, front, statement_id)


@router.post(
    "/{slug}/statements/{statement_id}/publish",
    response=StatementOut,
    operation_id="statement_publish",
    summary="Publish after the deadline",
)
def statement_publish(request: HttpRequest, slug: Slug, statement_id: Id) -> Statement:
    front = _front(request, slug)
    statement = _statement(request, front, statement_id)
    statements.statement_publish(actor=_actor(request), statement=statement)
    return _statement(request, front, statement_id)


@router.get(
    "/{slug}/statements/{statement_id}/signatures",
    response=StatementSignaturePage,
    operation_id="signature_list",
    summary="Each member organization's decision",
)
def signature_list(
    request: HttpRequest, slug: Slug, statement_id: Id, page: Query[PageQuery]
) -> dict[str, Any]:
    front = _front(request, slug)
    statement = _statement(request, front, statement_id)
    return paginate(selectors.signature_list(user=_actor(request), statement=statement), page)


@router.post(
    "/{slug}/statements/{statement_id}/signatures",
    response=StatementSignatureOut,
    operation_id="signature_decide",
    summary="Sign, decline or abstain for an organization you represent",
)
def signature_decide(
    request: HttpRequest, slug: Slug, statement_id: Id, payload: SignatureIn
) -> Signature:
    """Until the deadline; the decision may change. Only the organization's representatives."""
    actor = _actor(request)
    front = _front(request, slug)
    statement = _statement(request, front, statement_id)
    own = {
        s.membership_id: s for s in selectors.signature_for_user(user=actor, statement=statement)
    }
    found = own.get(payload.membership_id)
    if found is None:
        raise PermissionDenied
    try:
        signature, _token = statements.signature_decide(
            token=statements.signon_token(found), decision=payload.decision, actor=actor
        )
    except statements.SignOnRefused as refused:
        raise ValidationError(refused.message) from refused
    return signature
