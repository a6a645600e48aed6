"""Votes and elections: preparing, opening, casting, closing with a write-once result.

Casting is the hot path (thousands of delegates within seconds): one short transaction that
reads the vote and the delegate, inserts who voted (`VoteCast`, unique per voter: a second
vote fails in the database) and what was voted (`Ballot`). No audit entry per cast: the
audit chain serialises its writers, and an entry with a time next to a secret ballot would be
a link the ballot must not have. Opening and closing are audited.
"""

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.accounts.models import User
from massline.audit.services import audit_record
from massline.core.validation import full_clean
from massline.fronts.assemblies import tally
from massline.fronts.assemblies.models import (
    AgendaItem,
    Amendment,
    Assembly,
    Ballot,
    Delegate,
    Motion,
    Proxy,
    Vote,
    VoteCast,
    VoteOption,
    VoteResult,
)
from massline.fronts.assemblies.services.assemblies import require_chair
from massline.fronts.assemblies.services.motions import amendment_decide
from massline.fronts.models import Front, FrontMembership

_shuffle = random.SystemRandom().shuffle


# Weights ----------------------------------------------------------------------------------


def organization_weight(front: Front, membership: FrontMembership) -> int:
    return membership.weight if front.weighting == Front.Weighting.WEIGHTED else 1


def delegate_weight(front: Front, delegate: Delegate) -> int:
    if delegate.weight is not None:
        return delegate.weight
    return organization_weight(front, delegate.membership)


@dataclass(frozen=True)
class Attendance:
    entitled: int
    present: int


def attendance(vote: Vote) -> Attendance:
    """Weight entitled to vote, and present: accredited delegates and the proxies accredited
    delegates carry. Only members (not observers) vote."""
    assembly = vote.assembly
    front = assembly.front
    delegates = list(
        Delegate.objects.filter(
            assembly=assembly, membership__status=FrontMembership.Status.MEMBER
        ).select_related("membership")
    )
    by_id = {d.pk: d for d in delegates}
    carried = {
        giver_id
        for giver_id, holder_id in Proxy.objects.filter(
            assembly=assembly, revoked_at__isnull=True
        ).values_list("giver_id", "holder_id")
        if holder_id in by_id and by_id[holder_id].accredited_at is not None
    }
    if vote.weighting == Vote.Weighting.DELEGATE:
        entitled = sum(delegate_weight(front, d) for d in delegates)
        present = sum(
            delegate_weight(front, d)
            for d in delegates
            if d.accredited_at is not None or d.pk in carried
        )
        return Attendance(entitled, present)
    memberships = list(
        FrontMembership.objects.filter(front=front, status=FrontMembership.Status.MEMBER)
    )
    present_ids = {
        d.membership_id for d in delegates if d.accredited_at is not None or d.pk in carried
    }
    return Attendance(
        entitled=sum(organization_weight(front, m) for m in memberships),
        present=sum(organization_weight(front, m) for m in memberships if m.pk in present_ids),
    )


# Preparing --------------------------------------------------------------------------------


