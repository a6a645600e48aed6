"""The correspondence register over HTTP, mounted under `/api/v1/letters` by `massline.api`.

Reads go through `selectors` (a letter the caller may not read answers 404), writes through
`services`, which check the caller's role, record a revision and audit. Workflow transitions are
POST operations on the letter (`/submit`, `/approve`, `/reopen`, `/send`, `/mark-sent`,
`/acknowledge`, `/publish`, `/unpublish`, `/withdraw`); the approval rule holds here as on the
web: nothing unapproved is sent, and an approved letter's text cannot change until reopened.
"""

import base64
import binascii
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator

from massline.accounts.models import Unit, User
from massline.campaigns.models import Campaign
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
from massline.directory import selectors as directory_selectors
from massline.directory.models import Organization
from massline.events.models import Anniversary, Event
from massline.letters import selectors, services
from massline.letters.models import BODY_MAX, SUBJECT_MAX, Letter
from massline.letters.services import RecipientSpec

router = Router(tags=["letters"])

Language = Annotated[
    str, Field(min_length=2, max_length=3, pattern=r"^[a-z]{2,3}$"), AfterValidator(plain_text)
]

if TYPE_CHECKING:
    LetterKind = str
    LetterStatus = str
    Direction = str
    SentVia = str
else:
    LetterKind = Literal[tuple(Letter.Kind.values)]
    LetterStatus = Literal[tuple(Letter.Status.values)]
    Direction = Literal[tuple(Letter.Direction.values)]
    SentVia = Literal[tuple(Letter.SentVia.values)]


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


# Schemas ---------------------------------------------------------------------------------


class RecipientOut(Schema):
    organization_id: int
    organization_name: str
    email: str
    languages: list[str]
    delivery: str
    delivered_at: datetime | None
    delivery_error: str

    @staticmethod
    def resolve_organization_name(obj: Any) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_languages(obj: Any) -> list[str]:
        return obj.language_codes()


class VersionSummary(Schema):
    language: str
    subject: str
    is_original: bool
    published_at: datetime | None


class LetterVersionOut(Schema):
    language: str
    subject: str
    body: str
    is_original: bool
    translator: str
    published_at: datetime | None
    updated_at: datetime


class LetterOut(Schema):
    id: int
    register_number: str = Field(description="YYYY/NNN, unique, without gaps within a year.")
    direction: Direction
    kind: LetterKind
    status: LetterStatus
    subject: str
    unit_id: int
    confidential: bool
    sender_id: int | None = Field(description="For a letter received: who wrote it.")
    recipients: list[RecipientOut]
    signatories: list[str]
    place: str
    letter_date: date | None
    event_id: int | None
    anniversary_id: int | None
    campaign_id: int | None
    in_reply_to_id: int | None
    received_on: date | None
    sent_on: date | None
    sent_via: str
    approved_at: datetime | None
    approved_hash: str = Field(description="SHA-256 of the approved content; empty if none.")
    versions: list[VersionSummary]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_recipients(obj: Letter) -> list[Any]:
        return list(obj.recipients.all())

    @staticmethod
    def resolve_signatories(obj: Letter) -> list[str]:
        return obj.signatory_lines()

    @staticmethod
    def resolve_versions(obj: Letter) -> list[Any]:
        return list(obj.versions.all())


class LetterPage(Schema):
    count: int
    items: list[LetterOut]


class RecipientIn(InputSchema):
    organization_id: Id
    email: PlainText = Field("", max_length=254)
    languages: list[Language] = Field(default_factory=list, max_length=10)


