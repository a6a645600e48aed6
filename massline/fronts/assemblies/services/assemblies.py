"""Writes of an assembly's setup and floor: the assembly, delegates, proxies, agenda, speakers."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from massline.accounts.models import User
from massline.audit.services import audit_record
from massline.core.validation import full_clean
from massline.events.models import Event
from massline.fronts.assemblies import access
from massline.fronts.assemblies.models import (
    AgendaItem,
    Assembly,
    Delegate,
    Proxy,
    SpeakerRequest,
)
from massline.fronts.models import Front, FrontMembership

ASSEMBLY_FIELDS = (
    "title",
    "quorum_percent",
    "majority",
    "proxy_limit",
    "min_supporters",
    "motion_deadline",
    "amendment_deadline",
    "speaking_seconds",
    "alternation",
)


def can_chair(user: User, assembly: Assembly) -> bool:
    """Secretaries of the front's unit, administrators and the assembly's chairs."""
    if access.can_prepare_assemblies(user, assembly.front):
        return True
    return assembly.chairs.filter(pk=user.pk).exists()


def require_chair(user: User, assembly: Assembly) -> None:
    if not can_chair(user, assembly):
        raise PermissionDenied


def delegate_of(user: User, assembly: Assembly) -> Delegate | None:
    return (
        Delegate.objects.select_related("membership__organization", "user")
        .filter(assembly=assembly, user_id=user.pk)
        .first()
    )


def _require_in_session(assembly: Assembly) -> None:
    if assembly.status == Assembly.Status.CLOSED:
        raise ValidationError(_("The assembly is closed."))


# Assembly ---------------------------------------------------------------------------------


@transaction.atomic
def assembly_create(
    *, actor: User, front: Front, event: Event, chairs: list[User] | None = None, **fields: Any
) -> Assembly:
    if not access.can_prepare_assemblies(actor, front):
        raise PermissionDenied
    unknown = set(fields) - set(ASSEMBLY_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    fields.setdefault("quorum_percent", front.quorum_percent)
    fields.setdefault("majority", front.majority)
    assembly = Assembly(front=front, event=event, created_by=actor, **fields)
    assembly.title = assembly.title.strip()
    full_clean(assembly)
    assembly.save()
    if chairs:
        assembly.chairs.set(chairs)
    audit_record(
        actor=actor, action="assembly.create", obj=assembly, data={"title": assembly.title}
    )
    return assembly


@transaction.atomic
def assembly_update(
    *, actor: User, assembly: Assembly, chairs: list[User] | None = None, **fields: Any
) -> Assembly:
    if not access.can_prepare_assemblies(actor, assembly.front):
        raise PermissionDenied
    unknown = set(fields) - set(ASSEMBLY_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    for name, value in fields.items():
        setattr(assembly, name, value.strip() if isinstance(value, str) else value)
    full_clean(assembly)
    assembly.save()
    if chairs is not None:
        assembly.chairs.set(chairs)
    audit_record(
        actor=actor, action="assembly.update", obj=assembly, data={"fields": sorted(fields)}
    )
    return assembly


@transaction.atomic
def assembly_set_status(*, actor: User, assembly: Assembly, status: str) -> Assembly:
    require_chair(actor, assembly)
    if status not in Assembly.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if assembly.status == Assembly.Status.CLOSED:
        raise ValidationError(_("A closed assembly cannot be reopened."))
    if status == Assembly.Status.CLOSED and assembly.votes.filter(status="open").exists():
        raise ValidationError(_("Close the open votes first."))
    assembly.status = status
    assembly.save(update_fields=["status"])
    audit_record(actor=actor, action="assembly.status", obj=assembly, data={"status": status})
    return assembly


# Delegates --------------------------------------------------------------------------------


@transaction.atomic
def delegate_add(
    *,
    actor: User,
    assembly: Assembly,
    membership: FrontMembership,
    user: User,
    weight: int | None = None,
    attribute: str = "",
) -> Delegate:
    require_chair(actor, assembly)
    _require_in_session(assembly)
    if membership.front_id != assembly.front_id:
        raise ValidationError({"membership": _("The organization is not in this front.")})
    if membership.status not in (
        FrontMembership.Status.MEMBER,
        FrontMembership.Status.OBSERVER,
    ):
        raise ValidationError(
            {"membership": _("Only members and observers of the front send delegates.")}
        )
    delegate = Delegate(
        assembly=assembly,
        membership=membership,
        user=user,
        weight=weight,
        attribute=attribute.strip(),
    )
    if Delegate.objects.filter(assembly=assembly, user=user).exists():
        raise ValidationError({"user": _("This person is already a delegate of the assembly.")})
    full_clean(delegate)
    delegate.save()
    audit_record(
        actor=actor,
        action="assembly.delegate_add",
        obj=delegate,
        data={"assembly": assembly.pk, "membership": membership.pk, "user": user.pk},
    )
    return delegate


@transaction.atomic
def delegates_from_representatives(*, actor: User, assembly: Assembly) -> int:
    """Add every representative (role delegate, account accepted) of the front's members and
    observers who is not a delegate yet; returns how many were added."""
    from massline.fronts.models import Representative

    require_chair(actor, assembly)
    _require_in_session(assembly)
    existing = set(Delegate.objects.filter(assembly=assembly).values_list("user_id", flat=True))
    representatives = Representative.objects.filter(
        membership__front=assembly.front,
        membership__status__in=[FrontMembership.Status.MEMBER, FrontMembership.Status.OBSERVER],
        role=Representative.Role.DELEGATE,
        user__isnull=False,
        ended_at__isnull=True,
    ).order_by("pk")
    added = []
    for representative in representatives:
        if representative.user_id is None or representative.user_id in existing:
            continue
        existing.add(representative.user_id)
        added.append(
            Delegate(
                assembly=assembly,
                membership_id=representative.membership_id,
                user_id=representative.user_id,
            )
        )
    Delegate.objects.bulk_create(added)
    audit_record(
        actor=actor,
        action="assembly.delegates_from_representatives",
        obj=assembly,
        data={"added": len(added)},
    )
    return len(added)


@transaction.atomic
def delegate_accredit(*, actor: User, delegate: Delegate, accredited: bool) -> Delegate:
    """Mark a delegate present (counts for quorum, may vote) or absent."""
    require_chair(actor, delegate.assembly)
    _require_in_session(delegate.assembly)
    delegate.accredited_at = timezone.now() if accredited else None
    delegate.accredited_by = actor if accredited else None
    delegate.save(update_fields=["accredited_at", "accredited_by"])
    audit_record(
        actor=actor,
        action="assembly.delegate_accredit",
        obj=delegate,
        data={"accredited": accredited},
    )
    return delegate


@transaction.atomic
def delegate_declare(*, actor: User, delegate: Delegate, attribute: str) -> Delegate:
    """The delegate's own, optional gender or constituency, used to alternate speakers."""
    if delegate.user_id != actor.pk:
        raise PermissionDenied
    delegate.attribute = attribute.strip()
    full_clean(delegate)
    delegate.save(update_fields=["attribute"])
    return delegate