@transaction.atomic
def vote_create(
    *,
    actor: User,
    assembly: Assembly,
    title: str,
    kind: str = Vote.Kind.YES_NO,
    options: Sequence[str] = (),
    secret: bool = False,
    weighting: str = Vote.Weighting.ORGANIZATION,
    majority: str | None = None,
    quorum_percent: int | None = None,
    seats: int = 1,
    results_while_open: bool = False,
    agenda_item: AgendaItem | None = None,
    motion: Motion | None = None,
    amendment: Amendment | None = None,
) -> Vote:
    """Prepare a vote. A yes/no vote gets the options yes, no, abstain; a choice or an
    election takes its `options` (candidates) and gets an abstain option added."""
    require_chair(actor, assembly)
    if assembly.status == Assembly.Status.CLOSED:
        raise ValidationError(_("The assembly is closed."))
    if amendment is not None:
        motion = amendment.motion
    if motion is not None and motion.assembly_id != assembly.pk:
        raise ValidationError({"motion": _("The motion is not before this assembly.")})
    if agenda_item is not None and agenda_item.assembly_id != assembly.pk:
        raise ValidationError({"agenda_item": _("The item is not on this assembly's agenda.")})
    if (motion is not None or amendment is not None) and kind != Vote.Kind.YES_NO:
        raise ValidationError({"kind": _("A motion or an amendment is put to a yes/no vote.")})
    labels = [label.strip() for label in options if label.strip()]
    if kind == Vote.Kind.YES_NO:
        labels = []
    else:
        if len(labels) < 2:
            raise ValidationError({"options": _("Give at least two options or candidates.")})
        if len(labels) > 50:
            raise ValidationError({"options": _("Give at most 50 options or candidates.")})
        if any(len(label) > 200 for label in labels):
            raise ValidationError({"options": _("An option may have at most 200 characters.")})
        if len({label.casefold() for label in labels}) != len(labels):
            raise ValidationError({"options": _("Each option must be different.")})
    if kind == Vote.Kind.ELECTION and not 1 <= seats < len(labels) + 1:
        raise ValidationError({"seats": _("There must be at least as many candidates as seats.")})
    if kind != Vote.Kind.ELECTION:
        seats = 1
    if secret and results_while_open:
        raise ValidationError(
            {"results_while_open": _("A secret ballot shows no results before it closes.")}
        )
    vote = Vote(
        assembly=assembly,
        agenda_item=agenda_item or (motion.agenda_item if motion else None),
        motion=motion,
        amendment=amendment,
        title=title.strip(),
        kind=kind,
        secret=secret,
        weighting=weighting,
        majority=majority or assembly.majority,
        quorum_percent=assembly.quorum_percent if quorum_percent is None else quorum_percent,
        seats=seats,
        results_while_open=results_while_open,
        created_by=actor,
    )
    full_clean(vote)
    vote.save()
    if kind == Vote.Kind.YES_NO:
        rows = [
            (VoteOption.Role.YES, _("Yes")),
            (VoteOption.Role.NO, _("No")),
            (VoteOption.Role.ABSTAIN, _("Abstain")),
        ]
    else:
        rows = [(VoteOption.Role.OPTION, label) for label in labels]
        rows.append((VoteOption.Role.ABSTAIN, _("Abstain")))
    VoteOption.objects.bulk_create(
        VoteOption(vote=vote, position=i, label=label, role=role)
        for i, (role, label) in enumerate(rows, start=1)
    )
    audit_record(actor=actor, action="vote.create", obj=vote, data={"title": vote.title})
    return vote


@transaction.atomic
def vote_open(*, actor: User, vote: Vote) -> Vote:
    vote = Vote.objects.select_for_update().select_related("assembly__front").get(pk=vote.pk)
    require_chair(actor, vote.assembly)
    if vote.status != Vote.Status.DRAFT:
        raise ValidationError(_("Only a prepared vote can be opened."))
    if vote.assembly.status == Assembly.Status.CLOSED:
        raise ValidationError(_("The assembly is closed."))
    if vote.amendment_id and vote.amendment and vote.amendment.status != "submitted":
        raise ValidationError(_("The assembly has already decided on this amendment."))
    vote.status = Vote.Status.OPEN
    vote.opened_at = timezone.now()
    vote.save(update_fields=["status", "opened_at"])
    audit_record(actor=actor, action="vote.open", obj=vote)
    return vote


# Casting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _VoteRow:
    status: str
    assembly_id: int
    kind: str
    secret: bool
    weighting: str
    seats: int
    created_at: object


_VOTE_COLUMNS = ("status", "assembly_id", "kind", "secret", "weighting", "seats", "created_at")


def _vote_locked(vote_id: int) -> _VoteRow | None:
    """The vote's row, read under a lock that lets casts run side by side but waits for (and
    is waited for by) the close, which locks the row FOR UPDATE: a cast either lands before
    the close counts or finds the vote closed. SQLite serialises writing transactions."""
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(_VOTE_COLUMNS)} FROM {Vote._meta.db_table} "  # noqa: S608
            f"WHERE id = %s{lock}",
            [vote_id],
        )
        row = cursor.fetchone()
    return _VoteRow(*row) if row else None


@dataclass(frozen=True)
class _DelegateRow:
    id: int
    membership_id: int
    accredited: bool
    weight: int | None
    membership_status: str
    membership_weight: int
    front_weighting: str
    gave_proxy: bool


