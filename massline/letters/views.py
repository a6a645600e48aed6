"""Pages of the correspondence register. Thin: parse, call a selector or service, render."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from massline.accounts.http import AuthedRequest
from massline.core.forms import add_service_errors
from massline.letters import access, attachments, selectors, services
from massline.letters.forms import (
    AcknowledgeForm,
    CommentForm,
    GreetingForm,
    InboundForm,
    LetterFilterForm,
    LetterForm,
    MarkSentForm,
    NewLetterForm,
    PublishForm,
    ReasonForm,
    VersionForm,
    recipients_text,
)
from massline.letters.models import Letter
from massline.letters.pdf import render_pdf

PAGE_SIZE = 30


def _choices(user: Any) -> dict[str, Any]:
    return {
        "units": selectors.draftable_units(user=user),
        "organizations": selectors.organization_choices(user=user),
        "events": selectors.event_choices(user=user),
        "anniversaries": selectors.anniversary_choices(),
        "campaigns": selectors.campaign_choices(user=user),
    }


@login_required
@require_GET
def letter_list(request: AuthedRequest) -> HttpResponse:
    filters = selectors.LetterFilters.from_params(request.GET)
    letters = selectors.letter_list(user=request.user, filters=filters)
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    texts = (
        selectors.version_texts(letter_ids=[letter.pk for letter in page.object_list])
        if filters.q
        else {}
    )
    rows = []
    for letter in page.object_list:
        snippet: list[tuple[str, bool]] = []
        for text in texts.get(letter.pk, []):
            snippet = selectors.highlight(text, filters.q)
            if snippet:
                break
        rows.append({"letter": letter, "snippet": snippet})
    form = LetterFilterForm(
        request.GET or None, organizations=selectors.organization_choices(user=request.user)
    )
    context = {
        "page": page,
        "rows": rows,
        "form": form,
        "filters": filters,
        "query": request.GET.copy(),
        "can_draft": access.can_draft(request.user),
        "can_see_due": access.can_see_greetings_due(request.user),
    }
    template = "letters/_letter_results.html" if request.htmx else "letters/letter_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def letter_create(request: AuthedRequest) -> HttpResponse:
    if not access.can_draft(request.user):
        raise PermissionDenied
    form = NewLetterForm(request.POST or None, **_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            letter = services.letter_create(
                actor=request.user,
                unit=data.pop("unit"),
                co_signers=data.pop("co_signers"),
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Letter %(number)s drafted.") % {"number": letter.register_number}
            )
            return redirect("letters:letter_detail", pk=letter.pk)
    return render(
        request,
        "letters/letter_form.html",
        {"form": form, "letter": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = selectors.access_letter_for_edit(user=request.user, letter_id=pk)
    initial = {
        "unit": letter.unit,
        "kind": letter.kind,
        "subject": letter.subject,
        "recipients": recipients_text(letter),
        "co_signers": list(letter.co_signers.all()),
        "signatories": letter.signatories,
        "place": letter.place,
        "letter_date": letter.letter_date,
        "event": letter.event,
        "anniversary": letter.anniversary,
        "campaign": letter.campaign,
        "confidential": letter.confidential,
    }
    form = LetterForm(request.POST or None, initial=initial, **_choices(request.user))
    form.fields["unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("unit")
        try:
            services.letter_update(
                actor=request.user,
                letter=letter,
                co_signers=data.pop("co_signers"),
                recipients=data.pop("recipients"),
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Letter saved."))
            return redirect("letters:letter_detail", pk=letter.pk)
    return render(
        request,
        "letters/letter_form.html",
        {"form": form, "letter": letter},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def letter_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = selectors.access_letter(user=request.user, letter_id=pk)
    details = selectors.letter_details(letter=letter)
    user = request.user
    dispatch = access.can_dispatch(user, letter)
    languages = [v.language for v in details["versions"]]
    context = {
        "letter": letter,
        **details,
        "replies": selectors.reply_list(user=user, letter=letter),
        "can_edit": access.can_edit(user, letter),
        "can_comment": access.can_comment(user, letter),
        "can_approve": letter.status == Letter.Status.REVIEW and access.can_approve(user, letter),
        "can_dispatch": dispatch,
        "comment_form": CommentForm(),
        "reason_form": ReasonForm(),
        "mark_sent_form": MarkSentForm(initial={"sent_on": timezone.localdate()}),
        "publish_form": PublishForm(languages=languages),
        "acknowledge_form": AcknowledgeForm(
            letters=selectors.reply_candidates(user=user, letter=letter)
        )
        if dispatch and letter.status == Letter.Status.SENT
        else None,
        "published": [v for v in details["versions"] if v.published_at],
    }
    return render(request, "letters/letter_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def version_edit(request: AuthedRequest, pk: int, language: str = "") -> HttpResponse:
    letter = selectors.access_letter_for_edit(user=request.user, letter_id=pk)
    version = letter.versions.filter(language=language).first() if language else None
    if language and version is None:
        raise Http404
    initial: dict[str, Any] = {"subject": letter.subject}
    if version is not None:
        initial = {
            "language": version.language,
            "subject": version.subject,
            "body": version.body,
            "is_original": version.is_original,
            "translator": version.translator,
        }
    form = VersionForm(request.POST or None, initial=initial)
    if version is not None:
        form.fields["language"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.version_save(actor=request.user, letter=letter, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Text saved."))
            return redirect("letters:letter_detail", pk=letter.pk)
    return render(
        request,
        "letters/version_form.html",
        {"form": form, "letter": letter, "version": version},
        status=400 if form.errors else 200,
    )


def _transition(
    request: AuthedRequest,
    pk: int,
    act: Callable[[Letter], Any],
    done: str,
    *,
    for_edit: bool = False,
) -> HttpResponse:
    if for_edit:
        letter = selectors.access_letter(user=request.user, letter_id=pk)
    else:
        letter = selectors.access_letter_for_dispatch(user=request.user, letter_id=pk)
    try:
        act(letter)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("letters:letter_detail", pk=letter.pk)


@login_required
@require_POST
def letter_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        lambda letter: services.letter_submit(actor=request.user, letter=letter),
        _("The letter is in review."),
        for_edit=True,
    )


@login_required
@require_POST
def letter_comment(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = selectors.access_letter(user=request.user, letter_id=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        for message in form.errors.get("body", []):
            messages.error(request, str(message))
        return redirect("letters:letter_detail", pk=letter.pk)
    return _transition(
        request,
        pk,
        lambda letter: services.comment_add(
            actor=request.user, letter=letter, body=form.cleaned_data["body"]
        ),
        _("Comment added."),
        for_edit=True,
    )


@login_required
@require_POST
def letter_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        lambda letter: services.letter_approve(actor=request.user, letter=letter),
        _("The letter is approved; its text is frozen."),
    )


def _reason_or_error(request: AuthedRequest) -> str:
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


@login_required
@require_POST
def letter_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    reason = _reason_or_error(request)
    return _transition(
        request,
        pk,
        lambda letter: services.letter_reopen(actor=request.user, letter=letter, reason=reason),
        _("The letter is reopened for editing; it needs approval again."),
    )


@login_required
@require_POST
def letter_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    reason = _reason_or_error(request)
    return _transition(
        request,
        pk,
        lambda letter: services.letter_withdraw(actor=request.user, letter=letter, reason=reason),
        _("The letter is withdrawn."),
    )


@login_required
@require_POST
def letter_send(request: AuthedRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        lambda letter: services.letter_send(actor=request.user, letter=letter),
        _("The letter is being sent; each recipient's delivery shows below."),
    )


@login_required
@require_POST
def letter_mark_sent(request: AuthedRequest, pk: int) -> HttpResponse:
    form = MarkSentForm(request.POST)
    if not form.is_valid():
        letter = selectors.access_letter_for_dispatch(user=request.user, letter_id=pk)
        messages.error(request, _("Choose how and when the letter was sent."))
        return redirect("letters:letter_detail", pk=letter.pk)
    return _transition(
        request,
        pk,
        lambda letter: services.letter_mark_sent(
            actor=request.user, letter=letter, **form.cleaned_data
        ),
        _("The letter is recorded as sent."),
    )


@login_required
@require_POST
def letter_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    languages = [code for code in request.POST.getlist("languages") if len(code) <= 3][:20]
    return _transition(
        request,
        pk,
        lambda letter: services.letter_publish(
            actor=request.user, letter=letter, languages=languages
        ),
        _("Published."),
    )


@login_required
@require_POST
def letter_unpublish(request: AuthedRequest, pk: int) -> HttpResponse:
    languages = [code for code in request.POST.getlist("languages") if len(code) <= 3][:20]
    return _transition(
        request,
        pk,
        lambda letter: services.letter_unpublish(
            actor=request.user, letter=letter, languages=languages
        ),
        _("Taken off the public pages."),
    )


@login_required
@require_POST
def letter_acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = selectors.access_letter_for_dispatch(user=request.user, letter_id=pk)
    form = AcknowledgeForm(
        request.POST, letters=selectors.reply_candidates(user=request.user, letter=letter)
    )
    if not form.is_valid():
        messages.error(request, _("Choose the letter received that answers this one."))
        return redirect("letters:letter_detail", pk=letter.pk)
    return _transition(
        request,
        pk,
        lambda letter: services.letter_acknowledge(
            actor=request.user, letter=letter, reply=form.cleaned_data["reply"]
        ),
        _("The reply is linked."),
    )


@login_required
@require_GET
def letter_pdf(request: AuthedRequest, pk: int, language: str) -> HttpResponse:
    letter = selectors.access_letter(user=request.user, letter_id=pk)
    version = letter.versions.filter(language=language).first()
    if version is None:
        raise Http404
    response = HttpResponse(render_pdf(letter, version), content_type="application/pdf")
    filename = f"letter-{letter.register_year}-{letter.register_seq:03d}-{version.language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def letter_attachment(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = selectors.access_letter(user=request.user, letter_id=pk)
    if not letter.attachment:
        raise Http404
    data = attachments.unseal(bytes(letter.attachment), letter_key=letter.register_number)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="letter-{letter.register_year}-{letter.register_seq:03d}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def inbound_create(request: AuthedRequest) -> HttpResponse:
    if not access.can_draft(request.user):
        raise PermissionDenied
    choices = _choices(request.user)
    form = InboundForm(
        request.POST or None,
        request.FILES or None,
        units=choices["units"],
        organizations=choices["organizations"],
        letters=selectors.outgoing_choices(user=request.user),
        events=choices["events"],
        campaigns=choices["campaigns"],
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("pdf", None)
        pdf, pdf_name = form.pdf_bytes()
        try:
            letter = services.inbound_register(
                actor=request.user, pdf=pdf, pdf_name=pdf_name, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Letter received, registered as %(number)s.")
                % {"number": letter.register_number},
            )
            return redirect("letters:letter_detail", pk=letter.pk)
    return render(
        request, "letters/inbound_form.html", {"form": form}, status=400 if form.errors else 200
    )


# Greetings -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def anniversary_greeting(request: AuthedRequest, pk: int) -> HttpResponse:
    anniversary = selectors.access_anniversary(user=request.user, anniversary_id=pk)
    units = selectors.draftable_units(user=request.user)
    form = GreetingForm(request.POST or None, units=units, initial={"unit": units.first()})
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.anniversary_greeting_create(
                actor=request.user, anniversary=anniversary, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Greeting %(number)s drafted; write its text now.")
                % {"number": letter.register_number},
            )
            return redirect("letters:letter_detail", pk=letter.pk)
    on = anniversary.next_date(timezone.localdate())
    return render(
        request,
        "letters/anniversary_greeting.html",
        {
            "anniversary": anniversary,
            "on": on,
            "years": anniversary.years_in(on.year),
            "organizations": list(anniversary.organizations.all()),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def greetings_due(request: AuthedRequest) -> HttpResponse:
    due = selectors.greetings_due(user=request.user)
    return render(request, "letters/greetings_due.html", {"due": due})


# Public pages ----------------------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest, language: str) -> HttpResponse:
    versions = selectors.published_versions(language=language)
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "letters/public_list.html", {"page": page, "language": language})


@require_GET
def public_letter(request: HttpRequest, year: int, seq: int, language: str) -> HttpResponse:
    version = selectors.public_version(year=year, seq=seq, language=language)
    letter = version.letter
    return render(
        request,
        "letters/public_letter.html",
        {
            "letter": letter,
            "version": version,
            "paragraphs": [p.strip() for p in version.body.split("\n\n") if p.strip()],
            "languages": selectors.public_languages(letter=letter),
            "co_signers": list(letter.co_signers.all()),
        },
    )
