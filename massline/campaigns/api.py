"""Campaigns over HTTP: campaigns, the case timeline, endorsements, actions, the letter log.

Mounted under `/api/v1/campaigns` by `massline.api`, which authenticates the caller. Reads go
through `selectors`, writes through `services`. The case answers each caller at their safety
level: fields and timeline entries above it are left out, never sent empty. A campaign the
caller cannot read (another unit's, or a draft they do not coordinate) answers 404.

Lists are paginated with `limit` and `offset` and answer `{"count": ..., "items": [...]}`.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from massline.accounts import access as account_access
from massline.accounts.models import User
from massline.audit.services import audit_record
from massline.campaigns import access, selectors, services
from massline.campaigns.models import (
    Action,
    Campaign,
    Endorsement,
    SupporterLetter,
)
from massline.core.api import (
    Id,
    InputSchema,
    IsoDate,
    PageQuery,
    PlainText,
    fields_named,
    paginate,
)
from massline.directory.models import Organization

router = Router()

if TYPE_CHECKING:
    ActionKind = str
    LetterStatus = str
    EndorsementStatus = str
else:
    ActionKind = Literal[tuple(Action.Kind.values)]
    LetterStatus = Literal[tuple(SupporterLetter.Status.values)]
    EndorsementStatus = Literal[("", *Endorsement.Status.values)]


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    return selectors.access_campaign(user=_actor(request), campaign_id=campaign_id)


# Campaigns -------------------------------------------------------------------------------


class CampaignOut(Schema):
    id: int
    slug: str
    kind: str
    status: str
    title: str
    summary: str
    goals: list[str]
    language: str = Field(description="The original language of the texts.")
    unit_id: int
    public_url: str | None = Field(description="The public page; null for a draft.")
    created_at: datetime

    @staticmethod
    def resolve_goals(obj: Campaign) -> list[str]:
        return obj.goal_lines()

    @staticmethod
    def resolve_public_url(obj: Campaign) -> str | None:
        return reverse("campaigns:public", args=[obj.slug]) if obj.is_public else None


class CampaignPage(Schema):
    count: int
    items: list[CampaignOut]


@router.get(
    "",
    response=CampaignPage,
    operation_id="campaign_list",
    summary="List campaigns",
)
def campaign_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """Campaigns of the caller's units (drafts only for their coordinators)."""
    return paginate(selectors.campaign_list(user=_actor(request)), page)


@router.get(
    "/{campaign_id}",
    response=CampaignOut,
    operation_id="campaign_get",
    summary="One campaign",
)
def campaign_get(request: HttpRequest, campaign_id: Id) -> Campaign:
    return _campaign(request, campaign_id)


# The case --------------------------------------------------------------------------------


class HearingOut(Schema):
    id: int
    held_on: date
    court: str
    description: str
    outcome: str
    visibility: str
    translations: dict[str, dict[str, str]] = Field(
        description="Court, description and outcome in other languages, by language code."
    )


class TransferOut(Schema):
    id: int
    moved_on: date
    place: str
    note: str
    visibility: str
    translations: dict[str, dict[str, str]] = Field(
        description="Place and note in other languages, by language code."
    )


class CaseOut(Schema):
    level: str = Field(description="The safety level the caller reads at.")
    fields: dict[str, str] = Field(
        description="The case's fields the caller may read; the others are absent."
    )
    has_photo: bool
    hearings: list[HearingOut]
    transfers: list[TransferOut]


@router.get(
    "/{campaign_id}/case",
    response=CaseOut,
    operation_id="campaign_case",
    summary="The prisoner's case and its timeline, at the caller's safety level",
)
def campaign_case(request: HttpRequest, campaign_id: Id) -> dict[str, Any]:
    campaign = _campaign(request, campaign_id)
    level = access.viewer_level(_actor(request), campaign)
    view = selectors.case_view(campaign=campaign, level=level)
    if view is None:
        raise Http404
    return {
        "level": str(level),
        "fields": {key: str(value) for key, value in view.values.items()},
        "has_photo": view.has_photo,
        "hearings": view.hearings,
        "transfers": view.transfers,
    }