class LetterIn(InputSchema):
    unit_id: Id
    kind: LetterKind
    subject: PlainText = Field(min_length=1, max_length=SUBJECT_MAX)
    confidential: bool = False
    recipients: list[RecipientIn] = Field(default_factory=list, max_length=100)
    co_signer_ids: list[Id] = Field(default_factory=list, max_length=50)
    signatories: list[Annotated[PlainText, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=20
    )
    place: PlainText = Field("", max_length=120)
    letter_date: IsoDate | None = None
    event_id: Id | None = None
    anniversary_id: Id | None = None
    campaign_id: Id | None = None
    in_reply_to_id: Id | None = None
    language: Language | None = Field(None, description="Language of the original text.")
    body: PlainText = Field("", max_length=BODY_MAX, description="The original text.")


class LetterPatch(InputSchema):
    kind: Omittable[LetterKind] = None
    subject: Omittable[PlainText] = Field(None, min_length=1, max_length=SUBJECT_MAX)
    confidential: Omittable[bool] = None
    recipients: Omittable[list[RecipientIn]] = Field(None, max_length=100)
    co_signer_ids: Omittable[list[Id]] = Field(None, max_length=50)
    signatories: Omittable[list[Annotated[PlainText, Field(min_length=1, max_length=200)]]] = Field(
        None, max_length=20
    )
    place: Omittable[PlainText] = Field(None, max_length=120)
    letter_date: IsoDate | None = None
    event_id: Id | None = None
    anniversary_id: Id | None = None
    campaign_id: Id | None = None
    in_reply_to_id: Id | None = None


class InboundIn(InputSchema):
    unit_id: Id
    sender_id: Id
    kind: LetterKind
    subject: PlainText = Field(min_length=1, max_length=SUBJECT_MAX)
    received_on: IsoDate
    language: Language
    body: PlainText = Field("", max_length=BODY_MAX)
    pdf_base64: str = Field(
        "", max_length=15_000_000, description="The letter's PDF, base64-encoded (optional)."
    )
    pdf_name: PlainText = Field("", max_length=200)
    in_reply_to_id: Id | None = None
    event_id: Id | None = None
    campaign_id: Id | None = None
    confidential: bool = False


class VersionIn(InputSchema):
    subject: PlainText = Field(min_length=1, max_length=SUBJECT_MAX)
    body: PlainText = Field(min_length=1, max_length=BODY_MAX)
    is_original: bool = False
    translator: PlainText = Field("", max_length=200)


class CommentIn(InputSchema):
    body: PlainText = Field(min_length=1, max_length=5000)


class ReasonIn(InputSchema):
    reason: PlainText = Field(min_length=1, max_length=1000)


class MarkSentIn(InputSchema):
    via: SentVia
    sent_on: IsoDate
    delivered: bool = True


class AcknowledgeIn(InputSchema):
    reply_id: Id = Field(description="A letter received that answers this one.")


class LanguagesIn(InputSchema):
    languages: list[Language] = Field(min_length=1, max_length=20)


class LetterQuery(Schema):
    q: PlainText = Field("", max_length=200, description="Full text in any language, or YYYY/NNN.")
    organization: Id | None = Field(None, description="Sender, recipient or co-signer.")
    country: PlainText = Field("", max_length=2, description="ISO 3166-1 alpha-2 code.")
    kind: PlainText = Field("", max_length=12)
    year: int | None = Field(None, ge=1900, le=2200)
    direction: PlainText = Field("", max_length=3)
    status: PlainText = Field("", max_length=12)


# Resolving references --------------------------------------------------------------------


def _organization(actor: User, organization_id: int) -> Organization:
    return directory_selectors.access_organization(user=actor, organization_id=organization_id)


def _unit(actor: User, unit_id: int) -> Unit:
    """The unit named; whether the actor may write there is the service's question."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError({"unit_id": _("No such unit.")})
    return unit


def _optional(model: Any, pk: int | None, queryset: Any = None) -> Any:
    if pk is None:
        return None
    try:
        return (queryset if queryset is not None else model.objects).get(pk=pk)
    except model.DoesNotExist as exc:
        raise ValidationError({f"{model._meta.model_name}_id": _("No such record.")}) from exc


def _event(actor: User, pk: int | None) -> Event | None:
    return _optional(Event, pk, selectors.event_choices(user=actor))


def _campaign(actor: User, pk: int | None) -> Campaign | None:
    return _optional(Campaign, pk, selectors.campaign_choices(user=actor))


def _anniversary(pk: int | None) -> Anniversary | None:
    return _optional(Anniversary, pk)


def _letter_ref(actor: User, pk: int | None, field: str = "in_reply_to_id") -> Letter | None:
    if pk is None:
        return None
    try:
        return selectors.access_letter(user=actor, letter_id=pk)
    except Http404 as exc:
        raise ValidationError({field: _("No such letter.")}) from exc


def _recipients(actor: User, items: list[RecipientIn]) -> list[RecipientSpec]:
    return [
        RecipientSpec(
            organization=_organization(actor, item.organization_id),
            email=item.email,
            languages=",".join(item.languages),
        )
        for item in items
    ]


def _reload(actor: User, letter: Letter) -> Letter:
    return selectors.letter_list(user=actor).get(pk=letter.pk)


def _letter(actor: User, letter_id: int) -> Letter:
    return selectors.access_letter(user=actor, letter_id=letter_id)


# Letters ---------------------------------------------------------------------------------


@router.get("", response=LetterPage, operation_id="letter_list", summary="List or search letters")
def letter_list(
    request: HttpRequest, filters: Query[LetterQuery], page: Query[PageQuery]
) -> dict[str, Any]:
    """The register as the caller may see it, newest first; `q` searches every language."""
    found = selectors.letter_list(
        user=_actor(request), filters=selectors.LetterFilters.from_params(filters.dict())
    )
    return paginate(found, page)


@router.post("", response={201: LetterOut}, operation_id="letter_create", summary="Draft a letter")
def letter_create(request: HttpRequest, payload: LetterIn) -> Status[Letter]:
    actor = _actor(request)
    with fields_named(unit="unit_id", event="event_id", campaign="campaign_id"):
        letter = services.letter_create(
            actor=actor,
            unit=_unit(actor, payload.unit_id),
            kind=payload.kind,
            subject=payload.subject,
            confidential=payload.confidential,
            recipients=_recipients(actor, payload.recipients),
            co_signers=[_organization(actor, pk) for pk in payload.co_signer_ids],
            signatories="\n".join(payload.signatories),
            place=payload.place,
            letter_date=payload.letter_date,
            event=_event(actor, payload.event_id),
            anniversary=_anniversary(payload.anniversary_id),
            campaign=_campaign(actor, payload.campaign_id),
            in_reply_to=_letter_ref(actor, payload.in_reply_to_id),
            language=payload.language or "",
            body=payload.body,
        )
    return Status(201, _reload(actor, letter))


@router.post(
    "/received",
    response={201: LetterOut},
    operation_id="letter_register_received",
    summary="Register a letter received",
)
def letter_register_received(request: HttpRequest, payload: InboundIn) -> Status[Letter]:
    actor = _actor(request)
    pdf = None
    if payload.pdf_base64:
        try:
            pdf = base64.b64decode(payload.pdf_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationError({"pdf_base64": _("This is not base64.")}) from exc
    with fields_named(pdf="pdf_base64", unit="unit_id", sender="sender_id"):
        letter = services.inbound_register(
            actor=actor,
            unit=_unit(actor, payload.unit_id),
            sender=_organization(actor, payload.sender_id),
            kind=payload.kind,
            subject=payload.subject,
            received_on=payload.received_on,
            language=payload.language,
            body=payload.body,
            pdf=pdf,
            pdf_name=payload.pdf_name,
            in_reply_to=_letter_ref(actor, payload.in_reply_to_id),
            event=_event(actor, payload.event_id),
            campaign=_campaign(actor, payload.campaign_id),
            confidential=payload.confidential,
        )
    return Status(201, _reload(actor, letter))


@router.get(
    "/{int:letter_id}", response=LetterOut, operation_id="letter_get", summary="Get a letter"
)
def letter_get(request: HttpRequest, letter_id: Id) -> Letter:
    actor = _actor(request)
    return _reload(actor, _letter(actor, letter_id))


@router.patch(
    "/{int:letter_id}", response=LetterOut, operation_id="letter_update", summary="Change a letter"
)
def letter_update(request: HttpRequest, letter_id: Id, payload: LetterPatch) -> Letter:
    """Only the fields sent change; refused while the letter is approved (reopen it first)."""
    actor = _actor(request)
    letter = _letter(actor, letter_id)
    data = payload.dict(exclude_unset=True)
    fields: dict[str, Any] = {}
    for key in ("kind", "subject", "confidential", "place", "letter_date"):
        if key in data:
            fields[key] = data[key]
    if "signatories" in data:
        fields["signatories"] = "\n".join(data["signatories"])
    if "event_id" in data:
        fields["event"] = _event(actor, data["event_id"])
    if "anniversary_id" in data:
        fields["anniversary"] = _anniversary(data["anniversary_id"])
    if "campaign_id" in data:
        fields["campaign"] = _campaign(actor, data["campaign_id"])
    if "in_reply_to_id" in data:
        fields["in_reply_to"] = _letter_ref(actor, data["in_reply_to_id"])
    recipients = _recipients(actor, payload.recipients or []) if "recipients" in data else None
    co_signers = (
        [_organization(actor, pk) for pk in data["co_signer_ids"]]
        if "co_signer_ids" in data
        else None
    )
    with fields_named(event="event_id", campaign="campaign_id", in_reply_to="in_reply_to_id"):
        services.letter_update(
            actor=actor, letter=letter, recipients=recipients, co_signers=co_signers, **fields
        )
    return _reload(actor, letter)


# Versions --------------------------------------------------------------------------------


@router.get(
    "/{int:letter_id}/versions",
    response=list[LetterVersionOut],
    operation_id="letter_version_list",
    summary="The letter in each language",
)
def version_list(request: HttpRequest, letter_id: Id) -> list[Any]:
    letter = _letter(_actor(request), letter_id)
    return list(letter.versions.all())


@router.put(
    "/{int:letter_id}/versions/{language}",
    response=LetterVersionOut,
    operation_id="letter_version_save",
    summary="Write the letter in a language",
)
def version_save(
    request: HttpRequest, letter_id: Id, language: Language, payload: VersionIn
) -> Any:
    actor = _actor(request)
    letter = _letter(actor, letter_id)
    return services.version_save(actor=actor, letter=letter, language=language, **payload.dict())


@router.delete(
    "/{int:letter_id}/versions/{language}",
    response={204: None},
    operation_id="letter_version_delete",
    summary="Remove a language version",
)
def version_delete(request: HttpRequest, letter_id: Id, language: Language) -> Status[None]:
    actor = _actor(request)
    letter = _letter(actor, letter_id)
    version = letter.versions.filter(language=language).first()
    if version is None:
        raise Http404
    services.version_delete(actor=actor, version=version)
    return Status(204, None)


# Workflow --------------------------------------------------------------------------------


@router.post(
    "/{int:letter_id}/comments",
    response={201: None},
    operation_id="letter_comment",
    summary="Comment on a letter in review",
)
def letter_comment(request: HttpRequest, letter_id: Id, payload: CommentIn) -> Status[None]:
    actor = _actor(request)
    services.comment_add(actor=actor, letter=_letter(actor, letter_id), body=payload.body)
    return Status(201, None)


@router.post(
    "/{int:letter_id}/submit",
    response=LetterOut,
    operation_id="letter_submit",
    summary="Submit a draft for review",
)
def letter_submit(request: HttpRequest, letter_id: Id) -> Letter:
    actor = _actor(request)
    letter = services.letter_submit(actor=actor, letter=_letter(actor, letter_id))
    return _reload(actor, letter)


@router.post(
    "/{int:letter_id}/approve",
    response=LetterOut,
    operation_id="letter_approve",
    summary="Approve a letter in review",
)
def letter_approve(request: HttpRequest, letter_id: Id) -> Letter:
    """A secretary of the letter's unit who did not write it; freezes the text."""
    actor = _actor(request)
    letter = services.letter_approve(actor=actor, letter=_letter(actor, letter_id))
    return _reload(actor, letter)


@router.post(
    "/{int:letter_id}/reopen",
    response=LetterOut,
    operation_id="letter_reopen",
    summary="Reopen an approved letter for editing",
)
def letter_reopen(request: HttpRequest, letter_id: Id, payload: ReasonIn) -> Letter:
    actor = _actor(request)
    letter = services.letter_reopen(
        actor=actor, letter=_letter(actor, letter_id), reason=payload.reason
    )
    return _reload(actor, letter)


@router.post(
    "/{int:letter_id}/send",
    response=LetterOut,
    operation_id="letter_send",
    summary="Send an approved letter by email",
)
def letter_send(request: HttpRequest, letter_id: Id) -> Letter:
    """Mails go out after the request (a task); `recipients[].delivery` shows each outcome."""
    actor = _actor(request)
    letter = services.letter_send(actor=actor, letter=_letter(actor, letter_id))
    return _reload(actor, letter)


@router.post(
    "/{int:letter_id}/mark-sent",
    response=LetterOut,
    operation_id="letter_mark_sent",
    summary="Record an approved letter as sent another way",
)
def letter_mark_sent(request: HttpRequest, letter_id: Id, payload: MarkSentIn) -> Letter:
    actor = _actor(request)
    letter = services.letter_mark_sent(
        actor=actor, letter=_letter(actor, letter_id), **payload.dict()
    )
    return _reload(actor, letter)


@router.post(
    "/{int:letter_id}/acknowledge",
    response=LetterOut,
    operation_id="letter_acknowledge",
    summary="Link the reply to a letter sent",
)
def letter_acknowledge(request: HttpRequest, letter_id: Id, payload: AcknowledgeIn) -> Letter:
    actor = _actor(request)
    letter = _letter(actor, letter_id)
    reply = _letter_ref(actor, payload.reply_id, "reply_id")
    assert reply is not None
    letter = services.letter_acknowledge(actor=actor, letter=letter, reply=reply)
    return _reload(actor, letter)


@router.post(
    "/{int:letter_id}/withdraw",
    response=LetterOut,
    operation_id="letter_withdraw",
    summary="Withdraw a letter not yet sent",
)
def letter_withdraw(request: HttpRequest, letter_id: Id, payload: ReasonIn) -> Letter:
    actor = _actor(request)
    letter = services.letter_withdraw(
        actor=actor, letter=_letter(actor, letter_id), reason=payload.reason
    )
    return _reload(actor, letter)


# Publication -----------------------------------------------------------------------------


@router.post(
    "/{int:letter_id}/publish",
    response=LetterOut,
    operation_id="letter_publish",
    summary="Publish language versions on the public pages",
)
def letter_publish(request: HttpRequest, letter_id: Id, payload: LanguagesIn) -> Letter:
    actor = _actor(request)
    letter = services.letter_publish(
        actor=actor, letter=_letter(actor, letter_id), languages=payload.languages
    )
    return _reload(actor, letter)


@router.post(
    "/{int:letter_id}/unpublish",
    response=LetterOut,
    operation_id="letter_unpublish",
    summary="Take language versions off the public pages",
)
def letter_unpublish(request: HttpRequest, letter_id: Id, payload: LanguagesIn) -> Letter:
    actor = _actor(request)
    letter = services.letter_unpublish(
        actor=actor, letter=_letter(actor, letter_id), languages=payload.languages
    )
    return _reload(actor, letter)