def _delegate_row(assembly_id: int, user_id: int) -> _DelegateRow | None:
    """The acting delegate with what a cast needs, in one query (the hot path of a vote)."""
    sql = f"""
        SELECT d.id, d.membership_id, d.accredited_at IS NOT NULL, d.weight, m.status, m.weight,
               f.weighting,
               EXISTS (SELECT 1 FROM {Proxy._meta.db_table} p
                       WHERE p.giver_id = d.id AND p.revoked_at IS NULL)
        FROM {Delegate._meta.db_table} d
        JOIN {FrontMembership._meta.db_table} m ON m.id = d.membership_id
        JOIN {Assembly._meta.db_table} a ON a.id = d.assembly_id
        JOIN {Front._meta.db_table} f ON f.id = a.front_id
        WHERE d.assembly_id = %s AND d.user_id = %s
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [assembly_id, user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    return _DelegateRow(row[0], row[1], bool(row[2]), row[3], row[4], row[5], row[6], bool(row[7]))


# Options never change once a vote exists, so each process keeps them after the first read,
# keyed by the vote's id and creation time (SQLite may give a deleted vote's id to a new one).
_OPTIONS: dict[tuple[int, str], dict[int, str]] = {}


def _option_roles(vote_id: int, created_at: object) -> dict[int, str]:
    key = (vote_id, str(created_at))
    roles = _OPTIONS.get(key)
    if roles is None:
        if len(_OPTIONS) > 1000:
            _OPTIONS.clear()
        roles = dict(VoteOption.objects.filter(vote_id=vote_id).values_list("id", "role"))
        _OPTIONS[key] = roles
    return roles


def vote_cast(
    *,
    actor: User,
    vote: Vote | int,
    choices: Sequence[int],
    on_behalf_of: Delegate | int | None = None,
) -> VoteCast:
    """The acting delegate votes, for themselves (their organization under per-organization
    weighting) or, holding a recorded proxy, for the delegate who gave it.

    One short transaction. Refused: not a delegate (PermissionDenied), not accredited, vote
    not open, already voted (the unique constraint decides under concurrency), voting for
    another delegate or organization without a proxy, options not of this vote or too many.
    """
    try:
        return _vote_cast(
            actor=actor,
            vote_id=vote if isinstance(vote, int) else vote.pk,
            choices=choices,
            behalf_id=on_behalf_of.pk if isinstance(on_behalf_of, Delegate) else on_behalf_of,
        )
    except IntegrityError as exc:
        raise ValidationError(
            _("This vote has already been cast: your organization or you have already voted.")
        ) from exc


@transaction.atomic
def _vote_cast(
    *, actor: User, vote_id: int, choices: Sequence[int], behalf_id: int | None
) -> VoteCast:
    row = _vote_locked(vote_id)
    if row is None:
        raise Http404
    me = _delegate_row(row.assembly_id, actor.pk)
    if me is None:
        raise PermissionDenied
    if row.status != Vote.Status.OPEN:
        raise ValidationError(
            _("This vote is closed.") if row.status == "closed" else _("This vote is not open yet.")
        )
    if not me.accredited:
        raise ValidationError(_("You are not accredited: ask the chair to accredit you first."))
    by_proxy = behalf_id is not None and behalf_id != me.id
    if by_proxy:
        proxy = (
            Proxy.objects.select_related("giver__membership", "assembly__front")
            .filter(
                assembly_id=row.assembly_id,
                giver_id=behalf_id,
                holder_id=me.id,
                revoked_at__isnull=True,
            )
            .first()
        )
        if proxy is None:
            raise PermissionDenied(_("You hold no proxy for that delegate."))
        giver = proxy.giver
        voter_id, membership_id = giver.pk, giver.membership_id
        status = giver.membership.status
        own_weight = giver.weight
        org_weight = organization_weight(proxy.assembly.front, giver.membership)
    else:
        if me.gave_proxy:
            raise ValidationError(_("You have given your vote by proxy; your proxy holder votes."))
        voter_id, membership_id, status = me.id, me.membership_id, me.membership_status
        own_weight = me.weight
        org_weight = me.membership_weight if me.front_weighting == Front.Weighting.WEIGHTED else 1
    if status != FrontMembership.Status.MEMBER:
        raise ValidationError(_("Only member organizations vote; observers do not."))
    if row.weighting == Vote.Weighting.DELEGATE:
        voter = f"d{voter_id}"
        weight = own_weight if own_weight is not None else org_weight
    else:
        voter = f"o{membership_id}"
        weight = org_weight
    chosen = sorted(set(choices))
    options = _option_roles(vote_id, row.created_at)
    if not chosen or any(option_id not in options for option_id in chosen):
        raise ValidationError({"choices": _("Choose among this vote's options.")})
    abstaining = [i for i in chosen if options[i] == VoteOption.Role.ABSTAIN]
    if abstaining and len(chosen) > 1:
        raise ValidationError({"choices": _("Abstain alone, or choose options.")})
    limit = row.seats if row.kind == Vote.Kind.ELECTION else 1
    if len(chosen) > limit:
        raise ValidationError({"choices": _("Choose at most %(limit)d.") % {"limit": limit}})
    cast = VoteCast(
        vote_id=vote_id,
        voter=voter,
        membership_id=membership_id,
        cast_by=Delegate(
            pk=me.id, assembly_id=row.assembly_id, membership_id=me.membership_id, user=actor
        ),
        weight=weight,
        by_proxy=by_proxy,
    )
    cast.save(force_insert=True)
    Ballot.objects.create(
        vote_id=vote_id,
        cast=None if row.secret else cast,
        choices=",".join(str(i) for i in chosen),
        weight=weight,
    )
    return cast


# Closing ----------------------------------------------------------------------------------


def _options(vote: Vote) -> list[tally.Option]:
    return [
        tally.Option(id=o.pk, role=o.role, label=o.label)
        for o in VoteOption.objects.filter(vote=vote).order_by("position", "pk")
    ]


def _ballots(vote: Vote) -> list[tuple[list[int], int]]:
    return [
        ([int(i) for i in choices.split(",") if i], weight)
        for choices, weight in Ballot.objects.filter(vote=vote).values_list("choices", "weight")
    ]


def current_tally(vote: Vote) -> dict[str, Any]:
    """The tally as it stands (for a result shown while open, or the close)."""
    present = attendance(vote)
    return tally.count(
        kind=vote.kind,
        rule=vote.majority,
        quorum_percent=vote.quorum_percent,
        seats=vote.seats,
        entitled=present.entitled,
        present=present.present,
        options=_options(vote),
        ballots=_ballots(vote),
    )


def _shuffle_secret_ballots(vote: Vote) -> None:
    """Rewrite the secret ballots in random order with new random ids, so that neither the
    ids nor the physical order of the rows tells in which order they were cast."""
    rows = list(Ballot.objects.filter(vote=vote).values_list("choices", "weight"))
    Ballot.objects.filter(vote=vote).delete()
    _shuffle(rows)
    Ballot.objects.bulk_create(
        Ballot(id=uuid.uuid4(), vote=vote, cast=None, choices=choices, weight=weight)
        for choices, weight in rows
    )


@transaction.atomic
def vote_close(*, actor: User, vote: Vote) -> VoteResult:
    """Close the vote and write its result once. Locks the vote row FOR UPDATE: casts in
    flight finish first, later casts find it closed."""
    vote = (
        Vote.objects.select_for_update(of=("self",))
        .select_related("assembly__front", "amendment", "motion")
        .get(pk=vote.pk)
    )
    require_chair(actor, vote.assembly)
    if vote.status != Vote.Status.OPEN:
        raise ValidationError(
            _("This vote is already closed.")
            if vote.status == Vote.Status.CLOSED
            else _("This vote is not open.")
        )
    if vote.secret:
        _shuffle_secret_ballots(vote)
    counted = current_tally(vote)
    result = VoteResult(
        vote=vote,
        tally=counted,
        outcome=counted["outcome"],
        digest=tally.digest(counted),
        created_by=actor,
    )
    full_clean(result)
    result.save(force_insert=True)
    vote.status = Vote.Status.CLOSED
    vote.closed_at = timezone.now()
    vote.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action="vote.close",
        obj=vote,
        data={"outcome": result.outcome, "digest": result.digest},
    )
    _apply_outcome(actor, vote, result.outcome)
    return result


def _apply_outcome(actor: User, vote: Vote, outcome: str) -> None:
    """An amendment voted on is merged or rejected; a motion is adopted or rejected."""
    if outcome not in (tally.ADOPTED, tally.REJECTED):
        return
    adopted = outcome == tally.ADOPTED
    if vote.amendment is not None:
        if vote.amendment.status == Amendment.Status.SUBMITTED:
            amendment_decide(actor=actor, amendment=vote.amendment, adopted=adopted)
        return
    if vote.motion is not None and vote.motion.status in (
        Motion.Status.SUBMITTED,
        Motion.Status.ADMITTED,
    ):
        vote.motion.status = Motion.Status.ADOPTED if adopted else Motion.Status.REJECTED
        vote.motion.save(update_fields=["status"])
        audit_record(
            actor=actor, action="motion.decided", obj=vote.motion, data={"outcome": outcome}
        )


def result_update(*, actor: User, result: VoteResult, **changes: Any) -> None:
    """A result is never changed: this service exists to say so, to any caller."""
    raise ValidationError(_("The result of a closed vote cannot be changed."))


def result_verify(result: VoteResult) -> bool:
    """Whether the stored tally still matches the digest written with it."""
    return tally.digest(result.tally) == result.digest