@transaction.atomic
def delegate_remove(*, actor: User, delegate: Delegate) -> None:
    require_chair(actor, delegate.assembly)
    if delegate.assembly.votes.filter(casts__cast_by=delegate).exists():
        raise ValidationError(_("This delegate has voted and stays on record."))
    audit_record(actor=actor, action="assembly.delegate_remove", obj=delegate)
    delegate.delete()


# Proxies ----------------------------------------------------------------------------------


@transaction.atomic
def proxy_give(*, actor: User, giver: Delegate, holder: Delegate) -> Proxy:
    """Record that `holder` carries `giver`'s vote. Locks the holder's row so that two
    proxies given at once cannot pass the limit together."""
    assembly = giver.assembly
    require_chair(actor, assembly)
    _require_in_session(assembly)
    if holder.assembly_id != assembly.pk:
        raise ValidationError({"holder": _("The holder is not a delegate of this assembly.")})
    if giver.pk == holder.pk:
        raise ValidationError({"holder": _("A delegate cannot carry their own proxy.")})
    Delegate.objects.select_for_update().filter(pk=holder.pk).first()
    active = Proxy.objects.filter(assembly=assembly, revoked_at__isnull=True)
    if active.filter(giver=giver).exists():
        raise ValidationError({"giver": _("This delegate has already given a proxy.")})
    if active.filter(giver=holder).exists():
        raise ValidationError(
            {"holder": _("The holder has given their own vote away and cannot carry another.")}
        )
    if active.filter(holder=giver).exists():
        raise ValidationError(
            {"giver": _("This delegate carries proxies and cannot pass their vote on.")}
        )
    if active.filter(holder=holder).count() >= assembly.proxy_limit:
        raise ValidationError(
            {
                "holder": _("A delegate may carry at most %(limit)d proxies at this assembly.")
                % {"limit": assembly.proxy_limit}
            }
        )
    proxy = Proxy(assembly=assembly, giver=giver, holder=holder, created_by=actor)
    full_clean(proxy)
    try:
        with transaction.atomic():
            proxy.save()
    except IntegrityError as exc:
        raise ValidationError({"giver": _("This delegate has already given a proxy.")}) from exc
    audit_record(
        actor=actor,
        action="assembly.proxy_give",
        obj=proxy,
        data={"giver": giver.pk, "holder": holder.pk},
    )
    return proxy


