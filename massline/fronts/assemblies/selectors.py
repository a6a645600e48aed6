"""Reads of assemblies, scoped to the acting user (see `access.py` for who sees what)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Model, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from massline.accounts.access import AnyUser
from massline.fronts.assemblies import access, tally
from massline.fronts.assemblies.models import (
    AgendaItem,
    Amendment,
    Assembly,
    Delegate,
    Motion,
    Proxy,
    SpeakerRequest,
    Vote,
    VoteCast,
)
from massline.fronts.assemblies.services.assemblies import can_chair, speakers_in_order
from massline.fronts.assemblies.services.voting import attendance, current_tally
from massline.fronts.models import Front

M = TypeVar("M", bound=Model)


def assembly_list(*, user: AnyUser) -> QuerySet[Assembly]:
    if not user.is_authenticated:
        return Assembly.objects.none()
    units = access.front_units_followed(user)
    queryset = Assembly.objects.select_related("front", "event")
    if units is None:
        return queryset.order_by("-event__starts_at", "-pk")
    visible = Q(front__unit__in=units) | Q(chairs=user.pk) | Q(delegates__user=user.pk)
    ids = Assembly.objects.filter(visible).values("pk")
    return queryset.filter(pk__in=ids).order_by("-event__starts_at", "-pk")


def assemblies_of_front(*, user: AnyUser, front: Front) -> QuerySet[Assembly]:
    return assembly_list(user=user).filter(front=front)


def access_assembly(*, user: AnyUser, assembly_id: int) -> Assembly:
    """The assembly, or 404 when it does not exist or the user may not follow it."""
    assembly = assembly_list(user=user).filter(pk=assembly_id).first()
    if assembly is None:
        raise Http404
    return assembly


def access_assembly_for_chair(*, user: AnyUser, assembly_id: int) -> Assembly:
    assembly = access_assembly(user=user, assembly_id=assembly_id)
    if not can_chair(user, assembly):  # type: ignore[arg-type]
        raise PermissionDenied
    return assembly


def _child(user: AnyUser, queryset: QuerySet[M], pk: int, path: str = "assembly") -> M:
    """A record of an assembly the user follows, or 404."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    assembly = found
    for part in path.split("__"):
        assembly = getattr(assembly, part)
    access_assembly(user=user, assembly_id=assembly.pk)  # type: ignore[attr-defined]
    return found


def access_item(*, user: AnyUser, item_id: int) -> AgendaItem:
    return _child(user, AgendaItem.objects.select_related("assembly__front"), item_id)


def access_delegate(*, user: AnyUser, delegate_id: int) -> Delegate:
    return _child(
        user,
        Delegate.objects.select_related("assembly__front", "membership__organization", "user"),
        delegate_id,
    )


def access_proxy(*, user: AnyUser, proxy_id: int) -> Proxy:
    return _child(user, Proxy.objects.select_related("assembly__front"), proxy_id)


def access_motion(*, user: AnyUser, motion_id: int) -> Motion:
    return _child(
        user,
        Motion.objects.select_related("assembly__front", "organization__organization"),
        motion_id,
    )


def access_amendment(*, user: AnyUser, amendment_id: int) -> Amendment:
    return _child(
        user,
        Amendment.objects.select_related("motion__assembly__front", "version"),
        amendment_id,
        "motion__assembly",
    )


def access_vote(*, user: AnyUser, vote_id: int) -> Vote:
    return _child(user, Vote.objects.select_related("assembly__front"), vote_id)


def access_speaker_request(*, user: AnyUser, request_id: int) -> SpeakerRequest:
    return _child(
        user,
        SpeakerRequest.objects.select_related("agenda_item__assembly__front", "delegate"),
        request_id,
        "agenda_item__assembly",
    )


def delegate_list(*, assembly: Assembly) -> QuerySet[Delegate]:
    return assembly.delegates.select_related("membership__organization", "user").order_by(
        "membership__organization__name", "pk"
    )


