"""Reads of fronts, platforms, memberships and statements, scoped to the acting user."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from massline.accounts.access import AnyUser, has_role
from massline.accounts.models import Role
from massline.directory.models import Organization
from massline.fronts import access
from massline.fronts.models import (
    REPRESENTED_STATUSES,
    Endorsement,
    Front,
    FrontMembership,
    MembershipApplication,
    MembershipDecision,
    PlatformVersion,
    Principle,
    Representative,
    Signature,
    Statement,
    StatementComment,
    StatementText,
)


def voting_memberships(*, front: Front) -> QuerySet[FrontMembership]:
    """Members entitled to vote (status `member`), each annotated with `vote_weight`.

    `vote_weight` is 1 under "one organization, one vote", else the membership's weight.
    Observers, suspended members, applicants and former members do not vote.
    """
    if front.weighting == Front.Weighting.WEIGHTED:
        weight: F | Value = F("weight")
    else:
        weight = Value(1, output_field=IntegerField())
    return (
        FrontMembership.objects.filter(front=front, status=FrontMembership.Status.MEMBER)
        .select_related("organization")
        .annotate(vote_weight=weight)
        .order_by("organization__name", "pk")
    )


def represented_memberships(*, user: AnyUser, front: Front) -> QuerySet[FrontMembership]:
    """Memberships of `front` that `user` currently represents (accepted, not ended).

    Only memberships in standing member, observer or suspended count; combine with
    `voting_memberships` to know for whom the user may vote.
    """
    if not user.is_authenticated or not user.is_active:
        return FrontMembership.objects.none()
    return (
        FrontMembership.objects.filter(
            front=front,
            status__in=REPRESENTED_STATUSES,
            representatives__user=user,
            representatives__ended_at__isnull=True,
        )
        .select_related("organization")
        .distinct()
        .order_by("organization__name", "pk")
    )


# Fronts ----------------------------------------------------------------------------------


def front_list(*, user: AnyUser) -> QuerySet[Front]:
    """Fronts the user may see, with their names and member counts."""
    if not access.can_see_fronts(user):
        raise PermissionDenied
    fronts = Front.objects.all()
    if not has_role(user, Role.MEMBER):
        fronts = fronts.filter(pk__in=access.represented_front_ids(user))
    return (
        fronts.select_related("secretariat")
        .prefetch_related("names")
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__status=FrontMembership.Status.MEMBER)
            )
        )
        .order_by("name")
    )


def front_get(*, user: AnyUser, slug: str) -> Front:
    """A front the user sees; 404 for one they may not see, 403 without any access."""
    if not access.can_see_fronts(user):
        raise PermissionDenied
    front = get_object_or_404(
        Front.objects.select_related("secretariat", "unit").prefetch_related("names"), slug=slug
    )
    if not access.can_see_front(user, front):
        raise Http404
    return front


def front_for_coordination(*, user: AnyUser, slug: str) -> Front:
    front = front_get(user=user, slug=slug)
    if not access.can_coordinate(user, front):
        raise PermissionDenied
    return front


def front_name(front: Front, language: str | None = None) -> str:
    """The front's name in `language` (the active one by default), else its main name."""
    language = (language or get_language() or "en")[:2]
    for row in front.names.all():
        if row.language == language:
            return row.name
    return front.name


# Memberships -----------------------------------------------------------------------------


def membership_list(*, user: AnyUser, front: Front) -> QuerySet[FrontMembership]:
    """All memberships of a visible front, with organizations and active representatives."""
    if not access.can_see_front(user, front):
        raise Http404
    return (
        FrontMembership.objects.filter(front=front)
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "representatives",
                queryset=Representative.objects.filter(ended_at__isnull=True),
                to_attr="active_representatives",
            )
        )
        .order_by(
            Case(
                When(status=FrontMembership.Status.MEMBER, then=Value(0)),
                When(status=FrontMembership.Status.OBSERVER, then=Value(1)),
                default=Value(2),
            ),
            "organization__name",
        )
    )


def membership_get(*, user: AnyUser, front: Front, membership_id: int) -> FrontMembership:
    if not access.can_see_front(user, front):
        raise Http404
    return get_object_or_404(
        FrontMembership.objects.select_related("organization", "front"),
        front=front,
        pk=membership_id,
    )


def decision_list(*, user: AnyUser, membership: FrontMembership) -> QuerySet[MembershipDecision]:
    if not access.can_see_front(user, membership.front):
        raise Http404
    return membership.decisions.select_related("decided_by").order_by("-decided_on", "-id")


def representative_list(*, user: AnyUser, membership: FrontMembership) -> QuerySet[Representative]:
    """Representatives with their contact data: for coordinators and the organization's own."""
    if not (
        access.can_coordinate(user, membership.front)
        or membership.representatives.filter(user__pk=user.pk or 0, ended_at__isnull=True).exists()
    ):
        return Representative.objects.none()
    return membership.representatives.select_related("user").order_by("ended_at", "id")


def representative_get(*, user: AnyUser, representative_id: int) -> Representative:
    representative = get_object_or_404(
        Representative.objects.select_related("membership__front"), pk=representative_id
    )
    if not access.can_coordinate(user, representative.membership.front):
        raise Http404
    return representative


def application_list(*, user: AnyUser, front: Front) -> QuerySet[MembershipApplication]:
    if not access.can_coordinate(user, front):
        raise PermissionDenied
    return front.applications.select_related("organization").order_by("status", "-submitted_at")


