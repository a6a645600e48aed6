"""Pages of the events app. Thin: parse, call a selector or service, render."""

import datetime
import zoneinfo
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from massline.accounts.http import AuthedRequest
from massline.accounts.models import Unit, User
from massline.core.forms import add_service_errors
from massline.directory.models import Organization
from massline.events import access, calendars, selectors, services, tickets
from massline.events.forms import (
    AnniversaryForm,
    CheckinCodeForm,
    DelegateForm,
    DelegationForm,
    DelegationNotesForm,
    EventFilterForm,
    EventForm,
    PublicRsvpForm,
    TranslationForm,
    add_event_errors,
)
from massline.events.models import Anniversary, Event, Rsvp

PAGE_SIZE = 30


def _require_calendar(user: Any) -> None:
    if not access.can_use_calendar(user):
        raise PermissionDenied


def greeting_url_name() -> str | None:
    """The letters app's greeting page for an anniversary, when that page exists."""
    try:
        reverse("letters:anniversary_greeting", args=[1])
    except NoReverseMatch:
        return None
    return "letters:anniversary_greeting"


def _viewer_zone(request: HttpRequest) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


# Lists and calendar -----------------------------------------------------------------------


@login_required
def event_list(request: AuthedRequest) -> HttpResponse:
    _require_calendar(request.user)
    filters = selectors.EventFilters.from_params(request.GET)
    events = selectors.event_list(user=request.user, filters=filters).prefetch_related(
        "translations"
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    language = translation.get_language() or ""
    for event in page.object_list:
        text = selectors.translation_in(event, language)
        event.shown_title = text.title if text else event.title  # type: ignore[attr-defined]
        event.local_start = services.utc_to_local(  # type: ignore[attr-defined]
            event.starts_at, event.time_zone
        )
    today = timezone.now().astimezone(_viewer_zone(request)).date()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/event_list.html",
        {
            "page": page,
            "form": EventFilterForm(
                request.GET or None, units=selectors.visible_units(user=request.user)
            ),
            "filters": filters,
            "proposals": selectors.greeting_proposals(user=request.user, today=today),
            "my_rsvps": selectors.my_upcoming_rsvps(user=request.user)[:10],
            "greeting_url": greeting_url_name(),
            "can_create": access.can_create_events(request.user),
            "query": query.urlencode(),
        },
    )


def _month_param(text: str, today: datetime.date) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in text.split("-", 1))
        if 1900 <= year <= 2200 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    return today.year, today.month


