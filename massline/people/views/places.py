"""Pages of sites (workplaces, campuses, neighbourhoods) and of the struggles we support."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from massline.accounts.http import AuthedRequest
from massline.core.forms import add_service_errors
from massline.people import selectors
from massline.people.forms import SiteForm, StruggleForm
from massline.people.models import Site, Struggle
from massline.people.services import contacts as services
from massline.people.views.requests import require_mass_work

PAGE_SIZE = 50


@login_required
@require_GET
def site_list(request: AuthedRequest) -> HttpResponse:
    sites = selectors.site_list(user=request.user).order_by("name", "id")
    page = Paginator(sites, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/site_list.html", {"page": page})


@login_required
@require_GET
def site_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    site = selectors.access_site(user=request.user, site_id=pk)
    people = selectors.site_contacts(user=request.user, site=site)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    struggles = selectors.struggle_list(user=request.user).filter(sites=site)
    return render(
        request, "people/site_detail.html", {"site": site, "page": page, "struggles": struggles}
    )


def _site_form(request: AuthedRequest, site: Site | None = None) -> HttpResponse:
    form = SiteForm(
        request.POST or None, units=selectors.working_units(user=request.user), site=site
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            if site is None:
                site = services.site_create(actor=request.user, unit=unit, **data)
                messages.success(request, _("Site added."))
            else:
                site = services.site_update(actor=request.user, site=site, **data)
                messages.success(request, _("Site saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("people:site_detail", pk=site.pk)
    return render(
        request,
        "people/site_form.html",
        {"form": form, "site": site},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def site_create(request: AuthedRequest) -> HttpResponse:
    require_mass_work(request.user)
    return _site_form(request)


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _site_form(request, selectors.access_site(user=request.user, site_id=pk))


@login_required
@require_GET
def struggle_list(request: AuthedRequest) -> HttpResponse:
    struggles = selectors.struggle_list(user=request.user)
    status = request.GET.get("status", "")
    if status in Struggle.Status.values:
        struggles = struggles.filter(status=status)
    page = Paginator(struggles.order_by("-started", "title", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "people/struggle_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Struggle.Status.choices,
        },
    )


@login_required
@require_GET
def struggle_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    struggle = selectors.access_struggle(user=request.user, struggle_id=pk)
    return render(request, "people/struggle_detail.html", {"struggle": struggle})


def _struggle_form(request: AuthedRequest, struggle: Struggle | None = None) -> HttpResponse:
    user = request.user
    candidates = (
        selectors.struggle_contact_choices(user=user, struggle=struggle)
        if struggle is not None
        else selectors.contact_base(user=user).none()
    )
    form = StruggleForm(
        request.POST or None,
        units=selectors.working_units(user=user),
        sites=selectors.site_choices(user=user),
        contacts=candidates,
        struggle=struggle,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit, sites = data.pop("unit"), list(data.pop("sites"))
        constituencies = data.pop("constituencies")
        involved = list(data.pop("contacts")) if "contacts" in data else None
        try:
            struggle = services.struggle_save(
                actor=user,
                unit=unit,
                struggle=struggle,
                sites=sites,
                constituencies=constituencies,
                contacts=involved,
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Struggle saved."))
            return redirect("people:struggle_detail", pk=struggle.pk)
    return render(
        request,
        "people/struggle_form.html",
        {"form": form, "struggle": struggle},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def struggle_create(request: AuthedRequest) -> HttpResponse:
    require_mass_work(request.user)
    return _struggle_form(request)


@login_required
@require_http_methods(["GET", "POST"])
def struggle_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _struggle_form(request, selectors.access_struggle(user=request.user, struggle_id=pk))


urlpatterns: list[URLPattern] = [
    path("sites/", site_list, name="site_list"),
    path("sites/new/", site_create, name="site_create"),
    path("sites/<int:pk>/", site_detail, name="site_detail"),
    path("sites/<int:pk>/edit/", site_edit, name="site_edit"),
    path("struggles/", struggle_list, name="struggle_list"),
    path("struggles/new/", struggle_create, name="struggle_create"),
    path("struggles/<int:pk>/", struggle_detail, name="struggle_detail"),
    path("struggles/<int:pk>/edit/", struggle_edit, name="struggle_edit"),
]
