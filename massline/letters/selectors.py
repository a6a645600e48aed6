"""Reads of the correspondence register, scoped to what the acting user may see."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from massline.accounts import access as accounts_access
from massline.accounts.access import AnyUser
from massline.accounts.models import Role, Unit, User
from massline.core.countries import is_country
from massline.directory import selectors as directory_selectors
from massline.directory.models import Organization
from massline.events.models import Anniversary
from massline.letters import access, search
from massline.letters.models import Letter, LetterRecipient, LetterVersion
from massline.letters.stemming import query_stems, stem, words

PUBLIC_LANGUAGE = re.compile(r"[a-z]{2,3}")


def _require_register(user: AnyUser) -> None:
    if not access.can_use_register(user):
        raise PermissionDenied


@dataclass(frozen=True)
class LetterFilters:
    """Filters of the register; unknown values are ignored, not errors."""

    q: str = ""
    organization: int | None = None
    country: str = ""
    kind: str = ""
    year: int | None = None
    direction: str = ""
    status: str = ""

    @classmethod
    def from_params(cls, params: Any) -> "LetterFilters":
        def one(name: str, limit: int = 200) -> str:
            return str(params.get(name, "") or "").strip()[:limit]

        def number(name: str, low: int, high: int) -> int | None:
            value = one(name, 12)
            return int(value) if value.isdigit() and low <= int(value) <= high else None

        country = one("country", 2).upper()
        kind = one("kind")
        direction = one("direction")
        status = one("status")
        return cls(
            q=one("q"),
            organization=number("organization", 1, 2**62),
            country=country if is_country(country) else "",
            kind=kind if kind in Letter.Kind.values else "",
            year=number("year", 1900, 2200),
            direction=direction if direction in Letter.Direction.values else "",
            status=status if status in Letter.Status.values else "",
        )


def letter_list(*, user: AnyUser, filters: LetterFilters | None = None) -> QuerySet[Letter]:
    """The register as the user may see it, newest number first, filtered and searched."""
    _require_register(user)
    filters = filters or LetterFilters()
    qs = Letter.objects.filter(access.letter_scope(user))
    if filters.q:
        number = re.fullmatch(r"(\d{4})/(\d{1,6})", filters.q.strip())
        if number:
            qs = qs.filter(register_year=int(number[1]), register_seq=int(number[2]))
        else:
            ids = search.matching_letter_ids(filters.q)
            qs = qs.none() if ids is None else qs.filter(id__in=ids)
    if filters.organization:
        recipient = LetterRecipient.objects.filter(
            letter=OuterRef("pk"), organization_id=filters.organization
        )
        co_signed = Letter.co_signers.through.objects.filter(
            letter_id=OuterRef("pk"), organization_id=filters.organization
        )
        qs = qs.filter(
            Q(sender_id=filters.organization) | Q(Exists(recipient)) | Q(Exists(co_signed))
        )
    if filters.country:
        recipient = LetterRecipient.objects.filter(
            letter=OuterRef("pk"), organization__country=filters.country
        )
        qs = qs.filter(Q(sender__country=filters.country) | Q(Exists(recipient)))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.year:
        qs = qs.filter(register_year=filters.year)
    if filters.direction:
        qs = qs.filter(direction=filters.direction)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return (
        qs.select_related("unit", "sender")
        .prefetch_related(
            Prefetch(
                "recipients",
                queryset=LetterRecipient.objects.select_related("organization"),
            ),
            Prefetch(
                "versions",
                queryset=LetterVersion.objects.only(
                    "id", "letter_id", "language", "is_original", "published_at", "subject"
                ),
            ),
        )
        .order_by("-register_year", "-register_seq")
    )


def access_letter(*, user: AnyUser, letter_id: int) -> Letter:
    """One letter the user may read; 404 for any other."""
    _require_register(user)
    try:
        letter = (
            Letter.objects.filter(access.letter_scope(user))
            .select_related(
                "unit",
                "sender",
                "event",
                "anniversary",
                "campaign",
                "in_reply_to",
                "approved_by",
                "created_by",
            )
            .get(pk=letter_id)
        )
    except (Letter.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc
    return letter


def access_letter_for_edit(*, user: AnyUser, letter_id: int) -> Letter:
    letter = access_letter(user=user, letter_id=letter_id)
    if not access.can_edit(user, letter):
        raise PermissionDenied
    return letter


def access_letter_for_dispatch(*, user: AnyUser, letter_id: int) -> Letter:
    letter = access_letter(user=user, letter_id=letter_id)
    if not access.can_dispatch(user, letter) and not access.can_approve(user, letter):
        raise PermissionDenied
    return letter


def letter_details(*, letter: Letter) -> dict[str, Any]:
    """What the letter's page shows besides the letter (already access-checked)."""
    return {
        "versions": list(letter.versions.all()),
        "recipients": list(letter.recipients.select_related("organization")),
        "co_signers": list(letter.co_signers.all()),
        "comments": list(letter.comments.select_related("author")),
        "revisions": list(letter.revisions.select_related("actor").order_by("-at", "-pk")[:50]),
    }