@login_required
def calendar_month(request: AuthedRequest) -> HttpResponse:
    _require_calendar(request.user)
    zone = _viewer_zone(request)
    today = timezone.now().astimezone(zone).date()
    year, month = _month_param(str(request.GET.get("month", ""))[:7], today)
    filters = selectors.EventFilters.from_params(request.GET)
    weeks = selectors.month_calendar(
        user=request.user, year=year, month=month, filters=filters, zone=zone, today=today
    )
    first = datetime.date(year, month, 1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    query = request.GET.copy()
    query.pop("month", None)
    return render(
        request,
        "events/calendar.html",
        {
            "weeks": weeks,
            "month": first,
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "form": EventFilterForm(
                request.GET or None, units=selectors.visible_units(user=request.user)
            ),
            "proposals": selectors.greeting_proposals(user=request.user, today=today),
            "greeting_url": greeting_url_name(),
            "query": query.urlencode(),
            "zone": settings.TIME_ZONE,
        },
    )


# Event pages ------------------------------------------------------------------------------


def _local_times(event: Event) -> dict[str, datetime.datetime]:
    return {
        "starts": services.utc_to_local(event.starts_at, event.time_zone),
        "ends": services.utc_to_local(event.ends_at, event.time_zone),
    }


@login_required
def event_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.access_event(user=request.user, event_id=pk)
    can_manage = access.can_manage_event(request.user, event)
    language = translation.get_language() or ""
    context: dict[str, Any] = {
        "event": event,
        "text": selectors.translation_in(event, language),
        "translations": list(event.translations.all()),
        "can_manage": can_manage,
        "my_rsvp": selectors.my_rsvp(user=request.user, event=event),
        "seats_taken": selectors.seats_taken(event),
        "waitlisted": selectors.waitlist_length(event),
        "delegations": selectors.delegation_summary(user=request.user, event=event),
        "translation_form": TranslationForm() if can_manage else None,
        **_local_times(event),
    }
    return render(request, "events/event_detail.html", context)


def _event_form(request: AuthedRequest, event: Event | None = None) -> HttpResponse:
    units = selectors.managed_units(user=request.user)
    organizations = selectors.organizations_for(user=request.user)
    form = EventForm(request.POST or None, units=units, organizations=organizations, event=event)
    if request.method == "POST" and form.is_valid():
        co_hosts = list(form.cleaned_data.get("co_hosts") or [])
        try:
            if event is None:
                event = services.event_create(
                    actor=request.user, co_hosts=co_hosts, **form.service_fields()
                )
                messages.success(request, _("Event created."))
            else:
                event = services.event_update(
                    actor=request.user, event=event, co_hosts=co_hosts, **form.service_fields()
                )
                messages.success(request, _("Event saved."))
        except ValidationError as exc:
            add_event_errors(form, exc)
        else:
            return redirect("events:event_detail", pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: AuthedRequest) -> HttpResponse:
    if not access.can_create_events(request.user):
        raise PermissionDenied
    return _event_form(request)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.manage_event(user=request.user, event_id=pk)
    return _event_form(request, event)


@login_required
@require_POST
def event_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.manage_event(user=request.user, event_id=pk)
    try:
        services.event_cancel(actor=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The event is cancelled; attendees are told by mail."))
    return redirect("events:event_detail", pk=event.pk)


@login_required
@require_POST
def translation_save(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.manage_event(user=request.user, event_id=pk)
    form = TranslationForm(request.POST)
    if form.is_valid():
        try:
            services.event_translation_save(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Translation saved."))
            return redirect("events:event_detail", pk=event.pk)
    messages.error(
        request,
        _("The translation was not saved: %(errors)s")
        % {"errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)},
    )
    return redirect("events:event_detail", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def member_rsvp(request: AuthedRequest, pk: int) -> HttpResponse:
    """A member answers from their account (POST), or cancels their own answer."""
    event = selectors.access_event(user=request.user, event_id=pk)
    if request.method == "GET":
        return redirect("events:event_detail", pk=event.pk)
    mine = selectors.my_rsvp(user=request.user, event=event)
    try:
        if request.POST.get("action") == "cancel":
            if mine is None:
                raise ValidationError(_("You have no RSVP to this event."))
            services.rsvp_cancel(rsvp=mine, actor=request.user)
            messages.success(request, _("Your RSVP is cancelled."))
        else:
            rsvp, _new = services.rsvp_submit_member(actor=request.user, event=event)
            if rsvp.status == Rsvp.Status.CONFIRMED:
                messages.success(request, _("You have a seat. Your ticket is in your mail."))
            else:
                messages.success(request, _("The event is full: you are on the waitlist."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("events:event_detail", pk=event.pk)


@login_required
def rsvp_list(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.manage_event(user=request.user, event_id=pk)
    status = str(request.GET.get("status", ""))[:12]
    rows = selectors.rsvp_list(user=request.user, event=event, status=status)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "events/rsvp_list.html",
        {
            "event": event,
            "page": page,
            "status": status,
            "statuses": Rsvp.Status.choices,
            "attendance": selectors.attendance(user=request.user, event=event),
        },
    )


@login_required
@require_POST
def rsvp_cancel_by_organizer(request: AuthedRequest, pk: int) -> HttpResponse:
    rsvp = selectors.access_rsvp(user=request.user, rsvp_id=pk)
    try:
        services.rsvp_cancel(rsvp=rsvp, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("RSVP cancelled."))
    if access.can_manage_event(request.user, rsvp.event):
        return redirect("events:rsvp_list", pk=rsvp.event_id)
    return redirect("events:event_detail", pk=rsvp.event_id)


# Public page, RSVP without an account, ticket and cancellation link -----------------------


def _public_context(request: HttpRequest, event: Event) -> dict[str, Any]:
    return {
        "event": event,
        "text": selectors.translation_in(event, translation.get_language() or ""),
        "seats_taken": selectors.seats_taken(event),
        **_local_times(event),
    }


@require_http_methods(["GET", "POST"])
def public_event(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.public_event(slug=slug)
    form = PublicRsvpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rsvp_submit(
                event=event,
                language=translation.get_language() or "",
                user=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("events:public_thanks", slug=event.slug)
    return render(
        request,
        "events/public_event.html",
        {**_public_context(request, event), "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
def public_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.public_event(slug=slug)
    return render(request, "events/public_thanks.html", _public_context(request, event))


@require_GET
def public_event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.public_event(slug=slug)
    return _ics_response(calendars.calendar_bytes([event], name=event.title, public=True), slug)


def _rsvp_or_404(token: str) -> Rsvp:
    rsvp = tickets.rsvp_from_token(token)
    if rsvp is None:
        raise Http404
    return rsvp


@require_GET
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    rsvp = _rsvp_or_404(token)
    return render(
        request,
        "events/ticket.html",
        {
            "rsvp": rsvp,
            "event": rsvp.event,
            "qr_svg": tickets.qr_svg(rsvp) if rsvp.status == Rsvp.Status.CONFIRMED else "",
            "token": token,
            **_local_times(rsvp.event),
        },
    )


@require_http_methods(["GET", "POST"])
def rsvp_cancel_link(request: HttpRequest, token: str) -> HttpResponse:
    rsvp = _rsvp_or_404(token)
    done = False
    if request.method == "POST":
        try:
            services.rsvp_cancel(rsvp=rsvp)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            done = True
            rsvp.status = Rsvp.Status.CANCELLED
    return render(
        request,
        "events/rsvp_cancel.html",
        {"rsvp": rsvp, "event": rsvp.event, "done": done, **_local_times(rsvp.event)},
    )


# Delegations ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def delegation_list(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.manage_event(user=request.user, event_id=pk)
    form = DelegationForm(
        request.POST or None, organizations=selectors.organizations_for(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            delegation = services.delegation_create(
                actor=request.user, event=event, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Delegation added."))
            return redirect("events:delegation_detail", pk=delegation.pk)
    return render(
        request,
        "events/delegation_list.html",
        {
            "event": event,
            "delegations": selectors.delegation_list(user=request.user, event=event),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    delegation = selectors.access_delegation(user=request.user, delegation_id=pk)
    form = DelegateForm(request.POST if "name" in request.POST else None)
    notes_form = DelegationNotesForm(
        request.POST if "notes" in request.POST else None,
        initial={"notes": delegation.notes},
    )
    if request.method == "POST":
        if "notes" in request.POST:
            if notes_form.is_valid():
                services.delegation_update(
                    actor=request.user,
                    delegation=delegation,
                    notes=notes_form.cleaned_data["notes"],
                )
                messages.success(request, _("Notes saved."))
                return redirect("events:delegation_detail", pk=delegation.pk)
        else:
            form = DelegateForm(request.POST)
            if form.is_valid():
                try:
                    services.delegate_add(
                        actor=request.user, delegation=delegation, **form.cleaned_data
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("Delegate added."))
                    return redirect("events:delegation_detail", pk=delegation.pk)
    delegates = list(delegation.delegates.order_by("position"))
    return render(
        request,
        "events/delegation_detail.html",
        {
            "delegation": delegation,
            "event": delegation.event,
            "delegates": delegates,
            "form": form,
            "notes_form": notes_form,
            "greeting_url": greeting_url_name(),
        },
        status=400 if form.errors or notes_form.errors else 200,
    )


# Check-in ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: AuthedRequest, pk: int) -> HttpResponse:
    """The steward's page: search by name or take a ticket code, check in with one tap."""
    event = selectors.manage_event(user=request.user, event_id=pk)
    query = str(request.GET.get("q", ""))[:100]
    code_form = CheckinCodeForm(
        request.POST if "code" in request.POST else None,
        initial={"code": str(request.GET.get("code", ""))[:30]},
    )
    if request.method == "POST":
        # Success or refusal, the steward lands back on the empty form (post/redirect/get):
        # the message says what happened, a reload cannot check anyone in twice.
        try:
            if "rsvp" in request.POST:
                target = selectors.event_rsvp(
                    user=request.user, event=event, rsvp_id=str(request.POST.get("rsvp", ""))
                )
                done = services.checkin(actor=request.user, event=event, rsvp=target)
            elif code_form.is_valid():
                done = services.checkin(
                    actor=request.user, event=event, code=code_form.cleaned_data["code"]
                )
            else:
                raise ValidationError(_("Type or scan a ticket code."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Checked in: %(name)s.") % {"name": done.name})
        target_url = reverse("events:checkin", args=[event.pk])
        return redirect(f"{target_url}?{urlencode({'q': query})}" if query else target_url)
    found = selectors.attendee_search(user=request.user, event=event, query=query)
    return render(
        request,
        "events/checkin.html",
        {
            "event": event,
            "query": query,
            "found": found,
            "code_form": code_form,
            "attendance": selectors.attendance(user=request.user, event=event),
        },
    )


@login_required
@require_GET
def checkin_count(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.manage_event(user=request.user, event_id=pk)
    return render(
        request,
        "events/_attendance.html",
        {"event": event, "attendance": selectors.attendance(user=request.user, event=event)},
    )


@login_required
@require_GET
def checkin_code(request: AuthedRequest, code: str) -> HttpResponse:
    """What a ticket's QR code opens: the check-in page of its event with the code filled in."""
    rsvp = selectors.rsvp_by_code(user=request.user, code=code)
    return redirect(f"{reverse('events:checkin', args=[rsvp.event_id])}?code={rsvp.code}")


# Calendars --------------------------------------------------------------------------------


def _ics_response(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


@login_required
@require_GET
def event_ics(request: AuthedRequest, pk: int) -> HttpResponse:
    event = selectors.access_event(user=request.user, event_id=pk)
    return _ics_response(calendars.calendar_bytes([event], name=event.title), event.slug)


def _feed(
    user: Any, *, unit: Unit | None = None, organization: Organization | None = None
) -> bytes:
    events = selectors.feed_events(user=user, unit=unit, organization=organization)
    name = unit.name if unit else organization.short_name or organization.name  # type: ignore[union-attr]
    return calendars.calendar_bytes(events, name=f"{settings.SITE_NAME}: {name}", public=True)


@require_GET
def unit_feed(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Public events of a unit: anyone may subscribe."""
    unit = selectors.feed_unit(unit_id=unit_id)
    return _ics_response(_feed(None, unit=unit), f"unit-{unit.pk}")


@require_GET
def organization_feed(request: HttpRequest, org_id: int) -> HttpResponse:
    """Public events an organization hosts or co-hosts (not for confidential organizations)."""
    organization = selectors.feed_organization(user=None, org_id=org_id)
    return _ics_response(_feed(None, organization=organization), f"organization-{org_id}")


def _token_user(token: str) -> User:
    user = services.feed_token_user(token)
    if user is None:
        raise Http404
    return user


@require_GET
def private_unit_feed(request: HttpRequest, token: str, unit_id: int) -> HttpResponse:
    """Every event of a unit the token's owner may see; the token stands in for a login."""
    user = _token_user(token)
    unit = selectors.feed_unit(unit_id=unit_id)
    return _ics_response(_feed(user, unit=unit), f"unit-{unit.pk}")


@require_GET
def private_organization_feed(request: HttpRequest, token: str, org_id: int) -> HttpResponse:
    user = _token_user(token)
    organization = selectors.feed_organization(user=user, org_id=org_id)
    return _ics_response(_feed(user, organization=organization), f"organization-{org_id}")


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request: AuthedRequest) -> HttpResponse:
    """Make (or replace) the secret of the user's calendar feeds; the address shows once."""
    _require_calendar(request.user)
    token = ""
    if request.method == "POST":
        token = services.feed_token_create(actor=request.user)
        messages.success(request, _("New calendar address made. Copy it now: it is shown once."))
    return render(
        request,
        "events/feed_settings.html",
        {
            "token": token,
            "has_token": selectors.has_feed_token(user=request.user),
            "units": selectors.visible_units(user=request.user),
            "SITE_URL": settings.SITE_URL,
        },
    )


@login_required
@require_POST
def feed_revoke(request: AuthedRequest) -> HttpResponse:
    _require_calendar(request.user)
    if services.feed_token_revoke(actor=request.user):
        messages.success(request, _("Calendar address revoked: subscribed apps stop updating."))
    return redirect("events:feed_settings")


# Anniversaries ----------------------------------------------------------------------------


@login_required
def anniversary_list(request: AuthedRequest) -> HttpResponse:
    anniversaries = selectors.anniversary_list(user=request.user)
    today = timezone.now().astimezone(_viewer_zone(request)).date()
    rows = [
        (a, a.next_date(today), access.can_edit_anniversary(request.user, a)) for a in anniversaries
    ]
    return render(
        request,
        "events/anniversary_list.html",
        {
            "rows": rows,
            "can_create": access.can_create_anniversaries(request.user),
            "greeting_url": greeting_url_name(),
        },
    )


def _anniversary_form(
    request: AuthedRequest, anniversary: Anniversary | None = None
) -> HttpResponse:
    form = AnniversaryForm(
        request.POST or None,
        instance=anniversary,
        units=selectors.managed_units(user=request.user),
        organizations=selectors.organizations_for(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "organizations"}
        organizations = list(form.cleaned_data.get("organizations") or [])
        try:
            if anniversary is None:
                services.anniversary_create(actor=request.user, organizations=organizations, **data)
                messages.success(request, _("Anniversary added."))
            else:
                services.anniversary_update(
                    actor=request.user,
                    anniversary=anniversary,
                    organizations=organizations,
                    **data,
                )
                messages.success(request, _("Anniversary saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("events:anniversary_list")
    return render(
        request,
        "events/anniversary_form.html",
        {"form": form, "anniversary": anniversary},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def anniversary_create(request: AuthedRequest) -> HttpResponse:
    if not access.can_create_anniversaries(request.user):
        raise PermissionDenied
    return _anniversary_form(request)


@login_required
@require_http_methods(["GET", "POST"])
def anniversary_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    anniversary = selectors.access_anniversary(user=request.user, anniversary_id=pk)
    if not access.can_edit_anniversary(request.user, anniversary):
        raise PermissionDenied
    return _anniversary_form(request, anniversary)
