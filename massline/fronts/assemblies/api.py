"""Assemblies over HTTP: assemblies, delegates, agenda, speakers, motions, amendments, votes.

Mounted under `/api/v1/assemblies` by `massline.api.main`, which authenticates the caller and
turns exceptions into problem documents. Reads go through `selectors` (an assembly the caller
may not follow answers 404), writes through the services, which check the caller's right:
chairs prepare, open and close votes; delegates submit motions and amendments and vote.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from massline.accounts.models import User
from massline.core.api import Id, InputSchema, PageQuery, PlainText, paginate
from massline.fronts.assemblies import selectors
from massline.fronts.assemblies.models import (
    AgendaItem,
    Amendment,
    Assembly,
    Delegate,
    Majority,
    Motion,
    Vote,
)
from massline.fronts.assemblies.services import motions as motion_services
from massline.fronts.assemblies.services import voting
from massline.fronts.models import FrontMembership

router = Router(tags=["assemblies"])

if TYPE_CHECKING:
    VoteKind = str
    Weighting = str
    MajorityRule = str
    AmendmentKind = str
else:
    VoteKind = Literal[tuple(Vote.Kind.values)]
    Weighting = Literal[tuple(Vote.Weighting.values)]
    MajorityRule = Literal[tuple(Majority.values)]
    AmendmentKind = Literal[tuple(Amendment.Kind.values)]


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


# Schemas ----------------------------------------------------------------------------------


class AssemblyOut(Schema):
    id: int
    title: str
    front_id: int
    event_id: int
    status: str
    quorum_percent: int
    majority: str
    proxy_limit: int
    min_supporters: int
    speaking_seconds: int
    alternation: str
    current_item_id: int | None
    motion_deadline: datetime | None
    amendment_deadline: datetime | None


class AssemblyPage(Schema):
    count: int
    items: list[AssemblyOut]


class DelegateOut(Schema):
    id: int
    name: str
    organization_id: int = Field(description="The directory organization.")
    organization: str
    weight: int | None = Field(description="Set for this assembly; null: the membership's.")
    accredited: bool

    @staticmethod
    def resolve_name(obj: Delegate) -> str:
        return str(obj.user)

    @staticmethod
    def resolve_organization_id(obj: Delegate) -> int:
        return obj.membership.organization_id

    @staticmethod
    def resolve_organization(obj: Delegate) -> str:
        return obj.membership.organization.short_name

    @staticmethod
    def resolve_accredited(obj: Delegate) -> bool:
        return obj.accredited_at is not None


class ItemOut(Schema):
    id: int
    position: int
    title: str
    description: str
    status: str


class SpeakerOut(Schema):
    id: int
    delegate_id: int
    name: str
    kind: str
    status: str
    started_at: datetime | None


class FloorOut(Schema):
    item: ItemOut | None
    speaker: SpeakerOut | None
    remaining_seconds: int | None
    queue: list[SpeakerOut]


class MotionOut(Schema):
    id: int
    number: int
    title: str
    reason: str
    status: str
    organization_id: int | None = Field(description="The submitting front membership.")
    version: int
    text: str
    lines: list[str]

    @staticmethod
    def resolve_version(obj: Motion) -> int:
        return motion_services.current_version(obj).number

    @staticmethod
    def resolve_text(obj: Motion) -> str:
        return motion_services.current_version(obj).text

    @staticmethod
    def resolve_lines(obj: Motion) -> list[str]:
        return motion_services.current_version(obj).lines


class MotionPage(Schema):
    count: int
    items: list[MotionOut]


class MotionIn(InputSchema):
    title: PlainText = Field(min_length=1, max_length=200)
    text: PlainText = Field(min_length=1, max_length=50000, description="One line per line.")
    reason: PlainText = Field("", max_length=10000)
    organization_id: Id | None = Field(None, description="Front membership id; chairs only.")
    agenda_item_id: Id | None = None


class AmendmentIn(InputSchema):
    kind: AmendmentKind
    first_line: int = Field(ge=0, le=100000, description="For insert: after this line (0: top).")
    last_line: int | None = Field(None, ge=0, le=100000, description="For replace and delete.")
    new_text: PlainText = Field("", max_length=20000)
    reason: PlainText = Field("", max_length=5000)
    organization_id: Id | None = Field(None, description="Front membership id; chairs only.")


class AmendmentOut(Schema):
    id: int
    number: int
    motion_id: int
    version: int
    kind: str
    first_line: int
    last_line: int | None
    new_text: str
    status: str

    @staticmethod
    def resolve_version(obj: Amendment) -> int:
        return obj.version.number


class OptionOut(Schema):
    id: int
    label: str
    role: str


class VoteOut(Schema):
    id: int
    title: str
    kind: str
    secret: bool
    weighting: str
    majority: str
    quorum_percent: int
    seats: int
    status: str
    motion_id: int | None
    amendment_id: int | None
    options: list[OptionOut]

    @staticmethod
    def resolve_options(obj: Vote) -> list[OptionOut]:
        return [OptionOut(id=o.pk, label=o.label, role=o.role) for o in obj.options.all()]


class VotePage(Schema):
    count: int
    items: list[VoteOut]


class VoteIn(InputSchema):
    title: PlainText = Field(min_length=1, max_length=300)
    kind: VoteKind = "yes_no"
    options: list[PlainText] = Field(default_factory=list, max_length=50)
    secret: bool = False
    weighting: Weighting = "organization"
    majority: MajorityRule | None = None
    quorum_percent: int | None = Field(None, ge=0, le=100)
    seats: int = Field(1, ge=1, le=50)
    results_while_open: bool = False
    motion_id: Id | None = None
    amendment_id: Id | None = None


class CastIn(InputSchema):
    choices: list[Id] = Field(min_length=1, max_length=50, description="Option ids.")
    on_behalf_of: Id | None = Field(None, description="Delegate id whose proxy you carry.")


class CastOut(Schema):
    vote_id: int
    voter: str
    weight: int
    by_proxy: bool


class ResultOut(Schema):
    vote_id: int
    status: str
    voters: int = Field(description="How many have voted so far.")
    weight_cast: int
    entitled: int
    present: int
    tally: dict[str, Any] | None = Field(
        description="The count and the rule applied: after the close, or while open if the "
        "vote's rules allow (never for a secret ballot)."
    )
    explanation: str
    digest: str | None = Field(description="SHA-256 of the tally, written with the result.")


# Operations -------------------------------------------------------------------------------


@router.get("", response=AssemblyPage, operation_id="assembly_list", summary="List assemblies")
def assembly_list(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    return paginate(selectors.assembly_list(user=_actor(request)), page)


@router.get(
    "/{assembly_id}", response=AssemblyOut, operation_id="assembly_get", summary="An assembly"
)
def assembly_get(request: HttpRequest, assembly_id: Id) -> Assembly:
    return selectors.access_assembly(user=_actor(request), assembly_id=assembly_id)


@router.get(
    "/{assembly_id}/delegates",
    response=list[DelegateOut],
    operation_id="assembly_delegates",
    summary="Delegates and their accreditation",
)
def delegate_list(request: HttpRequest, assembly_id: Id) -> Any:
    assembly = selectors.access_assembly(user=_actor(request), assembly_id=assembly_id)
    return list(selectors.delegate_list(assembly=assembly)[:2000])


@router.get(
    "/{assembly_id}/agenda",
    response=list[ItemOut],
    operation_id="assembly_agenda",
    summary="The agenda, in order",
)
def agenda(request: HttpRequest, assembly_id: Id) -> Any:
    assembly = selectors.access_assembly(user=_actor(request), assembly_id=assembly_id)
    return list(AgendaItem.objects.filter(assembly=assembly).order_by("position", "pk"))


def _speaker(request: Any) -> SpeakerOut:
    return SpeakerOut(
        id=request.pk,
        delegate_id=request.delegate_id,
        name=str(request.delegate.user),
        kind=request.kind,
        status=request.status,
        started_at=request.started_at,
    )


@router.get(
    "/{assembly_id}/speakers",
    response=FloorOut,
    operation_id="assembly_speakers",
    summary="The current item, speaker, remaining time and speakers list",
)
def speakers(request: HttpRequest, assembly_id: Id) -> dict[str, Any]:
    assembly = selectors.access_assembly(user=_actor(request), assembly_id=assembly_id)
    state = selectors.floor(assembly)
    return {
        "item": state.item,
        "speaker": _speaker(state.speaker) if state.speaker else None,
        "remaining_seconds": state.remaining,
        "queue": [_speaker(r) for r in state.queue],
    }


@router.get(
    "/{assembly_id}/motions",
    response=MotionPage,
    operation_id="assembly_motions",
    summary="Motions",
)
def motion_list(request: HttpRequest, assembly_id: Id, page: Query[PageQuery]) -> Any:
    assembly = selectors.access_assembly(user=_actor(request), assembly_id=assembly_id)
    return paginate(selectors.motion_list(assembly=assembly), page)


def _membership(assembly: Assembly, membership_id: int | None) -> FrontMembership | None:
    if membership_id is None:
        return None
    found = FrontMembership.objects.filter(pk=membership_id, front=assembly.front).first()
    if found is None:
        raise ValidationError({"organization_id": _("The organization is not in this front.")})
    return found


@router.post(
    "/{assembly_id}/motions",
    response={201: MotionOut},
    operation_id="motion_create",
    summary="Submit a motion",
)
def motion_create(request: HttpRequest, assembly_id: Id, payload: MotionIn) -> Status[Motion]:
    actor = _actor(request)
    assembly = selectors.access_assembly(user=actor, assembly_id=assembly_id)
    item = (
        selectors.access_item(user=actor, item_id=payload.agenda_item_id)
        if payload.agenda_item_id
        else None
    )
    motion = motion_services.motion_submit(
        actor=actor,
        assembly=assembly,
        title=payload.title,
        text=payload.text,
        reason=payload.reason,
        organization=_membership(assembly, payload.organization_id),
        agenda_item=item,
    )
    return Status(201, motion)


@router.get(
    "/motions/{motion_id}", response=MotionOut, operation_id="motion_get", summary="A motion"
)
def motion_get(request: HttpRequest, motion_id: Id) -> Motion:
    return selectors.access_motion(user=_actor(request), motion_id=motion_id)


@router.get(
    "/motions/{motion_id}/amendments",
    response=list[AmendmentOut],
    operation_id="amendment_list",
    summary="Amendments of a motion",
)
def amendment_list(request: HttpRequest, motion_id: Id) -> Any:
    motion = selectors.access_motion(user=_actor(request), motion_id=motion_id)
    return list(motion.amendments.select_related("version").order_by("number"))


@router.post(
    "/motions/{motion_id}/amendments",
    response={201: AmendmentOut},
    operation_id="amendment_create",
    summary="Amend lines of a motion's current version",
)
def amendment_create(
    request: HttpRequest, motion_id: Id, payload: AmendmentIn
) -> Status[Amendment]:
    actor = _actor(request)
    motion = selectors.access_motion(user=actor, motion_id=motion_id)
    amendment = motion_services.amendment_submit(
        actor=actor,
        motion=motion,
        kind=payload.kind,
        first_line=payload.first_line,
        last_line=payload.last_line,
        new_text=payload.new_text,
        reason=payload.reason,
        organization=_membership(motion.assembly, payload.organization_id),
    )
    return Status(201, amendment)


@router.get("/{assembly_id}/votes", response=VotePage, operation_id="vote_list", summary="Votes")
def vote_list(request: HttpRequest, assembly_id: Id, page: Query[PageQuery]) -> Any:
    assembly = selectors.access_assembly(user=_actor(request), assembly_id=assembly_id)
    return paginate(selectors.vote_list(assembly=assembly).prefetch_related("options"), page)


@router.post(
    "/{assembly_id}/votes",
    response={201: VoteOut},
    operation_id="vote_create",
    summary="Prepare a vote or an election (chairs)",
)
def vote_create(request: HttpRequest, assembly_id: Id, payload: VoteIn) -> Status[Vote]:
    actor = _actor(request)
    assembly = selectors.access_assembly(user=actor, assembly_id=assembly_id)
    motion = (
        selectors.access_motion(user=actor, motion_id=payload.motion_id)
        if payload.motion_id
        else None
    )
    amendment = (
        selectors.access_amendment(user=actor, amendment_id=payload.amendment_id)
        if payload.amendment_id
        else None
    )
    vote = voting.vote_create(
        actor=actor,
        assembly=assembly,
        title=payload.title,
        kind=payload.kind,
        options=payload.options,
        secret=payload.secret,
        weighting=payload.weighting,
        majority=payload.majority,
        quorum_percent=payload.quorum_percent,
        seats=payload.seats,
        results_while_open=payload.results_while_open,
        motion=motion,
        amendment=amendment,
    )
    return Status(201, vote)


@router.get("/votes/{vote_id}", response=VoteOut, operation_id="vote_get", summary="A vote")
def vote_get(request: HttpRequest, vote_id: Id) -> Vote:
    return selectors.access_vote(user=_actor(request), vote_id=vote_id)


@router.post(
    "/votes/{vote_id}/open", response=VoteOut, operation_id="vote_open", summary="Open a vote"
)
def vote_open(request: HttpRequest, vote_id: Id) -> Vote:
    actor = _actor(request)
    vote = selectors.access_vote(user=actor, vote_id=vote_id)
    return voting.vote_open(actor=actor, vote=vote)


@router.post(
    "/votes/{vote_id}/cast",
    response={201: CastOut},
    operation_id="vote_cast",
    summary="Cast your vote (or one you carry by proxy)",
)
def vote_cast(request: HttpRequest, vote_id: Id, payload: CastIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    vote = selectors.access_vote(user=actor, vote_id=vote_id)
    behalf = None
    if payload.on_behalf_of is not None:
        behalf = Delegate.objects.filter(
            pk=payload.on_behalf_of, assembly_id=vote.assembly_id
        ).first()
        if behalf is None:
            raise PermissionDenied
    cast = voting.vote_cast(actor=actor, vote=vote, choices=payload.choices, on_behalf_of=behalf)
    return Status(
        201,
        {"vote_id": vote.pk, "voter": cast.voter, "weight": cast.weight, "by_proxy": cast.by_proxy},
    )


@router.post(
    "/votes/{vote_id}/close",
    response=ResultOut,
    operation_id="vote_close",
    summary="Close a vote and write its result",
)
def vote_close(request: HttpRequest, vote_id: Id) -> dict[str, Any]:
    actor = _actor(request)
    vote = selectors.access_vote(user=actor, vote_id=vote_id)
    voting.vote_close(actor=actor, vote=vote)
    vote.refresh_from_db()
    return _result(vote)


def _result(vote: Vote) -> dict[str, Any]:
    progress = selectors.vote_progress(vote)
    counted = selectors.visible_tally(vote)
    return {
        "vote_id": vote.pk,
        "status": vote.status,
        "voters": progress.voters,
        "weight_cast": progress.weight,
        "entitled": progress.entitled,
        "present": progress.present,
        "tally": counted,
        "explanation": selectors.explain(counted) if counted else "",
        "digest": vote.result.digest if vote.status == Vote.Status.CLOSED else None,
    }


@router.get(
    "/votes/{vote_id}/result",
    response=ResultOut,
    operation_id="vote_result",
    summary="Live progress, and the result when it may be shown",
)
def vote_result(request: HttpRequest, vote_id: Id) -> dict[str, Any]:
    vote = selectors.access_vote(user=_actor(request), vote_id=vote_id)
    return _result(vote)
