"""Pages of contacts and the daily work with them: the list, a contact's page and forms,
logging a conversation, my follow-ups, custom constituencies.

`urlpatterns` here also carries the patterns of the other mass-work areas (sites and
struggles, segments, dashboard); people/urls.py adds imports and de-duplication.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from massline.accounts import access
from massline.accounts.http import AuthedRequest
from massline.core.forms import add_service_errors
from massline.core.svg import ladder_chart
from massline.people import selectors
from massline.people.forms import (
    ConstituencyForm,
    ContactForm,
    ContactSearchForm,
    ContactStruggleForm,
    InteractionForm,
)
from massline.people.models import Assessment, Contact
from massline.people.segments import SegmentQueryError
from massline.people.services import activity, contacts
from massline.people.views import dashboard, places, segments
from massline.people.views.requests import require_mass_work, safe_next

PAGE_SIZE = 50


def contact_url(contact: Contact) -> str:
    return reverse("people:contact_detail", args=[contact.pk])


@login_required
@require_GET
def contact_list(request: AuthedRequest) -> HttpResponse:
    require_mass_work(request.user)
    form = ContactSearchForm(request.GET)
    query = email = phone = ""
    if form.is_valid():
        query, email, phone = (form.cleaned_data[k] for k in ("q", "email", "phone"))
    error = "" if form.is_valid() else _("The search is too long.")
    found = selectors.contact_base(user=request.user).none()
    if not error:
        try:
            found = selectors.contact_list(user=request.user, query=query, email=email, phone=phone)
        except SegmentQueryError as exc:
            error = str(exc)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "error": error,
        "query": query,
        "filtered": bool(query or email or phone),
        "can_manage": access.can_bulk_manage_contacts(request.user),
    }
    template = "people/_contact_results.html" if request.htmx else "people/contact_list.html"
    return render(request, template, context, status=400 if error and not request.htmx else 200)


@login_required
@require_GET
def query_count(request: AuthedRequest) -> HttpResponse:
    """The live count beside a filter box: how many visible contacts the filter finds.

    Always answers 200 so that htmx swaps in an error message too.
    """
    require_mass_work(request.user)
    query = request.GET.get("q", request.GET.get("query", ""))
    unit_id = None
    raw_unit = request.GET.get("unit", "")
    if raw_unit.isdigit() and access.can_edit_contacts_of(request.user, int(raw_unit)):
        unit_id = int(raw_unit)
    count, error = None, ""
    try:
        count = selectors.segment_count(user=request.user, query=query, unit_id=unit_id)
    except SegmentQueryError as exc:
        error = str(exc)
    return render(
        request, "people/_query_count.html", {"count": count, "error": error, "query": query}
    )


@login_required
@require_GET
def contact_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.access_contact(user=request.user, contact_id=pk)
    timeline = selectors.contact_timeline(user=request.user, contact=contact)
    assessments = list(timeline["assessments"])
    ladder = ladder_chart(
        [(a.assessed_at.date().isoformat(), a.level) for a in reversed(assessments)],
        [str(label) for label in Assessment.Level.labels],
        title=_("Assessment over time"),
    )
    return render(
        request,
        "people/contact_detail.html",
        {
            "contact": contact,
            "interactions": timeline["interactions"],
            "assessments": assessments,
            "ladder": ladder,
            "follow_ups": timeline["follow_ups"],
            "struggles": timeline["struggles"],
            "struggle_form": ContactStruggleForm(
                struggles=selectors.struggles_to_join(user=request.user, contact=contact)
            ),
        },
    )


def _contact_form(request: AuthedRequest, contact: Contact | None = None) -> HttpResponse:
    units = selectors.working_units(user=request.user)
    form = ContactForm(
        request.POST or None,
        units=units,
        sites=selectors.site_choices(user=request.user),
        contact=contact,
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        unit = data.pop("unit")
        try:
            if contact is None:
                contact = contacts.contact_create(actor=request.user, unit=unit, **data)
                messages.success(request, _("Contact added."))
            else:
                contact = contacts.contact_update(
                    actor=request.user, contact=contact, unit=unit, **data
                )
                messages.success(request, _("Contact saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("people:contact_detail", pk=contact.pk)
    return render(
        request,
        "people/contact_form.html",
        {
            "form": form,
            "contact": contact,
            "can_manage": access.can_bulk_manage_contacts(request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: AuthedRequest) -> HttpResponse:
    require_mass_work(request.user)
    return _contact_form(request)


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.access_contact(user=request.user, contact_id=pk)
    return _contact_form(request, contact)


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.access_contact(user=request.user, contact_id=pk)
    if request.method == "POST":
        contacts.contact_delete(actor=request.user, contact=contact)
        messages.success(request, _("Contact deleted."))
        return redirect("people:contact_list")
    return render(request, "people/contact_delete.html", {"contact": contact})


@login_required
@require_POST
def contact_struggle_add(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.access_contact(user=request.user, contact_id=pk)
    form = ContactStruggleForm(
        request.POST, struggles=selectors.struggles_to_join(user=request.user, contact=contact)
    )
    if not form.is_valid():
        messages.error(request, _("Choose one of the struggles offered."))
        return redirect("people:contact_detail", pk=contact.pk)
    contacts.struggle_contact_add(
        actor=request.user, struggle=form.cleaned_data["struggle"], contact=contact
    )
    messages.success(request, _("Added to the struggle."))
    return redirect("people:contact_detail", pk=contact.pk)


@login_required
@require_http_methods(["GET", "POST"])
def interaction_log(request: AuthedRequest, pk: int) -> HttpResponse:
    """The quick entry, made for a phone: one screen, what happened and what comes next."""
    contact = selectors.access_contact(user=request.user, contact_id=pk)
    form = InteractionForm(
        request.POST or None,
        actor=request.user,
        assignees=selectors.assignable_users(user=request.user, unit=contact.unit),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        next_step = None
        if data["due_on"] and data["task"]:
            next_step = activity.NextStep(
                due_on=data["due_on"],
                task=data["task"],
                assigned_to=data["assigned_to"] or request.user,
            )
        try:
            activity.interaction_log(
                actor=request.user,
                contact=contact,
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                place=data["place"],
                outcome=data["outcome"],
                notes=data["notes"],
                assessment=data["assessment"],
                next_step=next_step,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Logged."))
            return redirect(safe_next(request, contact_url(contact)))
    return render(
        request,
        "people/interaction_form.html",
        {"form": form, "contact": contact, "next": safe_next(request, "")},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def follow_up_list(request: AuthedRequest) -> HttpResponse:
    include_done = request.GET.get("done") == "1"
    follow_ups = selectors.my_follow_ups(user=request.user, include_done=include_done)
    page = Paginator(follow_ups, 100).get_page(request.GET.get("page"))
    return render(
        request, "people/follow_up_list.html", {"page": page, "include_done": include_done}
    )


@login_required
@require_POST
def follow_up_done(request: AuthedRequest, pk: int) -> HttpResponse:
    follow_up = selectors.access_follow_up(user=request.user, follow_up_id=pk)
    activity.follow_up_done(actor=request.user, follow_up=follow_up)
    if request.htmx:
        return render(request, "people/_follow_up_row.html", {"follow_up": follow_up})
    messages.success(request, _("Marked as done."))
    return redirect(safe_next(request, contact_url(follow_up.contact)))


@login_required
@require_http_methods(["GET", "POST"])
def constituency_create(request: AuthedRequest) -> HttpResponse:
    if not access.can_bulk_manage_contacts(request.user):
        raise PermissionDenied
    form = ConstituencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contacts.constituency_create(actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Constituency added."))
            return redirect("people:constituency_create")
    return render(
        request,
        "people/constituency_form.html",
        {"form": form, "constituencies": selectors.constituency_list()},
        status=400 if form.errors else 200,
    )


urlpatterns: list[URLPattern] = [
    path("", contact_list, name="contact_list"),
    path("count/", query_count, name="query_count"),
    path("contacts/new/", contact_create, name="contact_create"),
    path("contacts/<int:pk>/", contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", contact_delete, name="contact_delete"),
    path("contacts/<int:pk>/log/", interaction_log, name="interaction_log"),
    path("contacts/<int:pk>/struggles/", contact_struggle_add, name="contact_struggle_add"),
    path("follow-ups/", follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:pk>/done/", follow_up_done, name="follow_up_done"),
    path("constituencies/new/", constituency_create, name="constituency_create"),
    *places.urlpatterns,
    *segments.urlpatterns,
    *dashboard.urlpatterns,
]
