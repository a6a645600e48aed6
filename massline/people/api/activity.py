"""Interactions, follow-ups and assessments over HTTP."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from massline.accounts.models import User
from massline.core.api import (
    Id,
    InputSchema,
    IsoDate,
    IsoDateTime,
    PageQuery,
    PlainText,
    fields_named,
    paginate,
)
from massline.people import selectors, selectors_activity
from massline.people.api.common import (
    ContactRef,
    InteractionKind,
    Level,
    Outcome,
    UserRef,
    _actor,
    router,
)
from massline.people.models import (
    Assessment,
    Contact,
    FollowUp,
    Interaction,
)
from massline.people.services import activity

# Interactions ----------------------------------------------------------------------------


class InteractionOut(Schema):
    id: int
    contact_id: int
    kind: InteractionKind
    occurred_at: datetime
    by: UserRef | None
    place: str
    outcome: Outcome
    notes: str
    created_at: datetime


class InteractionPage(Schema):
    count: int
    items: list[InteractionOut]


class NextStepIn(InputSchema):
    due_on: IsoDate = Field(description="Not before yesterday.")
    task: PlainText = Field(min_length=1, max_length=2000)
    assigned_to_id: Id | None = Field(
        None, description="An organizer of the contact's unit; yourself when left out."
    )


class InteractionIn(InputSchema):
    kind: InteractionKind
    occurred_at: IsoDateTime | None = Field(
        None, description="Now when left out; not in the future."
    )
    place: PlainText = Field("", max_length=500)
    outcome: Outcome = "neutral"
    notes: PlainText = Field("", max_length=20000)
    assessment: Level | None = Field(None, description="Re-assess the contact in the same go.")
    next_step: NextStepIn | None = Field(None, description="Schedule a follow-up in the same go.")


def _assignee(actor: User, contact: Contact, user_id: int | None, field: str) -> User:
    if user_id is None:
        return actor
    user = selectors.assignable_users(user=actor, unit=contact.unit).filter(pk=user_id).first()
    if user is None:
        raise ValidationError(
            {field: [_("Assign the follow-up to an organizer of the contact's unit.")]}
        )
    return user


@router.get(
    "/contacts/{int:contact_id}/interactions",
    response=InteractionPage,
    tags=["interactions"],
    operation_id="interaction_list",
    summary="List a contact's interactions",
)
def interaction_list(
    request: HttpRequest, contact_id: Id, page: Query[PageQuery]
) -> dict[str, Any]:
    """Newest first."""
    actor = _actor(request)
    contact = selectors.access_contact(user=actor, contact_id=contact_id)
    return paginate(selectors_activity.contact_interactions(user=actor, contact=contact), page)


@router.post(
    "/contacts/{int:contact_id}/interactions",
    response={201: InteractionOut},
    tags=["interactions"],
    operation_id="interaction_create",
    summary="Log an interaction",
)
def interaction_create(
    request: HttpRequest, contact_id: Id, payload: InteractionIn
) -> Status[Interaction]:
    """Log a conversation, visit, call...; with `assessment` and `next_step`, re-assess the
    contact and schedule a follow-up in the same transaction."""
    actor = _actor(request)
    contact = selectors.access_contact(user=actor, contact_id=contact_id)
    next_step = None
    if payload.next_step is not None:
        step = payload.next_step
        next_step = activity.NextStep(
            due_on=step.due_on,
            task=step.task,
            assigned_to=_assignee(actor, contact, step.assigned_to_id, "next_step.assigned_to_id"),
        )
    with fields_named(
        level="assessment",
        due_on="next_step.due_on",
        task="next_step.task",
        assigned_to="next_step.assigned_to_id",
    ):
        interaction = activity.interaction_log(
            actor=actor,
            contact=contact,
            kind=payload.kind,
            occurred_at=payload.occurred_at,
            place=payload.place,
            outcome=payload.outcome,
            notes=payload.notes,
            assessment=payload.assessment,
            next_step=next_step,
        )
    return Status(201, interaction)


# Follow-ups ------------------------------------------------------------------------------


class FollowUpOut(Schema):
    id: int
    contact: ContactRef
    assigned_to: UserRef
    due_on: date
    task: str
    done_at: datetime | None
    is_overdue: bool
    created_at: datetime


class FollowUpPage(Schema):
    count: int
    items: list[FollowUpOut]


class FollowUpIn(InputSchema):
    due_on: IsoDate = Field(description="Not before yesterday.")
    task: PlainText = Field(min_length=1, max_length=2000)
    assigned_to_id: Id | None = Field(
        None, description="An organizer of the contact's unit; yourself when left out."
    )


class FollowUpQuery(Schema):
    include_done: bool = Field(False, description="Also the follow-ups already done.")


@router.get(
    "/follow-ups",
    response=FollowUpPage,
    tags=["follow-ups"],
    operation_id="follow_up_list_mine",
    summary="List my follow-ups",
)
def follow_up_list_mine(
    request: HttpRequest, filters: Query[FollowUpQuery], page: Query[PageQuery]
) -> dict[str, Any]:
    """The follow-ups assigned to the caller, the most urgent first; open ones only unless
    `include_done`."""
    found = selectors.my_follow_ups(user=_actor(request), include_done=filters.include_done)
    return paginate(found.select_related("assigned_to"), page)


@router.get(
    "/contacts/{int:contact_id}/follow-ups",
    response=FollowUpPage,
    tags=["follow-ups"],
    operation_id="follow_up_list",
    summary="List a contact's follow-ups",
)
def follow_up_list(request: HttpRequest, contact_id: Id, page: Query[PageQuery]) -> dict[str, Any]:
    """Open ones by due date, then those done."""
    actor = _actor(request)
    contact = selectors.access_contact(user=actor, contact_id=contact_id)
    return paginate(selectors_activity.contact_follow_ups(user=actor, contact=contact), page)


@router.post(
    "/contacts/{int:contact_id}/follow-ups",
    response={201: FollowUpOut},
    tags=["follow-ups"],
    operation_id="follow_up_create",
    summary="Schedule a follow-up",
)
def follow_up_create(request: HttpRequest, contact_id: Id, payload: FollowUpIn) -> Status[FollowUp]:
    actor = _actor(request)
    contact = selectors.access_contact(user=actor, contact_id=contact_id)
    assignee = _assignee(actor, contact, payload.assigned_to_id, "assigned_to_id")
    with fields_named(assigned_to="assigned_to_id"):
        follow_up = activity.follow_up_create(
            actor=actor,
            contact=contact,
            due_on=payload.due_on,
            task=payload.task,
            assigned_to=assignee,
        )
    return Status(201, follow_up)


@router.post(
    "/follow-ups/{int:follow_up_id}/done",
    response=FollowUpOut,
    tags=["follow-ups"],
    operation_id="follow_up_done",
    summary="Mark a follow-up done",
)
def follow_up_done(request: HttpRequest, follow_up_id: Id) -> FollowUp:
    """Marking it done again changes nothing."""
    actor = _actor(request)
    follow_up = selectors.access_follow_up(user=actor, follow_up_id=follow_up_id)
    return activity.follow_up_done(actor=actor, follow_up=follow_up)


# Assessments -----------------------------------------------------------------------------


class AssessmentOut(Schema):
    id: int
    contact_id: int
    level: int = Field(
        description="1 leader, 2 active supporter, 3 supportive, 4 undecided, 5 opposed."
    )
    assessed_at: datetime
    by: UserRef | None
    note: str


class AssessmentPage(Schema):
    count: int
    items: list[AssessmentOut]


class AssessmentIn(InputSchema):
    level: Level
    note: PlainText = Field("", max_length=2000)
    assessed_at: IsoDateTime | None = Field(
        None, description="Now when left out; not in the future."
    )


@router.get(
    "/contacts/{int:contact_id}/assessments",
    response=AssessmentPage,
    tags=["assessments"],
    operation_id="assessment_list",
    summary="List a contact's assessments",
)
def assessment_list(request: HttpRequest, contact_id: Id, page: Query[PageQuery]) -> dict[str, Any]:
    """Newest first; the contact's current level is the latest one."""
    actor = _actor(request)
    contact = selectors.access_contact(user=actor, contact_id=contact_id)
    return paginate(selectors_activity.contact_assessments(user=actor, contact=contact), page)


@router.post(
    "/contacts/{int:contact_id}/assessments",
    response={201: AssessmentOut},
    tags=["assessments"],
    operation_id="assessment_create",
    summary="Assess a contact",
)
def assessment_create(
    request: HttpRequest, contact_id: Id, payload: AssessmentIn
) -> Status[Assessment]:
    actor = _actor(request)
    contact = selectors.access_contact(user=actor, contact_id=contact_id)
    assessment = activity.assessment_set(
        actor=actor,
        contact=contact,
        level=payload.level,
        note=payload.note,
        assessed_at=payload.assessed_at,
    )
    return Status(201, assessment)