# Endorsements ----------------------------------------------------------------------------


class CampaignEndorsementOut(Schema):
    id: int
    organization_name: str
    country: str
    statement: str
    status: str
    representative_name: str | None = Field(description="Coordinators only; else null.")
    contact_email: str | None = Field(description="Coordinators only; else null.")
    organization_id: int | None = Field(description="The matched directory organization.")
    submitted_at: datetime


class CampaignEndorsementPage(Schema):
    count: int
    items: list[CampaignEndorsementOut]


class EndorsementQuery(Schema):
    status: EndorsementStatus = Field("", description="pending, approved or rejected.")


def _endorsement_row(endorsement: Endorsement, *, full: bool) -> dict[str, Any]:
    return {
        "id": endorsement.pk,
        "organization_name": endorsement.organization_name,
        "country": endorsement.country,
        "statement": endorsement.statement,
        "status": endorsement.status,
        "representative_name": endorsement.representative_name if full else None,
        "contact_email": endorsement.contact_email if full else None,
        "organization_id": endorsement.organization_id if full else None,
        "submitted_at": endorsement.submitted_at,
    }


@router.get(
    "/{campaign_id}/endorsements",
    response=CampaignEndorsementPage,
    operation_id="campaign_endorsement_list",
    summary="List endorsements",
)
def endorsement_list(
    request: HttpRequest,
    campaign_id: Id,
    filters: Query[EndorsementQuery],
    page: Query[PageQuery],
) -> dict[str, Any]:
    """Coordinators get every endorsement with the representative's contact; other readers
    of the campaign get the approved ones without it."""
    actor = _actor(request)
    campaign = _campaign(request, campaign_id)
    full = access.can_coordinate(actor, campaign)
    if full:
        found = selectors.endorsement_list(user=actor, campaign=campaign, status=filters.status)
    else:
        found = selectors.approved_endorsements(campaign=campaign)
    result = paginate(found, page)
    result["items"] = [_endorsement_row(e, full=full) for e in result["items"]]
    if full and result["items"]:
        # representatives' names and addresses leave the instance in bulk: on the record
        audit_record(
            actor=actor,
            action="campaign.endorsement.export",
            obj=campaign,
            data={"count": len(result["items"]), "offset": page.offset},
        )
    return result


def _decide(request: HttpRequest, campaign_id: int, endorsement_id: int, approve: bool) -> Any:
    actor = _actor(request)
    campaign = _campaign(request, campaign_id)
    endorsement = selectors.access_endorsement(
        user=actor, campaign=campaign, endorsement_id=endorsement_id
    )
    done = services.endorsement_decide(actor=actor, endorsement=endorsement, approve=approve)
    return _endorsement_row(done, full=True)


@router.post(
    "/{campaign_id}/endorsements/{endorsement_id}/approve",
    response=CampaignEndorsementOut,
    operation_id="campaign_endorsement_approve",
    summary="Approve an endorsement",
)
def endorsement_approve(request: HttpRequest, campaign_id: Id, endorsement_id: Id) -> Any:
    return _decide(request, campaign_id, endorsement_id, True)


@router.post(
    "/{campaign_id}/endorsements/{endorsement_id}/reject",
    response=CampaignEndorsementOut,
    operation_id="campaign_endorsement_reject",
    summary="Reject an endorsement",
)
def endorsement_reject(request: HttpRequest, campaign_id: Id, endorsement_id: Id) -> Any:
    return _decide(request, campaign_id, endorsement_id, False)


# Actions ---------------------------------------------------------------------------------


class CampaignActionOut(Schema):
    id: int
    kind: str
    held_on: date
    city: str
    country: str
    place: str
    organization_id: int | None
    group: str = Field(description="The organizing group's name.")
    turnout: int | None
    description: str
    link: str
    status: str

    @staticmethod
    def resolve_group(obj: Action) -> str:
        return obj.group_label


class CampaignActionPage(Schema):
    count: int
    items: list[CampaignActionOut]