@transaction.atomic
def proxy_revoke(*, actor: User, proxy: Proxy) -> Proxy:
    require_chair(actor, proxy.assembly)
    if proxy.revoked_at is None:
        proxy.revoked_at = timezone.now()
        proxy.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="assembly.proxy_revoke", obj=proxy)
    return proxy


# Agenda -----------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *, actor: User, assembly: Assembly, title: str, description: str = ""
) -> AgendaItem:
    require_chair(actor, assembly)
    _require_in_session(assembly)
    last = assembly.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        assembly=assembly, position=last + 1, title=title.strip(), description=description.strip()
    )
    full_clean(item)
    item.save()
    audit_record(actor=actor, action="assembly.agenda_add", obj=item, data={"title": item.title})
    return item


@transaction.atomic
def agenda_item_move(*, actor: User, item: AgendaItem, up: bool) -> AgendaItem:
    """Swap the item with its neighbour above (up) or below."""
    require_chair(actor, item.assembly)
    items = list(item.assembly.items.select_for_update().order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        for position, other in enumerate(items, start=1):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position"])
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_open(*, actor: User, item: AgendaItem) -> AgendaItem:
    """Make the item the current one; the item that was under discussion is done."""
    assembly = Assembly.objects.select_for_update().get(pk=item.assembly_id)
    require_chair(actor, assembly)
    _require_in_session(assembly)
    assembly.items.filter(status=AgendaItem.Status.OPEN).exclude(pk=item.pk).update(
        status=AgendaItem.Status.DONE
    )
    item.status = AgendaItem.Status.OPEN
    item.save(update_fields=["status"])
    assembly.current_item = item
    if assembly.status == Assembly.Status.DRAFT:
        assembly.status = Assembly.Status.OPEN
    assembly.save(update_fields=["current_item", "status"])
    audit_record(actor=actor, action="assembly.agenda_open", obj=item)
    return item


@transaction.atomic
def agenda_item_close(*, actor: User, item: AgendaItem) -> AgendaItem:
    assembly = Assembly.objects.select_for_update().get(pk=item.assembly_id)
    require_chair(actor, assembly)
    _speaker_stop(item, timezone.now())
    item.status = AgendaItem.Status.DONE
    item.save(update_fields=["status"])
    if assembly.current_item_id == item.pk:
        assembly.current_item = None
        assembly.save(update_fields=["current_item"])
    audit_record(actor=actor, action="assembly.agenda_close", obj=item)
    return item


# Speakers list ----------------------------------------------------------------------------


@transaction.atomic
def speaker_request(
    *, actor: User, item: AgendaItem, kind: str = SpeakerRequest.Kind.SPEECH
) -> SpeakerRequest:
    """The acting delegate asks for the floor on the item (a point of order goes first)."""
    delegate = delegate_of(actor, item.assembly)
    if delegate is None:
        raise PermissionDenied
    _require_in_session(item.assembly)
    if item.status == AgendaItem.Status.DONE:
        raise ValidationError(_("This agenda item is closed."))
    if kind not in SpeakerRequest.Kind.values:
        raise ValidationError({"kind": _("Ask for a speech or a point of order.")})
    if SpeakerRequest.objects.filter(
        agenda_item=item, delegate=delegate, kind=kind, status=SpeakerRequest.Status.WAITING
    ).exists():
        raise ValidationError(_("You are already on the list."))
    request = SpeakerRequest(agenda_item=item, delegate=delegate, kind=kind)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:
        raise ValidationError(_("You are already on the list.")) from exc
    return request


@transaction.atomic
def speaker_withdraw(*, actor: User, request: SpeakerRequest) -> None:
    """The delegate leaves the list, or a chair takes someone off it."""
    if request.delegate.user_id != actor.pk:
        require_chair(actor, request.agenda_item.assembly)
    if request.status == SpeakerRequest.Status.WAITING:
        request.status = SpeakerRequest.Status.WITHDRAWN
        request.save(update_fields=["status"])


def _speaker_stop(item: AgendaItem, now: datetime) -> SpeakerRequest | None:
    current = (
        SpeakerRequest.objects.select_for_update()
        .filter(agenda_item=item, status=SpeakerRequest.Status.SPEAKING)
        .first()
    )
    if current is None:
        return None
    current.status = SpeakerRequest.Status.DONE
    current.ended_at = now
    assert current.started_at is not None
    current.seconds = max(0, int((now - current.started_at).total_seconds()))
    current.save(update_fields=["status", "ended_at", "seconds"])
    return current


def next_in_line(
    waiting: list[SpeakerRequest], last_attribute: str | None, alternate: bool
) -> SpeakerRequest | None:
    """Points of order first (in the order asked); then speeches in the order asked, or, when
    alternating, the first speaker whose declared attribute differs from the last speaker's."""
    if not waiting:
        return None
    orders = [r for r in waiting if r.kind == SpeakerRequest.Kind.POINT_OF_ORDER]
    if orders:
        return orders[0]
    if alternate and last_attribute is not None:
        for request in waiting:
            attribute = request.delegate.attribute.strip().casefold()
            if attribute and attribute != last_attribute:
                return request
    return waiting[0]


def speakers_in_order(item: AgendaItem) -> list[SpeakerRequest]:
    """The waiting list in the order the chair will call it."""
    waiting = list(
        SpeakerRequest.objects.filter(agenda_item=item, status=SpeakerRequest.Status.WAITING)
        .select_related("delegate__membership__organization", "delegate__user")
        .order_by("requested_at", "pk")
    )
    alternate = item.assembly.alternation != item.assembly.Alternation.NONE
    last = (
        SpeakerRequest.objects.filter(
            agenda_item=item,
            kind=SpeakerRequest.Kind.SPEECH,
            status__in=[SpeakerRequest.Status.SPEAKING, SpeakerRequest.Status.DONE],
        )
        .select_related("delegate")
        .order_by("-started_at", "-pk")
        .first()
    )
    last_attribute = last.delegate.attribute.strip().casefold() if last else None
    ordered = []
    while waiting:
        chosen = next_in_line(waiting, last_attribute, alternate)
        assert chosen is not None
        ordered.append(chosen)
        waiting.remove(chosen)
        if chosen.kind == SpeakerRequest.Kind.SPEECH:
            last_attribute = chosen.delegate.attribute.strip().casefold()
    return ordered


@transaction.atomic
def speaker_next(*, actor: User, item: AgendaItem) -> SpeakerRequest | None:
    """End the current speech and give the floor to the next in line (None: list empty)."""
    assembly = Assembly.objects.select_for_update().get(pk=item.assembly_id)
    require_chair(actor, assembly)
    _require_in_session(assembly)
    now = timezone.now()
    _speaker_stop(item, now)
    ordered = speakers_in_order(item)
    if not ordered:
        return None
    chosen = ordered[0]
    chosen.status = SpeakerRequest.Status.SPEAKING
    chosen.started_at = now
    chosen.save(update_fields=["status", "started_at"])
    return chosen


@transaction.atomic
def speaker_stop(*, actor: User, item: AgendaItem) -> SpeakerRequest | None:
    require_chair(actor, item.assembly)
    return _speaker_stop(item, timezone.now())
