"""Reviews over HTTP: reviews, findings, corrective actions, trends and the tendencies.

Mounted under `/api/v1/reviews` by `massline.api.main`. Everything is scoped by the circle of
each review (see `massline.reviews.access`): a review outside the caller's circle, and its
findings and actions, answer 404 and are never listed or counted. The anonymous criticism box
is deliberately not part of the API: a token names its holder.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator

from massline.accounts.models import User
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
from massline.reviews import access, selectors, services, subjects
from massline.reviews.models import CorrectiveAction, Finding, Review, Tendency

router = Router()

TendencyCode = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(plain_text)]

if TYPE_CHECKING:
    ConfidentialityValue = str
    FindingKind = str
    ActionStatus = str
    SubjectKind = str
else:
    ConfidentialityValue = Literal[tuple(Review.Confidentiality.values)]
    FindingKind = Literal[tuple(Finding.Kind.values)]
    ActionStatus = Literal[tuple(CorrectiveAction.Status.values)]
    SubjectKind = Literal[tuple(kind.code for kind in subjects.REVIEWABLE_KINDS)]


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _person(actor: User, user_id: int, field: str) -> User:
    """Someone the actor may name in a review: a person of the actor's units."""
    person = selectors.participant_choices(user=actor).filter(pk=user_id).first()
    if person is None:
        raise ValidationError({field: _("Choose a person of your units.")})
    return person


def _people(actor: User, ids: list[int], field: str) -> list[User]:
    people = list(selectors.participant_choices(user=actor).filter(pk__in=ids))
    if len(people) != len(set(ids)):
        raise ValidationError({field: _("Choose people of your units.")})
    return people


class ReviewUserRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj: User) -> str:
        return obj.display_name or obj.email


# Tendencies ------------------------------------------------------------------------------


class TendencyOut(Schema):
    code: str
    name: str = Field(description="In the language of the request.")
    explanation: str = Field(description="In the language of the request.")


@router.get(
    "/tendencies",
    response=list[TendencyOut],
    tags=["reviews"],
    operation_id="review_tendency_list",
    summary="List the tendencies errors are tagged with",
)
def tendency_list(request: HttpRequest) -> list[Tendency]:
    _actor(request)
    return list(selectors.tendency_list())


# Reviews ---------------------------------------------------------------------------------


class ReviewOut(Schema):
    id: int
    title: str
    subject_kind: str = Field(description="campaign, event, letter, front, unit or self.")
    subject_id: int
    subject_label: str
    unit_id: int
    held_on: date
    facilitator: ReviewUserRef
    participants: list[ReviewUserRef]
    confidentiality: ConfidentialityValue
    summary: str
    follows_id: int | None = Field(description="The earlier review this one follows up.")
    created_at: datetime

    @staticmethod
    def resolve_subject_kind(obj: Review) -> str:
        kind = subjects.kind_of_type(obj.subject_type)
        return kind.code if kind else ""

    @staticmethod
    def resolve_participants(obj: Review) -> list[User]:
        return list(obj.participants.all())


class ReviewPage(Schema):
    count: int
    items: list[ReviewOut]


class ReviewQuery(Schema):
    q: PlainText = Field("", max_length=200, description="Part of the title or subject.")
    unit: Id | None = None
    kind: PlainText = Field("", max_length=20, description="A subject kind.")
    tendency: PlainText = Field("", max_length=40, description="A tendency code.")


class ReviewIn(InputSchema):
    subject_kind: SubjectKind
    subject_id: Id
    unit_id: Id | None = Field(None, description="Only for a self-criticism.")
    title: PlainText = Field(min_length=1, max_length=200)
    held_on: IsoDate
    facilitator_id: Id
    participant_ids: list[Id] = Field(default_factory=list, max_length=200)
    confidentiality: ConfidentialityValue = "unit"
    summary: PlainText = Field("", max_length=10000)


class ReviewPatch(InputSchema):
    title: Omittable[PlainText] = Field(None, min_length=1, max_length=200)
    held_on: Omittable[IsoDate] = None
    facilitator_id: Omittable[Id] = None
    participant_ids: Omittable[list[Id]] = Field(None, max_length=200)
    confidentiality: Omittable[ConfidentialityValue] = None
    summary: Omittable[PlainText] = Field(None, max_length=10000)


class ReviewFollowUpIn(InputSchema):
    held_on: IsoDate = Field(description="After the review, not in the past.")
    title: PlainText = Field("", max_length=200)


def _review(actor: User, review_id: int) -> Review:
    return selectors.access_review(user=actor, review_id=review_id)


