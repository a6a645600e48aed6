"""Pages of united fronts: the front, its members, its platform and its joint statements.

Thin: parse, call a selector or service, render. Who may do what is in `access`.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from massline.accounts import access as account_access
from massline.accounts.forms import AcceptInvitationForm
from massline.accounts.http import AuthedRequest
from massline.accounts.models import Role, Unit
from massline.core.forms import add_service_errors
from massline.directory import selectors as directory_selectors
from massline.fronts import access, selectors, services, statements
from massline.fronts.forms import (
    AdoptForm,
    ApplicationDecisionForm,
    ApplicationForm,
    CommentForm,
    DeadlineForm,
    DecisionForm,
    EndorsementForm,
    FrontForm,
    MembershipAddForm,
    RepresentativeForm,
    SignForm,
    StatementForm,
    VersionForm,
    version_initial,
)
from massline.fronts.models import (
    Front,
    FrontMembership,
    MembershipApplication,
    PlatformVersion,
    Statement,
)
from massline.fronts.platform_diff import platform_diff, summary

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in LANGUAGES else (translation.get_language() or "en")[:2]


def _front_context(request: AuthedRequest, front: Front, **extra: Any) -> dict[str, Any]:
    context = {
        "front": front,
        "front_name": selectors.front_name(front),
        "can_coordinate": access.can_coordinate(request.user, front),
    }
    context.update(extra)
    return context


# Fronts ----------------------------------------------------------------------------------


@login_required
def front_list(request: AuthedRequest) -> HttpResponse:
    fronts = list(selectors.front_list(user=request.user))
    for front in fronts:
        front.display_name = selectors.front_name(front)  # type: ignore[attr-defined]
    return render(
        request,
        "fronts/front_list.html",
        {"fronts": fronts, "can_create": access.can_create_front(request.user)},
    )


@login_required
def front_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    front = selectors.front_get(user=request.user, slug=slug)
    memberships = list(selectors.membership_list(user=request.user, front=front))
    version = selectors.current_version(user=request.user, front=front)
    return render(
        request,
        "fronts/front_detail.html",
        _front_context(
            request,
            front,
            memberships=memberships,
            version=version,
            principles=selectors.principles_in(version) if version else [],
            statements=_with_titles(selectors.statement_list(user=request.user, front=front)[:5]),
            names=front.names.all(),
            represented=selectors.represented_memberships(user=request.user, front=front),
        ),
    )


def _front_form(request: AuthedRequest, front: Front | None) -> HttpResponse:
    units = Unit.objects.filter(id__in=account_access.units_with_role(request.user, Role.ORGANIZER))
    organizations = directory_selectors.organization_list(user=request.user)
    initial: dict[str, Any] = {}
    if front is not None:
        initial = {
            field: getattr(front, field)
            for field in (
                "name",
                "short_name",
                "slug",
                "founded_on",
                "we_host",
                "admission",
                "weighting",
                "quorum_percent",
                "majority",
            )
        }
        initial.update(unit=front.unit_id, secretariat=front.secretariat_id)
        initial.update({f"name_{row.language}": row.name for row in front.names.all()})
    form = FrontForm(
        request.POST or None, initial=initial, units=units, organizations=organizations
    )
    if request.method == "POST" and form.is_valid():
        try:
            if front is None:
                front = services.front_create(
                    actor=request.user,
                    unit=form.cleaned_data["unit"],
                    names=form.names(),
                    **form.front_fields(),
                )
                messages.success(request, _("Front created."))
            else:
                front = services.front_update(
                    actor=request.user,
                    front=front,
                    unit=form.cleaned_data["unit"],
                    names=form.names(),
                    **form.front_fields(),
                )
                messages.success(request, _("Front saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("fronts:detail", slug=front.slug)
    return render(
        request,
        "fronts/front_form.html",
        {"form": form, "front": front},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def front_create(request: AuthedRequest) -> HttpResponse:
    if not access.can_create_front(request.user):
        raise PermissionDenied
    return _front_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def front_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    front = selectors.front_for_coordination(user=request.user, slug=slug)
    return _front_form(request, front)


# Memberships -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def membership_list(request: AuthedRequest, slug: str) -> HttpResponse:
    front = selectors.front_get(user=request.user, slug=slug)
    can_coordinate = access.can_coordinate(request.user, front)
    form = None
    if can_coordinate:
        taken = front.memberships.values_list("organization_id", flat=True)
        form = MembershipAddForm(
            request.POST or None,
            organizations=directory_selectors.organization_list(user=request.user).exclude(
                pk__in=taken
            ),
        )
        if request.method == "POST" and form.is_valid():
            try:
                membership = services.membership_add(
                    actor=request.user, front=front, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Organization admitted."))
                return redirect("fronts:membership_detail", slug=front.slug, pk=membership.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "fronts/membership_list.html",
        _front_context(
            request,
            front,
            memberships=selectors.membership_list(user=request.user, front=front),
            applications=selectors.application_list(user=request.user, front=front).filter(
                status=MembershipApplication.Status.PENDING
            )
            if can_coordinate
            else [],
            form=form,
        ),
        status=400 if form is not None and form.errors else 200,
    )


def _membership_page(
    request: AuthedRequest,
    front: Front,
    membership: FrontMembership,
    *,
    decision_form: DecisionForm | None = None,
    representative_form: RepresentativeForm | None = None,
    invitation_link: str = "",
    status: int = 200,
) -> HttpResponse:
    can_coordinate = access.can_coordinate(request.user, front)
    if can_coordinate and decision_form is None:
        decision_form = DecisionForm(
            initial={"status": membership.status, "weight": membership.weight}
        )
    if can_coordinate and representative_form is None:
        representative_form = RepresentativeForm()
    return render(
        request,
        "fronts/membership_detail.html",
        _front_context(
            request,
            front,
            membership=membership,
            decisions=selectors.decision_list(user=request.user, membership=membership),
            representatives=selectors.representative_list(user=request.user, membership=membership),
            endorsements=selectors.endorsement_list(user=request.user, front=front).filter(
                membership=membership
            ),
            decision_form=decision_form if can_coordinate else None,
            representative_form=representative_form if can_coordinate else None,
            invitation_link=invitation_link,
        ),
        status=status,
    )


@login_required
def membership_detail(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    front = selectors.front_get(user=request.user, slug=slug)
    membership = selectors.membership_get(user=request.user, front=front, membership_id=pk)
    return _membership_page(request, front, membership)


@login_required
@require_POST
def membership_decide(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    front = selectors.front_for_coordination(user=request.user, slug=slug)
    membership = selectors.membership_get(user=request.user, front=front, membership_id=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.membership_decide(
                actor=request.user, membership=membership, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("fronts:membership_detail", slug=front.slug, pk=membership.pk)
    return _membership_page(request, front, membership, decision_form=form, status=400)


@login_required
@require_POST
@never_cache
def representative_add(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    front = selectors.front_for_coordination(user=request.user, slug=slug)
    membership = selectors.membership_get(user=request.user, front=front, membership_id=pk)
    form = RepresentativeForm(request.POST)
    if form.is_valid():
        try:
            services.representative_add(
                actor=request.user, membership=membership, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Representative added."))
            return redirect("fronts:membership_detail", slug=front.slug, pk=membership.pk)
    return _membership_page(request, front, membership, representative_form=form, status=400)


@login_required
@require_POST
@never_cache
def representative_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    representative = selectors.representative_get(user=request.user, representative_id=pk)
    membership = representative.membership
    front = membership.front
    try:
        token = services.representative_invite(actor=request.user, representative=representative)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("fronts:membership_detail", slug=front.slug, pk=membership.pk)
    messages.success(
        request,
        _(
            "Invitation created. Hand the link over in person or through a channel you trust; "
            "it is shown only once."
        ),
    )
    link = settings.SITE_URL + reverse("fronts:representative_accept", args=[token])
    return _membership_page(
        request,
        front,
        selectors.membership_get(user=request.user, front=front, membership_id=membership.pk),
        invitation_link=link,
    )


@login_required
@require_POST
def representative_end(request: AuthedRequest, pk: int) -> HttpResponse:
    representative = selectors.representative_get(user=request.user, representative_id=pk)
    services.representative_end(actor=request.user, representative=representative)
    messages.success(request, _("The representation has ended."))
    membership = representative.membership
    return redirect("fronts:membership_detail", slug=membership.front.slug, pk=membership.pk)


@require_http_methods(["GET", "POST"])
@never_cache
def representative_accept(request: HttpRequest, token: str) -> HttpResponse:
    representative = services.representative_find(token=token)
    if representative is None:
        return render(request, "fronts/representative_invalid.html", status=404)
    if request.user.is_authenticated:
        return render(
            request,
            "fronts/representative_logged_in.html",
            {"representative": representative},
            status=409,
        )
    form = AcceptInvitationForm(
        request.POST or None, initial={"display_name": representative.display_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.representative_accept(
                token=token,
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "password" not in exc.error_dict:
                add_service_errors(form, exc)
            else:
                form.add_error("password1", exc.messages)
        else:
            login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            messages.success(request, _("Welcome. Your account is ready."))
            return redirect("fronts:detail", slug=representative.membership.front.slug)
    return render(
        request,
        "fronts/representative_accept.html",
        {"form": form, "representative": representative},
        status=400 if form.errors else 200,
    )


# Applications ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@never_cache
def application_form(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: an organization applies to join. Signed-in members may pick from the directory."""
    front = selectors.front_public_for_application(slug=slug)
    user = request.user
    organizations = (
        directory_selectors.organization_list(user=user)  # type: ignore[arg-type]
        if account_access.can_read_directory(user)
        else None
    )
    form = ApplicationForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("organization", None)
        try:
            services.application_submit(
                front=front,
                submitted_by=user if user.is_authenticated else None,  # type: ignore[arg-type]
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(
                request,
                "fronts/application_thanks.html",
                {"front": front, "front_name": selectors.front_name(front)},
            )
    return render(
        request,
        "fronts/application_form.html",
        {"form": form, "front": front, "front_name": selectors.front_name(front)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    front = selectors.front_for_coordination(user=request.user, slug=slug)
    application = selectors.application_get(user=request.user, front=front, application_id=pk)
    form = ApplicationDecisionForm(
        request.POST or None,
        organizations=directory_selectors.organization_list(user=request.user),
        initial={"organization": application.organization_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_decide(
                actor=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("fronts:membership_list", slug=front.slug)
    return render(
        request,
        "fronts/application_detail.html",
        _front_context(request, front, application=application, form=form),
        status=400 if form.errors else 200,
    )


# Platform --------------------------------------------------------------------------------


@login_required
def platform(request: AuthedRequest, slug: str) -> HttpResponse:
    front = selectors.front_get(user=request.user, slug=slug)
    versions = list(selectors.version_list(user=request.user, front=front))
    current = next((v for v in versions if not v.is_draft), None)
    language = _language(request)
    endorsements = list(selectors.endorsement_list(user=request.user, front=front))
    return render(
        request,
        "fronts/platform.html",
        _front_context(
            request,
            front,
            versions=versions,
            current=current,
            principles=selectors.principles_in(current, language) if current else [],
            endorsements=endorsements,
            has_draft=any(v.is_draft for v in versions),
        ),
    )


@login_required
@require_POST
def version_draft(request: AuthedRequest, slug: str) -> HttpResponse:
    front = selectors.front_for_coordination(user=request.user, slug=slug)
    try:
        version = services.version_draft(actor=request.user, front=front)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("fronts:platform", slug=front.slug)
    return redirect("fronts:version_edit", slug=front.slug, number=version.number)


def _version_page(
    request: AuthedRequest,
    front: Front,
    version: PlatformVersion,
    *,
    adopt_form: AdoptForm | None = None,
    endorsement_form: EndorsementForm | None = None,
    status: int = 200,
) -> HttpResponse:
    language = _language(request)
    principles = selectors.principles_in(version, language)
    can_coordinate = access.can_coordinate(request.user, front)
    represented = selectors.represented_memberships(user=request.user, front=front).filter(
        status__in=[FrontMembership.Status.MEMBER, FrontMembership.Status.OBSERVER]
    )
    endorsers = (
        selectors.membership_list(user=request.user, front=front).filter(
            status__in=[FrontMembership.Status.MEMBER, FrontMembership.Status.OBSERVER]
        )
        if can_coordinate
        else represented
    )
    if endorsement_form is None and not version.is_draft and endorsers.exists():
        endorsement_form = EndorsementForm(
            memberships=endorsers, numbers=[p.number for p in principles]
        )
    return render(
        request,
        "fronts/version_detail.html",
        _front_context(
            request,
            front,
            version=version,
            principles=principles,
            language=language,
            languages=selectors.version_languages(version),
            endorsements=selectors.endorsement_list(user=request.user, front=front).filter(
                version=version
            ),
            adopt_form=(adopt_form or AdoptForm()) if version.is_draft and can_coordinate else None,
            endorsement_form=endorsement_form,
            other_versions=selectors.version_list(user=request.user, front=front).exclude(
                pk=version.pk
            ),
        ),
        status=status,
    )


@login_required
def version_detail(request: AuthedRequest, slug: str, number: int) -> HttpResponse:
    front = selectors.front_get(user=request.user, slug=slug)
    version = selectors.version_get(user=request.user, front=front, number=number)
    return _version_page(request, front, version)


@login_required
@require_http_methods(["GET", "POST"])
def version_edit(request: AuthedRequest, slug: str, number: int) -> HttpResponse:
    front = selectors.front_for_coordination(user=request.user, slug=slug)
    version = selectors.version_get(user=request.user, front=front, number=number)
    if not version.is_draft:
        messages.error(request, _("An adopted version is frozen; draft a new version instead."))
        return redirect("fronts:version_detail", slug=front.slug, number=version.number)
    form = VersionForm(request.POST or None, initial=version_initial(version))
    if request.method == "POST" and form.is_valid():
        try:
            services.version_update(
                actor=request.user,
                version=version,
                texts=form.texts(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("fronts:version_detail", slug=front.slug, number=version.number)
    return render(
        request,
        "fronts/version_form.html",
        _front_context(request, front, version=version, form=form),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def version_adopt(request: AuthedRequest, slug: str, number: int) -> HttpResponse:
    front = selectors.front_for_coordination(user=request.user, slug=slug)
    version = selectors.version_get(user=request.user, front=front, number=number)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            services.version_adopt(
                actor=request.user, version=version, adopted_on=form.cleaned_data["adopted_on"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Version adopted."))
            return redirect("fronts:version_detail", slug=front.slug, number=version.number)
    return _version_page(request, front, version, adopt_form=form, status=400)


@login_required
@require_POST
def endorsement_add(request: AuthedRequest, slug: str, number: int) -> HttpResponse:
    front = selectors.front_get(user=request.user, slug=slug)
    version = selectors.version_get(user=request.user, front=front, number=number)
    if access.can_coordinate(request.user, front):
        endorsers = selectors.membership_list(user=request.user, front=front)
    else:
        endorsers = selectors.represented_memberships(user=request.user, front=front)
    if not endorsers.exists():
        raise PermissionDenied
    principles = selectors.principles_in(version)
    form = EndorsementForm(
        request.POST, memberships=endorsers, numbers=[p.number for p in principles]
    )
    if form.is_valid():
        try:
            services.endorsement_record(
                actor=request.user,
                version=version,
                membership=form.cleaned_data["membership"],
                endorsed_on=form.cleaned_data["endorsed_on"],
                reservations=form.reservations(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Endorsement recorded."))
            return redirect("fronts:version_detail", slug=front.slug, number=version.number)
    return _version_page(request, front, version, endorsement_form=form, status=400)


@login_required
def version_diff(request: AuthedRequest, slug: str) -> HttpResponse:
    front = selectors.front_get(user=request.user, slug=slug)
    versions = list(selectors.version_list(user=request.user, front=front))
    if len(versions) < 2:
        raise Http404
    numbers = {v.number: v for v in versions}

    def pick(name: str, default: int) -> PlatformVersion:
        try:
            return numbers[int(request.GET.get(name, default))]
        except (KeyError, ValueError):
            raise Http404 from None

    old = pick("from", versions[1].number)
    new = pick("to", versions[0].number)
    language = _language(request)
    changes = platform_diff(
        selectors.principles_in(old, language), selectors.principles_in(new, language)
    )
    return render(
        request,
        "fronts/version_diff.html",
        _front_context(
            request,
            front,
            old=old,
            new=new,
            versions=versions,
            changes=changes,
            counts=summary(changes),
            language=language,
        ),
    )


# Statements ------------------------------------------------------------------------------


def _with_titles(statement_list: Any) -> list[Statement]:
    rows = list(statement_list)
    for statement in rows:
        statement.text = selectors.text_in(statement)  # type: ignore[attr-defined]
    return rows


@login_required
def statement_list(request: AuthedRequest, slug: str) -> HttpResponse:
    front = selectors.front_get(user=request.user, slug=slug)
    return render(
        request,
        "fronts/statement_list.html",
        _front_context(
            request,
            front,
            statements=_with_titles(selectors.statement_list(user=request.user, front=front)),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_create(request: AuthedRequest, slug: str) -> HttpResponse:
    front = selectors.front_for_coordination(user=request.user, slug=slug)
    form = StatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            statement = statements.statement_create(
                actor=request.user, front=front, slug=form.cleaned_data["slug"], texts=form.texts()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Draft statement saved."))
            return redirect("fronts:statement_detail", slug=front.slug, pk=statement.pk)
    return render(
        request,
        "fronts/statement_form.html",
        _front_context(request, front, form=form, statement=None),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_edit(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    front = selectors.front_for_coordination(user=request.user, slug=slug)
    statement = selectors.statement_get(user=request.user, front=front, statement_id=pk)
    initial: dict[str, str] = {}
    for text in statement.texts.all():
        initial[f"title_{text.language}"] = text.title
        initial[f"body_{text.language}"] = text.body
    form = StatementForm(request.POST or None, initial=initial, with_slug=False)
    if request.method == "POST" and form.is_valid():
        try:
            statements.statement_update(actor=request.user, statement=statement, texts=form.texts())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Draft statement saved."))
            return redirect("fronts:statement_detail", slug=front.slug, pk=statement.pk)
    return render(
        request,
        "fronts/statement_form.html",
        _front_context(request, front, form=form, statement=statement),
        status=400 if form.errors else 200,
    )


def _statement_page(
    request: AuthedRequest,
    front: Front,
    statement: Statement,
    *,
    comment_form: CommentForm | None = None,
    deadline_form: DeadlineForm | None = None,
    status: int = 200,
) -> HttpResponse:
    language = _language(request)
    can_coordinate = access.can_coordinate(request.user, front)
    own = selectors.signature_for_user(user=request.user, statement=statement)
    window_open = statement.status == Statement.Status.OPEN and not statement.sign_on_closed
    own_links = [(s, statements.signon_token(s)) for s in own] if window_open else []
    links = []
    if can_coordinate and window_open:
        links = [
            (s, statements.signon_url(s))
            for s in selectors.signature_list(user=request.user, statement=statement)
        ]
    return render(
        request,
        "fronts/statement_detail.html",
        _front_context(
            request,
            front,
            statement=statement,
            text=selectors.text_in(statement, language),
            texts=statement.texts.all(),
            language=language,
            signatures=selectors.signature_list(user=request.user, statement=statement),
            comments=selectors.comment_list(user=request.user, statement=statement),
            comment_form=comment_form or CommentForm(),
            deadline_form=deadline_form or DeadlineForm(),
            window_open=window_open,
            own_links=own_links,
            links=links,
        ),
        status=status,
    )


@login_required
def statement_detail(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    front = selectors.front_get(user=request.user, slug=slug)
    statement = selectors.statement_get(user=request.user, front=front, statement_id=pk)
    return _statement_page(request, front, statement)


@login_required
@require_POST
def statement_comment(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    front = selectors.front_get(user=request.user, slug=slug)
    statement = selectors.statement_get(user=request.user, front=front, statement_id=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            statements.statement_comment_add(
                actor=request.user, statement=statement, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Comment added."))
            return redirect("fronts:statement_detail", slug=front.slug, pk=statement.pk)
    return _statement_page(request, front, statement, comment_form=form, status=400)


@login_required
@require_POST
def statement_open(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    front = selectors.front_for_coordination(user=request.user, slug=slug)
    statement = selectors.statement_get(user=request.user, front=front, statement_id=pk)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            if statement.status == Statement.Status.DRAFT:
                statements.statement_open(
                    actor=request.user, statement=statement, deadline=form.cleaned_data["deadline"]
                )
                messages.success(request, _("The statement is open for signature."))
            else:
                statements.statement_extend(
                    actor=request.user, statement=statement, deadline=form.cleaned_data["deadline"]
                )
                messages.success(request, _("Deadline moved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("fronts:statement_detail", slug=front.slug, pk=statement.pk)
    return _statement_page(request, front, statement, deadline_form=form, status=400)


def _statement_action(request: AuthedRequest, slug: str, pk: int, action: str) -> HttpResponse:
    front = selectors.front_for_coordination(user=request.user, slug=slug)
    statement = selectors.statement_get(user=request.user, front=front, statement_id=pk)
    try:
        if action == "publish":
            statements.statement_publish(actor=request.user, statement=statement)
            messages.success(request, _("Statement published."))
        elif action == "withdraw":
            statements.statement_withdraw(actor=request.user, statement=statement)
            messages.success(request, _("Statement withdrawn."))
        else:
            sent = statements.statement_send_links(actor=request.user, statement=statement)
            messages.success(
                request, _("Sign-on links mailed: %(count)d messages.") % {"count": sent}
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("fronts:statement_detail", slug=front.slug, pk=statement.pk)


@login_required
@require_POST
def statement_publish(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    return _statement_action(request, slug, pk, "publish")


@login_required
@require_POST
def statement_withdraw(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    return _statement_action(request, slug, pk, "withdraw")


@login_required
@require_POST
def statement_send_links(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    return _statement_action(request, slug, pk, "send")


# Sign-on and publication (no account needed) ---------------------------------------------


@require_http_methods(["GET", "POST"])
@never_cache
def sign(request: HttpRequest, token: str) -> HttpResponse:
    """A member organization signs, declines or abstains through its link."""
    try:
        found = statements.signon_resolve(token=token)
    except statements.SignOnRefused as refused:
        return render(
            request, "fronts/sign_refused.html", {"reason": refused.message}, status=refused.status
        )
    language = _language(request)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signature, next_token = statements.signature_decide(
                token=token,
                decision=form.cleaned_data["decision"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except statements.SignOnRefused as refused:
            return render(
                request,
                "fronts/sign_refused.html",
                {"reason": refused.message},
                status=refused.status,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(
                request,
                "fronts/sign_done.html",
                {
                    "signature": signature,
                    "statement": found.statement,
                    "text": selectors.text_in(found.statement, language),
                    "next_link": settings.SITE_URL + reverse("fronts:sign", args=[next_token]),
                    "next_path": reverse("fronts:sign", args=[next_token]),
                },
            )
    statement = Statement.objects.prefetch_related("texts").get(pk=found.statement.pk)
    return render(
        request,
        "fronts/sign.html",
        {
            "form": form,
            "signature": found.signature,
            "statement": statement,
            "front_name": selectors.front_name(statement.front),
            "text": selectors.text_in(statement, language),
            "texts": statement.texts.all(),
            "language": language,
            "token": token,
        },
        status=400 if form.errors else 200,
    )


def statement_public(request: HttpRequest, slug: str, language: str = "") -> HttpResponse:
    """The published statement with its signatories, in one language; no login, no script."""
    if language and language not in LANGUAGES:
        raise Http404
    statement = selectors.statement_public_get(slug=slug)
    language = language or (translation.get_language() or "en")[:2]
    with translation.override(language):
        texts = statement.texts.all()
        response = render(
            request,
            "fronts/statement_public.html",
            {
                "statement": statement,
                "text": selectors.text_in(statement, language),
                "texts": texts,
                "language": language,
                "front_name": selectors.front_name(statement.front, language),
                "signatories": selectors.public_signatories(statement),
                "now": timezone.now(),
            },
        )
    response.headers["Content-Language"] = language
    return response