class CampaignActionIn(InputSchema):
    kind: ActionKind
    held_on: IsoDate
    city: PlainText = Field(min_length=1, max_length=120)
    country: PlainText = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2.")
    place: PlainText = Field("", max_length=300)
    organization_id: Id | None = Field(None, description="A directory organization.")
    group_name: PlainText = Field("", max_length=200)
    turnout: int | None = Field(None, ge=0, le=10_000_000)
    description: PlainText = Field("", max_length=3000)
    link: PlainText = Field("", max_length=500, description="An http(s) address.")


@router.get(
    "/{campaign_id}/actions",
    response=CampaignActionPage,
    operation_id="campaign_action_list",
    summary="List actions",
)
def action_list(request: HttpRequest, campaign_id: Id, page: Query[PageQuery]) -> dict[str, Any]:
    """Coordinators get pending and rejected actions too; other readers the approved ones."""
    actor = _actor(request)
    campaign = _campaign(request, campaign_id)
    if access.can_coordinate(actor, campaign):
        return paginate(selectors.action_list(user=actor, campaign=campaign), page)
    result = paginate(selectors.public_actions(campaign=campaign), page)
    for action in result["items"]:
        if action.organization is not None and action.organization.confidential:
            action.organization = None
    return result


@router.post(
    "/{campaign_id}/actions",
    response={201: CampaignActionOut},
    operation_id="campaign_action_create",
    summary="Add an action",
)
def action_create(request: HttpRequest, campaign_id: Id, body: CampaignActionIn) -> Any:
    actor = _actor(request)
    campaign = _campaign(request, campaign_id)
    data = body.dict()
    organization_id = data.pop("organization_id")
    organization = None
    if organization_id is not None:
        organization = (
            Organization.objects.filter(account_access.directory_scope(actor))
            .filter(pk=organization_id)
            .first()
        )
        if organization is None:
            raise ValidationError(
                {"organization_id": _("Choose an organization from the directory.")}
            )
    with fields_named(organization="organization_id"):
        action = services.action_create(
            actor=actor, campaign=campaign, organization=organization, **data
        )
    return Status(201, action)


# Letters ---------------------------------------------------------------------------------


class PrisonerLetterOut(Schema):
    id: int
    sender_id: int | None
    sender: str = Field(description="The member's name or the alias given.")
    sent_on: date
    language: str
    status: str
    note: str

    @staticmethod
    def resolve_sender(obj: SupporterLetter) -> str:
        return obj.sender_label


class PrisonerLetterPage(Schema):
    count: int
    items: list[PrisonerLetterOut]


class PrisonerLetterIn(InputSchema):
    sender_alias: PlainText = Field(
        "", max_length=200, description="For a sender without an account; coordinators only."
    )
    sent_on: IsoDate | None = Field(None, description="Defaults to today; not in the future.")
    language: PlainText = Field(min_length=2, max_length=3, description="ISO 639-1 code.")
    status: LetterStatus = "sent"
    note: PlainText = Field("", max_length=2000)


@router.get(
    "/{campaign_id}/letters",
    response=PrisonerLetterPage,
    operation_id="campaign_letter_list",
    summary="The log of letters to the prisoner",
)
def letter_list(request: HttpRequest, campaign_id: Id, page: Query[PageQuery]) -> dict[str, Any]:
    """Coordinators read the whole log; members their own letters."""
    actor = _actor(request)
    campaign = _campaign(request, campaign_id)
    return paginate(selectors.letter_log(user=actor, campaign=campaign), page)


@router.post(
    "/{campaign_id}/letters",
    response={201: PrisonerLetterOut},
    operation_id="campaign_letter_log",
    summary="Log a letter to the prisoner",
)
def letter_log(request: HttpRequest, campaign_id: Id, body: PrisonerLetterIn) -> Any:
    """Without `sender_alias` the letter is the caller's own; members may only log their own."""
    actor = _actor(request)
    campaign = _campaign(request, campaign_id)
    data = body.dict()
    if data["sent_on"] is None:
        data.pop("sent_on")
    if not data["sender_alias"]:
        data["sender"] = actor
    letter = services.letter_log(actor=actor, campaign=campaign, **data)
    return Status(201, letter)