@router.get(
    "/reviews",
    response=ReviewPage,
    tags=["reviews"],
    operation_id="review_list",
    summary="List reviews",
)
def review_list(
    request: HttpRequest, filters: Query[ReviewQuery], page: Query[PageQuery]
) -> dict[str, Any]:
    """Reviews in the caller's circle, newest first."""
    found = selectors.review_list(
        user=_actor(request), filters=selectors.ReviewFilters.from_params(filters.dict())
    ).prefetch_related("participants")
    return paginate(found, page)


@router.post(
    "/reviews",
    response={201: ReviewOut},
    tags=["reviews"],
    operation_id="review_create",
    summary="Hold a review",
)
def review_create(request: HttpRequest, payload: ReviewIn) -> Status[Review]:
    """Organizers review their units' work; any member writes their own self-criticism."""
    actor = _actor(request)
    if not access.can_hold_any_review(actor):
        raise PermissionDenied
    unit = None
    if payload.unit_id is not None:
        unit = selectors.box_unit_choices(user=actor).filter(pk=payload.unit_id).first()
        if unit is None:
            raise ValidationError({"unit_id": _("Choose a unit you belong to.")})
    with fields_named(subject="subject_id", unit="unit_id", facilitator="facilitator_id"):
        review = services.review_create(
            actor=actor,
            subject_kind=payload.subject_kind,
            subject_id=payload.subject_id,
            unit=unit,
            title=payload.title,
            held_on=payload.held_on,
            facilitator=_person(actor, payload.facilitator_id, "facilitator_id"),
            participants=_people(actor, payload.participant_ids, "participant_ids"),
            confidentiality=payload.confidentiality,
            summary=payload.summary,
        )
    return Status(201, _review(actor, review.pk))


@router.get(
    "/reviews/{int:review_id}",
    response=ReviewOut,
    tags=["reviews"],
    operation_id="review_get",
    summary="Get a review",
)
def review_get(request: HttpRequest, review_id: Id) -> Review:
    return _review(_actor(request), review_id)


@router.patch(
    "/reviews/{int:review_id}",
    response=ReviewOut,
    tags=["reviews"],
    operation_id="review_update",
    summary="Change a review",
)
def review_update(request: HttpRequest, review_id: Id, payload: ReviewPatch) -> Review:
    actor = _actor(request)
    review = selectors.access_review_for_edit(user=actor, review_id=review_id)
    data = payload.dict(exclude_unset=True)
    fields: dict[str, Any] = {
        key: value for key, value in data.items() if key in services.REVIEW_FIELDS
    }
    if "facilitator_id" in data:
        fields["facilitator"] = _person(actor, data["facilitator_id"], "facilitator_id")
    participants = None
    if "participant_ids" in data:
        participants = _people(actor, data["participant_ids"], "participant_ids")
    with fields_named(facilitator="facilitator_id", participants="participant_ids"):
        services.review_update(actor=actor, review=review, participants=participants, **fields)
    return _review(actor, review.pk)


@router.post(
    "/reviews/{int:review_id}/follow-ups",
    response={201: ReviewOut},
    tags=["reviews"],
    operation_id="review_follow_up",
    summary="Schedule a follow-up review",
)
def review_follow_up(
    request: HttpRequest, review_id: Id, payload: ReviewFollowUpIn
) -> Status[Review]:
    """A later review of the same subject, in the same circle, that shows the earlier
    findings and the state of their corrections."""
    actor = _actor(request)
    review = selectors.access_review_for_edit(user=actor, review_id=review_id)
    follow_up = services.follow_up_schedule(
        actor=actor, review=review, held_on=payload.held_on, title=payload.title
    )
    return Status(201, _review(actor, follow_up.pk))


# Findings and actions --------------------------------------------------------------------


class CorrectiveActionOut(Schema):
    id: int
    finding_id: int
    description: str
    owner: ReviewUserRef
    due_on: date
    status: ActionStatus
    overdue: bool
    note: str
    dropped_reason: str
    done_at: datetime | None
    verified_by: ReviewUserRef | None
    verified_at: datetime | None

    @staticmethod
    def resolve_overdue(obj: CorrectiveAction) -> bool:
        return obj.is_overdue


class CorrectiveActionPage(Schema):
    count: int
    items: list[CorrectiveActionOut]


class FindingOut(Schema):
    id: int
    review_id: int
    kind: FindingKind
    title: str
    facts: str
    root_cause: str
    tendencies: list[str] = Field(description="Tendency codes.")
    raised_by: ReviewUserRef | None = Field(description="Null: raised anonymously.")
    actions: list[CorrectiveActionOut]

    @staticmethod
    def resolve_tendencies(obj: Finding) -> list[str]:
        return [t.code for t in obj.tendencies.all()]

    @staticmethod
    def resolve_actions(obj: Finding) -> list[CorrectiveAction]:
        return list(obj.actions.all())


