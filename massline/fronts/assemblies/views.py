"""Pages of assemblies: the list, the chair's console, motions, votes, the projector, the
delegate's phone view and the minutes. Thin: parse, call a selector or service, render."""

import itertools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from massline.accounts import access as accounts_access
from massline.accounts.http import AuthedRequest
from massline.accounts.models import Role, User
from massline.core.forms import add_service_errors
from massline.events.models import Event
from massline.fronts.assemblies import access, lines, selectors
from massline.fronts.assemblies.forms import (
    AgendaItemForm,
    AmendmentForm,
    AssemblyForm,
    DeclareForm,
    DelegateForm,
    MotionForm,
    ProxyForm,
    SpeakForm,
    VoteForm,
)
from massline.fronts.assemblies.minutes import minutes_pdf
from massline.fronts.assemblies.models import Assembly, Motion, Vote
from massline.fronts.assemblies.services import assemblies as setup
from massline.fronts.assemblies.services import motions as motion_services
from massline.fronts.assemblies.services import voting
from massline.fronts.models import Front, FrontMembership


def _fail(request: AuthedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _back(assembly: Assembly, anchor: str = "") -> HttpResponse:
    return redirect(reverse("assemblies:assembly_detail", args=[assembly.pk]) + anchor)


# List and setup ---------------------------------------------------------------------------


@login_required
def assembly_list(request: AuthedRequest) -> HttpResponse:
    if not access.can_follow_assemblies(request.user):
        raise PermissionDenied
    assemblies = selectors.assembly_list(user=request.user)
    return render(
        request,
        "assemblies/assembly_list.html",
        {
            "assemblies": assemblies,
            "can_prepare": access.can_prepare_assemblies(request.user),
        },
    )


def _assembly_form(request: AuthedRequest, assembly: Assembly | None) -> HttpResponse:
    units = accounts_access.units_with_role(request.user, Role.SECRETARY)
    fronts = Front.objects.filter(unit__in=units)
    events = Event.objects.filter(unit__in=units).order_by("-starts_at")
    chairs = User.objects.filter(
        Q(memberships__unit__in=units) | Q(is_superuser=True), is_active=True
    ).distinct()
    form = AssemblyForm(
        request.POST or None, instance=assembly, fronts=fronts, events=events, chairs=chairs
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = list(data.pop("chairs"))
        try:
            if assembly is None:
                front = data.pop("front")
                event = data.pop("event")
                assembly = setup.assembly_create(
                    actor=request.user, front=front, event=event, chairs=chosen, **data
                )
            else:
                data.pop("event")
                assembly = setup.assembly_update(
                    actor=request.user, assembly=assembly, chairs=chosen, **data
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Assembly saved."))
            return _back(assembly)
    return render(
        request,
        "assemblies/assembly_form.html",
        {"form": form, "assembly": assembly},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assembly_create(request: AuthedRequest) -> HttpResponse:
    if not access.can_prepare_assemblies(request.user):
        raise PermissionDenied
    return _assembly_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def assembly_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    assembly = selectors.access_assembly(user=request.user, assembly_id=pk)
    if not access.can_prepare_assemblies(request.user, assembly.front):
        raise PermissionDenied
    return _assembly_form(request, assembly)


@login_required
def assembly_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The overview, and for chairs the console that runs the assembly."""
    assembly = selectors.access_assembly(user=request.user, assembly_id=pk)
    chair = setup.can_chair(request.user, assembly)
    delegates = list(selectors.delegate_list(assembly=assembly))
    by_delegate, by_organization = selectors.speaking_totals(assembly)
    for delegate in delegates:
        delegate.spoken = by_delegate.get(delegate.pk, 0)  # type: ignore[attr-defined]
    memberships = FrontMembership.objects.filter(
        front=assembly.front,
        status__in=[FrontMembership.Status.MEMBER, FrontMembership.Status.OBSERVER],
    ).select_related("organization")
    organizations = [
        (membership, by_organization.get(membership.pk, 0)) for membership in memberships
    ]
    delegate_qs = selectors.delegate_list(assembly=assembly)
    context: dict[str, Any] = {
        "assembly": assembly,
        "chair": chair,
        "can_edit": access.can_prepare_assemblies(request.user, assembly.front),
        "me": setup.delegate_of(request.user, assembly),
        "floor": selectors.floor(assembly),
        "items": assembly.items.all(),
        "delegates": delegates,
        "accredited": sum(1 for d in delegates if d.accredited_at),
        "organizations": organizations,
        "proxies": assembly.proxies.filter(revoked_at__isnull=True).select_related(
            "giver__user", "holder__user", "giver__membership__organization"
        ),
        "motions": selectors.motion_list(assembly=assembly),
        "votes": selectors.vote_list(assembly=assembly),
    }
    if chair:
        context.update(
            delegate_form=DelegateForm(memberships=memberships),
            proxy_form=ProxyForm(delegates=delegate_qs),
            item_form=AgendaItemForm(),
        )
    return render(request, "assemblies/assembly_detail.html", context)


def _chair_post(
    request: AuthedRequest, assembly: Assembly, action: Callable[[], object], done: str
) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, done)
    return _back(assembly)


@login_required
@require_POST
def assembly_status(request: AuthedRequest, pk: int) -> HttpResponse:
    assembly = selectors.access_assembly_for_chair(user=request.user, assembly_id=pk)
    status = request.POST.get("status", "")
    return _chair_post(
        request,
        assembly,
        lambda: setup.assembly_set_status(actor=request.user, assembly=assembly, status=status),
        _("Assembly status changed."),
    )


@login_required
@require_POST
def delegate_add(request: AuthedRequest, pk: int) -> HttpResponse:
    assembly = selectors.access_assembly_for_chair(user=request.user, assembly_id=pk)
    form = DelegateForm(
        request.POST, memberships=FrontMembership.objects.filter(front=assembly.front)
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(assembly, "#delegates")
    user = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
    if user is None:
        messages.error(request, _("No active account has this email."))
        return _back(assembly, "#delegates")
    return _chair_post(
        request,
        assembly,
        lambda: setup.delegate_add(
            actor=request.user,
            assembly=assembly,
            membership=form.cleaned_data["membership"],
            user=user,
            weight=form.cleaned_data["weight"],
        ),
        _("Delegate added."),
    )


@login_required
@require_POST
def delegates_import(request: AuthedRequest, pk: int) -> HttpResponse:
    assembly = selectors.access_assembly_for_chair(user=request.user, assembly_id=pk)
    added = setup.delegates_from_representatives(actor=request.user, assembly=assembly)
    messages.success(request, _("%(count)d delegates added.") % {"count": added})
    return _back(assembly, "#delegates")


@login_required
@require_POST
def delegate_accredit(request: AuthedRequest, pk: int) -> HttpResponse:
    delegate = selectors.access_delegate(user=request.user, delegate_id=pk)
    selectors.access_assembly_for_chair(user=request.user, assembly_id=delegate.assembly_id)
    accredited = request.POST.get("accredited") == "1"
    return _chair_post(
        request,
        delegate.assembly,
        lambda: setup.delegate_accredit(
            actor=request.user, delegate=delegate, accredited=accredited
        ),
        _("Accreditation recorded."),
    )


@login_required
@require_POST
def proxy_add(request: AuthedRequest, pk: int) -> HttpResponse:
    assembly = selectors.access_assembly_for_chair(user=request.user, assembly_id=pk)
    form = ProxyForm(request.POST, delegates=assembly.delegates.all())
    if not form.is_valid():
        messages.error(request, _("Choose two delegates of this assembly."))
        return _back(assembly, "#delegates")
    return _chair_post(
        request,
        assembly,
        lambda: setup.proxy_give(
            actor=request.user,
            giver=form.cleaned_data["giver"],
            holder=form.cleaned_data["holder"],
        ),
        _("Proxy recorded."),
    )


@login_required
@require_POST
def proxy_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    proxy = selectors.access_proxy(user=request.user, proxy_id=pk)
    selectors.access_assembly_for_chair(user=request.user, assembly_id=proxy.assembly_id)
    setup.proxy_revoke(actor=request.user, proxy=proxy)
    messages.success(request, _("Proxy revoked."))
    return _back(proxy.assembly, "#delegates")


# Agenda and speakers ----------------------------------------------------------------------


@login_required
@require_POST
def item_add(request: AuthedRequest, pk: int) -> HttpResponse:
    assembly = selectors.access_assembly_for_chair(user=request.user, assembly_id=pk)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the item a title of at most 200 characters."))
        return _back(assembly, "#agenda")
    return _chair_post(
        request,
        assembly,
        lambda: setup.agenda_item_add(actor=request.user, assembly=assembly, **form.cleaned_data),
        _("Agenda item added."),
    )


ITEM_ACTIONS = {
    "open": (lambda user, item: setup.agenda_item_open(actor=user, item=item)),
    "close": (lambda user, item: setup.agenda_item_close(actor=user, item=item)),
    "up": (lambda user, item: setup.agenda_item_move(actor=user, item=item, up=True)),
    "down": (lambda user, item: setup.agenda_item_move(actor=user, item=item, up=False)),
    "next": (lambda user, item: setup.speaker_next(actor=user, item=item)),
    "stop": (lambda user, item: setup.speaker_stop(actor=user, item=item)),
}


@login_required
@require_POST
def item_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    item = selectors.access_item(user=request.user, item_id=pk)
    if action not in ITEM_ACTIONS:
        raise Http404
    selectors.access_assembly_for_chair(user=request.user, assembly_id=item.assembly_id)
    try:
        ITEM_ACTIONS[action](request.user, item)
    except ValidationError as exc:
        _fail(request, exc)
    return _back(item.assembly, "#floor")


@login_required
@require_POST
def speak(request: AuthedRequest, pk: int) -> HttpResponse:
    item = selectors.access_item(user=request.user, item_id=pk)
    form = SpeakForm(request.POST)
    kind = form.cleaned_data["kind"] if form.is_valid() else "speech"
    try:
        setup.speaker_request(actor=request.user, item=item, kind=kind)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("You are on the speakers list."))
    return redirect("assemblies:delegate_view", pk=item.assembly_id)


@login_required
@require_POST
def speaker_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    speaker = selectors.access_speaker_request(user=request.user, request_id=pk)
    setup.speaker_withdraw(actor=request.user, request=speaker)
    assembly = speaker.agenda_item.assembly
    if setup.can_chair(request.user, assembly):
        return _back(assembly, "#floor")
    return redirect("assemblies:delegate_view", pk=assembly.pk)


# Motions ----------------------------------------------------------------------------------


def _motion_memberships(request: AuthedRequest, assembly: Assembly) -> Any:
    if setup.can_chair(request.user, assembly):
        return FrontMembership.objects.filter(front=assembly.front).select_related("organization")
    delegate = setup.delegate_of(request.user, assembly)
    if delegate is None:
        return FrontMembership.objects.none()
    return FrontMembership.objects.filter(pk=delegate.membership_id).select_related("organization")


@login_required
@require_http_methods(["GET", "POST"])
def motion_create(request: AuthedRequest, pk: int) -> HttpResponse:
    assembly = selectors.access_assembly(user=request.user, assembly_id=pk)
    if not setup.can_chair(request.user, assembly) and not setup.delegate_of(
        request.user, assembly
    ):
        raise PermissionDenied
    form = MotionForm(
        request.POST or None,
        memberships=_motion_memberships(request, assembly),
        items=assembly.items.all(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            motion = motion_services.motion_submit(
                actor=request.user, assembly=assembly, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Motion submitted."))
            return redirect("assemblies:motion_detail", pk=motion.pk)
    return render(
        request,
        "assemblies/motion_form.html",
        {"form": form, "assembly": assembly},
        status=400 if form.errors else 200,
    )


def _motion_page(
    request: AuthedRequest, motion: Motion, form: AmendmentForm | None = None, status: int = 200
) -> HttpResponse:
    assembly = motion.assembly
    version = motion_services.current_version(motion)
    versions = list(motion.versions.order_by("number"))
    amendments = []
    for amendment in motion.amendments.select_related("version", "submitter__user").order_by(
        "number"
    ):
        change = motion_services.change_of(amendment)
        amendments.append(
            {
                "amendment": amendment,
                "where": change.describe(),
                "diff": lines.change_diff(amendment.version.lines, change),
            }
        )
    history = [
        {"version": new, "diff": lines.version_diff(old.lines, new.lines)}
        for old, new in itertools.pairwise(versions)
    ]
    me = setup.delegate_of(request.user, assembly)
    return render(
        request,
        "assemblies/motion_detail.html",
        {
            "assembly": assembly,
            "motion": motion,
            "version": version,
            "numbered": list(enumerate(version.lines, start=1)),
            "amendments": amendments,
            "history": history,
            "chair": setup.can_chair(request.user, assembly),
            "me": me,
            "supported": me is not None and motion.supporters.filter(pk=me.pk).exists(),
            "supporters": motion.supporters.select_related("user", "membership__organization"),
            "form": form if form is not None else AmendmentForm(),
        },
        status=status,
    )


@login_required
def motion_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    motion = selectors.access_motion(user=request.user, motion_id=pk)
    return _motion_page(request, motion)


@login_required
@require_POST
def motion_support(request: AuthedRequest, pk: int) -> HttpResponse:
    motion = selectors.access_motion(user=request.user, motion_id=pk)
    try:
        motion_services.motion_support(actor=request.user, motion=motion)
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("assemblies:motion_detail", pk=motion.pk)


@login_required
@require_POST
def motion_status(request: AuthedRequest, pk: int) -> HttpResponse:
    motion = selectors.access_motion(user=request.user, motion_id=pk)
    try:
        motion_services.motion_set_status(
            actor=request.user, motion=motion, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("assemblies:motion_detail", pk=motion.pk)


@login_required
@require_POST
def amendment_create(request: AuthedRequest, pk: int) -> HttpResponse:
    motion = selectors.access_motion(user=request.user, motion_id=pk)
    if setup.delegate_of(request.user, motion.assembly) is None:
        raise PermissionDenied  # chairs record amendments of organizations through the API
    form = AmendmentForm(request.POST)
    if form.is_valid():
        try:
            motion_services.amendment_submit(actor=request.user, motion=motion, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Amendment submitted."))
            return redirect("assemblies:motion_detail", pk=motion.pk)
    return _motion_page(request, motion, form, status=400)


@login_required
@require_POST
def amendment_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    amendment = selectors.access_amendment(user=request.user, amendment_id=pk)
    decision = request.POST.get("decision", "")
    try:
        if decision == "withdraw":
            motion_services.amendment_withdraw(actor=request.user, amendment=amendment)
        elif decision in ("adopt", "reject"):
            motion_services.amendment_decide(
                actor=request.user, amendment=amendment, adopted=decision == "adopt"
            )
        else:
            raise ValidationError(_("Choose adopt, reject or withdraw."))
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("assemblies:motion_detail", pk=amendment.motion_id)


# Votes ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def vote_create(request: AuthedRequest, pk: int) -> HttpResponse:
    assembly = selectors.access_assembly_for_chair(user=request.user, assembly_id=pk)
    form = VoteForm(request.POST or None, assembly=assembly)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "options"}
        try:
            vote = voting.vote_create(
                actor=request.user, assembly=assembly, options=form.option_labels(), **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Vote prepared."))
            return redirect("assemblies:vote_detail", pk=vote.pk)
    return render(
        request,
        "assemblies/vote_form.html",
        {"form": form, "assembly": assembly},
        status=400 if form.errors else 200,
    )


def _vote_context(vote: Vote) -> dict[str, Any]:
    counted = selectors.visible_tally(vote)
    return {
        "vote": vote,
        "progress": selectors.vote_progress(vote),
        "tally": counted,
        "explanation": selectors.explain(counted) if counted else "",
    }


@login_required
def vote_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    vote = selectors.access_vote(user=request.user, vote_id=pk)
    context = _vote_context(vote)
    labels = {str(o.pk): o.label for o in vote.options.all()}
    named = []
    if not vote.secret:
        show = vote.status == Vote.Status.CLOSED or vote.results_while_open
        for cast in vote.casts.select_related(
            "cast_by__user", "membership__organization", "ballot"
        ).order_by("membership__organization__name", "pk"):
            chosen = cast.ballot.choices.split(",") if show else []
            named.append({"cast": cast, "choice": ", ".join(labels.get(i, i) for i in chosen)})
    context.update(
        assembly=vote.assembly,
        chair=setup.can_chair(request.user, vote.assembly),
        named=named,
    )
    return render(request, "assemblies/vote_detail.html", context)


@login_required
@require_POST
def vote_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    vote = selectors.access_vote(user=request.user, vote_id=pk)
    selectors.access_assembly_for_chair(user=request.user, assembly_id=vote.assembly_id)
    try:
        if action == "open":
            voting.vote_open(actor=request.user, vote=vote)
        elif action == "close":
            voting.vote_close(actor=request.user, vote=vote)
        else:
            raise Http404
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("assemblies:vote_detail", pk=vote.pk)


@login_required
@require_POST
def vote_cast(request: AuthedRequest, pk: int) -> HttpResponse:
    """The delegate's vote: the same endpoint for every delegate, kept lean because a whole
    hall presses it within seconds (see bench/assembly_vote.py)."""
    try:
        choices = [int(value) for value in request.POST.getlist("choice")[:60]]
        behalf = request.POST.get("on_behalf_of", "")
        on_behalf_of = int(behalf) if behalf else None
    except ValueError:
        choices, on_behalf_of = [], None
    status = 200
    try:
        cast = voting.vote_cast(
            actor=request.user, vote=pk, choices=choices, on_behalf_of=on_behalf_of
        )
    except PermissionDenied:
        selectors.access_vote(user=request.user, vote_id=pk)  # 404 unless the user follows it
        raise
    except ValidationError as exc:
        status = 400
        _fail(request, exc)
        assembly_id = selectors.access_vote(user=request.user, vote_id=pk).assembly_id
    else:
        messages.success(request, _("Your vote has been counted."))
        assembly_id = cast.cast_by.assembly_id
    if request.htmx:
        assembly = selectors.access_assembly(user=request.user, assembly_id=assembly_id)
        return _delegate_live(request, assembly, status=status)
    response = redirect("assemblies:delegate_view", pk=assembly_id)
    if status == 400:
        response.status_code = 303
    return response


# Hall and phone ---------------------------------------------------------------------------


def _projector_context(assembly: Assembly) -> dict[str, Any]:
    state = selectors.floor(assembly)
    counted = state.tally
    return {
        "assembly": assembly,
        "floor": state,
        "explanation": selectors.explain(counted) if counted else "",
    }


@login_required
def projector(request: AuthedRequest, pk: int) -> HttpResponse:
    assembly = selectors.access_assembly(user=request.user, assembly_id=pk)
    return render(request, "assemblies/projector.html", _projector_context(assembly))


@login_required
def projector_live(request: AuthedRequest, pk: int) -> HttpResponse:
    assembly = selectors.access_assembly(user=request.user, assembly_id=pk)
    return render(request, "assemblies/_projector_live.html", _projector_context(assembly))


def _delegate_context(request: AuthedRequest, assembly: Assembly) -> dict[str, Any]:
    me = setup.delegate_of(request.user, assembly)
    if me is None:
        raise PermissionDenied
    state = selectors.floor(assembly)
    open_votes = []
    held = list(
        me.proxies_held.filter(revoked_at__isnull=True).select_related(
            "giver__user", "giver__membership__organization"
        )
    )
    for vote in assembly.votes.filter(status=Vote.Status.OPEN).prefetch_related("options"):
        own = selectors.own_ballot_status(me, vote)["own"]
        proxies = [
            {"giver": p.giver, "done": selectors.own_ballot_status(p.giver, vote)["own"]}
            for p in held
        ]
        open_votes.append({"vote": vote, "done": own, "proxies": proxies})
    waiting = None
    if state.item is not None:
        waiting = me.speeches.filter(agenda_item=state.item, status="waiting").first()
    return {
        "assembly": assembly,
        "me": me,
        "floor": state,
        "open_votes": open_votes,
        "waiting": waiting,
        "speak_form": SpeakForm(),
        "declare_form": DeclareForm(initial={"attribute": me.attribute}),
    }


@login_required
def delegate_view(request: AuthedRequest, pk: int) -> HttpResponse:
    assembly = selectors.access_assembly(user=request.user, assembly_id=pk)
    return render(request, "assemblies/delegate.html", _delegate_context(request, assembly))


def _delegate_live(request: AuthedRequest, assembly: Assembly, status: int = 200) -> HttpResponse:
    return render(
        request,
        "assemblies/_delegate_live.html",
        _delegate_context(request, assembly),
        status=status,
    )


@login_required
def delegate_live(request: AuthedRequest, pk: int) -> HttpResponse:
    assembly = selectors.access_assembly(user=request.user, assembly_id=pk)
    return _delegate_live(request, assembly)


@login_required
@require_POST
def delegate_declare(request: AuthedRequest, pk: int) -> HttpResponse:
    assembly = selectors.access_assembly(user=request.user, assembly_id=pk)
    me = setup.delegate_of(request.user, assembly)
    if me is None:
        raise PermissionDenied
    form = DeclareForm(request.POST)
    if form.is_valid():
        setup.delegate_declare(
            actor=request.user, delegate=me, attribute=form.cleaned_data["attribute"]
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("At most 40 characters."))
    return redirect("assemblies:delegate_view", pk=assembly.pk)


@login_required
def minutes(request: AuthedRequest, pk: int) -> HttpResponse:
    assembly = selectors.access_assembly(user=request.user, assembly_id=pk)
    pdf = minutes_pdf(assembly)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-assembly-{assembly.pk}.pdf"'
    return response