def motion_list(*, assembly: Assembly) -> QuerySet[Motion]:
    return (
        assembly.motions.select_related("organization__organization", "submitter__user")
        .annotate(supporter_count=Count("supporters", distinct=True))
        .order_by("number")
    )


def vote_list(*, assembly: Assembly) -> QuerySet[Vote]:
    return assembly.votes.select_related("result", "motion", "amendment").order_by(
        "created_at", "pk"
    )


def speaking_totals(assembly: Assembly) -> tuple[dict[int, int], dict[int, int]]:
    """Seconds spoken per delegate id and per membership id (finished speeches)."""
    rows = (
        SpeakerRequest.objects.filter(
            agenda_item__assembly=assembly, status=SpeakerRequest.Status.DONE
        )
        .values("delegate_id", "delegate__membership_id")
        .annotate(total=Sum("seconds"))
    )
    delegates: dict[int, int] = defaultdict(int)
    organizations: dict[int, int] = defaultdict(int)
    for row in rows:
        delegates[row["delegate_id"]] += row["total"] or 0
        organizations[row["delegate__membership_id"]] += row["total"] or 0
    return dict(delegates), dict(organizations)


@dataclass
class Progress:
    voters: int
    weight: int
    entitled: int
    present: int


def vote_progress(vote: Vote) -> Progress:
    """How many have voted and the weight cast: never what they voted."""
    figures = VoteCast.objects.filter(vote=vote).aggregate(n=Count("pk"), w=Sum("weight"))
    present = attendance(vote)
    return Progress(
        voters=figures["n"] or 0,
        weight=figures["w"] or 0,
        entitled=present.entitled,
        present=present.present,
    )


def visible_tally(vote: Vote) -> dict[str, Any] | None:
    """The result when it may be shown: after the close, or while open if the rules allow
    (never for a secret ballot)."""
    if vote.status == Vote.Status.CLOSED:
        return vote.result.tally
    if vote.status == Vote.Status.OPEN and vote.results_while_open and not vote.secret:
        return current_tally(vote)
    return None


def explain(counted: dict[str, Any]) -> str:
    return tally.explain(counted)


@dataclass
class Floor:
    """What the hall sees: the item, the speaker and their time, the queue, the vote."""

    assembly: Assembly
    item: AgendaItem | None
    speaker: SpeakerRequest | None
    remaining: int | None
    queue: list[SpeakerRequest]
    vote: Vote | None
    progress: Progress | None
    tally: dict[str, Any] | None
    now: datetime


def floor(assembly: Assembly) -> Floor:
    now = timezone.now()
    item = assembly.current_item
    speaker = None
    queue: list[SpeakerRequest] = []
    remaining = None
    if item is not None:
        speaker = (
            SpeakerRequest.objects.filter(agenda_item=item, status=SpeakerRequest.Status.SPEAKING)
            .select_related("delegate__membership__organization", "delegate__user")
            .first()
        )
        queue = speakers_in_order(item)
        if speaker is not None and speaker.started_at is not None:
            elapsed = int((now - speaker.started_at).total_seconds())
            remaining = assembly.speaking_seconds - elapsed
    vote = (
        assembly.votes.filter(status=Vote.Status.OPEN).order_by("-opened_at", "-pk").first()
        or assembly.votes.filter(status=Vote.Status.CLOSED)
        .select_related("result")
        .order_by("-closed_at", "-pk")
        .first()
    )
    return Floor(
        assembly=assembly,
        item=item,
        speaker=speaker,
        remaining=remaining,
        queue=queue,
        vote=vote,
        progress=vote_progress(vote) if vote is not None else None,
        tally=visible_tally(vote) if vote is not None else None,
        now=now,
    )


def own_ballot_status(delegate: Delegate, vote: Vote) -> dict[str, bool]:
    """Whether the delegate's own vote (their organization's, for per-organization votes) and
    each proxy they carry has been cast."""
    if vote.weighting == Vote.Weighting.DELEGATE:
        key = f"d{delegate.pk}"
    else:
        key = f"o{delegate.membership_id}"
    return {"own": VoteCast.objects.filter(vote=vote, voter=key).exists()}