class FindingIn(InputSchema):
    kind: FindingKind
    title: PlainText = Field(min_length=1, max_length=200)
    facts: PlainText = Field("", max_length=5000)
    root_cause: PlainText = Field("", max_length=5000)
    tendencies: list[TendencyCode] = Field(
        default_factory=list, max_length=6, description="Codes; errors need at least one."
    )
    raised_by_id: Id | None = Field(None, description="A participant; null for anonymous.")


class FindingPatch(InputSchema):
    title: Omittable[PlainText] = Field(None, min_length=1, max_length=200)
    facts: Omittable[PlainText] = Field(None, max_length=5000)
    root_cause: Omittable[PlainText] = Field(None, max_length=5000)
    tendencies: Omittable[list[TendencyCode]] = Field(None, max_length=6)


class CorrectiveActionIn(InputSchema):
    description: PlainText = Field(min_length=1, max_length=500)
    owner_id: Id = Field(description="Someone who can read the review.")
    due_on: IsoDate = Field(description="Not in the past.")


class ActionPatch(InputSchema):
    description: Omittable[PlainText] = Field(None, min_length=1, max_length=500)
    owner_id: Omittable[Id] = None
    due_on: Omittable[IsoDate] = None


class StatusIn(InputSchema):
    status: Literal["done", "open", "dropped"]
    note: PlainText = Field("", max_length=2000)
    reason: PlainText = Field("", max_length=2000, description="Needed to drop an action.")


class VerifyIn(InputSchema):
    note: PlainText = Field("", max_length=2000)


class ActionQuery(Schema):
    mine: bool = Field(False, description="Only the caller's own actions.")
    status: PlainText = Field("", max_length=10)
    overdue: bool = Field(False, description="Only open actions past their due date.")


def _finding(actor: User, finding_id: int) -> Finding:
    finding = selectors.access_finding(user=actor, finding_id=finding_id)
    return selectors.finding_list(user=actor, review=finding.review).get(pk=finding.pk)


@router.get(
    "/reviews/{int:review_id}/findings",
    response=list[FindingOut],
    tags=["reviews"],
    operation_id="review_finding_list",
    summary="List the findings of a review",
)
def finding_list(request: HttpRequest, review_id: Id) -> list[Finding]:
    actor = _actor(request)
    return list(selectors.finding_list(user=actor, review=_review(actor, review_id)))


@router.post(
    "/reviews/{int:review_id}/findings",
    response={201: FindingOut},
    tags=["reviews"],
    operation_id="review_finding_add",
    summary="Record a finding",
)
def finding_add(request: HttpRequest, review_id: Id, payload: FindingIn) -> Status[Finding]:
    """Errors name one or more tendencies by code; unknown codes are refused."""
    actor = _actor(request)
    review = selectors.access_review_for_edit(user=actor, review_id=review_id)
    raised_by = None
    if payload.raised_by_id is not None:
        raised_by = User.objects.filter(pk=payload.raised_by_id, is_active=True).first()
        if raised_by is None:
            raise ValidationError({"raised_by_id": _("Choose a participant.")})
    with fields_named(raised_by="raised_by_id"):
        finding = services.finding_add(
            actor=actor,
            review=review,
            kind=payload.kind,
            title=payload.title,
            facts=payload.facts,
            root_cause=payload.root_cause,
            tendencies=payload.tendencies,
            raised_by=raised_by,
        )
    return Status(201, _finding(actor, finding.pk))


@router.patch(
    "/findings/{int:finding_id}",
    response=FindingOut,
    tags=["reviews"],
    operation_id="review_finding_update",
    summary="Change a finding",
)
def finding_update(request: HttpRequest, finding_id: Id, payload: FindingPatch) -> Finding:
    actor = _actor(request)
    finding = selectors.access_finding(user=actor, finding_id=finding_id)
    data = payload.dict(exclude_unset=True)
    tendencies = data.pop("tendencies", None)
    services.finding_update(actor=actor, finding=finding, tendencies=tendencies, **data)
    return _finding(actor, finding.pk)


@router.get(
    "/actions",
    response=CorrectiveActionPage,
    tags=["reviews"],
    operation_id="review_action_list",
    summary="List corrective actions",
)
def action_list(
    request: HttpRequest, filters: Query[ActionQuery], page: Query[PageQuery]
) -> dict[str, Any]:
    """Actions of the reviews in the caller's circle, by due date."""
    found = selectors.action_list(
        user=_actor(request), mine=filters.mine, status=filters.status, overdue=filters.overdue
    )
    return paginate(found, page)