def application_get(*, user: AnyUser, front: Front, application_id: int) -> MembershipApplication:
    if not access.can_coordinate(user, front):
        raise PermissionDenied
    return get_object_or_404(
        MembershipApplication.objects.select_related("organization", "front"),
        front=front,
        pk=application_id,
    )


def front_public_for_application(*, slug: str) -> Front:
    """The front an organization applies to: only while it admits by application."""
    return get_object_or_404(
        Front.objects.prefetch_related("names"),
        slug=slug,
        admission=Front.Admission.APPLICATION,
    )


# Platform --------------------------------------------------------------------------------


def version_list(*, user: AnyUser, front: Front) -> QuerySet[PlatformVersion]:
    if not access.can_see_front(user, front):
        raise Http404
    return front.platform_versions.annotate(endorsement_count=Count("endorsements")).order_by(
        "-number"
    )


def version_get(*, user: AnyUser, front: Front, number: int) -> PlatformVersion:
    if not access.can_see_front(user, front):
        raise Http404
    return get_object_or_404(
        PlatformVersion.objects.select_related("front"), front=front, number=number
    )


def current_version(*, user: AnyUser, front: Front) -> PlatformVersion | None:
    """The newest adopted version."""
    return (
        version_list(user=user, front=front)
        .filter(status=PlatformVersion.Status.ADOPTED)
        .order_by("-number")
        .first()
    )


def version_languages(version: PlatformVersion) -> list[str]:
    found = set(version.principles.values_list("language", flat=True))
    return [code for code, _name in settings.LANGUAGES if code in found]


def principles_in(version: PlatformVersion, language: str | None = None) -> list[Principle]:
    """The version's principles in `language`, falling back to English, then to any."""
    rows = list(version.principles.all().order_by("number"))
    if not rows:
        return []
    languages = {row.language for row in rows}
    wanted = (language or get_language() or "en")[:2]
    for choice in (wanted, "en", sorted(languages)[0]):
        if choice in languages:
            return [row for row in rows if row.language == choice]
    return []


def endorsement_list(*, user: AnyUser, front: Front) -> QuerySet[Endorsement]:
    """Every endorsement of the front's platform, with reservations, newest version first."""
    if not access.can_see_front(user, front):
        raise Http404
    return (
        Endorsement.objects.filter(version__front=front)
        .select_related("version", "membership__organization")
        .prefetch_related("reservations")
        .order_by("membership__organization__name", "-version__number")
    )


# Statements ------------------------------------------------------------------------------


def _with_counts(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    def count(decision: str) -> Count:
        return Count("signatures", filter=Q(signatures__decision=decision))

    return statements.annotate(
        signed=count(Signature.Decision.SIGN),
        declined=count(Signature.Decision.DECLINE),
        abstained=count(Signature.Decision.ABSTAIN),
        pending=count(Signature.Decision.PENDING),
    )


def statement_list(*, user: AnyUser, front: Front) -> QuerySet[Statement]:
    """The register: statements with status and the count of each decision."""
    if not access.can_see_front(user, front):
        raise Http404
    statements = front.statements.all()
    if not access.can_coordinate(user, front):
        statements = statements.exclude(status=Statement.Status.WITHDRAWN)
    return _with_counts(statements).prefetch_related("texts").order_by("-created_at", "-id")


def statement_get(*, user: AnyUser, front: Front, statement_id: int) -> Statement:
    if not access.can_see_front(user, front):
        raise Http404
    return get_object_or_404(
        _with_counts(Statement.objects.select_related("front").prefetch_related("texts")),
        front=front,
        pk=statement_id,
    )


def signature_list(*, user: AnyUser, statement: Statement) -> QuerySet[Signature]:
    if not access.can_see_front(user, statement.front):
        raise Http404
    return statement.signatures.select_related("membership__organization").order_by(
        "membership__organization__name"
    )


def comment_list(*, user: AnyUser, statement: Statement) -> QuerySet[StatementComment]:
    if not access.can_see_front(user, statement.front):
        raise Http404
    return statement.comments.order_by("created_at", "id")


def statement_public_get(*, slug: str) -> Statement:
    """A published statement, for anyone."""
    return get_object_or_404(
        Statement.objects.select_related("front").prefetch_related("texts", "front__names"),
        slug=slug,
        status=Statement.Status.PUBLISHED,
    )


def statement_public_list(*, front: Front) -> QuerySet[Statement]:
    return front.statements.filter(status=Statement.Status.PUBLISHED).prefetch_related("texts")


def public_signatories(statement: Statement) -> list[Organization]:
    """The organizations that signed a published statement, by name."""
    return [
        signature.membership.organization
        for signature in statement.signatures.filter(decision=Signature.Decision.SIGN)
        .select_related("membership__organization")
        .order_by("membership__organization__name")
    ]


def text_in(statement: Statement, language: str | None = None) -> StatementText | None:
    """The statement's text in `language` (prefetched texts), else English, else any."""
    texts = {row.language: row for row in statement.texts.all()}
    if not texts:
        return None
    wanted = (language or get_language() or "en")[:2]
    return texts.get(wanted) or texts.get("en") or texts[sorted(texts)[0]]


def signature_for_user(*, user: AnyUser, statement: Statement) -> list[Signature]:
    """The rows of organizations this user represents, to decide from the statement page."""
    if not user.is_authenticated:
        return []
    return list(
        statement.signatures.filter(
            membership__representatives__user=user,
            membership__representatives__ended_at__isnull=True,
        )
        .select_related("membership__organization", "statement")
        .distinct()
    )