def reply_list(*, user: AnyUser, letter: Letter) -> QuerySet[Letter]:
    return (
        Letter.objects.filter(access.letter_scope(user))
        .filter(in_reply_to=letter)
        .select_related("sender")
        .order_by("register_year", "register_seq")
    )


def reply_candidates(*, user: AnyUser, letter: Letter) -> QuerySet[Letter]:
    """Letters received that could be linked as the reply to `letter`."""
    return (
        Letter.objects.filter(access.letter_scope(user))
        .filter(direction=Letter.Direction.IN)
        .exclude(in_reply_to=letter)
        .select_related("sender")
        .order_by("-register_year", "-register_seq")[:100]
    )


def organization_choices(*, user: User) -> QuerySet[Organization]:
    return directory_selectors.organization_choices(user=user)


def draftable_units(*, user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(id__in=accounts_access.units_with_role(user, Role.ORGANIZER))


def last_used_email(*, organization: Organization) -> str:
    """The address a letter last went to at this organization ("" if none)."""
    return (
        LetterRecipient.objects.filter(organization=organization)
        .exclude(email="")
        .order_by("-letter__register_year", "-letter__register_seq")
        .values_list("email", flat=True)
        .first()
        or ""
    )


def version_texts(*, letter_ids: list[int]) -> dict[int, list[str]]:
    """Subjects and texts of the given letters' versions (for snippets on a result page; the
    letters were selected through `letter_list`)."""
    texts: dict[int, list[str]] = {pk: [] for pk in letter_ids}
    for letter_id, subject, body in LetterVersion.objects.filter(
        letter_id__in=letter_ids
    ).values_list("letter_id", "subject", "body"):
        texts[letter_id] += [subject, body]
    return texts


def highlight(text: str, query: str, *, width: int = 90) -> list[tuple[str, bool]]:
    """A snippet of `text` around the first word matching the query, as (text, is_match)
    parts for the template to escape and mark; [] when nothing matches."""
    wanted = set()
    for word in words(query):
        wanted |= query_stems(word)
    if not wanted:
        return []
    matches = []
    for found in re.finditer(r"\w+", text):
        token = found.group().casefold()
        if token in wanted or any(stem(token, code) in wanted for code in ("ru", "it", "de", "en")):
            matches.append(found.span())
    if not matches:
        return []
    start = max(0, matches[0][0] - width)
    end = min(len(text), matches[0][1] + width)
    parts: list[tuple[str, bool]] = []
    cursor = start
    for begin, finish in matches:
        if begin < start or finish > end:
            continue
        parts.append((text[cursor:begin], False))
        parts.append((text[begin:finish], True))
        cursor = finish
    parts.append((text[cursor:end], False))
    if start > 0:
        parts.insert(0, ("…", False))
    if end < len(text):
        parts.append(("…", False))
    return parts


# Public pages ----------------------------------------------------------------------------


def published_versions(*, language: str) -> QuerySet[LetterVersion]:
    """Published versions in a language, newest first; no login needed."""
    if not PUBLIC_LANGUAGE.fullmatch(language or ""):
        raise Http404
    return (
        LetterVersion.objects.filter(
            language=language,
            published_at__isnull=False,
            letter__confidential=False,
            letter__direction=Letter.Direction.OUT,
            letter__status__in=[
                Letter.Status.APPROVED,
                Letter.Status.SENT,
                Letter.Status.ACKNOWLEDGED,
            ],
        )
        .select_related("letter")
        .order_by("-published_at", "-pk")
    )


def public_version(*, year: int, seq: int, language: str) -> LetterVersion:
    try:
        return published_versions(language=language).get(
            letter__register_year=year, letter__register_seq=seq
        )
    except (LetterVersion.DoesNotExist, OverflowError) as exc:
        raise Http404 from exc


def public_languages(*, letter: Letter) -> list[str]:
    return list(
        LetterVersion.objects.filter(letter=letter, published_at__isnull=False)
        .order_by("language")
        .values_list("language", flat=True)
    )


# Greetings for anniversaries -------------------------------------------------------------


@dataclass(frozen=True)
class GreetingDue:
    anniversary: Anniversary
    on: date
    days_left: int
    letters: list[Letter]


def greetings_due(*, user: AnyUser, today: date | None = None) -> list[GreetingDue]:
    """Anniversaries whose reminder window is open today, with the greetings already drafted
    for this year's date that the user may see."""
    if not access.can_see_greetings_due(user):
        raise PermissionDenied
    return _greetings_due(today or timezone.localdate(), user)


def _greetings_due(today: date, user: AnyUser | None) -> list[GreetingDue]:
    due = []
    for anniversary in Anniversary.objects.prefetch_related("organizations"):
        on = anniversary.next_date(today)
        days_left = (on - today).days
        if days_left <= anniversary.remind_days_before:
            due.append((anniversary, on, days_left))
    if not due:
        return []
    letters = Letter.objects.filter(
        anniversary__in=[a for a, _on, _d in due],
        letter_date__gte=today - timedelta(days=1),
    ).exclude(status=Letter.Status.WITHDRAWN)
    if user is not None:
        letters = letters.filter(access.letter_scope(user))
    by_anniversary: dict[int, list[Letter]] = {}
    for letter in letters.order_by("register_year", "register_seq"):
        assert letter.anniversary_id is not None
        by_anniversary.setdefault(letter.anniversary_id, []).append(letter)
    return [
        GreetingDue(anniversary=a, on=on, days_left=d, letters=by_anniversary.get(a.pk, []))
        for a, on, d in sorted(due, key=lambda row: row[2])
    ]


def greetings_due_for_reminder(*, today: date) -> list[GreetingDue]:
    """Every open window, unscoped: for the reminder mail to secretaries only."""
    return _greetings_due(today, None)


def access_anniversary(*, user: AnyUser, anniversary_id: int) -> Anniversary:
    """Anniversaries are not secret: every member may see them (see events)."""
    if not access.can_draft(user):
        raise PermissionDenied
    try:
        return Anniversary.objects.prefetch_related("organizations").get(pk=anniversary_id)
    except (Anniversary.DoesNotExist, ValueError, OverflowError) as exc:
        raise Http404 from exc


def event_choices(*, user: AnyUser) -> QuerySet:
    """Events a letter may be tied to: those the user's units hold, and open ones."""
    from massline.events.models import Event

    units = accounts_access.units_with_role(user, Role.MEMBER)
    scope = Q() if accounts_access.is_admin(user) else Q(unit__in=units) | ~Q(visibility="unit")
    return Event.objects.filter(scope).order_by("-starts_at")


def campaign_choices(*, user: AnyUser) -> QuerySet:
    from massline.campaigns.models import Campaign

    units = accounts_access.units_with_role(user, Role.MEMBER)
    scope = Q() if accounts_access.is_admin(user) else Q(unit__in=units) | Q(status="active")
    return Campaign.objects.filter(scope).order_by("title")


def anniversary_choices() -> QuerySet[Anniversary]:
    return Anniversary.objects.order_by("month", "day")


def outgoing_choices(*, user: AnyUser) -> QuerySet[Letter]:
    return (
        Letter.objects.filter(access.letter_scope(user))
        .filter(direction=Letter.Direction.OUT)
        .exclude(status=Letter.Status.WITHDRAWN)
        .order_by("-register_year", "-register_seq")
    )