@router.post(
    "/findings/{int:finding_id}/actions",
    response={201: CorrectiveActionOut},
    tags=["reviews"],
    operation_id="review_action_add",
    summary="Add a corrective action to an error",
)
def action_add(
    request: HttpRequest, finding_id: Id, payload: CorrectiveActionIn
) -> Status[CorrectiveAction]:
    actor = _actor(request)
    finding = selectors.access_finding(user=actor, finding_id=finding_id)
    with fields_named(owner="owner_id"):
        action = services.action_add(
            actor=actor,
            finding=finding,
            description=payload.description,
            owner=_person(actor, payload.owner_id, "owner_id"),
            due_on=payload.due_on,
        )
    return Status(201, selectors.access_action(user=actor, action_id=action.pk))


@router.patch(
    "/actions/{int:action_id}",
    response=CorrectiveActionOut,
    tags=["reviews"],
    operation_id="review_action_update",
    summary="Change a corrective action",
)
def action_update(request: HttpRequest, action_id: Id, payload: ActionPatch) -> CorrectiveAction:
    """A new due date may not be in the past; it re-arms the reminders."""
    actor = _actor(request)
    action = selectors.access_action(user=actor, action_id=action_id)
    data = payload.dict(exclude_unset=True)
    owner = _person(actor, data["owner_id"], "owner_id") if "owner_id" in data else None
    with fields_named(owner="owner_id"):
        services.action_update(
            actor=actor,
            action=action,
            description=data.get("description"),
            owner=owner,
            due_on=data.get("due_on"),
        )
    return selectors.access_action(user=actor, action_id=action.pk)


@router.post(
    "/actions/{int:action_id}/status",
    response=CorrectiveActionOut,
    tags=["reviews"],
    operation_id="review_action_status",
    summary="Report done, reopen or drop a corrective action",
)
def action_status(request: HttpRequest, action_id: Id, payload: StatusIn) -> CorrectiveAction:
    """The owner reports it done; whoever edits the review reopens it or drops it with a
    reason."""
    actor = _actor(request)
    action = selectors.access_action(user=actor, action_id=action_id)
    services.action_set_status(
        actor=actor,
        action=action,
        status=payload.status,
        note=payload.note,
        reason=payload.reason,
    )
    return selectors.access_action(user=actor, action_id=action.pk)


@router.post(
    "/actions/{int:action_id}/verify",
    response=CorrectiveActionOut,
    tags=["reviews"],
    operation_id="review_action_verify",
    summary="Verify a correction",
)
def action_verify(request: HttpRequest, action_id: Id, payload: VerifyIn) -> CorrectiveAction:
    """Only a correction reported done, and never by its owner (403)."""
    actor = _actor(request)
    action = selectors.access_action(user=actor, action_id=action_id)
    services.action_verify(actor=actor, action=action, note=payload.note)
    return selectors.access_action(user=actor, action_id=action.pk)


# Trends ----------------------------------------------------------------------------------


class TendencyTrend(Schema):
    code: str
    name: str
    total: int
    per_month: list[int]


class RecurringOut(Schema):
    unit_id: int
    unit: str
    code: str
    tendency: str
    reviews: int


class UnitTrend(Schema):
    unit_id: int
    unit: str
    total: int
    verified: int
    overdue: int
    share_verified: int | None = Field(description="Percent of actions not dropped.")


class TrendsOut(Schema):
    months: list[str]
    review_count: int = Field(description="Reviews counted: only those the caller may read.")
    tendencies: list[TendencyTrend]
    recurring: list[RecurringOut]
    units: list[UnitTrend]
    overdue_count: int


class TrendsQuery(Schema):
    months: int = Field(12, ge=1, le=36)
    unit_id: Id | None = None


@router.get(
    "/trends",
    response=TrendsOut,
    tags=["reviews"],
    operation_id="review_trends",
    summary="Trends of tendencies and corrections",
)
def trends(request: HttpRequest, filters: Query[TrendsQuery]) -> dict[str, Any]:
    """For secretaries and administrators, counted over the reviews they may read."""
    data = selectors.trends(user=_actor(request), months=filters.months, unit_id=filters.unit_id)
    totals = {code: total for _name, code, total in data["totals"]}
    return {
        "months": data["months"],
        "review_count": data["review_count"],
        "tendencies": [
            {"code": code, "name": name, "total": totals[code], "per_month": values}
            for name, code, values in data["series"]
        ],
        "recurring": data["recurring"],
        "units": data["units"],
        "overdue_count": sum(row["overdue"] for row in data["units"]),
    }
